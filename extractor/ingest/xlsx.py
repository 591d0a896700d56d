"""XLSX -> drafts, through openpyxl: one page per worksheet, one table each.

Values are rendered as Excel shows them (``100%`` for 1.0 under a percent
format, fixed decimals, thousands separators), merged ranges become spans,
and empty rows/columns around the used area are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from extractor.errors import CorruptFile
from extractor.ingest.render import DraftCell, DraftPage, DraftTable

_DECIMALS = re.compile(r"\.([0#?]+)")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def format_value(value: object, number_format: str | None) -> str:
    """``value`` as the spreadsheet displays it (the common formats only)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if not isinstance(value, int | float):
        return str(value).strip()
    fmt = _QUOTED.sub("", (number_format or "General").split(";")[0])
    if fmt in ("General", "@", ""):
        return str(value) if isinstance(value, int) else f"{value:.15g}"
    match = _DECIMALS.search(fmt)
    decimals = len(match.group(1)) if match else 0
    if "%" in fmt:
        return f"{value * 100:.{decimals}f}%"
    grouping = "," if "," in fmt.split(".")[0] else ""
    return f"{value:{grouping}.{decimals}f}"


def sheet_to_draft(ws: Worksheet) -> DraftTable | None:
    values: dict[tuple[int, int], str] = {}
    # The stored cells only: iter_rows() would create every cell up to the
    # sheet's max row/column, which formatting alone can push to a million.
    for (r, c), cell in ws._cells.items():
        if cell.value is not None:
            text = format_value(cell.value, cell.number_format)
            if text:
                values[(r, c)] = text
    if not values:
        return None
    spans = {
        (m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
        for m in ws.merged_cells.ranges
    }
    covered = {
        (r, c)
        for (r0, c0), (rs, cs) in spans.items()
        for r in range(r0, r0 + rs)
        for c in range(c0, c0 + cs)
        if (r, c) != (r0, c0)
    }
    top, bottom = min(r for r, _ in values), max(r for r, _ in values)
    left, right = min(c for _, c in values), max(c for _, c in values)
    cells = []
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            rs, cs = min(rs, bottom - r + 1), min(cs, right - c + 1)
            cells.append(DraftCell(values.get((r, c), ""), r - top, c - left, rs, cs))
    return DraftTable(cells=cells)


def read_xlsx(data: bytes, filename: str) -> list[DraftPage]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(filename, f"unreadable XLSX: {exc}") from exc
    pages = []
    for number, ws in enumerate(workbook.worksheets, start=1):
        table = sheet_to_draft(ws)
        pages.append(DraftPage(number=number, items=[table] if table else []))
    workbook.close()
    return pages
