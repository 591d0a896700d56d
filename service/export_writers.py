"""Export files with the library's columns plus the service's provenance:
the reviewer who approved the document, when, and the models that extracted it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from extractor.export import FLAT_COLUMNS
from service.models import Document
from service.views import iso

PROVENANCE_COLUMNS = [
    "approved_by",
    "approved_at",
    "model_version",
    "model_name",
    "model_data_sha256",
]
EXPORT_COLUMNS = FLAT_COLUMNS + PROVENANCE_COLUMNS


def provenance(doc: Document) -> dict[str, Any]:
    return {
        "approved_by": doc.approved_by,
        "approved_at": iso(doc.approved_at),
        "model_version": doc.model_version,
        "model_name": doc.model_name,
        "model_data_sha256": doc.model_data_sha256,
    }


def _ordered(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    return ({c: r.get(c) for c in EXPORT_COLUMNS} for r in rows)


def rows_to_jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in _ordered(rows))
    return "".join(lines).encode("utf-8")


def rows_to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(_ordered(rows))
    return buf.getvalue().encode("utf-8-sig")  # BOM: spreadsheets open it as UTF-8


def rows_to_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "indicators"
    ws.append(EXPORT_COLUMNS)
    for r in _ordered(rows):
        # Control characters (from OCR or broken text layers) cannot be stored in XLSX.
        ws.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r.values()]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


EXPORT_WRITERS = {"jsonl": rows_to_jsonl, "csv": rows_to_csv, "xlsx": rows_to_xlsx}
