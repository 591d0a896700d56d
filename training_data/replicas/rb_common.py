"""Shared pieces of the corpus-b replica builders (build_rb_*.py).

Each builder holds hand-written form content (own departments, indicators,
numbers) and renders it into the layouts seen in published reports, writing
the document to training_data/docs/ and its gold to training_data/gold/ from
the same data, so the gold always matches the rendering. Run from the repo
root: ``python training_data/replicas/build_rb_b1.py``.

Gold values follow the output contract (shared/spec/output-contract.md);
``gold_value`` reads the few shapes these forms use and refuses anything
else, so an unusual cell must carry an explicit gold object.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "training_data" / "docs"
GOLD = ROOT / "training_data" / "gold"
MANIFEST = ROOT / "training_data" / "manifest" / "corpus_b.jsonl"
FIXED_TIME = datetime.datetime(2024, 3, 1, 9, 0, 0)

# --------------------------------------------------------------------------
# Gold values (contract: kind / op / value / upper / unit)
# --------------------------------------------------------------------------

_GE = ("≥", ">=", "不少于", "不低于", "大于等于", "至少", "达到")
_LE = ("≤", "<=", "不超过", "不高于", "小于等于", "控制在")
_GT = (">", "大于", "高于")
_LT = ("<", "小于", "低于")
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_DEADLINE = re.compile(
    r"(\d{4}年)?(\d{1,2}月)(\d{1,2}日)?(底|末|中旬|上旬|下旬)?(前|之前|以前)?$|^及时$|^按期$|^当年$"
)
_BOOL = {"是", "否"}


def missing() -> dict[str, Any]:
    return {"text": None, "kind": "missing", "op": None, "value": None, "upper": None, "unit": None}


def _num(s: str) -> float | int:
    f = float(s.replace(",", ""))
    return int(f) if f.is_integer() and "." not in s else f


def gold_value(text: str | None, header_unit: str | None = None) -> dict[str, Any]:
    """The contract's value object for a cell as written.

    ``header_unit``: the unit a column header gives a bare number (指标值（万元）).
    """
    if text is None or text.strip() in ("", "—", "——", "-", "－", "/", "／"):
        return missing()  # a dash or slash states no value
    t = text.strip()
    base = {"text": t, "op": None, "value": None, "upper": None, "unit": None}
    if t in _BOOL:
        return {**base, "kind": "boolean"}
    if _DEADLINE.search(t) and not re.match(r"^[≥≤<>=]", t):
        return {**base, "kind": "deadline"}
    body, op = t, "="
    for words, o in ((_GE, ">="), (_LE, "<="), (_GT, ">"), (_LT, "<")):
        w = next((w for w in words if body.startswith(w)), None)
        if w:
            body, op = body[len(w) :].strip(), o
            break
    else:
        if body.startswith("="):
            body = body[1:].strip()
    if body.endswith("以上") and op == "=":
        body, op = body[:-2], ">="
    if body.endswith("以内") and op in ("=", "<="):
        body, op = body[:-2], "<="
    m = re.fullmatch(rf"({_NUM})\s*[-~～至]\s*({_NUM})\s*(\S*)", body)
    if m and op == "=":
        unit = m.group(3) or header_unit
        return {
            **base,
            "kind": "range",
            "op": "range",
            "value": _num(m.group(1)),
            "upper": _num(m.group(2)),
            "unit": unit or None,
        }
    m = re.fullmatch(rf"({_NUM})\s*([%‰]|[^\d\s,.]{{1,4}})?", body)
    if m:
        unit = m.group(2) or header_unit
        return {
            **base,
            "kind": "numeric",
            "op": op,
            "value": _num(m.group(1)),
            "unit": unit or None,
        }
    if re.search(r"\d", t):
        raise ValueError(f"give an explicit gold value for {t!r}")
    return {**base, "kind": "qualitative"}


CLAIMS = {
    "达成预期指标": "completed",
    "达成年度指标": "completed",
    "已完成": "completed",
    "完成": "completed",
    "部分达成预期指标": "partial",
    "部分完成": "partial",
    "未达成预期指标": "not_completed",
    "未完成": "not_completed",
}

# --------------------------------------------------------------------------
# Indicator rows and their gold
# --------------------------------------------------------------------------

L1 = {"产出指标", "效益指标", "满意度指标", "成本指标", "项目决策", "项目管理"}
L2 = {
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "满意度指标",
    "项目立项",
    "绩效目标",
    "资金投入",
    "资金管理",
    "组织实施",
}
# The older scoring layout's names, mapped as the contract normalises them.
L1_ALIASES = {
    "项目产出": "产出指标",
    "项目效益": "效益指标",
    "产出": "产出指标",
    "效益": "效益指标",
    "满意度": "满意度指标",
}
L2_ALIASES = {
    "产出数量": "数量指标",
    "产出质量": "质量指标",
    "产出时效": "时效指标",
    "产出成本": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
}


def norm_level(label: str, level: int) -> str:
    s = re.sub(r"\s+", "", label)
    s = re.sub(r"[（(]?\d+(?:\.\d+)?分?[）)]?$", "", s)  # (50分), (50), 30分） with its ( lost
    aliases, allowed = (L1_ALIASES, L1) if level == 1 else (L2_ALIASES, L2)
    s = aliases.get(s, s)
    if s not in allowed:
        raise ValueError(f"level{level} label {label!r} is not a contract name")
    return s


@dataclass
class Ind:
    l1: str  # as written in the document (may carry (50分), line breaks…)
    l2: str
    name: str
    target: str
    actual: str
    weight: float | None = None
    score: float | None = None
    dev: str = ""
    extra: str = ""  # 评分标准 / 指标解释 text of the older layout
    tgold: dict[str, Any] | None = None
    agold: dict[str, Any] | None = None
    status: str | None = "auto"


def parse_rows(block: str) -> list[Ind]:
    """``l1 | l2 | name | target | actual | weight | score | dev [| extra]`` per line;
    an empty l1/l2 repeats the one above (as a merged cell does); ⏎ is a line
    break inside a cell."""
    out: list[Ind] = []
    l1 = l2 = ""
    for line in block.strip().splitlines():
        if not line.strip():
            continue
        p = [c.strip().replace("⏎", "\n") for c in line.split("|")]
        p += [""] * (9 - len(p))
        l1 = p[0] or l1
        l2 = p[1] or l2
        w = float(p[5]) if p[5] else None
        s = float(p[6]) if p[6] else None
        out.append(Ind(l1, l2, p[2], p[3], p[4], _int(w), _int(s), p[7], p[8]))
    return out


def _int(x: float | None) -> float | int | None:
    return int(x) if x is not None and float(x).is_integer() else x


def is_indicator(ind: Ind) -> bool:
    """A label-only row (a level2 with no indicator) or a …… placeholder row gives no record."""
    return bool(ind.name.strip()) and ind.name.strip("…. ") != ""


def gold_row(
    ind: Ind, group: str | None, tunit: str | None = None, aunit: str | None = None
) -> dict[str, Any]:
    target = ind.tgold or gold_value(ind.target, tunit)
    actual = ind.agold or gold_value(ind.actual, aunit)
    status = ind.status
    if status == "auto":
        status = CLAIMS.get(ind.actual.strip())
    return {
        "group": group,
        "level1": norm_level(ind.l1, 1),
        "level2": norm_level(ind.l2, 2),
        "name": ind.name,
        "target": target,
        "actual": actual,
        "weight": ind.weight,
        "score": ind.score,
        "status": status,
        "deviation": ind.dev or None,
    }


def fmt(x: float | int | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


# --------------------------------------------------------------------------
# Grids: rows of cell texts plus merges (row, col, row_span, col_span)
# --------------------------------------------------------------------------


@dataclass
class Grid:
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> list[list[str]]:
        return [r + [""] * (self.n_cols - len(r)) for r in self.rows]

    def covered(self) -> set[tuple[int, int]]:
        return {
            (r + i, c + j)
            for r, c, rs, cs in self.merges
            for i in range(rs)
            for j in range(cs)
            if (i, j) != (0, 0)
        }

    def add(self, cells: list[str], spans: dict[int, int] | None = None) -> int:
        """Append a row; ``spans`` maps a start column to its column span."""
        r = len(self.rows)
        self.rows.append(cells)
        for c, cs in (spans or {}).items():
            self.merges.append((r, c, 1, cs))
        return r

    def vmerge(self, col: int, r0: int, r1: int) -> None:
        if r1 > r0:
            self.merges.append((r0, col, r1 - r0 + 1, 1))

    def cells(self) -> list[list[tuple[int, str]]]:
        """Per row, the (column, text) of every cell a reader sees (merge-covered ones skipped)."""
        cov = self.covered()
        return [
            [(c, t) for c, t in enumerate(row) if (r, c) not in cov]
            for r, row in enumerate(self.padded())
        ]


def indicator_block(g: Grid, inds: list[Ind], lead: int, cols: list[str]) -> None:
    """Indicator rows with 一级/二级 labels merged down, starting at column ``lead``.

    ``cols`` names what follows 三级指标, in order: target, actual, weight, score, dev, extra.
    """
    first = len(g.rows)
    for ind in inds:
        row = [""] * lead + [ind.l1, ind.l2, ind.name]
        for c in cols:
            row.append(
                {
                    "target": ind.target,
                    "actual": ind.actual,
                    "weight": fmt(ind.weight),
                    "score": fmt(ind.score),
                    "dev": ind.dev,
                    "extra": ind.extra,
                }[c]
            )
        g.add(row)
    for col, key in ((lead, "l1"), (lead + 1, "l2")):
        start = first
        for i in range(1, len(inds) + 1):
            same = i < len(inds) and getattr(inds[i], key) == getattr(inds[start - first], key)
            if key == "l2" and i < len(inds) and inds[i].l1 != inds[start - first].l1:
                same = False
            if not same:
                g.vmerge(col, start, first + i - 1)
                for r in range(start + 1, first + i):
                    g.rows[r][col] = ""
                start = first + i


# --------------------------------------------------------------------------
# The 项目支出绩效自评表 (the national self-evaluation form)
# --------------------------------------------------------------------------


@dataclass
class ProjectForm:
    project: str
    supervisor: str  # 主管部门
    implementer: str  # 实施单位
    year: int
    budget: tuple[float, float, float]  # 年初预算数, 全年预算数, 全年执行数
    budget_score: float
    goal: str
    goal_done: str
    inds: list[Ind]
    title: str = "项目支出绩效自评表"
    total_score: float | None = None
    header: tuple[str, ...] = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )

    def rate(self) -> str:
        return f"{self.budget[2] / self.budget[1] * 100:.2f}%"

    def total(self) -> float:
        if self.total_score is not None:
            return self.total_score
        return round(self.budget_score + sum(i.score or 0 for i in self.inds), 2)

    def gold_rows(self) -> list[dict[str, Any]]:
        return [gold_row(i, self.project) for i in self.inds if is_indicator(i)]


def project_grid(f: ProjectForm, year_line: bool = True) -> Grid:
    """The form as a 9-column ruled grid with the merges a real form has."""
    g = Grid([])
    g.add([f.title] + [""] * 8, {0: 9})
    if year_line:
        g.add([f"（{f.year}年度）"] + [""] * 8, {0: 9})
    g.add(["项目名称", f.project] + [""] * 7, {1: 8})
    g.add(["主管部门", f.supervisor, "", "", "", "实施单位", f.implementer, "", ""], {1: 4, 6: 3})
    b0 = g.add(
        [
            "项目资金（万元）",
            "",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        {1: 2},
    )
    a, b, c = f.budget
    g.add(
        ["", "年度资金总额", "", fmt(a), fmt(b), fmt(c), fmt(10), f.rate(), fmt(f.budget_score)],
        {1: 2},
    )
    g.add(["", "其中：当年财政拨款", "", fmt(a), fmt(b), fmt(c), "—", "—", "—"], {1: 2})
    g.add(["", "上年结转资金", "", "", "", "", "—", "—", "—"], {1: 2})
    b1 = g.add(["", "其他资金", "", "", "", "", "—", "—", "—"], {1: 2})
    g.vmerge(0, b0, b1)
    t0 = g.add(["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""], {1: 4, 5: 4})
    g.add(["", f.goal, "", "", "", f.goal_done, "", "", ""], {1: 4, 5: 4})
    g.vmerge(0, t0, t0 + 1)
    h = g.add(["绩效指标", *f.header])
    indicator_block(g, f.inds, 1, ["target", "actual", "weight", "score", "dev"])
    g.vmerge(0, h, len(g.rows) - 1)
    g.add(["总分", "", "", "", "", "", fmt(100), fmt(f.total()), ""], {0: 6})
    return g


# --------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------


def tab_text(g: Grid) -> str:
    """Rows as tab-separated cells (covered cells empty, trailing ones dropped)."""
    lines = []
    for row in g.cells():
        cells = [""] * g.n_cols
        for c, t in row:
            cells[c] = t.replace("\n", "")
        while cells and not cells[-1]:
            cells.pop()
        lines.append("\t".join(cells))
    return "\n".join(lines)


def one_line(g: Grid) -> str:
    """The whole grid on one line: every visible non-empty cell once, single spaces."""
    return " ".join(t.replace("\n", "") for row in g.cells() for _, t in row if t.strip())


def cell_per_line(g: Grid, between_cells: bool = False, indent: str = "") -> str:
    """One cell per line; empty cells dropped; a blank line between rows
    (``between_cells``: between every cell, as a web page of <p> cells copies)."""
    out = []
    for row in g.cells():
        sep = "\n\n" if between_cells else "\n"
        cells = [indent + t.replace("\n", sep + indent) for _, t in row if t.strip()]
        if not cells:
            continue
        out.append(("\n\n" if between_cells else "\n").join(cells))
    return "\n\n".join(out)


def pipe_rows(
    g: Grid,
    break_after_rowspan: bool = False,
    stray: set[int] | None = None,
    lead_pipe: bool = False,
    keep_breaks: bool = False,
    markdown_rule_after: int | None = None,
) -> str:
    """A converter's pipe rows: a row's visible cells, then one bare '|' per
    merge-covered column run together (``| ||||``). A line break inside a
    cell becomes a space. ``break_after_rowspan``: the line breaks after the
    last cell of the row that starts a vertical merge (``产 出 指 标 (50分) |``
    alone on its line). ``stray``: row indices before which a lone ``|`` line
    appears. ``lead_pipe``: rows start with ``|`` as well. ``keep_breaks``: a
    line break inside a cell stays one, so the row continues on the next line.
    ``markdown_rule_after``: a ``|---|`` rule line after that row index."""
    lines = []
    cov = g.covered()
    vstart = {(r, c) for r, c, rs, _ in g.merges if rs > 1}
    for r, row in enumerate(g.padded()):
        if stray and r in stray:
            lines.append("|")
        vis = [
            (c, t if keep_breaks else t.replace("\n", " "))
            for c, t in enumerate(row)
            if (r, c) not in cov
        ]
        n_cov = g.n_cols - len(vis)
        while vis and not vis[-1][1]:
            vis.pop()
            n_cov += 1
        if not vis:
            continue
        split_at = max((i for i, (c, _) in enumerate(vis) if (r, c) in vstart), default=-1)
        if not break_after_rowspan or split_at < 0 or split_at == len(vis) - 1:
            split_at = -1
        parts = [t for _, t in vis]
        head = (
            ("| " if lead_pipe else "") + " | ".join(parts[: split_at + 1]) + " |"
            if split_at >= 0
            else ""
        )
        rest = parts[split_at + 1 :]
        line = ("| " if lead_pipe and not head else "") + " | ".join(rest) + " |"
        if n_cov:
            line += " " + "|" * n_cov
        if head:
            lines.append(head)
        lines.append(line)
        if markdown_rule_after == r:
            lines.append("|" + "---|" * g.n_cols)
    return "\n".join(lines)


def _fixed_zip(data: bytes) -> bytes:
    """Re-pack an OOXML zip with fixed member times and document dates, so a
    rebuild writes the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2024-03-01T09:00:00Z",
                    body,
                )
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 9, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


