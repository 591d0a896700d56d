"""Shared pieces of the corpus-a replicas: one data structure per report, rendered
to its format and turned into gold from the same rows, so the two always agree.

A report is a list of items (prose lines and tables). A table is built from a
column spec and a hierarchy of blocks: group (职能 / 项目) -> level 1 -> level 2 ->
indicator. Hierarchy columns are written once per block (the merged cell of the
printed form); the renderers draw them as real merges where the format has them.
Every gold value comes from ``extractor value``'s parser unless OVERRIDES holds
the contract's reading for that text (the contract wins over the parser).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from extractor.ingest.testing import Grid, docx_bytes, html_table, pdf_bytes, xlsx_bytes
from extractor.values import parse_value

DATA = Path(__file__).resolve().parents[1]

MISSING: dict[str, Any] = {
    "text": None,
    "kind": "missing",
    "op": None,
    "value": None,
    "upper": None,
    "unit": None,
}

# Texts whose contract reading differs from the parser's (reported to the lead).
OVERRIDES: dict[str, dict[str, Any]] = {
    # A stock phrase, not the number 0 with unit 增长.
    "零增长": {"kind": "qualitative", "op": None, "value": None, "upper": None, "unit": None},
    # Unit "as written": 百分比, not a truncated 百分.
    # (budget-system exports write the unit dropdown's word: ≥85百分比)
    "≥85百分比": {"kind": "numeric", "op": ">=", "value": 85, "upper": None, "unit": "百分比"},
}

VALUE_LOG: dict[str, dict[str, Any]] = {}

L1_NAMES = {"产出指标", "效益指标", "满意度指标", "成本指标", "项目决策", "项目管理"}
L2_NAMES = {
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
}
_ALIASES = {
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标",
    "满意度": "满意度指标",
    "满意度指标等": "服务对象满意度指标",
    "服务对象满意度指标等": "服务对象满意度指标",
}


def level_name(raw: str, allowed: set[str]) -> str:
    """The contract's name for a printed level label: points suffix and line
    breaks dropped, short forms completed. Fails loudly on anything unknown."""
    s = re.sub(r"\s+", "", raw)
    s = re.sub(r"[（(]\d+(\.\d+)?分[)）]$", "", s)
    s = _ALIASES.get(s, s)
    if s not in allowed:
        raise ValueError(f"level label {raw!r} -> {s!r} is not a contract name")
    return s


def value(text: str | None, alt: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The gold value object of a cell."""
    if text is None or not text.strip():
        return dict(MISSING)
    text = text.strip()
    if text in OVERRIDES:
        out = {"text": text, **OVERRIDES[text]}
    else:
        parsed = parse_value(text).model_dump(mode="json")
        out = {k: parsed[k] for k in ("text", "kind", "op", "value", "upper", "unit")}
        if out["kind"] == "missing":
            out = dict(MISSING)
    VALUE_LOG[text] = out
    if alt:
        out["alt"] = [dict(a) for a in alt]
    return out


def number(text: str | None) -> float | int | None:
    if text is None or not text.strip() or text.strip() in {"/", "—", "-", "－"}:
        return None
    x = float(text.strip().rstrip("分"))
    return int(x) if x.is_integer() else x


CLAIMS = {
    "已完成": "completed",
    "完成": "completed",
    "全部完成": "completed",
    "达成预期指标": "completed",
    "达到预期": "completed",
    "达到预期目标": "completed",
    "已达成": "completed",
    "基本完成": "partial",
    "部分完成": "partial",
    "未完成": "not_completed",
    "未达成": "not_completed",
    "不适用": "not_applicable",
}


# --------------------------------------------------------------------------
# The hierarchy
# --------------------------------------------------------------------------


@dataclass
class Ind:
    """One indicator row: cell texts as printed."""

    name: str
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    status: str | None = None  # a status column's text
    deviation: str | None = None
    cells: dict[str, str] = field(default_factory=dict)  # other columns by key
    target_text: str | None = None  # gold text when the target is split over columns
    claim: str | None = "auto"  # status label; "auto": from the status or actual cell
    gold_name: str | None = None  # the name when the printed cell is cut (page break)
    target_alt: list[dict[str, Any]] = field(default_factory=list)  # other accepted readings
    filler: bool = False  # an unfilled template row (指标2：, ……, / / /): printed, no gold


@dataclass
class L2:
    label: str
    rows: list[Ind]


@dataclass
class L1:
    label: str
    blocks: list[L2]


@dataclass
class Group:
    text: str | None  # the group as gold records it (None: no group)
    blocks: list[L1]
    cells: dict[str, str] = field(default_factory=dict)  # other merged cells (年度目标 ...)
    label: str | None = None  # the printed group cell when it differs from ``text``


Getter = Callable[[Group, L1, L2, Ind], str | None]


@dataclass
class Col:
    header: str
    get: Getter
    merge: str | None = None  # "group" | "l1" | "l2": written once per block


def col(header: str, key: str) -> Col:
    """A plain per-indicator column read from Ind (attribute or ``cells`` key)."""

    def get(g: Group, a: L1, b: L2, i: Ind) -> str | None:
        if key in i.cells:
            return i.cells[key]
        return getattr(i, key, None)

    return Col(header, get)


