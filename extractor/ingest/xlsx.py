"""XLSX -> drafts, through openpyxl: one page per worksheet, one table each.

Values are rendered as Excel shows them (``100%`` for 1.0 under a percent
format, fixed decimals, thousands separators), merged ranges become spans,
and empty rows/columns around the used area are dropped.

The workbook is opened read-only and each sheet's XML is streamed, keeping
only the cells that exist in the file: a sheet with cells at A1 and
XFD1048576 costs two cells, not the grid between them. The grid built from
them is capped (``settings.max_sheet_rows``/``max_sheet_cols`` from the first
filled cell, ``max_workbook_cells`` slots in all); what lies beyond is
dropped with a warning.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange

from extractor.errors import CorruptFile
from extractor.ingest.render import DraftCell, DraftPage, DraftTable
from extractor.settings import settings
from extractor.types import DocWarning, Evidence

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


@dataclass
class SheetCells:
    """The filled cells of one sheet, ``(row, col) -> text``, and its merges."""

    values: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1


def read_sheet_cells(ws: Any, budget: int) -> tuple[SheetCells, bool]:
    """The cells that exist in read-only sheet ``ws``'s XML (at most
    ``budget``) and whether more were left unread.

    openpyxl's own row iterator pads every gap with empty cells, so this
    drives its sheet parser directly, as ``ReadOnlyWorksheet`` does (``ws``
    is typed ``Any``: the stubs do not declare those attributes)."""
    wb = ws.parent
    out = SheetCells()
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for _, row in parser.parse():
            for raw in row:
                if raw["value"] is None:
                    continue
                cell = ReadOnlyCell(ws, **raw)
                text = format_value(cell.value, cell.number_format)
                if text:
                    if len(out.values) >= budget:
                        return out, True
                    out.values[(cell.row, cell.column)] = text
        if parser.merged_cells is not None:
            for merge in parser.merged_cells.mergeCell:
                r = CellRange(merge.ref)
                out.merges.append((r.min_row, r.min_col, r.max_row, r.max_col))
    return out, False


def sheet_to_draft(sheet: SheetCells, max_slots: int) -> tuple[DraftTable | None, str | None]:
    """The sheet's table (empty edges dropped, capped) and, if cells were
    dropped by a cap, what was dropped."""
    values = sheet.values
    if not values:
        return None, None
    top = min(r for r, _ in values)
    left = min(c for _, c in values)
    max_rows = max(1, min(settings.max_sheet_rows, max_slots))
    max_cols = max(1, min(settings.max_sheet_cols, max_slots))
    kept = {k: v for k, v in values.items() if k[0] < top + max_rows and k[1] < left + max_cols}
    bottom = max(r for r, _ in kept)
    right = max(c for _, c in kept)
    width = right - left + 1
    if (bottom - top + 1) * width > max_slots:
        bottom = top + max_slots // width - 1
        kept = {k: v for k, v in kept.items() if k[0] <= bottom}
    dropped = len(values) - len(kept)
    note = None
    if dropped:
        note = (
            f"{dropped} cells beyond rows {top}-{bottom}, columns {left}-{right} were not read "
            f"(limits: {settings.max_sheet_rows} rows, {settings.max_sheet_cols} columns, "
            f"{settings.max_workbook_cells} cells a workbook)"
        )
    # Merges clipped to the kept area: a merge over the whole sheet costs its overlap only.
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in sheet.merges:
        r1, c1 = min(r1, bottom), min(c1, right)
        if not (top <= r0 <= r1 and left <= c0 <= c1) or (r0, c0) in spans:
            continue
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update(
            (r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)
        )
    cells = []
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            cells.append(DraftCell(kept.get((r, c), ""), r - top, c - left, rs, cs))
    return DraftTable(cells=cells), note


def read_xlsx(data: bytes, filename: str) -> tuple[list[DraftPage], list[DocWarning]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on malformed workbooks
        raise CorruptFile(filename, f"unreadable XLSX: {type(exc).__name__}: {exc}") from exc
    pages: list[DraftPage] = []
    warnings: list[DocWarning] = []
    left = settings.max_workbook_cells
    try:
        for number, ws in enumerate(workbook.worksheets, start=1):
            if left <= 0:
                sheet, unread = SheetCells(), True
            else:
                sheet, unread = read_sheet_cells(ws, left)
            table, note = sheet_to_draft(sheet, max(left, 1))
            if unread:
                note = (note + "; " if note else "") + "cell limit reached while reading"
            if note:
                warnings.append(
                    DocWarning(
                        code="sheet_truncated",
                        message=f"{filename}: sheet {ws.title!r}: {note}",
                        evidence=Evidence(page=number),
                    )
                )
            pages.append(DraftPage(number=number, items=[table] if table else []))
            if table:  # the grid's area, empty slots included
                left -= max(c.row + c.row_span for c in table.cells) * max(
                    c.col + c.col_span for c in table.cells
                )
    finally:
        workbook.close()
    return pages, warnings