def docx_bytes(
    items: list[Grid | str],
    landscape: bool = True,
    font_pt: float = 9,
    page_break_before: set[int] | None = None,
) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = FIXED_TIME  # reproducible bytes
    d.core_properties.last_modified_by = d.core_properties.author = "Administrator"
    sec = d.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    style = d.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(font_pt)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for n, item in enumerate(items):
        if page_break_before and n in page_break_before:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if isinstance(item, str):
            d.add_paragraph(item)
            continue
        rows = item.padded()
        t = d.add_table(rows=len(rows), cols=item.n_cols)
        t.style = "Table Grid"
        for r, c, rs, cs in item.merges:
            t.cell(r, c).merge(t.cell(r + rs - 1, c + cs - 1))
        cov = item.covered()
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) not in cov and text:
                    t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


def xlsx_bytes(
    sheets: dict[str, Grid],
    numeric_cols: dict[str, set[int]] | None = None,
    origin: tuple[int, int] = (1, 1),
) -> bytes:
    """One sheet per grid; cells in ``numeric_cols`` that parse as numbers are
    stored as numbers (weights, scores, budget), every other cell as text."""
    import openpyxl
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME  # reproducible bytes
    for ws in list(wb.worksheets):
        wb.remove(ws)
    r0, c0 = origin
    for title, grid in sheets.items():
        ws = wb.create_sheet(title)
        cols = (numeric_cols or {}).get(title, set())
        cov = grid.covered()
        for r, row in enumerate(grid.padded()):
            for c, text in enumerate(row):
                if (r, c) in cov or not text:
                    continue
                value: object = text
                if c in cols and re.fullmatch(r"-?\d+(\.\d+)?", text):
                    value = float(text) if "." in text else int(text)
                cell = ws.cell(row=r0 + r, column=c0 + c, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, c, rs, cs in grid.merges:
            ws.merge_cells(
                start_row=r0 + r,
                start_column=c0 + c,
                end_row=r0 + r + rs - 1,
                end_column=c0 + c + cs - 1,
            )
        for i, w in enumerate([10, 12, 14, 26, 14, 14, 8, 8, 24, 20]):
            ws.column_dimensions[openpyxl.utils.get_column_letter(c0 + i)].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def pdf_bytes(
    items: list[Grid | str | None], font_size: float = 7.5, landscape_a4: bool = False
) -> bytes:
    """Ruled tables and paragraphs; ``None`` is a page break."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A3, A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.invariant = 1  # reproducible bytes (no creation date or random ID)
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle(
        "c", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.3, wordWrap="CJK"
    )
    prose = ParagraphStyle("p", fontName="STSong-Light", fontSize=10, leading=15, wordWrap="CJK")
    size = landscape(A4) if landscape_a4 else A3
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=40,
        rightMargin=40,
        topMargin=40,
        bottomMargin=40,
        title="",
        author="",
    )
    flow: list[object] = []
    for item in items:
        if item is None:
            flow.append(PageBreak())
        elif isinstance(item, Grid):
            data = [
                [Paragraph(escape(t).replace("\n", "<br/>"), cell) if t else "" for t in row]
                for row in item.padded()
            ]
            widths = _pdf_widths(item.n_cols, doc.width)
            st = [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
            st += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in item.merges]
            flow.append(Table(data, colWidths=widths, style=TableStyle(st)))
            flow.append(Spacer(1, 8))
        else:
            flow.append(Paragraph(escape(item), prose))
            flow.append(Spacer(1, 4))
    doc.build(flow)
    return buf.getvalue()


def _pdf_widths(n: int, total: float) -> list[float]:
    if n == 9:
        shares = [0.07, 0.09, 0.1, 0.18, 0.11, 0.11, 0.06, 0.06, 0.22]
        return [s * total for s in shares]
    return [total / n] * n


# --------------------------------------------------------------------------
# Output, manifest, checks
# --------------------------------------------------------------------------


def write_doc(stem: str, ext: str, content: str | bytes, gold: dict[str, Any]) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    GOLD.mkdir(parents=True, exist_ok=True)
    path = DOCS / f"{stem}.{ext}"
    if isinstance(content, str):
        path.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")
    else:
        path.write_bytes(content)
    gold = {"doc": path.name, **gold}
    (GOLD / f"{stem}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def write_manifest(entries: list[dict[str, Any]]) -> None:
    """Replace this builder's lines (by doc stem) in manifest/corpus_b.jsonl."""
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    old = []
    if MANIFEST.exists():
        old = [
            json.loads(x) for x in MANIFEST.read_text(encoding="utf-8").splitlines() if x.strip()
        ]
    stems = {e["doc"] for e in entries}
    keep = [e for e in old if e["doc"] not in stems] + entries
    keep.sort(key=lambda e: e["doc"])
    MANIFEST.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in keep), encoding="utf-8"
    )