def group_col(header: str, key: str | None = None) -> Col:
    def get(g: Group, a: L1, b: L2, i: Ind) -> str | None:
        if key:
            return g.cells.get(key)
        return g.label if g.label is not None else g.text

    return Col(header, get, merge="group")


def l1_col(header: str = "一级指标") -> Col:
    return Col(header, lambda g, a, b, i: a.label, merge="l1")


def l2_col(header: str = "二级指标") -> Col:
    return Col(header, lambda g, a, b, i: b.label, merge="l2")


@dataclass
class Table:
    """Header rows (with their merges) above an indicator body."""

    cols: list[Col]
    groups: list[Group]
    head: list[list[str]] = field(default_factory=list)
    head_merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    tail: list[list[str]] = field(default_factory=list)
    tail_merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_row: list[str] | None = None  # printed column headers (default: the specs')
    header_rows: list[list[str]] | None = None  # several header rows
    header_merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # "middle": a merged label printed at the vertical middle of its block, as a
    # PDF-to-text conversion of a centred merged cell writes it.
    label_row: str = "first"

    @property
    def width(self) -> int:
        return len(self.cols)

    def body(self) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
        """Indicator rows and their vertical merges (0-based within the body)."""
        rows: list[list[str]] = []
        merges: list[tuple[int, int, int, int]] = []
        spans: dict[int, tuple[object, int]] = {}  # col -> (block identity, start row)

        def close(c: int, end: int) -> None:
            if c in spans:
                _, start = spans.pop(c)
                if end - start > 1:
                    merges.append((start, c, end - start, 1))

        for g in self.groups:
            for a in g.blocks:
                for b in a.blocks:
                    for i in b.rows:
                        r = len(rows)
                        row = []
                        for c, spec in enumerate(self.cols):
                            owner = {"group": g, "l1": (g, a), "l2": (g, a, b)}.get(
                                spec.merge or ""
                            )
                            if spec.merge:
                                if c in spans and spans[c][0] == owner:
                                    row.append("")
                                    continue
                                close(c, r)
                                spans[c] = (owner, r)
                            row.append(spec.get(g, a, b, i) or "")
                        rows.append(row)
        for c in list(spans):
            close(c, len(rows))
        if self.label_row == "middle":
            for r, c, rs, _ in merges:
                mid = r + (rs - 1) // 2
                rows[mid][c], rows[r][c] = rows[r][c], rows[mid][c]
        return rows, merges

    def grid(self) -> Grid:
        headers = self.header_rows or [self.header_row or [c.header for c in self.cols]]
        rows = [pad(r, self.width) for r in self.head]
        merges = list(self.head_merges)
        off = len(rows)
        rows += [pad(h, self.width) for h in headers]
        merges += [(r + off, c, rs, cs) for r, c, rs, cs in self.header_merges]
        off = len(rows)
        body, body_merges = self.body()
        rows += body
        merges += [(r + off, c, rs, cs) for r, c, rs, cs in body_merges]
        off = len(rows)
        rows += [pad(t, self.width) for t in self.tail]
        merges += [(r + off, c, rs, cs) for r, c, rs, cs in self.tail_merges]
        return Grid(rows, merges)

    def gold(self) -> list[dict[str, Any]]:
        out = []
        for g in self.groups:
            for a in g.blocks:
                for b in a.blocks:
                    for i in b.rows:
                        if not i.filler:
                            out.append(gold_row(g, a, b, i))
        return out


