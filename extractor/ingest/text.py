"""Decoded text -> pages: plain/TSV text, CSV, HTML, or text with HTML fragments.

Which one is decided from the content; the file name only tips the balance
for CSV when the content allows either reading.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from extractor.ingest.column_runs import rebuild_column_runs
from extractor.ingest.html import has_html, html_to_items, is_html_document, mixed_to_items
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.ingest.render import DraftCell, DraftPage, DraftRawText, DraftTable, render
from extractor.types import Page

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
    pages = rebuild_reading_order(text, text_to_pages(text))
    return TextResult("text/plain", text, rebuild_column_runs(text, pages))
