"""Tables saved with every cell on a line of its own and a blank line between rows.

Two shapes a web table takes when it is copied as text one cell a line:

* plain cell lines: no tab, empty cells simply gone, a long cell sometimes
  wrapped onto a second line;
* bar lines: a bar alone on its line between two cells (``|``, or a run of
  bars ``||||`` a dump writes for one break), two bar lines in a row around
  an empty cell.

The header is a group naming at least three indicator fields; every group
below it is a row while its lines cut into the header's columns at least as
likely as the training tables' rows do (``space_rows.align``: each column
skipped or filled, header order kept; wrapped lines of plain cell lines may
join). A lone line that is no level label is passed over when a row follows
it, else the table ends before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractor.ingest.cell_kinds import ColumnKinds, cell_kind, column_role, load_column_kinds
from extractor.ingest.space_rows import align, columns_of
from extractor.ingest.text_blocks import table_block
from extractor.types import Block, Cell, Evidence, Row
from extractor.vocab import header_role

if TYPE_CHECKING:
    from extractor.ingest.layout_text import Line

_BARS = re.compile(r"^\s*\|+\s*$")
_CORE = {"level1", "level2", "name", "target", "actual", "weight", "score"}
_LEVELS = ("level1", "level2")
_WHOLE = set(_LEVELS)
# A one-cell-a-line group holds no tab and no line of several bar-cut cells.
_MIN_HEADER_ROLES = 3


@dataclass(frozen=True)
class LineCellTable:
    rows: list[Row]
    end: int  # index of the first line after the table
    taken: tuple[int, ...]  # the line indexes the table reads


def _groups(lines: list[Line]) -> list[list[int]]:
    """Runs of non-blank lines (indexes) between blank lines, one page each."""
    out: list[list[int]] = []
    cur: list[int] = []
    for k, line in enumerate(lines):
        if line.blank or (cur and lines[cur[0]].page != line.page):
            if cur:
                out.append(cur)
            cur = [] if line.blank else [k]
            continue
        cur.append(k)
    if cur:
        out.append(cur)
    return out


def _one_cell_lines(lines: list[Line], group: list[int]) -> bool:
    return all(
        "\t" not in lines[k].text and ("|" not in lines[k].text or _BARS.match(lines[k].text))
        for k in group
    )


def _cells(lines: list[Line], group: list[int]) -> list[list[int]]:
    """The group's cells as lists of line indexes: bar lines cut between cells
    (an empty list is an empty cell); without bars each line is a piece."""
    if not any(_BARS.match(lines[k].text) for k in group):
        return [[k] for k in group]
    cells: list[list[int]] = [[]]
    for k in group:
        if _BARS.match(lines[k].text):
            cells.append([])
        else:
            cells[-1].append(k)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _text(lines: list[Line], cell: list[int]) -> str:
    return "".join(lines[k].text.strip() for k in cell)


def spanning_cell(fragments: list[Line], row: int, col: int) -> Cell:
    """A cell written over ``fragments`` (one line, or a wrapped cell's lines), its
    text joined and its evidence from the first line's text to the last's."""
    first, last = fragments[0], fragments[-1]
    text = "".join(f.text.strip() for f in fragments)
    start = first.start + len(first.text) - len(first.text.lstrip())
    end = last.start + len(last.text.rstrip())
    ev = Evidence(
        page=first.page,
        line_start=first.number,
        line_end=last.number,
        char_start=start,
        char_end=max(start, end) if text else start,
    )
    return Cell(text=text, row=row, col=col, evidence=ev)


def _cell(lines: list[Line], cell: list[int], row: int, col: int) -> Cell:
    return spanning_cell([lines[k] for k in cell], row, col)


def _row(cells: list[Cell], index: int) -> Row:
    return Row(index=index, cells=cells, evidence=Evidence.union([c.evidence for c in cells]))


def _header(lines: list[Line], group: list[int]) -> tuple[int, list[list[int]]] | None:
    """Where in the group a header starts (lines above it are the form's text)
    and its cells: a tail of the group naming three indicator fields."""
    for s in range(len(group)):
        if _BARS.match(lines[group[s]].text):
            continue
        cells = [c for c in _cells(lines, group[s:]) if c]
        roles = [column_role(_text(lines, c)) for c in cells]
        if column_role(_text(lines, [group[s]])) in _CORE:
            if len({r for r in roles if r in _CORE}) >= _MIN_HEADER_ROLES:
                return s, cells
            return None
    return None


def _project_row(lines: list[Line], first: int) -> Row | None:
    """The form's ``项目名称`` and its value, the nearest above the header (the
    group of the table's rows, as the segmenter reads a project form's name)."""
    above = [k for k in range(first) if not lines[k].blank and not _BARS.match(lines[k].text)]
    for n in range(len(above) - 2, -1, -1):
        label, value = above[n], above[n + 1]
        text = lines[label].text.strip()
        if header_role(text) == "group" and text.strip("：: ") == "项目名称":
            if header_role(lines[value].text.strip()) is not None:
                return None
            return _row([_cell(lines, [label], 0, 0), _cell(lines, [value], 0, 1)], 0)
    return None


def _data_row(
    lines: list[Line],
    group: list[int],
    columns: list[dict[str, float]],
    model: ColumnKinds,
    index: int,
) -> tuple[Row, float] | None:
    """The group as a row under the header's columns and its per-column score."""
    cells = _cells(lines, group)
    filled = [c for c in cells if c]
    if not filled:
        return None
    joined, pieces, ends = "", [], set()
    for p, c in enumerate(filled):
        text = _text(lines, c)
        pieces.append((len(joined), len(joined) + len(text)))
        joined += text + "\n"
        if cell_kind(text) in _WHOLE:
            ends.add(p)
    bars = len(cells) != len(group)
    # Bar-cut cells are atoms; plain lines may be one wrapped cell, but a level
    # label is a cell of its own (an item label, 指标1：, may open its name).
    cut = align(joined, pieces, columns, model.join_cost, not bars, frozenset(ends))
    if cut is None:
        return None
    if bars and len(cells) == len(columns):
        # As wide as the header, empty cells written: the row keeps its columns.
        out = [_cell(lines, c, index, col) for col, c in enumerate(cells) if c]
        return _row(out, index), cut.score
    out = []
    p = 0
    for col, _, end in cut.cells:
        q = p
        while pieces[q][1] < end:
            q += 1
        out.append(_cell(lines, [k for c in filled[p : q + 1] for k in c], index, col))
        p = q + 1
    return _row(out, index), cut.score


def line_cell_tables(
    lines: list[Line], model: ColumnKinds | None = None
) -> dict[int, LineCellTable]:
    """Tables of one cell a line and blank lines between rows: first line index -> table."""
    model = model or load_column_kinds()
    groups = [g for g in _groups(lines)]
    out: dict[int, LineCellTable] = {}
    g = 0
    while g < len(groups):
        group = groups[g]
        head = _header(lines, group) if _one_cell_lines(lines, group) and len(group) > 2 else None
        if head is None:
            g += 1
            continue
        start, head_cells = head
        header = [_text(lines, c) for c in head_cells]
        columns = columns_of(header, model)
        rows = [_row([_cell(lines, c, 0, k) for k, c in enumerate(head_cells)], 0)]
        project = _project_row(lines, group[start])
        taken = [k for k in group[start:]]
        h = g + 1
        last = h
        while h < len(groups) and _one_cell_lines(lines, groups[h]):
            got = _data_row(lines, groups[h], columns, model, len(rows))
            if got is None:
                break
            row, score = got
            if len(row.cells) == 1 and cell_kind(row.cells[0].text) not in _LEVELS:
                h += 1  # a stray line: kept out, the table goes on if a row follows
                continue
            if score < model.row_floor:
                break
            rows.append(row)
            taken += groups[h]
            h += 1
            last = h
        if len(rows) >= 3:
            first = group[start]
            rows = rows if project is None else [project, *rows]
            out[first] = LineCellTable(rows, groups[last - 1][-1] + 1, tuple(taken))
            g = last
        else:
            g += 1
    return out


def line_cell_block(table: LineCellTable, index: int) -> Block:
    return table_block(table.rows, index, table.rows[0].evidence.page or 1)
