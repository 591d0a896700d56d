"""A report's tables rendered as a PDF viewer copies them: wrapped, interleaved.

For measuring ``ingest.reading_order``: every table block of the ingested
document is drawn as a ruled table with narrow columns (cells wrapped to
their column's width, centred vertically, as PDF forms set them) and read
back line by line in the order of height on the page, so a one-line cell's
text lands between a wrapped neighbour's lines. Non-table blocks stay as
they are. The gold does not change: it is the table's meaning.
"""

from __future__ import annotations

import random

from extractor.ingest.reading_order.fragments import HEADER_COLUMNS
from extractor.ingest.reading_order.labels import COLUMN_LABEL, label_level
from extractor.types import Block, BlockKind, Document

# Column widths in display characters (a CJK character 1, an ASCII one 0.5):
# narrow, as forms squeezed onto an A4 page set them.
_TEXT_WIDTH = 7
_SHORT_WIDTH = 5
# Label columns a form merges over several rows (绩效指标, 一级指标, 二级指标).
_MERGED_COLUMNS = 3


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _wrap(text: str, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text.replace("\n", ""):
        if cur and _width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur else [])


def _grid(block: Block) -> list[dict[int, str]]:
    """The block's non-empty cells by row and column, a row that only carries
    on the row above's cells (a wrapped deviation's or label's rest, which a
    text source set as a row of its own) put back into that row: a ruled
    form has no row holding the rest of a neighbour's cell."""
    grid: list[dict[int, str]] = []
    rows = [{c.col: c.text.strip() for c in row.cells if c.text.strip()} for row in block.rows]
    last = max((col for cells in rows for col in cells), default=0)
    labels = set(_label_columns(rows))
    for cells in rows:
        prev = grid[-1] if grid else None
        rest = (
            prev is not None
            and bool(cells)
            and all(
                col in prev and (col == last or (col in labels and label_level(text) is None))
                for col, text in cells.items()
            )
        )
        if rest and prev is not None:
            for col, text in cells.items():
                prev[col] += text
        else:
            grid.append(dict(cells))
    return grid


def _column_widths(grid: list[dict[int, str]]) -> dict[int, float]:
    """A column whose cells are mostly short (values, weights) keeps its cells
    whole up to a short width; text columns wrap at a narrow width."""
    texts: dict[int, list[str]] = {}
    for cells in grid:
        for col, text in cells.items():
            texts.setdefault(col, []).append(text)
    out = {}
    for col, ts in texts.items():
        longest = max((_width(t) for t in ts), default=0.0)
        short = sum(_width(t) <= _SHORT_WIDTH for t in ts) >= 0.8 * len(ts)
        out[col] = max(longest, 1.0) if short else _TEXT_WIDTH
    return out


def _label_columns(grid: list[dict[int, str]]) -> list[int]:
    """The first columns holding level labels (一级指标, 二级指标, 绩效指标, by
    their header word or by most of their cells being the genre's labels):
    a name column, even among the first three, is no merged column. Where
    the header names the name column (三级指标), the label columns are those
    left of it, however many columns the form sets before them (an empty
    one, a merged 本年度绩效指标)."""
    names = [
        col for cells in grid for col, text in cells.items() if HEADER_COLUMNS.get(text) == "name"
    ]
    out = []
    for col in range(min(names) if names else _MERGED_COLUMNS):
        texts = [cells[col] for cells in grid if col in cells]
        header = any(HEADER_COLUMNS.get(t) in ("level1", "level2") for t in texts)
        labels = sum(label_level(t) is not None for t in texts)
        if header or texts.count(COLUMN_LABEL) or labels * 2 >= len(texts) > 0:
            out.append(col)
    return out


def _spans(grid: list[dict[int, str]]) -> dict[tuple[int, int], int]:
    """Rows each label cell covers: a cell of the first columns with empty
    cells below it (merged labels written once) spans down to the next
    filled cell, as the ruled form merges it."""
    spans: dict[tuple[int, int], int] = {}
    for col in _label_columns(grid):
        start = None
        for r, cells in enumerate(grid):
            if any(t in HEADER_COLUMNS for t in cells.values()):
                start = None  # a header row's words stand over their columns, no rows below
            elif col in cells:
                start = r
                spans[r, col] = 1
            elif start is not None and cells and min(cells) > col:
                spans[start, col] += 1
            else:
                start = None
    return spans


def interleaved_table(block: Block, sep: str = " ") -> list[str]:
    """The block's rows as a viewer's lines: each cell wrapped and centred in
    the rows it spans (half-line offsets kept apart), fragments of a line in
    column order."""
    grid = _grid(block)
    widths = _column_widths(grid)
    spans = _spans(grid)
    wrapped = [{col: _wrap(text, widths[col]) for col, text in cells.items()} for cells in grid]
    heights = [
        max([len(lines) for col, lines in cells.items() if spans.get((r, col), 1) == 1] or [1])
        for r, cells in enumerate(wrapped)
    ]
    tops = [0]
    for h in heights:
        tops.append(tops[-1] + 2 * h)  # half-line units
    slots: dict[int, list[tuple[int, str]]] = {}
    for r, cells in enumerate(wrapped):
        for col, lines in cells.items():
            span = tops[r + spans.get((r, col), 1)] - tops[r]
            y0 = tops[r] + (span - 2 * len(lines)) // 2
            for i, frag in enumerate(lines):
                slots.setdefault(y0 + 2 * i, []).append((col, frag))
    return [sep.join(f for _, f in sorted(slots[y])) for y in sorted(slots)]


def interleaved_text(doc: Document, sep: str = " ", joined: float = 0.0, seed: int = 0) -> str:
    """The document's text with every table block interleaved as a viewer copies it.

    ``joined``: the share of tables (drawn with ``seed``) whose viewer lines
    run together on one line, as real pages show a viewer's copy pasted
    into a paragraph (the line breaks lost, the interleaving kept: two
    rows' values side by side, a header word split around its neighbour's)."""
    rng = random.Random(seed)
    out: list[str] = []
    for page in doc.pages:
        for block in page.blocks:
            if block.kind == BlockKind.table and block.rows:
                lines = interleaved_table(block, sep)
                if joined and rng.random() < joined:
                    out.append(" ".join(lines))
                else:
                    out.extend(lines)
            elif block.text.strip():
                out.append(block.text.strip())
    return "\n".join(out) + "\n"
