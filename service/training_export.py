"""Approved documents as training data: ``docs/<stem>.<ext>`` + ``gold/<stem>.json``.

The gold file is the scorer's format (training_data/README.md), built from the
document as reviewed: corrections in, rows marked false out, rows a reviewer
added in. A ``review`` key records who approved it and which fields a person
corrected or confirmed (the scorer and ``extractor train`` ignore it).
``claims/review_<stem>.jsonl`` gives the claim classifier every row's status
words with the label the approved document gives them (claims/README.md format).

``extractor training-data export --out DIR`` calls :func:`export_approved`;
the service's ``/v1/training-data`` endpoints call :func:`training_zip`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.export import atomic_write
from extractor.training.corpus import extraction_to_gold
from service.models import Document, Indicator
from service.runtime import Runtime
from service.settings import ServiceSettings
from service.views import corrected_extraction, iso

# The suffixes the ingest sniffs by content anyway; the name only has to look right.
_SUFFIX_BY_MEDIA = {
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/html": ".html",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass
class TrainingItem:
    """One approved document as training data."""

    stem: str
    doc_name: str  # file name under docs/
    source: bytes
    gold: dict[str, Any]
    # Status words and the label the approved document gives them (claims/ format).
    claims: list[dict[str, Any]] = field(default_factory=list)


def training_stem(doc: Document) -> str:
    """A file-system-safe stem, unique per content: ``<name>_<sha256[:12]>``."""
    base = _UNSAFE.sub("_", PurePath(doc.filename).stem).strip("._") or "document"
    return f"{base[:60]}_{doc.sha256[:12]}"


def _suffix(doc: Document) -> str:
    own = PurePath(doc.filename).suffix.lower()
    if own and _UNSAFE.sub("", own) == own and len(own) <= 6:
        return own
    return _SUFFIX_BY_MEDIA.get(doc.media_type.split(";")[0].strip(), ".bin")


def gold_for(doc: Document, indicators: Iterable[Indicator], doc_name: str) -> dict[str, Any]:
    """The reviewed document in the scorer's gold format, with a ``review`` record."""
    inds = sorted(indicators, key=lambda i: i.position)
    gold = extraction_to_gold(corrected_extraction(doc, inds), doc_name)
    live = [i for i in inds if i.state != "deleted"]
    gold["review"] = {
        "document_id": doc.id,
        "approved_at": iso(doc.approved_at),
        "approved_by": doc.approved_by,
        "rows": [
            {
                "id": ind.iid,
                "added": ind.state == "added",
                "fields": dict(sorted((ind.field_states or {}).items())),
            }
            for ind in live
        ],
        "deleted": [i.iid for i in inds if i.state == "deleted"],
    }
    return gold


def claims_for(indicators: Iterable[Indicator], stem: str) -> list[dict[str, Any]]:
    """Every live row's status words with their label, for the claim classifier."""
    out = []
    for ind in sorted(indicators, key=lambda i: i.position):
        status = ind.data.get("status") or {}
        text = (status.get("text") or "").strip()
        if ind.state != "deleted" and text:
            label = status.get("label")
            out.append(
                {"text": text, "label": label, "group": f"review-{stem}", "source": "review"}
            )
    return out


def training_item(s: Session, rt: Runtime, doc: Document) -> TrainingItem:
    inds = s.scalars(select(Indicator).where(Indicator.document_id == doc.id)).all()
    stem = training_stem(doc)
    doc_name = stem + _suffix(doc)
    gold = gold_for(doc, inds, doc_name)
    return TrainingItem(stem, doc_name, rt.store.get(doc.sha256), gold, claims_for(inds, stem))


def _claims_bytes(item: TrainingItem) -> bytes:
    lines = [json.dumps(c, ensure_ascii=False) + "\n" for c in item.claims]
    return "".join(lines).encode("utf-8")


def approved_documents(s: Session, organisation_id: str | None = None) -> list[Document]:
    where = [Document.status == "done", Document.approved_at.is_not(None)]
    if organisation_id is not None:
        where.append(Document.organisation_id == organisation_id)
    return list(
        s.scalars(select(Document).where(*where).order_by(Document.approved_at, Document.id))
    )


def _gold_bytes(item: TrainingItem) -> bytes:
    return (json.dumps(item.gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_item(out: Path, item: TrainingItem) -> None:
    """The document first, then its gold: ``load_corpus`` reads gold files and
    needs their document, so a gold file never appears without it."""
    atomic_write(out / "docs" / item.doc_name, item.source)
    atomic_write(out / "gold" / f"{item.stem}.json", _gold_bytes(item))
    if item.claims:
        atomic_write(out / "claims" / f"review_{item.stem}.jsonl", _claims_bytes(item))


def training_zip(items: Iterable[TrainingItem]) -> bytes:
    """The same layout as :func:`write_item`, as a ZIP archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in items:
            zf.writestr(f"docs/{item.doc_name}", item.source)
            zf.writestr(f"gold/{item.stem}.json", _gold_bytes(item))
            if item.claims:
                zf.writestr(f"claims/review_{item.stem}.jsonl", _claims_bytes(item))
    return buf.getvalue()


def export_runtime(rt: Runtime, out: Path, organisation_id: str | None = None) -> int:
    """Write every approved document of ``rt`` (one organisation, or all) under ``out``."""
    with rt.sessions() as s:
        docs = approved_documents(s, organisation_id)
        for doc in docs:
            write_item(out, training_item(s, rt, doc))
    return len(docs)


def export_approved(out: Path, settings: ServiceSettings | None = None) -> int:
    """``extractor training-data export``: the service database named by the
    ``SERVICE_*`` environment (every organisation); return how many documents."""
    rt = Runtime(settings or ServiceSettings())
    try:
        return export_runtime(rt, out)
    finally:
        rt.close()
