"""Layout damage and re-renderings of the indicator tables; the gold never changes here.

Every function takes a ``Variant`` and a ``random.Random`` and returns a new
``Variant``; a document without the structure a function needs comes back
unchanged.
"""

from __future__ import annotations

import random
import re
from typing import TypeVar

from extractor.training.variants.model import Variant
from extractor.training.variants.tables import (
    GridRow,
    Layout,
    RowRef,
    Tables,
    gold_blocks,
    gold_rows,
    read_tables,
    render_block,
    rewrite,
    write_blocks,
)
from extractor.vocab import squash

_BREAK_AFTER = re.compile(r"[，,、；;。）)]")
_MIN_WRAP = 10  # shorter cells are not wrapped by any converter we have seen
_MAX_SPILL = 8  # longest bare tail line seen in one-cell-a-line dumps
T = TypeVar("T")


def _some(items: list[T], rng: random.Random, share: tuple[float, float] = (0.1, 0.4)) -> list[T]:
    """A random non-empty subset (in original order) of about ``share`` of ``items``."""
    if not items:
        return []
    k = max(1, round(len(items) * rng.uniform(*share)))
    picked = set(rng.sample(range(len(items)), k=min(k, len(items))))
    return [x for i, x in enumerate(items) if i in picked]


def _leading_empty(row: list[str]) -> int:
    return next((i for i, c in enumerate(row) if c), len(row))


def shift_rows_left(v: Variant, rng: random.Random) -> Variant:
    """Drop one or two leading empty cells of some rows: the row drifts left."""
    tables = read_tables(v.text, v.gold)
    cands = [(ref, row) for ref, row in gold_rows(tables) if 0 < _leading_empty(row) < len(row)]
    chosen = _some(cands, rng)
    for _, row in chosen:
        del row[: rng.randint(1, min(2, _leading_empty(row)))]
    return v.with_text(rewrite(tables, {ref.block for ref, _ in chosen})) if chosen else v


def merge_adjacent_cells(v: Variant, rng: random.Random) -> Variant:
    """Two adjacent filled cells of some rows become one (a lost column boundary)."""
    tables = read_tables(v.text, v.gold)
    changed: set[int] = set()
    for ref, row in _some(gold_rows(tables), rng, (0.05, 0.25)):
        pairs = [i for i in range(len(row) - 1) if row[i] and row[i + 1]]
        if pairs:
            i = rng.choice(pairs)
            row[i : i + 2] = [row[i] + rng.choice(["", " "]) + row[i + 1]]
            changed.add(ref.block)
    return v.with_text(rewrite(tables, changed)) if changed else v


def _label_runs(tables: Tables) -> list[tuple[int, list[tuple[RowRef, list[str]]]]]:
    """Gold rows grouped by block, in row order."""
    by_block: dict[int, list[tuple[RowRef, list[str]]]] = {}
    for ref, row in gold_rows(tables):
        by_block.setdefault(ref.block, []).append((ref, row))
    return sorted(by_block.items())


def blank_repeated_labels(v: Variant, rng: random.Random) -> Variant:
    """A label cell (一级/二级指标, goal) equal to the one above is blanked: merged-cell style."""
    tables = read_tables(v.text, v.gold)
    changed: set[int] = set()
    for block, rows in _label_runs(tables):
        last: dict[int, str] = {}
        for ref, row in rows:
            for c in range(min(ref.col, len(row))):
                if not row[c]:
                    continue
                if last.get(c) == squash(row[c]):
                    row[c] = ""
                    changed.add(block)
                else:
                    last = {k: t for k, t in last.items() if k < c}
                    last[c] = squash(row[c])
    return v.with_text(rewrite(tables, changed)) if changed else v


def fill_down_labels(v: Variant, rng: random.Random) -> Variant:
    """Empty label cells under a label repeat it: every row carries its own labels."""
    tables = read_tables(v.text, v.gold)
    changed: set[int] = set()
    for block, rows in _label_runs(tables):
        last: dict[int, str] = {}
        for ref, row in rows:
            for c in range(min(ref.col, len(row))):
                if row[c]:
                    last = {k: t for k, t in last.items() if k < c}
                    last[c] = row[c]
                elif c in last:
                    row[c] = last[c]
                    changed.add(block)
    return v.with_text(rewrite(tables, changed)) if changed else v


