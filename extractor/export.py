"""Writers for the contract JSON and the flat exports (JSONL, CSV, XLSX).

Every writer goes through ``atomic_write`` so a crash never leaves a
half-written file where a finished one is expected.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.types import Extraction, IndicatorRecord, Value

# Stable column names for downstream systems: never rename, only append.
FLAT_COLUMNS = [
    "document", "sha256", "form_type", "department", "year", "indicator_id",
    "group", "level1", "level2", "name",
    "target_text", "target_kind", "target_op", "target_value", "target_upper", "target_unit",
    "actual_text", "actual_kind", "actual_op", "actual_value", "actual_upper", "actual_unit",
    "weight", "score", "status_text", "status_label", "deviation",
    "target_met", "claim_consistent", "confidence", "min_field_confidence",
]  # fmt: skip


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder +
    rename, then sync the folder, so the file is either whole or absent even
    after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Sync a folder so that a rename into it survives a crash."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def to_json_bytes(extraction: Extraction) -> bytes:
    return json.dumps(extraction.to_json_dict(), ensure_ascii=False, indent=1).encode("utf-8")


def _value_cols(prefix: str, v: Value) -> dict[str, Any]:
    return {
        f"{prefix}_text": v.text,
        f"{prefix}_kind": v.kind,
        f"{prefix}_op": v.op,
        f"{prefix}_value": v.value,
        f"{prefix}_upper": v.upper,
        f"{prefix}_unit": v.unit,
    }


def _check(rec: IndicatorRecord, rule: str) -> str | None:
    return next((c.result for c in rec.checks if c.rule == rule), None)


def field_confidences(rec: IndicatorRecord) -> dict[str, float]:
    return {
        "name": rec.name.confidence,
        "group": rec.group.confidence,
        "level1": rec.level1.confidence,
        "level2": rec.level2.confidence,
        "target": rec.target.confidence,
        "actual": rec.actual.confidence,
        "weight": rec.weight.confidence,
        "score": rec.score.confidence,
        "status": rec.status.confidence,
        "deviation": rec.deviation.confidence,
    }


def flat_rows(extraction: Extraction) -> Iterable[dict[str, Any]]:
    """One row per indicator with the stable ``FLAT_COLUMNS``."""
    for rec in extraction.indicators:
        row: dict[str, Any] = {
            "document": extraction.source.filename,
            "sha256": extraction.source.sha256,
            "form_type": extraction.form_type.value,
            "department": extraction.department.value,
            "year": extraction.year.value,
            "indicator_id": rec.id,
            "group": rec.group.value,
            "level1": rec.level1.value,
            "level2": rec.level2.value,
            "name": rec.name.value,
            "weight": rec.weight.value,
            "score": rec.score.value,
            "status_text": rec.status.text,
            "status_label": rec.status.label,
            "deviation": rec.deviation.text,
            "target_met": _check(rec, "target_met"),
            "claim_consistent": _check(rec, "claim_consistent"),
            "confidence": round(rec.confidence, 4),
            "min_field_confidence": round(min(field_confidences(rec).values()), 4),
        }
        row.update(_value_cols("target", rec.target))
        row.update(_value_cols("actual", rec.actual))
        yield {c: row.get(c) for c in FLAT_COLUMNS}


def rows_to_jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def rows_to_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow(r)
    # BOM so spreadsheet programs open the Chinese text as UTF-8.
    return buf.getvalue().encode("utf-8-sig")


def rows_to_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "indicators"
    ws.append(FLAT_COLUMNS)
    for r in rows:
        # Control characters (from OCR or broken text layers) cannot be stored in XLSX.
        ws.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                for v in (r[c] for c in FLAT_COLUMNS)
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FLAT_WRITERS = {"jsonl": rows_to_jsonl, "csv": rows_to_csv, "xlsx": rows_to_xlsx}
