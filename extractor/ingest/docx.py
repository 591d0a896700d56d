"""DOCX -> drafts, through python-docx: paragraphs and tables in document order.

Paragraphs go to ``layout_text`` as lines, so text aligned with tabs or runs
of spaces (common in Word reports) becomes table rows, as it would in text.

Merged cells come from the table XML: ``gridSpan`` widens a cell, a
``vMerge`` continuation cell is folded into the cell above it (its
``row_span`` grows), ``gridBefore`` shifts a row's first cell.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractor.errors import CorruptFile
from extractor.ingest.render import (
    DraftCell,
    DraftItem,
    DraftPage,
    DraftRawText,
    DraftTable,
    join_lines,
)


def _cell_text(tc: Any, table: Table) -> str:
    lines = [Paragraph(p, table).text for p in tc.xpath(".//w:p")]
    return join_lines(lines)


def table_to_draft(table: Table) -> DraftTable:
    cells: list[DraftCell] = []
    below: dict[int, DraftCell] = {}  # column -> cell a vMerge continuation extends
    for r, tr in enumerate(table._tbl.tr_lst):
        col = int(getattr(tr, "grid_before", 0) or 0)
        for tc in tr.tc_lst:
            span = int(tc.grid_span or 1)
            merge = tc.vMerge
            above = below.get(col)
            if merge == "continue" and above is not None:
                above.row_span = r - above.row + 1
            else:
                cell = DraftCell(_cell_text(tc, table), r, col, 1, span)
                cells.append(cell)
                below[col] = cell
            col += span
    return DraftTable(cells=cells)


def read_docx(data: bytes, filename: str) -> list[DraftPage]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(filename, f"unreadable DOCX: {exc}") from exc
    items: list[DraftItem] = []
    lines: list[str] = []  # paragraphs since the last table
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            items.append(DraftRawText("\n".join(lines)))
            items.append(table_to_draft(block))
            lines = []
        else:
            lines.append(block.text)
    items.append(DraftRawText("\n".join(lines)))
    return [DraftPage(number=1, items=items)]
