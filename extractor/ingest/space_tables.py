"""Tables of a text whose rows lost their grid, as rows and cells.

Two shapes, both read under the table's header line by ``space_rows``:
rows whose cells are joined by single spaces (cut back into cells), and
pipe-dumped rows whose merged cells are absent (placed under their columns).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from extractor.ingest.cell_kinds import column_role
from extractor.ingest.space_rows import (
    Cut,
    Header,
    cut_line,
    find_header,
    gaps_are_columns,
    header_continuation,
    place_cells,
    words,
)
from extractor.ingest.text_blocks import line_evidence, table_block
from extractor.types import Block, BlockKind, Cell, Evidence, Row

if TYPE_CHECKING:
    from extractor.ingest.layout_text import Line


@dataclass(frozen=True)
class SpaceTable:
    header: Header
    rows: list[tuple[int, Cut]]  # (line index, cut)
    end: int  # index of the first line after the table
    below: tuple[int, Cut] | None = None  # the header's second line, if any


def _plain(line: Line) -> bool:
    return "\t" not in line.text and "|" not in line.text


# Lines under a table's header that are no row (a wrapped label, a stray
# note) are kept as rows when a row follows within this many lines.
_MAX_ODD_LINES = 2


def _space_rows_below(lines: list[Line], i: int, header: Header) -> SpaceTable:
    """The lines under the header at ``lines[i]`` that cut into its columns.

    Blank lines are passed over; a line that is no row is kept (with its best
    cut) only when a row follows within ``_MAX_ODD_LINES`` lines, else the
    table ends before it.
    """
    rows: list[tuple[int, Cut]] = []
    second: tuple[int, Cut] | None = None
    j = end = i + 1
    if j < len(lines) and _plain(lines[j]):
        cols = header_continuation(lines[j].text, header)
        if cols is not None:
            spans = words(lines[j].text)
            second = (j, Cut([(k, a, b) for k, (a, b) in zip(cols, spans, strict=True)], 0.0))
            below = dict(zip(cols, (lines[j].text[a:b] for a, b in spans), strict=True))
            texts = [t + below.get(k, "") for k, t in enumerate(header.texts)]
            header = replace(header, texts=texts)
            j = end = j + 1
    pending: list[tuple[int, Cut]] = []
    while j < len(lines) and lines[j].page == lines[i].page:
        line = lines[j]
        j += 1
        if line.blank:
            continue
        if not _plain(line) or find_header(line.text) is not None:
            break
        cut = cut_line(line.text, header)
        if cut is not None:
            rows.extend(pending)
            rows.append((j - 1, cut))
            pending, end = [], j
            continue
        loose = cut_line(line.text, header, strict=False)
        if loose is None or len(pending) == _MAX_ODD_LINES:
            break
        pending.append((j - 1, loose))
    return SpaceTable(header, rows, end, second)


def space_tables(lines: list[Line], taken: set[int]) -> dict[int, SpaceTable]:
    """Header line index -> its table, for tables of single-space rows (two rows at least)."""
    out: dict[int, SpaceTable] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        header = None if i in taken or not _plain(line) else find_header(line.text)
        if header is None or gaps_are_columns(line.text, header):
            i += 1
            continue
        table = _space_rows_below(lines, i, header)
        if len(table.rows) >= 2 and not taken.intersection(range(i, table.end)):
            out[i] = table
            i = table.end
        else:
            i += 1
    return out


def _cells_at(line: Line, cells: list[tuple[int, int, int]], index: int) -> Row:
    """A row of ``(column, start, end)`` cells; skipped columns become empty cells."""
    out: list[Cell] = []
    for col, a, b in cells:
        while len(out) < col:
            at = line.start + a
            out.append(Cell(text="", row=index, col=len(out), evidence=line_evidence(line, at, at)))
        out.append(
            Cell(
                text=line.text[a:b],
                row=index,
                col=col,
                evidence=line_evidence(line, line.start + a, line.start + b),
            )
        )
    return Row(index=index, cells=out, evidence=line_evidence(line))


def space_table_blocks(lines: list[Line], i: int, table: SpaceTable, index: int) -> list[Block]:
    """The text before the header (a paragraph, if any) and the table."""
    line = lines[i]
    out: list[Block] = []
    prefix = line.text[: table.header.prefix_end]
    if prefix.strip():
        a = len(prefix) - len(prefix.lstrip())
        b = len(prefix.rstrip())
        out.append(
            Block(
                kind=BlockKind.paragraph,
                index=index,
                page=line.page,
                text=prefix.strip(),
                evidence=line_evidence(line, line.start + a, line.start + b),
            )
        )
    header_cells = [(k, a, b) for k, (a, b) in enumerate(table.header.cells)]
    head = _cells_at(line, header_cells, 0)
    if table.below is not None:
        # A header cell wrapped onto the next line (年度 / 指标值) is one cell.
        j, cut = table.below
        lower = {c.col: c for c in _cells_at(lines[j], cut.cells, 0).cells if c.text}
        head.cells = [
            c.model_copy(
                update={
                    "text": c.text + lower[c.col].text,
                    "evidence": Evidence.union([c.evidence, lower[c.col].evidence]),
                }
            )
            if c.col in lower
            else c
            for c in head.cells
        ]
        head.evidence = Evidence.union([head.evidence, line_evidence(lines[j])])
    rows = [head]
    rows += [_cells_at(lines[j], cut.cells, len(rows) + n) for n, (j, cut) in enumerate(table.rows)]
    out.append(table_block(rows, index + len(out), line.page))
    return out


_CORE = {"level1", "level2", "name", "target", "actual", "weight", "score"}


def placed_under_header(rows: list[Row]) -> list[Row]:
    """Rows below a header row whose merged cells are absent (their cells
    shifted left) get the columns the alignment to the header finds likeliest."""
    out: list[Row] = []
    header: list[str] | None = None
    for row in rows:
        filled = [c for c in row.cells if c.text.strip()]
        roles = {column_role(c.text) for c in filled}
        if len(roles & _CORE) >= 3:
            header = [c.text for c in row.cells]
            out.append(row)
            continue
        cols = None
        # A row as wide as the header (its empty cells written) keeps its columns;
        # a wider one holds stray breaks (``||||``) and is placed like a narrower one.
        if header is not None and filled and len(row.cells) != len(header):
            cols = place_cells([c.text for c in filled], header)
        if cols is None:
            out.append(row)
            continue
        cells = [c.model_copy(update={"col": k}) for c, k in zip(filled, cols, strict=True)]
        out.append(row.model_copy(update={"cells": cells}))
    return out
