"""Rebuild a table's cells from text copied out of a PDF viewer.

A viewer copies a ruled table line by line in the order of the text's height
on the page. Cells are centred vertically, so a one-line cell's text lands
between the wrapped lines of its neighbours: a name's first line comes before
the row's values and its second line after them, a level label spanning
several rows sits in the middle of its group, and two wrapped columns' lines
share lines. This module explains such text as rows again:

* an *anchor* line holds a row's one-line cells (its weight, target, actual,
  score): one anchor per row;
* a cell is centred on its row's anchor, so as many of its lines lie below
  the anchor as above it: a fragment of a column goes to the row above while
  that row's cell has fewer lines below than above, else it opens the next
  row's cell (text copied one run a line, where a line's runs come apart,
  also uses widths: a wrapped cell's lines other than its last are as wide
  as its column);
* level labels (the genre's fixed 一级/二级 names, also in wrapped pieces) are
  given to the rows they are centred on;
* the header's column order says which value is which.

Each rebuilt cell keeps the character span of its fragments in the original
text (evidence never points into a rewritten text). Where the text allows
more than one explanation (a fragment that could continue either of two
columns, a cell that had to give back its last fragment), the row's cells
carry ``order_guess`` so the calibrator can lower their confidence.

Only text that shows the interleaving is rebuilt: a header line, anchors, and
text-only lines between anchors. Tab tables and well-ordered rows are left to
``layout_text``; PDFs are read by their geometry (``ingest.pdf``), never here.
"""

from __future__ import annotations

from extractor.ingest.cell_kinds import is_item_marker
from extractor.ingest.layout_text import Line, split_lines
from extractor.ingest.reading_order.block import rebuilt_block
from extractor.ingest.reading_order.fragments import Fragment, visual_lines
from extractor.ingest.reading_order.regions import find_regions
from extractor.ingest.reading_order.rows import Rebuilder
from extractor.types import Block, Page

__all__ = ["rebuild_reading_order"]

# A wrapped line may be a character wider than the line above it (a full-width
# bracket or an ASCII pair where the wrap fell).
_WIDTH_SLACK = 1.0


def _interleaved(rb: Rebuilder) -> bool:
    """The region shows a viewer's interleaving: rows with a cell split around
    their values (lines of it above and below the anchor), which no
    well-ordered text has (a cell a line, tab, pipe or space rows). A wrapped
    cell's lines above its last fill its column, so the split cells of one
    column agree in width: one-cell-a-line text without blank lines, whose
    "split" is a row's last cell and the next row's name, does not. A column
    with one split cell shows its width by that cell alone, where a viewer's
    copy is plain: its rows' values stand side by side on one line (one cell
    a line puts each on a line of its own) and the split line fills the
    column (no cell of the column is wider)."""
    split: dict[str, list[float]] = {}
    for row in rb.rows:
        for col, frags in row.cells.items():
            if _wrapped_around(frags, row.anchor):
                split.setdefault(col, []).append(max(f.width for f in frags if f.line < row.anchor))
                break
    side_by_side = not any(rb.lines[row.anchor].runs_joined for row in rb.rows)
    agreeing = 0
    for col, widths in split.items():
        agreeing += _widest_agreement(widths)
        if side_by_side and len(widths) == 1:
            widest = max(f.width for row in rb.rows for f in row.cells.get(col, []))
            agreeing += widths[0] >= widest - _WIDTH_SLACK
    return len(rb.rows) >= 3 and agreeing >= max(2, len(rb.rows) / 5)


def _widest_agreement(widths: list[float]) -> int:
    """How many of one column's wrapped widths agree (within a character) with
    the width most of them share: the column's width. A width no other split
    cell of the column shares shows no column at all."""
    most = max(sum(abs(w - c) <= _WIDTH_SLACK for w in widths) for c in widths)
    return most if most >= 2 else 0


def _wrapped_around(frags: list[Fragment], anchor: int) -> bool:
    """A cell's lines lie above and below its row's anchor as a wrapped cell's
    do: the lines below are its last ones, no wider than a line above (a wrap
    fills the column), and not an item number alone (指标2：, which opens the
    next row of text copied one cell a line)."""
    above = [f for f in frags if f.line < anchor]
    below = [f for f in frags if f.line > anchor]
    if not above or not below or all(is_item_marker(f.text) for f in below):
        return False
    return max(f.width for f in below) <= max(f.width for f in above) + _WIDTH_SLACK


def _well_ordered(raw: list[Line]) -> bool:
    """Marks of text that kept its table's order, which a viewer's copy of a
    ruled table never has: blank lines between rows (one cell a line) and
    empty cells kept as tabs (``\t\t``, a leading tab)."""
    blank = sum(ln.blank for ln in raw)
    empty_cells = sum("\t\t" in ln.text or ln.text.startswith("\t") for ln in raw)
    return blank >= 2 or empty_cells >= 2


def rebuild_reading_order(text: str, pages: list[Page]) -> list[Page]:
    """``pages`` with each viewer-scrambled indicator table of ``text`` put back
    as one table block (the blocks its lines made are replaced)."""
    raw = split_lines(text)
    lines = visual_lines(text)
    regions = find_regions(lines)
    if not regions:
        return pages
    replaced: list[tuple[int, int, Block]] = []
    floor = 0  # the line after the table above: its project is not this one's
    for region in regions:
        above, floor = floor, region.end_line
        first = lines[region.header_line][0].number
        last = lines[region.end_line - 1][0].number
        if _well_ordered(raw[first - 1 : last]):
            continue
        rb = Rebuilder(lines, region)
        rb.run()
        if not _interleaved(rb):
            continue
        block = rebuilt_block(lines, region, rb, above)
        replaced.append((first, last, block))
    if not replaced:
        return pages
    for page in pages:
        kept: list[Block] = []
        for block in page.blocks:
            ls, le = block.evidence.line_start or 0, block.evidence.line_end or 0
            hit = next((r for r in replaced if _mostly_within(ls, le, r[0], r[1])), None)
            if hit is None:
                kept.append(block)
            elif all(k is not hit[2] for k in kept) and hit[2].page == page.number:
                kept.append(hit[2])
        for k, block in enumerate(kept):
            block.index = k
        page.blocks = kept
    return pages


def _mostly_within(start: int, end: int, first: int, last: int) -> bool:
    """A block whose lines lie mostly in the rebuilt lines ``first..last``: the
    space-row reader may have taken a table's total line below them as well."""
    inside = min(end, last) - max(start, first) + 1
    return inside > 0 and inside * 2 > end - start + 1
