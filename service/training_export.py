"""Approved documents as training data: ``docs/<stem>.<ext>`` + ``gold/<stem>.json``.

The gold file is the scorer's format (training_data/README.md), built from the
document as reviewed: corrections in, rows marked false out, rows a reviewer
added in. A ``review`` key records who approved it and which fields a person
corrected or confirmed (the scorer and ``extractor train`` ignore it).
``claims/review_<stem>.jsonl`` gives the claim classifier every row's status
words with the label the approved document gives them (claims/README.md format).
What the other learned parts need comes with it (``extractor.training.review_parts``):
``manifest/review_<stem>.jsonl`` (kind: the stream reader aligns a flattened
document's gold to its text; split: a share of documents goes to the frozen
blind set instead of training), ``form_types/review_<stem>.jsonl`` and, for a
narrative report, ``prose/review_<stem>.jsonl`` (spans and relations). A
document set aside for the blind set gets its gold and manifest line only.

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

from extractor.errors import ExtractionError
from extractor.export import atomic_write
from extractor.ingest import load_bytes
from extractor.registry import set_aside_for_blind
from extractor.training.corpus import extraction_to_gold
from extractor.training.review_parts import document_kind, form_type_example, prose_annotations
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
    # Its manifest line (kind, layout, split), form-type example, prose annotations.
    manifest: dict[str, Any] = field(default_factory=dict)
    form_type: dict[str, str] | None = None
    prose: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blind(self) -> bool:
        return self.manifest.get("split") == "blind"

    def files(self) -> list[tuple[str, bytes]]:
        """(path under the training folder, bytes): the document before its gold
        (``load_corpus`` needs a gold file's document); a blind one teaches nothing
        but the blind set, so it gets no claims, form type or prose."""
        out = [
            (f"docs/{self.doc_name}", self.source),
            (f"manifest/review_{self.stem}.jsonl", _jsonl([self.manifest])),
            (f"gold/{self.stem}.json", _gold_bytes(self)),
        ]
        if self.blind:
            return out
        if self.claims:
            out.append((f"claims/review_{self.stem}.jsonl", _jsonl(self.claims)))
        if self.form_type:
            out.append((f"form_types/review_{self.stem}.jsonl", _jsonl([self.form_type])))
        if self.prose:
            out.append((f"prose/review_{self.stem}.jsonl", _jsonl(self.prose)))
        return out


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
    item = TrainingItem(stem, doc_name, rt.store.get(doc.sha256), gold, claims_for(inds, stem))
    records = [i.data for i in sorted(inds, key=lambda i: i.position) if i.state != "deleted"]
    # Where the engine read the rows (a row a reviewer added was read by nobody).
    kind = document_kind([i.data for i in inds if i.state not in ("added", "deleted")])
    blind = set_aside_for_blind(doc.sha256, rt.settings.blind_share)
    item.manifest = {
        "doc": stem,
        # Approved documents of one layout are held out together in the folds.
        "layout": f"review-{doc.layout_key or stem}",
        "kind": kind,
        "origin": "review",
        "split": "blind" if blind else "train",
        "format": item.doc_name.rsplit(".", 1)[-1],
        "description": f"approved document {doc.id} ({doc.filename})",
    }
    if not blind:
        _learned_parts(item, records, kind)
    return item


def _learned_parts(item: TrainingItem, records: list[dict[str, Any]], kind: str) -> None:
    """The form-type example and (narrative) prose annotations, read off the source."""
    try:
        parsed = load_bytes(item.source, item.doc_name)
    except ExtractionError:
        return  # the gold still teaches what it can; nothing here without the text
    item.form_type = form_type_example(parsed, item.gold.get("form_type"), f"review-{item.stem}")
    if kind == "narrative":
        item.prose = prose_annotations(parsed, item.gold, records, item.stem)


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


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
    """Every file of the item, the document first (see ``TrainingItem.files``)."""
    for name, data in item.files():
        atomic_write(out / name, data)


def training_zip(items: Iterable[TrainingItem]) -> bytes:
    """The same layout as :func:`write_item`, as a ZIP archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in items:
            for name, data in item.files():
                zf.writestr(name, data)
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
