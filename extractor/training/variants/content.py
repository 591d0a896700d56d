"""Changes of what the report says: year, form type, numbers, row order.

Each changes the text and the gold together, so the variant's gold is true.
"""

from __future__ import annotations

import copy
import random
import re
from typing import Any

from extractor.training.variants.model import Variant, indicators, map_gold_strings
from extractor.training.variants.tables import (
    RowRef,
    Tables,
    field_cells,
    field_orders,
    read_tables,
    rewrite,
)
from extractor.vocab import squash

# ---------------------------------------------------------------------------
# Year
# ---------------------------------------------------------------------------

# A year before 年 (2022年度), or opening a date (2022.3.15, 2022-03-15).
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?=\s*年|[./-]\d{1,2}[./-]\d{1,2}(?!\d))")


def change_year(v: Variant, rng: random.Random) -> Variant:
    """Every year (20xx年, dates) moves by the same number of years; the gold year with them."""
    year = v.gold.get("year")
    if not isinstance(year, int) or not _YEAR.search(v.text):
        return v
    delta = rng.choice([d for d in range(-6, 4) if d and 2010 <= year + d <= 2030] or [1])

    def shift(s: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), s)

    gold = map_gold_strings(v.gold, shift)
    gold["year"] = year + delta
    return Variant(shift(v.text), gold)


# ---------------------------------------------------------------------------
# Form type
# ---------------------------------------------------------------------------

FORM_TITLES: dict[str, tuple[str, ...]] = {
    "department_self_evaluation": ("部门整体支出绩效自评表", "部门整体绩效自评表"),
    "project_self_evaluation": ("项目支出绩效自评表", "项目绩效自评表"),
    "target_approval": ("项目支出绩效目标表", "绩效目标申报表", "项目支出绩效目标申报表"),
    "evaluation_report": ("部门整体支出绩效自评报告", "项目支出绩效自评报告", "绩效自评报告"),
}
_TITLE = re.compile(
    r"(?:部门整体支出|部门整体|整体|项目支出|部门预算项目|项目)?"
    r"绩效(?:自评表|目标表|目标申报表|自评报告|自评结果|评价报告)"
)
_TITLE_SEARCH_CHARS = 2000  # the title sits at the top; later mentions are prose


def change_form_type(v: Variant, rng: random.Random) -> Variant:
    """The title's form-type words are rewritten to another form type; gold form_type follows."""
    match = _TITLE.search(v.text[:_TITLE_SEARCH_CHARS])
    if match is None:
        return v
    current = v.gold.get("form_type")
    choices = [k for k in FORM_TITLES if k != current]
    form_type = rng.choice(choices)
    title = rng.choice(FORM_TITLES[form_type])
    gold = copy.deepcopy(v.gold)
    gold["form_type"] = form_type
    return Variant(v.text[: match.start()] + title + v.text[match.end() :], gold)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _as_number(token: str) -> int | float:
    return float(token) if "." in token else int(token)


def _format_like(value: float, token: str) -> str:
    decimals = len(token.split(".")[1]) if "." in token else 0
    return f"{value:.{decimals}f}"


def _nice(value: float, token: str) -> float:
    """``value`` rounded to the precision the original ``token`` shows (6000 -> hundreds)."""
    if "." in token:
        return round(value, len(token.split(".")[1]))
    digits = token.lstrip("0") or "0"
    significant = max(2, len(digits.rstrip("0")))
    step = 10 ** max(0, len(digits) - significant)
    return max(1, round(value / step) * step)


def _redraw_target(
    value: float, unit: str | None, op: str | None, token: str, rng: random.Random
) -> float:
    if unit in ("%", "％") and value <= 100:
        if op in (">=", ">"):
            return float(rng.choice([60, 70, 80, 85, 90, 95, 98]))
        return float(
            rng.choice([90, 95, 98, 100])
            if value >= 90
            else max(1, round(value * rng.uniform(0.6, 1.4)))
        )
    for _ in range(8):
        new = _nice(value * rng.uniform(0.5, 1.6), token)
        if new != value:
            return new
    return value + 1


def _single_number(cell: str, value: object) -> re.Match[str] | None:
    """The one number of ``cell`` when it is the gold value; None when ambiguous."""
    found = list(_NUMBER.finditer(cell))
    if len(found) != 1 or not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return found[0] if float(found[0].group()) == float(value) else None


def _replace_number(cell: str, match: re.Match[str], new: float) -> str:
    return cell[: match.start()] + _format_like(new, match.group()) + cell[match.end() :]


def _update_value(
    gold_value: dict[str, Any], old_cell: str, new_cell: str, new: float, token: str
) -> None:
    gold_value["value"] = _as_number(_format_like(new, token))
    if squash(str(gold_value.get("text"))) == squash(old_cell):
        gold_value["text"] = new_cell.strip()


def _same_text(a: object, b: str) -> bool:
    return isinstance(a, str) and squash(a) == squash(b) != ""


