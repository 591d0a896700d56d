"""Shared pieces of the corpus-c builder (build_rc.py): damaged text as users
paste it. Reuses corpus-b's form model (rb_common: Ind, Grid, ProjectForm,
gold values) and adds the department form, the damage renderers and the
manifest file of corpus c.

Each damage renderer works on cells, so the gold is made from the same cells:
the undamaged cell gives the meaning (kind/op/value/upper/unit), the damaged
cell gives ``text`` where the contract says "as written"."""

from __future__ import annotations

import io
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rb_common import (
    GOLD,
    Grid,
    Ind,
    ProjectForm,
    fmt,
    gold_row,
    indicator_block,
    is_indicator,
    pdf_bytes,
)

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "training_data" / "manifest" / "corpus_c.jsonl"

# --------------------------------------------------------------------------
# The 部门整体支出绩效自评表 (weight column before the target, as many
# provinces print it: 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分)
# --------------------------------------------------------------------------


@dataclass
class DeptForm:
    department: str
    year: int
    budget: tuple[float, float, float]
    budget_score: float
    goal: str
    goal_done: str
    inds: list[Ind]
    title: str = "部门整体支出绩效自评表"
    header: tuple[str, ...] = (
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "实际完成值",
        "得分",
        "偏差原因分析及改进措施",
    )
    cols: tuple[str, ...] = ("weight", "target", "actual", "score", "dev")

    def rate(self) -> str:
        return f"{self.budget[2] / self.budget[1] * 100:.2f}%"

    def total(self) -> float:
        return round(self.budget_score + sum(i.score or 0 for i in self.inds), 2)

    def gold_rows(self) -> list[dict[str, Any]]:
        return [gold_row(i, None) for i in self.inds if is_indicator(i)]


