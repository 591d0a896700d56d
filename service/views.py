"""Read models: a document's summary, its extraction with review state, the
review queue and the export rows. Stored indicators hold pure contract
JSON; review state is added here, on the way out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from extractor.types import RECORD_FIELDS, Extraction
from service.models import Document, Indicator

FIELDS = RECORD_FIELDS
_PROGRESS = {"queued": 0.0, "processing": 0.5, "done": 1.0, "failed": 1.0}


def iso(value: Any) -> str | None:
    return None if value is None else value.isoformat() + "Z"


def document_summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "filename": doc.filename,
        "sha256": doc.sha256,
        "size": doc.size,
        "media_type": doc.media_type,
        "status": doc.status,
        "progress": _PROGRESS.get(doc.status, 0.0),
        "attempts": doc.attempts,
        "error": None
        if doc.error_code is None
        else {"code": doc.error_code, "message": doc.error_message or ""},
        "form_type": doc.form_type,
        "department": doc.department,
        "year": doc.year,
        "approved": doc.approved_at is not None,
        "approved_at": iso(doc.approved_at),
        "approved_by": doc.approved_by,
        "uploaded_by": doc.uploaded_by,
        "created_at": iso(doc.created_at),
        "updated_at": iso(doc.updated_at),
        "processed_at": iso(doc.processed_at),
        "model": {
            "name": doc.model_name,
            "version": doc.model_version,
            "training_data_sha256": doc.model_data_sha256,
        },
    }


def etag(ind: Indicator) -> str:
    return f'"{ind.id}-{ind.version}"'


def field_confidence(data: dict[str, Any], field: str) -> float:
    item = data.get(field) or {}
    return float(item.get("confidence", 1.0)) if isinstance(item, dict) else 1.0


def min_confidence(data: dict[str, Any]) -> float:
    return min([field_confidence(data, f) for f in FIELDS] + [float(data.get("confidence", 1.0))])


def indicator_state(ind: Indicator) -> str:
    if ind.state in ("deleted", "added"):
        return ind.state
    states = set((ind.field_states or {}).values())
    if "corrected" in states:
        return "corrected"
    return "confirmed" if "confirmed" in states else "extracted"


def indicator_view(ind: Indicator) -> dict[str, Any]:
    default = "added" if ind.state == "added" else "extracted"
    review = {
        "state": indicator_state(ind),
        "fields": {f: (ind.field_states or {}).get(f, default) for f in FIELDS},
        "version": ind.version,
        "etag": etag(ind),
        # Runners-up of doubtful fields not reviewed yet (the review page's 1-9).
        "suggestions": {
            f: runners
            for f, runners in (ind.suggestions or {}).items()
            if f not in (ind.field_states or {})
        },
    }
    return {**ind.data, "review": review}


def extraction_view(
    doc: Document,
    indicators: Iterable[Indicator],
    *,
    max_confidence: float | None = None,
    include_deleted: bool = False,
) -> dict[str, Any]:
    """The contract JSON with review state per indicator and field."""
    items = []
    for ind in indicators:
        if ind.state == "deleted" and not include_deleted:
            continue
        if max_confidence is not None and min_confidence(ind.data) > max_confidence:
            continue
        items.append(indicator_view(ind))
    return {
        **(doc.extraction or {}),
        "indicators": items,
        "review": {
            "document_id": doc.id,
            "state": "approved" if doc.approved_at else "open",
            "approved_at": iso(doc.approved_at),
            "approved_by": doc.approved_by,
            "revision": doc.revision,
        },
    }


def corrected_extraction(doc: Document, indicators: Iterable[Indicator]) -> Extraction:
    """The document as the library's type, corrections in, deleted rows out."""
    live = [i.data for i in sorted(indicators, key=lambda i: i.position) if i.state != "deleted"]
    return Extraction.model_validate({**(doc.extraction or {}), "indicators": live})


def _reviewed(ind: Indicator, fields: Iterable[str]) -> bool:
    return any((ind.field_states or {}).get(f) in ("corrected", "confirmed") for f in fields)


def review_items(
    doc: Document, indicators: Iterable[Indicator], threshold: float
) -> Iterator[dict[str, Any]]:
    """Doubtful fields of one document: low confidence or a failed check, not yet reviewed."""
    for ind in indicators:
        if ind.state == "deleted":
            continue
        base = {
            "document_id": doc.id,
            "filename": doc.filename,
            "indicator_id": ind.iid,
            "name": (ind.data.get("name") or {}).get("value"),
            "etag": etag(ind),
        }
        for field in FIELDS:
            conf = field_confidence(ind.data, field)
            if conf < threshold and not _reviewed(ind, [field]):
                yield {**base, "field": field, "confidence": conf, "reason": "low_confidence"}
        for check in ind.data.get("checks") or []:
            if check.get("result") == "fail" and not _reviewed(ind, ["target", "actual", "status"]):
                yield {
                    **base,
                    "field": check.get("rule"),
                    "confidence": float(ind.data.get("confidence", 1.0)),
                    "reason": "failed_check",
                    "detail": check.get("detail"),
                }
