"""Render OCR'd pages as ``Document.text`` and point every evidence into it.

The layout follows ``extractor/ingest/layout_text.py``'s reading of text:
a paragraph is one line; a table is one line a row, cells tab-separated at
their grid columns (a slot covered by a merged cell stays empty, as in the
text exports of the same reports); pages are joined with a form feed.
Offsets and line numbers are written into the blocks, rows and cells.
"""

from __future__ import annotations

from extractor.types import Block, BlockKind, Evidence, Page


class _Writer:
    def __init__(self, start_offset: int, first_line: int) -> None:
        self.parts: list[str] = []
        self.offset = start_offset
        self.line = first_line

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.offset += len(s)
        self.line += s.count("\n")


def _place(ev: Evidence, start: int, end: int, line: int) -> None:
    ev.char_start, ev.char_end = start, end
    ev.line_start = ev.line_end = line


def _write_table(block: Block, out: _Writer) -> None:
    width = block.n_cols
    for r, row in enumerate(block.rows):
        if r:
            out.write("\n")
        by_col = {c.col: c for c in row.cells}
        line_start = out.offset
        last = max((c.col for c in row.cells if c.text), default=-1)
        for col in range(min(width, last + 1)):
            if col:
                out.write("\t")
            cell = by_col.get(col)
            start = out.offset
            if cell is not None:
                out.write(cell.text)
                _place(cell.evidence, start, out.offset, out.line)
        for cell in row.cells:  # empty trailing cells point at the row's end
            if cell.col > last:
                _place(cell.evidence, out.offset, out.offset, out.line)
        _place(row.evidence, line_start, out.offset, out.line)
    block.text = "\n".join("\t".join(c.text for c in row.cells) for row in block.rows)


def render_pages(pages: list[Page], start_offset: int = 0, first_line: int = 1) -> str:
    """The text of ``pages`` (joined by "\\f"), setting every evidence's
    ``char_start``/``char_end`` and line numbers to match it.

    ``start_offset``/``first_line`` place the text inside a larger document
    (the PDF backend splicing OCR'd pages between text-layer ones).
    """
    out = _Writer(start_offset, first_line)
    for p_i, page in enumerate(pages):
        if p_i:
            out.write("\n\f")
        for b_i, block in enumerate(page.blocks):
            if b_i:
                out.write("\n")
            start, line = out.offset, out.line
            if block.kind == BlockKind.table:
                _write_table(block, out)
            else:
                out.write(block.text)
            block.evidence.char_start, block.evidence.char_end = start, out.offset
            block.evidence.line_start, block.evidence.line_end = line, out.line
    return "".join(out.parts)