def _wrap_point(cell: str, rng: random.Random) -> int:
    lo, hi = max(2, int(len(cell) * 0.3)), max(3, int(len(cell) * 0.85))
    breaks = [m.end() for m in _BREAK_AFTER.finditer(cell) if lo <= m.end() <= hi]
    return rng.choice(breaks) if breaks else rng.randint(lo, hi)


def wrap_long_cells(v: Variant, rng: random.Random) -> Variant:
    """A long cell's tail goes to the next line, or to a continuation row below."""
    tables = read_tables(v.text, v.gold)
    cands = [
        (ref, row, c)
        for ref, row in gold_rows(tables)
        for c in range(ref.col, len(row))
        if len(row[c]) >= _MIN_WRAP
    ]
    inserts: list[tuple[int, int, GridRow]] = []  # (block, after row, new row)
    changed: set[int] = set()
    for ref, row, c in _some(cands, rng, (0.05, 0.3)):
        cell_lines = tables.blocks[ref.block].layout == "cell_lines"
        if cell_lines and rng.random() < 0.6:
            # PDF converters spill the last few characters of a cell onto a bare line.
            k = len(row[c]) - rng.randint(1, min(_MAX_SPILL, len(row[c]) - 2))
        else:
            k = _wrap_point(row[c], rng)
        head, tail = row[c][:k], row[c][k:]
        mode = rng.choice(
            ["in_cell", "next_row"] if cell_lines else ["in_cell", "next_row", "after_row"]
        )
        if mode == "in_cell":
            # A cell-a-line dump may leave a blank line before the spilled tail.
            row[c] = head + ("\n\n" if cell_lines and rng.random() < 0.5 else "\n") + tail
        else:
            row[c] = head
            inserts.append((ref.block, ref.row, [""] * c + [tail] if mode == "next_row" else tail))
        changed.add(ref.block)
    for block, after, new in sorted(inserts, key=lambda x: (x[0], x[1]), reverse=True):
        tables.blocks[block].rows.insert(after + 1, new)
    return v.with_text(rewrite(tables, changed)) if changed else v


def drop_separators(v: Variant, rng: random.Random) -> Variant:
    """Tabs of some rows become runs of spaces, or vanish between two cells."""
    tables = read_tables(v.text, v.gold)
    changed: set[int] = set()
    for ref, row in _some(gold_rows(tables), rng, (0.1, 0.5)):
        block = tables.blocks[ref.block]
        if block.layout != "tabs":
            continue
        pairs = [i for i in range(len(row) - 1) if row[i] and row[i + 1]]
        if pairs and rng.random() < 0.4:
            i = rng.choice(pairs)
            row[i : i + 2] = [row[i] + row[i + 1]]
        else:
            joined = "".join(
                cell + (" " * rng.randint(2, 6) if i < len(row) - 1 else "")
                for i, cell in enumerate(row)
            )
            block.rows[ref.row] = joined
        changed.add(ref.block)
    return v.with_text(rewrite(tables, changed)) if changed else v


# --------------------------------------------------------------------------
# Re-renderings of the whole indicator table
# --------------------------------------------------------------------------


def _render_as(v: Variant, layout: Layout, only_from: Layout | None = None) -> Variant:
    tables = read_tables(v.text, v.gold)
    new: dict[int, list[str]] = {}
    for b in gold_blocks(tables):
        block = tables.blocks[b]
        if only_from is not None and block.layout != only_from:
            continue
        rows = [ref.row for ref in tables.refs if ref is not None and ref.block == b]
        new[b] = render_block(block, layout, set(range(min(rows), max(rows) + 1)))
    return v.with_text(write_blocks(tables.text, new, tables.blocks)) if new else v


def to_cell_lines(v: Variant, rng: random.Random) -> Variant:
    """Tab rows become one cell a line behind a tab, rows separated by blank lines."""
    return _render_as(v, "cell_lines", only_from="tabs")


def to_tab_rows(v: Variant, rng: random.Random) -> Variant:
    """One-cell-a-line tables become tab-separated rows."""
    return _render_as(v, "tabs", only_from="cell_lines")


def to_html(v: Variant, rng: random.Random) -> Variant:
    """The indicator tables as HTML; labels over several rows become rowspans."""
    return _render_as(v, "html")


def to_markdown(v: Variant, rng: random.Random) -> Variant:
    """The indicator tables as markdown pipe tables."""
    return _render_as(v, "markdown")
