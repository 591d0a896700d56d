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
# A cell of a "|"-dumped table: text, then " |" (a row need not start with a pipe).
_PIPE_CELL = re.compile(r"[^|\s][^|]*\|")
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
    if _PIPE_CELL.search(text):
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
    cells = []
    for col, fragments in enumerate(group):
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
        cells.append(Cell(text=text, row=index, col=col, evidence=ev))
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
    return bool(_PIPE_CELL.search(t)) or not t.replace("|", "").strip()


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


def _pipe_table_rows(lines: list[Line]) -> dict[int, list[int]]:
    """Rows of "|"-dumped tables: first line index -> the lines of the row.

    A run of such lines is a table when it holds two rows of three filled cells.
    A line ending in a lone pipe is joined to the next while the pipes of the
    joined lines stay within the run's widest line (the table's width).
    """
    out: dict[int, list[int]] = {}
    i = 0
    while i < len(lines):
        if not _is_pipe_line(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_pipe_line(lines[j]) and lines[j].page == lines[i].page:
            j += 1
        run = range(i, j)
        bar_rows = _bar_line_rows(lines, i, j)
        if bar_rows is not None:
            out.update((row[0], row) for row in bar_rows)
        elif sum(_pipe_cells(lines[k]) >= _MIN_PIPE_CELLS for k in run) >= 2:
            width = max(lines[k].text.count("|") for k in run)
            k = i
            while k < j:
                row, pipes = [k], lines[k].text.count("|")
                while (
                    _continues(lines[row[-1]])
                    and row[-1] + 1 < j
                    and pipes + lines[row[-1] + 1].text.count("|") <= width
                ):
                    row.append(row[-1] + 1)
                    pipes += lines[row[-1]].text.count("|")
                out[k] = row
                k = row[-1] + 1
        i = j
    return out


def _pipe_row(lines: list[Line], index: int) -> Row:
    """One table row from one or more "|"-dumped lines, cells in order."""
    cells: list[Cell] = []
    for line in lines:
        for cell in _tab_row(line, index).cells:
            cells.append(cell.model_copy(update={"col": len(cells)}))
    return Row(
        index=index, cells=cells, evidence=Evidence.union([line_evidence(ln) for ln in lines])
    )


def text_to_pages(text: str) -> list[Page]:
    """Blocks of ``text`` grouped into pages (form feeds start a new page)."""
    lines = split_lines(text)
    pipe_rows = _pipe_table_rows(lines)
    spaced = space_tables(lines, {k for row in pipe_rows.values() for k in row})
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in spaced:
            blocks.extend(space_table_blocks(lines, i, spaced[i], len(blocks)))
            i = spaced[i].end
            continue
        if i in pipe_rows:
            rows: list[Row] = []
            while i in pipe_rows:
                if not lines[i].is_markdown_rule:
                    rows.append(_pipe_row([lines[k] for k in pipe_rows[i]], len(rows)))
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
