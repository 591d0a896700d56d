"""Turn extracted plain text into pages, blocks, rows and cells.

Text pulled from PDFs and spreadsheets arrives in three table shapes, all
handled here because they are properties of the text, not of the file type:

* tab-separated rows, one row a line (leading tabs are empty cells, so a row
  whose first cells are merged away keeps its column positions);
* "one cell a line": every cell on its own line behind a single tab, rows
  separated by blank lines (how several PDF converters dump tables);
* rows of an HTML table dumped as text with ``|`` after every cell
  (``数量指标 | 受益人口 | 10 | 90人 | ||||``): runs of empty cells pad a row to the
  table's width, and a cell holding a line break ends its line with a lone
  ``|``, the row going on below (``产出指标（50分） |`` / ``数量指标 | …``);
* rows whose cells are joined by single spaces under a header line naming
  the columns (``一级指标 二级指标 三级指标 指标值 …`` / ``产出指标 数量指标 培训人数
  ≥200人 …``), cut back into cells by ``space_rows``;
* prose lines, which become paragraph blocks.

Form feeds split pages. Every cell keeps its line number and character
offsets into the text, so evidence points back at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.ingest.line_cells import line_cell_block, line_cell_tables, spanning_cell
from extractor.ingest.space_tables import (
    placed_under_header,
    space_table_blocks,
    space_tables,
)
from extractor.ingest.text_blocks import line_evidence, table_block
from extractor.types import Block, BlockKind, Cell, Evidence, Page, Row

# Markdown rows (| a | b |) and their rule lines (|---|:--:|).
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
# Columns separated by runs of spaces (tabs lost in conversion): two or more
# ASCII spaces or any ideographic space.
_SPACE_GAP = re.compile(r"(?: {2,}|\u3000+)")
_MIN_SPACE_CELLS = 3
# Share of a run's lines opening with a bar when its rows have outer bars.
_OUTER_SHARE = 0.8
# A "|"-dumped row with this many filled cells makes the run around it a table.
_MIN_PIPE_CELLS = 3


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # char offset of the first character
    text: str  # without the newline
    page: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_cell_line(self) -> bool:
        """One cell behind a single leading tab (or an empty cell: a lone tab)."""
        return self.text.startswith("\t") and "\t" not in self.text[1:]

    @property
    def is_tab_row(self) -> bool:
        return "\t" in self.text and not self.is_cell_line

    @property
    def is_markdown_rule(self) -> bool:
        return bool(_MD_RULE.match(self.text))

    @property
    def is_table_row(self) -> bool:
        """A row of cells: tab-separated, markdown, or aligned with runs of spaces."""
        if self.is_tab_row or _MD_ROW.match(self.text):
            return True
        return len(_space_spans(self.text)) >= _MIN_SPACE_CELLS


def _space_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SPACE_GAP.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()] if len(spans) > 1 else []


def _has_pipe_cell(text: str) -> bool:
    """Does ``text`` hold a cell of a "|"-dumped table: text, then a pipe (a row need not
    start with one)? (Split at the pipes, not searched for: a search for text before a
    pipe is quadratic in a long line that has none.)"""
    return any(part.strip() for part in text.split("|")[:-1])


def cell_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row line, empty cells included."""
    if "\t" in text:
        spans, pos = [], 0
        for part in text.split("\t"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans
    if _MD_ROW.match(text):
        first, last = text.index("|"), text.rindex("|")
        spans, pos = [], first + 1
        for part in text[first + 1 : last].split("|"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans
    if _has_pipe_cell(text):
        spans, pos = [], 0
        for part in text.split("|"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans
    return _space_spans(text)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    page = 1
    for number, raw in enumerate(text.split("\n"), start=1):
        body = raw
        while body.startswith("\f"):
            page += 1
            body = body[1:]
            offset += 1
        lines.append(Line(number, offset, body.rstrip("\r"), page))
        offset += len(raw) + 1
    return lines


def _tab_row(line: Line, index: int) -> Row:
    cells: list[Cell] = []
    spans = cell_spans(line.text)
    while spans and not line.text[spans[-1][0] : spans[-1][1]].strip():
        spans.pop()
    for col, (a, b) in enumerate(spans):
        part = line.text[a:b]
        stripped = part.strip()
        start = line.start + a + len(part) - len(part.lstrip())
        cells.append(
            Cell(
                text=stripped,
                row=index,
                col=col,
                evidence=line_evidence(line, start, start + len(stripped)),
            )
        )
    return Row(index=index, cells=cells, evidence=line_evidence(line))


def _cell_lines_row(group: list[list[Line]], index: int) -> Row:
    """A row of one-cell-a-line cells; a cell may be several wrapped lines."""
    cells = [spanning_cell(fragments, index, col) for col, fragments in enumerate(group)]
    return Row(index=index, cells=cells, evidence=Evidence.union([c.evidence for c in cells]))


# A wrapped cell's tail can land on its own untabbed line between blank
# lines ("\t社会效益指" / "" / "标"); such short lines continue the cell.
_MAX_WRAP_CHARS = 8


def _next_nonblank(lines: list[Line], j: int) -> Line | None:
    while j < len(lines) and lines[j].blank:
        j += 1
    return lines[j] if j < len(lines) else None


def _cell_line_run(lines: list[Line], i: int) -> tuple[list[list[list[Line]]], int]:
    """Collect a run of one-cell-a-line rows starting at ``lines[i]``.

    Returns rows (each a list of cells, each cell a list of line fragments)
    and the index after the run. Blank lines separate rows; the run ends at
    the first line that is neither blank, a cell line, nor a wrapped tail.
    """
    groups: list[list[list[Line]]] = []
    current: list[list[Line]] = []
    j = i
    while j < len(lines):
        line = lines[j]
        if line.is_cell_line:
            current.append([line])
        elif line.blank:
            if current:
                groups.append(current)
                current = []
        elif (
            "\t" not in line.text
            and len(line.text.strip()) <= _MAX_WRAP_CHARS
            and (groups or current)
            and (nxt := _next_nonblank(lines, j + 1)) is not None
            and nxt.is_cell_line
        ):
            # Re-open the row the wrapped cell belongs to and extend its last cell.
            if not current:
                current = groups.pop()
            current[-1].append(line)
        else:
            break
        j += 1
    if current:
        groups.append(current)
    return groups, j


def _is_pipe_line(line: Line) -> bool:
    """A line of a "|"-dumped table: cells closed by pipes, or only empty cells."""
    t = line.text
    if "\t" in t or "|" not in t:
        return False
    return _has_pipe_cell(t) or not t.replace("|", "").strip()


def _pipe_cells(line: Line) -> int:
    """Filled cells of a "|"-dumped row line."""
    return sum(1 for part in line.text.split("|") if part.strip())


def _continues(line: Line) -> bool:
    """The line ends inside its row: a lone closing pipe, no padding run."""
    t = line.text.strip()
    # A markdown-style line (| a | b |) is a whole row; only bare dumps wrap.
    return t.endswith("|") and not t.startswith("|") and not re.search(r"\|\s*\|$", t)


def _bar_line_rows(lines: list[Line], i: int, j: int) -> list[list[int]] | None:
    """Rows of a table saved with every cell on a line of its own (``X |``), a
    run of bars closing each row (``||``) and a lone bar opening the next: the
    bars-only lines split the run into rows. None unless every cell line but
    one holds a single cell, two rows have three cells and some row closes
    with a run of bars (lone bars alone may be empty cells, not row breaks)."""
    cell_lines = [k for k in range(i, j) if _pipe_cells(lines[k])]
    if sum(_pipe_cells(lines[k]) > 1 for k in cell_lines) > 1:
        return None
    if not any(lines[k].text.strip().startswith("||") for k in range(i, j)):
        return None
    rows: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for k in range(i, j):
        current.append(k)
        if _pipe_cells(lines[k]):
            filled += 1
        elif filled:
            rows.append(current)
            current, filled = [], 0
    if current:
        rows.append(current)
    full = sum(sum(_pipe_cells(lines[k]) for k in row) >= _MIN_PIPE_CELLS for row in rows)
    return rows if full >= 2 else None


def _outer(lines: list[Line], run: range) -> bool:
    """The run writes its rows between outer bars (``| a | b |``): nearly every
    line opens with a bar (without outer bars only rows whose first cell is
    empty do), the others being wrapped cells' tails."""
    opened = sum(lines[k].text.strip().startswith("|") for k in run)
    closed = sum(_MD_ROW.match(lines[k].text) is not None for k in run)
    return closed >= 2 and opened >= _OUTER_SHARE * len(run)


def _wrapped(lines: list[Line], k: int, outer: bool) -> bool:
    """Line ``k + 1`` goes on with line ``k``'s last cell: a line break inside a
    cell, told where rows open and close with a bar (a line that does not close
    goes on below; without outer bars a row may end with its last cell)."""
    a = lines[k].text.strip()
    return outer and not a.endswith("|") and not _MD_ROW.match(lines[k + 1].text)


def _pipe_run_end(lines: list[Line], i: int) -> int:
    """The index after the run of "|"-dumped lines at ``i``: a line without
    bars between two of them (a cell's wrapped tail) stays in the run."""
    j = i
    while j < len(lines) and lines[j].page == lines[i].page:
        if _is_pipe_line(lines[j]) or (
            not lines[j].blank
            and j > i
            and _MD_ROW.match(lines[i].text)
            and j + 1 < len(lines)
            and _is_pipe_line(lines[j + 1])
            and lines[j + 1].page == lines[i].page
        ):
            j += 1
        else:
            break
    return j


def _pipe_table_rows(lines: list[Line]) -> dict[int, list[int]]:
    """Rows of "|"-dumped tables: first line index -> the lines of the row.

    A run of such lines is a table when it holds two rows of three filled cells.
    A line ending in a lone pipe is joined to the next while the pipes of the
    joined lines stay within the run's widest line (the table's width); so is a
    line whose last cell goes on at the next line (``_wrapped``).
    """
    out: dict[int, list[int]] = {}
    i = 0
    while i < len(lines):
        if not _is_pipe_line(lines[i]):
            i += 1
            continue
        j = _pipe_run_end(lines, i)
        run = range(i, j)
        bar_rows = _bar_line_rows(lines, i, j)
        if bar_rows is not None:
            out.update((row[0], row) for row in bar_rows)
        elif sum(_pipe_cells(lines[k]) >= _MIN_PIPE_CELLS for k in run) >= 2:
            width = max(lines[k].text.count("|") for k in run)
            outer = _outer(lines, run)
            k = i
            while k < j:
                row, pipes = [k], lines[k].text.count("|")
                while row[-1] + 1 < j and (
                    _wrapped(lines, row[-1], outer)
                    or (
                        _continues(lines[row[-1]])
                        and pipes + lines[row[-1] + 1].text.count("|") <= width
                    )
                ):
                    row.append(row[-1] + 1)
                    pipes += lines[row[-1]].text.count("|")
                out[k] = row
                k = row[-1] + 1
        i = j
    return out


def _pipe_spans(line: Line, opens: bool, closes: bool) -> list[tuple[int, int]]:
    """(start, end) of each cell of a pipe line, the row's outer bars dropped."""
    t = line.text
    a, b = 0, len(t)
    if opens and t.strip().startswith("|"):
        a = len(t) - len(t.lstrip()) + 1
    if closes and t.strip().endswith("|") and len(t.strip()) > 1:
        b = len(t.rstrip()) - 1
    spans, pos = [], a
    for part in t[a:b].split("|"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans


def _pipe_row(lines: list[Line], index: int) -> Row:
    """One table row from one or more "|"-dumped lines, cells in order; a cell
    broken across two lines is one cell."""
    if len(lines) == 1:
        return _tab_row(lines[0], index)
    pieces: list[list[tuple[Line, int, int]]] = []
    for n, line in enumerate(lines):
        spans = _pipe_spans(line, n == 0, True)
        goes_on = n and not (
            lines[n - 1].text.strip().endswith("|") or line.text.strip().startswith("|")
        )
        for m, (a, b) in enumerate(spans):
            if m == 0 and goes_on and pieces:
                pieces[-1].append((line, a, b))
            else:
                pieces.append([(line, a, b)])
    while pieces and not "".join(ln.text[a:b] for ln, a, b in pieces[-1]).strip():
        pieces.pop()
    cells: list[Cell] = []
    for frags in pieces:
        text = "".join(ln.text[a:b].strip() for ln, a, b in frags)
        first, last = frags[0], frags[-1]
        f_part = first[0].text[first[1] : first[2]]
        start = first[0].start + first[1] + len(f_part) - len(f_part.lstrip())
        l_part = last[0].text[last[1] : last[2]]
        end = last[0].start + last[1] + len(l_part.rstrip())
        ev = Evidence(
            page=first[0].page,
            line_start=first[0].number,
            line_end=last[0].number,
            char_start=start,
            char_end=max(start, end),
        )
        cells.append(Cell(text=text, row=index, col=len(cells), evidence=ev))
    return Row(
        index=index, cells=cells, evidence=Evidence.union([line_evidence(ln) for ln in lines])
    )


def text_to_pages(text: str) -> list[Page]:
    """Blocks of ``text`` grouped into pages (form feeds start a new page)."""
    lines = split_lines(text)
    cell_tables = line_cell_tables(lines)
    in_cells = {k for t in cell_tables.values() for k in range(t.taken[0], t.end)}
    pipe_rows = {
        k: row for k, row in _pipe_table_rows(lines).items() if not in_cells.intersection(row)
    }
    spaced = space_tables(lines, in_cells | {k for row in pipe_rows.values() for k in row})
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in cell_tables:
            blocks.append(line_cell_block(cell_tables[i], len(blocks)))
            i = cell_tables[i].end
            continue
        if i in spaced:
            blocks.extend(space_table_blocks(lines, i, spaced[i], len(blocks)))
            i = spaced[i].end
            continue
        if i in pipe_rows:
            rows: list[Row] = []
            while i in pipe_rows:
                row = _pipe_row([lines[k] for k in pipe_rows[i]], len(rows))
                # A line of text between two rows (no bar, no cell) makes no row.
                if not lines[i].is_markdown_rule and (row.cells or "|" in lines[i].text):
                    rows.append(row)
                i = pipe_rows[i][-1] + 1
            blocks.append(table_block(placed_under_header(rows), len(blocks), line.page))
            continue
        # A lone tab is an empty cell when a one-cell-a-line row goes on below it.
        opens_row = line.is_cell_line and i + 1 < len(lines) and lines[i + 1].is_cell_line
        if line.blank and not opens_row:
            i += 1
            continue
        if line.is_cell_line:
            groups, j = _cell_line_run(lines, i)
            if any(len(g) > 1 for g in groups):
                rows = [_cell_lines_row(g, k) for k, g in enumerate(groups)]
                blocks.append(table_block(rows, len(blocks), line.page))
                i = j
                continue
        if line.is_table_row or line.is_cell_line:
            rows = []
            j = i
            while j < len(lines) and (
                lines[j].is_table_row or lines[j].is_cell_line or lines[j].is_markdown_rule
            ):
                if lines[j].page != line.page and rows:
                    break
                if not lines[j].is_markdown_rule:
                    rows.append(_tab_row(lines[j], len(rows)))
                j += 1
            blocks.append(table_block(rows, len(blocks), line.page))
            i = j
            continue
        stripped = line.text.strip()
        start = line.start + len(line.text) - len(line.text.lstrip())
        blocks.append(
            Block(
                kind=BlockKind.paragraph,
                index=len(blocks),
                page=line.page,
                text=stripped,
                evidence=line_evidence(line, start, start + len(stripped)),
            )
        )
        i += 1
    n_pages = max((ln.page for ln in lines), default=1)
    pages = [Page(number=n) for n in range(1, n_pages + 1)]
    for block in blocks:
        pages[block.page - 1].blocks.append(block)
    return pages
