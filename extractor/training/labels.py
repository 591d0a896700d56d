"""Cell-role labels derived from gold records.

Gold records say what each indicator's fields are, not which cell held
them; this module finds the cells. A table row is tied to the gold record
whose name it contains, then each cell gets the role whose gold value it
equals. Rows with no gold record keep level labels (they carry merged
labels down) and are otherwise ``other``.
"""

from __future__ import annotations

from typing import Any

from extractor.engine.features import cached_value
from extractor.engine.role_model import cell_features
from extractor.engine.roles import shift_columns
from extractor.engine.table_reader import join_cut_rows
from extractor.segment import find_table_regions
from extractor.training.scoring import num_eq, sim
from extractor.types import Cell, Document, TableRegion
from extractor.vocab import normalize_level1, normalize_level2, squash


def _same_text(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and squash(a) == squash(b)


def _number(text: str) -> float | None:
    v = cached_value(text)
    if v.kind == "numeric" and not v.unit and v.value is not None:
        return float(v.value)
    return None


def _value_of(text: str) -> float | int | None:
    v = cached_value(text)
    return v.value if v.kind == "numeric" else None


def _composes(part: str, whole: str | None) -> bool:
    """A comparator or unit cell that is part of the gold's composed target text."""
    p = squash(part)
    return bool(p) and bool(whole) and p in squash(whole) and p not in ("定性", "定量")


def _cell_role(cell: Cell, gold: dict[str, Any] | None, header: str | None, used: set[str]) -> str:
    t = cell.text
    if gold is not None:
        if "name" not in used and sim(t, gold.get("name")) >= 0.9:
            return "name"
        tgt, act = gold.get("target") or {}, gold.get("actual") or {}
        is_tgt = "target" not in used and _same_text(t, tgt.get("text"))
        is_act = "actual" not in used and _same_text(t, act.get("text"))
        if is_tgt and is_act:
            return "actual" if header == "actual" else "target"
        if is_tgt:
            return "target"
        if is_act:
            return "actual"
        # Split-target layouts: comparator | value | unit in separate columns.
        if header in ("op", "unit") and _composes(t, tgt.get("text")):
            return header
        if (
            header == "target"
            and "target" not in used
            and _value_of(t) == tgt.get("value") is not None
        ):
            return "target"
        n = _number(t)
        if n is not None:
            w_ok = "weight" not in used and num_eq(n, gold.get("weight"))
            s_ok = "score" not in used and num_eq(n, gold.get("score"))
            if w_ok and s_ok:
                return "score" if header == "score" else "weight"
            if w_ok:
                return "weight"
            if s_ok:
                return "score"
        if gold.get("group") and "group" not in used and sim(t, gold["group"]) >= 0.8:
            return "group"
        if gold.get("deviation") and _same_text(t, gold["deviation"]):
            return "deviation"
        if gold.get("status") and "status" not in used and len(squash(t)) <= 14:
            from extractor.engine.features import looks_like_claim

            if looks_like_claim(t):
                return "status"
    l1, l2 = normalize_level1(t), normalize_level2(t)
    if l1 and l2:  # 成本指标 / 满意度指标: both levels' word
        if header in ("level1", "level2"):
            return header
        return "level2" if "level1" in used else "level1"
    if l2 and (gold is None or gold.get("level2") == l2):
        return "level2"
    if l1 and (gold is None or gold.get("level1") == l1):
        return "level1"
    return "other"


def _match_gold(cells: list[Cell], gold_rows: list[dict[str, Any]], taken: set[int]) -> int | None:
    best, best_i = 0.0, None
    for i, g in enumerate(gold_rows):
        if i in taken:
            continue
        s = max((sim(c.text, g.get("name")) for c in cells), default=0.0)
        if s > best:
            best, best_i = s, i
    return best_i if best >= 0.9 else None


def _best_label_offset(region: TableRegion, labelled: list[list[tuple[Cell, str]]]) -> int:
    def agree(off: int) -> int:
        cols = shift_columns(region.columns, off)
        return sum(
            1 for row in labelled for c, lab in row if 0 <= c.col < len(cols) and cols[c.col] == lab
        )

    return max((-2, -1, 0, 1, 2), key=lambda o: (agree(o), -abs(o)))


def labelled_cells(doc: Document, gold: dict[str, Any]) -> list[tuple[dict[str, float], str]]:
    """(features, role) for every non-empty cell of the document's indicator tables."""
    out: list[tuple[dict[str, float], str]] = []
    gold_rows = gold.get("indicators", [])
    taken: set[int] = set()
    for region in find_table_regions(doc):
        if region.kind != "indicator":
            continue
        labelled: list[list[tuple[Cell, str]]] = []
        # Rows as the reader sees them: a wrapped cell's tail joined to its row.
        for cells in join_cut_rows([[c for c in r.cells if c.text.strip()] for r in region.rows]):
            if not cells:
                continue
            gi = _match_gold(cells, gold_rows, taken)
            g = gold_rows[gi] if gi is not None else None
            if gi is not None:
                taken.add(gi)
            used: set[str] = set()
            row_labels = []
            for c in cells:
                header = region.columns[c.col] if c.col < len(region.columns) else None
                role = _cell_role(c, g, header, used)
                if role != "other":
                    used.add(role)
                row_labels.append((c, role))
            labelled.append(row_labels)
        cols = shift_columns(region.columns, _best_label_offset(region, labelled))
        for row_labels in labelled:
            for c, role in row_labels:
                out.append((cell_features(c, cols), role))
    return out
