"""Decoded text -> pages: plain/TSV text, CSV, HTML, or text with HTML fragments.

Which one is decided from the content; the file name only tips the balance
for CSV when the content allows either reading.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from extractor.chinese_script import to_simplified
from extractor.ingest.column_runs import rebuild_column_runs
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.markup import has_html, is_html_document
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.ingest.render import DraftCell, DraftPage, DraftRawText, DraftTable, render
from extractor.types import Evidence, Page

# Share of non-empty CSV records that must have the modal field count.
_CSV_CONSISTENCY = 0.8


@dataclass
class TextResult:
    media_type: str
    text: str
    pages: list[Page]


def _csv_records(text: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None


def looks_like_csv(text: str, filename: str) -> bool:
    if "\t" in text or "," not in text:
        return False
    records = _csv_records(text)
    if not records:
        return False
    widths = [len(r) for r in records if any(c.strip() for c in r)]
    if not widths or max(widths) < 2:
        return False
    modal = max(sorted(set(widths)), key=widths.count)
    # A .csv name lowers the bar (one-row files, ragged rows); it never decides alone.
    needed = 0.5 if PurePath(filename).suffix.lower() == ".csv" else _CSV_CONSISTENCY
    enough_rows = len(widths) >= 2 or needed < _CSV_CONSISTENCY
    return enough_rows and modal >= 2 and widths.count(modal) / len(widths) >= needed


def csv_to_table(text: str) -> DraftTable:
    records = [r for r in _csv_records(text) or [] if any(c.strip() for c in r)]
    cells = [
        DraftCell(text=value.strip(), row=r, col=c)
        for r, record in enumerate(records)
        for c, value in enumerate(record)
    ]
    return DraftTable(cells=cells)


def read_text(text: str, filename: str) -> TextResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_html(text):
        from extractor.ingest.html import html_to_items, mixed_to_items

        if is_html_document(text):
            rendered, pages = render([DraftPage(1, html_to_items(text))])
            return TextResult("text/html", rendered, pages)
        items = mixed_to_items(text)
        rendered, pages = render([DraftPage(1, items)])
        only_markup = not any(isinstance(i, DraftRawText) for i in items)
        return TextResult("text/html" if only_markup else "text/plain", rendered, pages)
    if looks_like_csv(text, filename):
        rendered, pages = render([DraftPage(1, [csv_to_table(text)])])
        return TextResult("text/csv", rendered, pages)
    # Tables are found in the simplified view (same length, so every offset holds):
    # their header words and column kinds were learned in simplified characters. The
    # document keeps its text as written; the pipeline restores outputs from it.
    view = to_simplified(text, readings=False)  # readings stay: blanks would cut cells
    pages = rebuild_reading_order(view, text_to_pages(view))
    pages = rebuild_column_runs(view, pages)
    return TextResult("text/plain", text, pages if view == text else _as_written(pages, text, view))


def _as_written(pages: list[Page], text: str, view: str) -> list[Page]:
    """``pages`` found in ``view`` with every block's and cell's text cut from
    ``text`` at the same offsets (a cell joined from wrapped lines char by char)."""

    def written(s: str, ev: Evidence) -> str:
        a, b = ev.char_start, ev.char_end
        if a is None or b is None:
            return s
        if view[a:b] == s:
            return text[a:b]
        out, k = [], a
        for ch in s:
            j = view.find(ch, k, b)
            out.append(ch if j < 0 else text[j])  # a joining space is in neither
            k = k if j < 0 else j + 1
        return "".join(out)

    for page in pages:
        for block in page.blocks:
            block.text = written(block.text, block.evidence)
            for row in block.rows:
                for cell in row.cells:
                    cell.text = written(cell.text, cell.evidence)
    return pages