def check_values(golds: list[dict[str, Any]]) -> None:
    """Print where ``extractor value`` reads a cell differently from the gold
    (the gold follows the contract; the list is for the report)."""
    texts = sorted(
        {
            v["text"]
            for g in golds
            for r in g["indicators"]
            for v in (r["target"], r["actual"])
            if v["text"]
        }
    )
    exe = Path(sys.executable).with_name("extractor")
    try:
        proc = subprocess.run(
            [str(exe), "value", "--batch"],
            input="".join(json.dumps({"input": t}, ensure_ascii=False) + "\n" for t in texts),
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as e:
        print("value check skipped:", e)
        return
    parsed = {t: json.loads(line) for t, line in zip(texts, proc.stdout.splitlines(), strict=False)}
    seen = set()
    for g in golds:
        for r in g["indicators"]:
            for v in (r["target"], r["actual"]):
                t = v["text"]
                if not t or t in seen:
                    continue
                seen.add(t)
                p = parsed.get(t, {})
                keys = ("kind", "op", "value", "upper", "unit")
                if any(p.get(k) != v.get(k) for k in keys) and not (
                    v["kind"] not in ("numeric", "range") and p.get("kind") == v["kind"]
                ):
                    print(
                        f"  value differs: {t!r} gold={[v.get(k) for k in keys]} parser={[p.get(k) for k in keys]}"
                    )