def pad(row: list[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def gold_row(g: Group, a: L1, b: L2, i: Ind) -> dict[str, Any]:
    if i.claim == "auto":
        label = CLAIMS.get((i.status or "").strip()) or CLAIMS.get((i.actual or "").strip())
    else:
        label = i.claim
    target = value(i.target_text if i.target_text is not None else i.target, i.target_alt)
    return {
        "group": g.text,
        "level1": level_name(a.label, L1_NAMES),
        "level2": level_name(b.label, L2_NAMES),
        "name": i.gold_name or i.name.replace("\n", ""),
        "target": target,
        "actual": value(i.actual),
        "weight": number(i.weight),
        "score": number(i.score),
        "status": label,
        "deviation": i.deviation.replace("\n", "") if i.deviation else None,
    }


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------

Item = str | Table | Grid


@dataclass
class Doc:
    stem: str
    fmt: str  # txt | html | docx | xlsx | pdf | scan
    department: str
    year: int
    form_type: str
    layout: str
    sector: str
    split: str
    description: str
    items: list[Item]
    page_title: str = ""  # html <title>
    chrome_top: list[str] = field(default_factory=list)  # html site header lines
    chrome_bottom: list[str] = field(default_factory=list)
    raw: bytes | None = None  # a renderer's output when the layout needs its own
    kind: str = "table"  # manifest kind: table | narrative | flattened
    pipe: bool = False  # txt as a web page's table pasted as "| a | b |" rows

    @property
    def ext(self) -> str:
        return "pdf" if self.fmt == "scan" else self.fmt

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.ext}"

    def grids(self) -> list[Grid | str]:
        return [i.grid() if isinstance(i, Table) else i for i in self.items]

    def gold(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for item in self.items:
            if isinstance(item, Table):
                rows += item.gold()
        return {
            "doc": self.filename,
            "form_type": self.form_type,
            "department": self.department,
            "year": self.year,
            "indicators": rows,
        }

    def manifest(self) -> dict[str, Any]:
        return {
            "doc": self.stem,
            "layout": self.layout,
            "kind": self.kind,
            "sector": self.sector,
            "origin": "replica",
            "split": self.split,
            "format": self.fmt,
            "description": self.description,
        }


def tab_text(items: Sequence[Grid | str]) -> str:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Grid):
            for row in item.padded():
                # A wrapped cell continues on lines of its own, as a PDF-to-text
                # conversion writes it: only that column filled.
                parts = [c.split("\n") for c in row]
                for k in range(max(len(p) for p in parts)):
                    line = [p[k] if k < len(p) else "" for p in parts]
                    while line and not line[-1]:
                        line = line[:-1]
                    lines.append("\t".join(line))
        else:
            lines.append(item)
    return "\n".join(lines) + "\n"


def pipe_text(items: Sequence[Grid | str]) -> str:
    """A web page's table copied as text: "| a | b |" rows, cells covered by a
    merge left out (so later cells shift left), a cell's line break breaking
    the row onto a new line."""
    lines: list[str] = []
    for item in items:
        if not isinstance(item, Grid):
            lines.append(item)
            continue
        covered = item.covered()
        for r, row in enumerate(item.padded()):
            cells = [t for c, t in enumerate(row) if (r, c) not in covered]
            text = "| " + " | ".join(cells) + " |"
            lines += [ln.strip() for ln in text.replace("\n", " |\n| ").split("\n")]
    return "\n".join(lines) + "\n"


def html_page(doc: Doc) -> bytes:
    body = []
    for line in doc.chrome_top:
        body.append(f'<div class="nav">{escape(line)}</div>')
    for item in doc.grids():
        if isinstance(item, Grid):
            body.append(html_table(item))
        else:
            body.append(f"<p>{escape(item)}</p>")
    for line in doc.chrome_bottom:
        body.append(f'<div class="foot">{escape(line)}</div>')
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(doc.page_title)}</title></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")


_FIXED_TIME = "2025-01-01T00:00:00Z"


def deterministic(data: bytes) -> bytes:
    """The same bytes on every build: zip entries (DOCX/XLSX) get a fixed date
    and the package's created/modified stamps a fixed time."""
    if data.startswith(b"%PDF"):
        # Same length, so the cross-reference offsets stay valid.
        return re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}Z\)", rb"/\1 (D:20250101000000Z)", data)
    if not data.startswith(b"PK"):
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_TIME.encode() + rb"\g<3>",
                    body,
                )
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0)), body)
    return buf.getvalue()


def render(doc: Doc) -> bytes:
    return deterministic(_render(doc))


def _render(doc: Doc) -> bytes:
    if doc.raw is not None:
        return doc.raw
    items = doc.grids()
    if doc.fmt == "txt":
        return (pipe_text(items) if doc.pipe else tab_text(items)).encode("utf-8")
    if doc.fmt == "html":
        return html_page(doc)
    if doc.fmt == "docx":
        return docx_bytes(items)
    if doc.fmt == "xlsx":
        grids = [i for i in items if isinstance(i, Grid)]
        if len(grids) != 1 or len(grids) != len(items):
            raise ValueError(f"{doc.stem}: an xlsx replica is one grid (title rows inside it)")
        return xlsx_bytes({"Sheet1": grids[0]})
    if doc.fmt == "pdf":
        return pdf_bytes(items)
    raise ValueError(f"{doc.stem}: no renderer for {doc.fmt}")


def write(docs: Sequence[Doc], manifest_name: str = "corpus_a.jsonl") -> None:
    for doc in docs:
        (DATA / "docs" / doc.filename).write_bytes(render(doc))
        gold = json.dumps(doc.gold(), ensure_ascii=False, indent=1) + "\n"
        (DATA / "gold" / f"{doc.stem}.json").write_text(gold, encoding="utf-8")
    # The manifest keeps lines of layouts not rebuilt this run.
    path = DATA / "manifest" / manifest_name
    entries: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                e = json.loads(line)
                entries[e["doc"]] = e
    for doc in docs:
        entries[doc.stem] = doc.manifest()
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for _, e in sorted(entries.items())),
        encoding="utf-8",
    )


def value_review() -> str:
    """Every distinct value text and its gold reading, for checking by eye."""
    out = io.StringIO()
    for text, v in sorted(VALUE_LOG.items()):
        mark = " *" if text in OVERRIDES else ""
        out.write(
            f"{text!r:40} {v['kind']:12} {v['op']!s:6} {v['value']!s:10} "
            f"{v['upper']!s:6} {v['unit']!s}{mark}\n"
        )
    return out.getvalue()