def _redraw_row(
    row: list[str], cols: dict[str, int], ind: dict[str, Any], rng: random.Random
) -> bool:
    target, actual = ind.get("target") or {}, ind.get("actual") or {}
    if "target" not in cols or target.get("kind") != "numeric":
        return False
    t_cell = row[cols["target"]]
    t_match = _single_number(t_cell, target.get("value"))
    if t_match is None:
        return False
    old = float(t_match.group())
    if old == 0:  # "≤0起", "0次": nothing to scale the actual by, the row stays as written
        return False
    new = _redraw_target(old, target.get("unit"), target.get("op"), t_match.group(), rng)
    row[cols["target"]] = _replace_number(t_cell, t_match, new)
    _update_value(target, t_cell, row[cols["target"]], new, t_match.group())
    if _same_text(ind.get("name"), t_cell):
        ind["name"] = row[cols["target"]].strip()
    a_match = _single_number(row[cols["actual"]], actual.get("value")) if "actual" in cols else None
    if a_match is not None and actual.get("kind") == "numeric":
        a_old, a_cell = float(a_match.group()), row[cols["actual"]]
        percent = target.get("unit") in ("%", "％") or actual.get("unit") in ("%", "％")
        # Keep how far the actual sits from the target, so the status stays true.
        a_new = min(100.0, a_old + new - old) if percent else a_old * new / old
        a_new = max(
            0.0, round(a_new, len(a_match.group().split(".")[1]) if "." in a_match.group() else 0)
        )
        row[cols["actual"]] = _replace_number(a_cell, a_match, a_new)
        _update_value(actual, a_cell, row[cols["actual"]], a_new, a_match.group())
    return True


def _score_number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


def _swap_weights(
    tables: Tables, rows: list[tuple[RowRef, dict[str, int], dict[str, Any]]], rng: random.Random
) -> set[int]:
    """Two rows of different weight trade weights; each score keeps its share of its weight."""
    full = [
        (ref, cols, ind) for ref, cols, ind in rows
        if {"weight", "score"} <= cols.keys() and isinstance(ind.get("weight"), int | float)
        and isinstance(ind.get("score"), int | float) and ind["weight"] > 0
    ]  # fmt: skip
    pairs = [
        (a, b)
        for i, a in enumerate(full)
        for b in full[i + 1 :]
        if a[2]["weight"] != b[2]["weight"]
    ]
    if not pairs:
        return set()
    (ra, ca, ia), (rb, cb, ib) = rng.choice(pairs)
    wa, wb = ia["weight"], ib["weight"]
    for ref, cols, ind, w in ((ra, ca, ia, wb), (rb, cb, ib, wa)):
        row = tables.blocks[ref.block].rows[ref.row]
        assert isinstance(row, list)
        score = _score_number(ind["score"] / ind["weight"] * w)
        ind["weight"], ind["score"] = w, score
        row[cols["weight"]], row[cols["score"]] = str(w), str(score)
    return {ra.block, rb.block}


def change_numbers(v: Variant, rng: random.Random) -> Variant:
    """Targets and actuals re-drawn (same op, unit, distance), weights traded between rows."""
    gold = copy.deepcopy(v.gold)
    tables = read_tables(v.text, gold)
    changed: set[int] = set()
    located = []
    orders = [field_orders(block) for block in tables.blocks]
    for ref, ind in zip(tables.refs, indicators(gold), strict=False):
        if ref is None:
            continue
        row = tables.blocks[ref.block].rows[ref.row]
        if not isinstance(row, list):
            continue
        cols = field_cells(row, ref.col, ind, orders[ref.block][ref.row])
        if "target" not in cols and _same_text((ind.get("target") or {}).get("text"), row[ref.col]):
            cols["target"] = ref.col  # a wide table: the indicator's words are its target
        located.append((ref, cols, ind))
        if rng.random() < 0.7 and _redraw_row(row, cols, ind, rng):
            changed.add(ref.block)
    if rng.random() < 0.5:
        changed |= _swap_weights(tables, located, rng)
    return Variant(rewrite(tables, changed), gold) if changed else v


# ---------------------------------------------------------------------------
# Row order
# ---------------------------------------------------------------------------


def _level2_runs(tables: Tables, rows: list[dict[str, Any]]) -> list[list[int]]:
    """Runs of gold rows (indices) under one level-2 label, on consecutive table rows."""
    runs: list[list[int]] = []
    for i, (ref, ind) in enumerate(zip(tables.refs, rows, strict=False)):
        key = (ind.get("group"), ind.get("level1"), ind.get("level2"))
        if ref is not None and runs:
            j = runs[-1][-1]
            prev, prev_ref = rows[j], tables.refs[j]
            same = (prev.get("group"), prev.get("level1"), prev.get("level2")) == key
            if (
                prev_ref is not None
                and same
                and prev_ref.block == ref.block
                and prev_ref.row + 1 == ref.row
            ):
                runs[-1].append(i)
                continue
        if ref is not None:
            runs.append([i])
    return [r for r in runs if len(r) > 1]


def shuffle_rows_within_level2(v: Variant, rng: random.Random) -> Variant:
    """Rows under one level-2 label change order; label cells stay where they were."""
    tables = read_tables(v.text, v.gold)
    rows = indicators(v.gold)
    runs = _level2_runs(tables, rows)
    if not runs:
        return v
    order = list(range(len(rows)))
    changed: set[int] = set()
    for run in runs:
        perm = run[:]
        rng.shuffle(perm)
        if perm == run:
            continue
        refs = [tables.refs[i] for i in run]
        grid = [tables.blocks[r.block].rows[r.row] for r in refs if r is not None]
        tails = [g[r.col :] for g, r in zip(grid, refs, strict=True) if isinstance(g, list) and r]
        for slot, src in enumerate(perm):
            ref = refs[slot]
            assert ref is not None
            row = tables.blocks[ref.block].rows[ref.row]
            assert isinstance(row, list)
            row[ref.col :] = tails[run.index(src)]
            order[run[slot]] = src
            changed.add(ref.block)
    if not changed:
        return v
    gold = copy.deepcopy(v.gold)
    gold["indicators"] = [copy.deepcopy(rows[i]) for i in order]
    return Variant(rewrite(tables, changed), gold)
