"""Render backend drafts into ``Document.text`` plus pages of blocks.

Every backend (CSV, HTML, PDF, DOCX, XLSX, OCR) describes what it found as
drafts: paragraphs, tables of cells with spans, or raw text lines. This module
is the one place that writes the text rendering and so the one place that
computes evidence offsets: a table row is one line with its cells tab-separated
at their grid columns (positions covered by a merge stay empty, as in
``layout_text``), a paragraph is one line, blocks are separated by a blank
line, and pages are joined with a form feed. Re-reading ``Document.text`` with
``layout_text`` therefore sees the same rows, lines and offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.ingest.layout_text import text_to_pages
from extractor.types import Block, BlockKind, Cell, Evidence, Page, Row

BBox = list[float]

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_JOIN_WITHOUT_SPACE = re.compile(rf"[{_CJK}]$|^[{_CJK}]")


@dataclass
class DraftCell:
    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    bbox: BBox | None = None
    ocr_confidence: float | None = None


@dataclass
class DraftTable:
    cells: list[DraftCell]
    bbox: BBox | None = None


@dataclass
class DraftParagraph:
    text: str
    bbox: BBox | None = None
    ocr_confidence: float | None = None


@dataclass
class DraftRawText:
    """Lines kept verbatim and read by ``layout_text`` (plain text around HTML)."""

    text: str


DraftItem = DraftTable | DraftParagraph | DraftRawText


@dataclass
class DraftPage:
    number: int
    items: list[DraftItem] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    needs_ocr: bool = False
    ocr: bool = False


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines of one cell or paragraph: Chinese without a space."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_JOIN_WITHOUT_SPACE.search(out[-1]) or _JOIN_WITHOUT_SPACE.search(part[0])):
            out += " "
        out += part
    return out


def one_line(text: str) -> str:
    """Cell/paragraph text safe for the one-line-per-row rendering."""
    return join_lines(re.split(r"[\t\r\n\f\v]+", text))


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.line = 1  # number of the line the next character lands on
        self.page = 1

    def write(self, text: str) -> int:
        start = self.offset
        self.parts.append(text)
        self.offset += len(text)
        self.line += text.count("\n")
        return start


def _evidence(w: _Writer, start: int, end: int, bbox: BBox | None) -> Evidence:
    return Evidence(
        page=w.page,
        line_start=w.line,
        line_end=w.line,
        char_start=start,
        char_end=end,
        bbox=[round(v, 2) for v in bbox] if bbox else None,
    )


def _write_paragraph(w: _Writer, item: DraftParagraph, index: int) -> Block:
    text = one_line(item.text)
    start = w.write(text)
    block = Block(
        kind=BlockKind.paragraph,
        index=index,
        page=w.page,
        text=text,
        evidence=_evidence(w, start, start + len(text), item.bbox),
        ocr_confidence=item.ocr_confidence,
    )
    w.write("\n")
    return block


def _write_table(w: _Writer, table: DraftTable, index: int) -> Block:
    n_rows = max(c.row + c.row_span for c in table.cells)
    n_cols = max(c.col + c.col_span for c in table.cells)
    by_row: dict[int, list[DraftCell]] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    rows: list[Row] = []
    for r in range(n_rows):
        anchored = {c.col: c for c in by_row.get(r, [])}
        cells: list[Cell] = []
        line_start = w.offset
        for col in range(n_cols):
            if col:
                w.write("\t")
            draft = anchored.get(col)
            if draft is None:
                continue
            text = one_line(draft.text)
            start = w.write(text)
            cells.append(
                Cell(
                    text=text,
                    row=r,
                    col=col,
                    row_span=draft.row_span,
                    col_span=draft.col_span,
                    evidence=_evidence(w, start, start + len(text), draft.bbox),
                    ocr_confidence=draft.ocr_confidence,
                )
            )
        row_ev = _evidence(w, line_start, w.offset, None)
        row_ev.bbox = Evidence.union([c.evidence for c in cells]).bbox
        rows.append(Row(index=r, cells=cells, evidence=row_ev))
        w.write("\n")
    ev = Evidence.union([r.evidence for r in rows])
    if table.bbox:
        ev.bbox = [round(v, 2) for v in table.bbox]
    return Block(
        kind=BlockKind.table,
        index=index,
        page=rows[0].evidence.page or w.page,
        rows=rows,
        text="\n".join("\t".join(c.text for c in row.cells) for row in rows),
        evidence=ev,
    )


def _shift(ev: Evidence, chars: int, lines: int, page: int) -> None:
    if ev.char_start is not None:
        ev.char_start += chars
    if ev.char_end is not None:
        ev.char_end += chars
    if ev.line_start is not None:
        ev.line_start += lines
    if ev.line_end is not None:
        ev.line_end += lines
    ev.page = page


def _write_raw(w: _Writer, item: DraftRawText, first_index: int) -> list[Block]:
    text = item.text.replace("\f", "\n").strip("\n")
    if not text.strip():
        return []
    base_offset, base_line = w.offset, w.line - 1
    w.write(text + "\n")
    blocks = [b for p in text_to_pages(text) for b in p.blocks]
    for i, block in enumerate(blocks):
        block.index = first_index + i
        block.page = w.page
        _shift(block.evidence, base_offset, base_line, w.page)
        for row in block.rows:
            _shift(row.evidence, base_offset, base_line, w.page)
            for cell in row.cells:
                _shift(cell.evidence, base_offset, base_line, w.page)
    return blocks


def _is_empty(item: DraftItem) -> bool:
    if isinstance(item, DraftParagraph):
        return not one_line(item.text)
    if isinstance(item, DraftTable):
        return not item.cells
    return not item.text.strip()


def render(pages: list[DraftPage]) -> tuple[str, list[Page]]:
    """The text rendering of ``pages`` and the matching ``Page`` models."""
    w = _Writer()
    out: list[Page] = []
    done = 0
    for n, draft in enumerate(pages):
        if n:
            w.write("\f")
        page = Page(
            number=draft.number,
            width=draft.width,
            height=draft.height,
            needs_ocr=draft.needs_ocr,
            ocr=draft.ocr,
        )
        w.page = draft.number
        for item in draft.items:
            if _is_empty(item):
                continue
            if page.blocks:
                w.write("\n")  # blank line: adjacent tables stay apart when re-read
            if isinstance(item, DraftParagraph):
                page.blocks.append(_write_paragraph(w, item, done + len(page.blocks)))
            elif isinstance(item, DraftTable):
                page.blocks.append(_write_table(w, item, done + len(page.blocks)))
            else:
                page.blocks.extend(_write_raw(w, item, done + len(page.blocks)))
        done += len(page.blocks)
        out.append(page)
    return "".join(w.parts), out


def page_to_draft(page: Page) -> DraftPage:
    """Turn an already-built ``Page`` (e.g. from OCR) back into drafts to re-render."""
    items: list[DraftItem] = []
    for block in page.blocks:
        if block.kind == BlockKind.table:
            cells = [
                DraftCell(
                    text=c.text,
                    row=c.row,
                    col=c.col,
                    row_span=c.row_span,
                    col_span=c.col_span,
                    bbox=c.evidence.bbox,
                    ocr_confidence=c.ocr_confidence,
                )
                for row in block.rows
                for c in row.cells
            ]
            items.append(DraftTable(cells=cells, bbox=block.evidence.bbox))
        else:
            items.append(
                DraftParagraph(
                    text=block.text, bbox=block.evidence.bbox, ocr_confidence=block.ocr_confidence
                )
            )
    return DraftPage(
        number=page.number,
        items=items,
        width=page.width,
        height=page.height,
        needs_ocr=False,
        ocr=page.ocr,
    )