def dept_grid(f: DeptForm) -> Grid:
    g = Grid([])
    g.add([f.title] + [""] * 8, {0: 9})
    g.add([f"（{f.year}年度）"] + [""] * 8, {0: 9})
    g.add(["部门（单位）名称", f.department] + [""] * 7, {1: 8})
    b0 = g.add(
        [
            "年度预算资金（万元）",
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
        ["", "年度资金总额", "", fmt(a), fmt(b), fmt(c), "10", f.rate(), fmt(f.budget_score)],
        {1: 2},
    )
    g.add(
        [
            "",
            "其中：基本支出",
            "",
            fmt(round(a * 0.62, 2)),
            fmt(round(b * 0.62, 2)),
            fmt(round(c * 0.62, 2)),
            "—",
            "—",
            "—",
        ],
        {1: 2},
    )
    b1 = g.add(
        [
            "",
            "项目支出",
            "",
            fmt(round(a * 0.38, 2)),
            fmt(round(b * 0.38, 2)),
            fmt(round(c * 0.38, 2)),
            "—",
            "—",
            "—",
        ],
        {1: 2},
    )
    g.vmerge(0, b0, b1)
    t0 = g.add(["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""], {1: 4, 5: 4})
    g.add(["", f.goal, "", "", "", f.goal_done, "", "", ""], {1: 4, 5: 4})
    g.vmerge(0, t0, t0 + 1)
    h = g.add(["绩效指标", *f.header])
    indicator_block(g, f.inds, 1, list(f.cols))
    g.vmerge(0, h, len(g.rows) - 1)
    g.add(["总分", "", "", "", "", "", "100", fmt(f.total()), ""], {0: 6})
    return g


def form_gold(f: ProjectForm | DeptForm, form_type: str | None = None) -> dict[str, Any]:
    if isinstance(f, DeptForm):
        return {
            "form_type": form_type or "department_self_evaluation",
            "department": f.department,
            "year": f.year,
            "indicators": f.gold_rows(),
        }
    return {
        "form_type": form_type or "project_self_evaluation",
        "department": f.supervisor,
        "year": f.year,
        "indicators": f.gold_rows(),
    }


# --------------------------------------------------------------------------
# C1: fused cells (no separator between cells)
# --------------------------------------------------------------------------


def fused_rows(g: Grid, skip_blank: bool = True) -> list[str]:
    """Each table row on a line, its visible cells run together with nothing between."""
    out = []
    for row in g.cells():
        line = "".join(t.replace("\n", "") for _, t in row if t.strip())
        if line or not skip_blank:
            out.append(line)
    return out


def hard_wrap(lines: list[str], width: int) -> list[str]:
    """A converter's fixed-width wrap: every line cut each ``width`` characters."""
    out = []
    for line in lines:
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return out


# --------------------------------------------------------------------------
# C2: OCR damage
# --------------------------------------------------------------------------

GE_READINGS = ("2", "$", "工", "^")
LE_READINGS = ("W", "<")


class Ocr:
    """Seeded OCR damage of cell texts; the same instance damages one document."""

    def __init__(self, seed: int, ge: tuple[str, ...] = GE_READINGS, p_digit: float = 0.25):
        self.rng = random.Random(seed)
        self.ge = ge
        self.p_digit = p_digit

    def value(self, text: str) -> str:
        t = text
        t = re.sub("≥", lambda _: self.rng.choice(self.ge), t)
        t = re.sub("≤", lambda _: self.rng.choice(LE_READINGS), t)
        t = t.replace("已完成", "已先成").replace("元", "兀")
        return self.digits(t)

    def digits(self, t: str) -> str:
        """O for 0 and l for 1 inside numbers (never as the only digit)."""
        chars = list(t)
        for i, ch in enumerate(chars):
            if ch not in "01":
                continue
            near = (i > 0 and chars[i - 1].isdigit()) or (i + 1 < len(chars) and t[i + 1].isdigit())
            if near and self.rng.random() < self.p_digit:
                chars[i] = "O" if ch == "0" else "l"
        return "".join(chars)

    def words(self, t: str, p_space: float = 0.35) -> str:
        """A stray space inside a word (OCR of a justified line)."""
        t = t.replace("元", "兀") if self.rng.random() < 0.5 else t
        if len(t) > 3 and self.rng.random() < p_space:
            k = self.rng.randrange(1, len(t) - 1)
            t = t[:k] + " " + t[k:]
        return t


def damaged_value(gold: dict[str, Any], text: str | None) -> dict[str, Any]:
    """The meaning of the clean cell, the text as the damaged document writes it."""
    if gold["kind"] == "missing":
        return gold
    return {**gold, "text": text}


# --------------------------------------------------------------------------
# C4: text as a PDF viewer copies it
# --------------------------------------------------------------------------


def viewer_text(
    items: list[Grid | str | None],
    font_size: float = 9,
    tabs: bool = False,
    footer: Callable[[int, int], str] | None = None,
) -> str:
    """Render the items as a ruled PDF and read its text back line by line
    (pdfplumber groups characters by height on the page, as a viewer's copy
    does): the wrapped lines of a tall cell land before and after the lines
    of its neighbours. ``tabs``: gaps between cells become tabs (as some
    viewers copy them) instead of spaces."""
    import pdfplumber

    data = pdf_bytes(items, font_size=font_size, landscape_a4=True)
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        n = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            text = page.extract_text()
            if tabs:
                text = text.replace(" ", "\t")
            if footer:
                text += "\n" + footer(i + 1, n)
            pages.append(text)
    return "\n".join(pages)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def write_manifest(entries: list[dict[str, Any]]) -> None:
    """Replace the given docs' lines in manifest/corpus_c.jsonl."""
    old = []
    if MANIFEST.exists():
        old = [
            json.loads(x) for x in MANIFEST.read_text(encoding="utf-8").splitlines() if x.strip()
        ]
    stems = {e["doc"] for e in entries}
    keep = sorted([e for e in old if e["doc"] not in stems] + entries, key=lambda e: e["doc"])
    MANIFEST.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in keep), encoding="utf-8"
    )


def flattened_entry(stem: str, layout: str, sector: str, split: str, desc: str) -> dict[str, Any]:
    """The manifest line of a flattened text replica, after checking its gold against
    the written document."""
    check_gold_in_doc(stem, (ROOT / "training_data" / "docs" / f"{stem}.txt").read_text("utf-8"))
    return {
        "doc": stem,
        "layout": layout,
        "kind": "flattened",
        "sector": sector,
        "origin": "replica",
        "split": split,
        "format": "txt",
        "description": desc,
    }


def write_jsonl(path: Path, entries: list[dict[str, Any]]) -> None:
    """``entries`` as a whole manifest file, one JSON line each."""
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )


def check_gold_in_doc(stem: str, text: str) -> None:
    """Every written gold text (name, values, deviation) must occur in the document
    (whitespace ignored, as the scorer ignores it), else the gold is not 'as written'."""
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    flat = re.sub(r"\s+", "", text)
    for r in gold["indicators"]:
        for s in (r["name"], r["target"]["text"], r["actual"]["text"], r.get("deviation")):
            if s and re.sub(r"\s+", "", s) not in flat:
                print(f"  {stem}: not in document: {s!r}")
