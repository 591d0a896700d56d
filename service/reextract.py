"""A new extraction over an old one: human work is never overwritten.

The first extraction of a document simply stores its records. A later one
(the document queued again after a model promotion) is paired row by row
with what is stored (by name and group, as the scorer pairs rows):

- a field a reviewer corrected or confirmed keeps the reviewer's value;
  the row's other fields come from the new model;
- a row marked false stays marked false (the new model's reading of it is
  dropped), a row a reviewer added stays;
- a corrected row the new model no longer finds is kept as it was;
- untouched rows are replaced by the new reading, keeping their id where
  paired; every changed row gets a new version, so a stale ETag is refused.
"""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from extractor.training.scoring import match
from service.models import Document, Indicator, utcnow
from service.rechecks import document_checks, merged_warnings, row_checks


def _human(ind: Indicator) -> bool:
    return ind.state in ("added", "deleted") or bool(ind.field_states)


def _key(ind: Indicator) -> dict[str, Any]:
    """The stored row in the scorer's gold shape (what ``match`` pairs on)."""
    return {
        "name": (ind.data.get("name") or {}).get("value"),
        "group": (ind.data.get("group") or {}).get("value"),
    }


def merged_record(old: Indicator, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with every field the reviewer corrected or confirmed taken from ``old``."""
    data = copy.deepcopy(new)
    for field in old.field_states or {}:
        if field in old.data:
            data[field] = copy.deepcopy(old.data[field])
    if old.field_states:
        data["confidence"] = 1.0  # a reviewer worked on the row: a real indicator
    data["checks"] = row_checks(data)
    return data


def replace_indicators(
    s: Session,
    doc_id: str,
    records: list[dict[str, Any]],
    suggestions: dict[str, dict[str, Any]] | None = None,
) -> int:
    """Store ``records`` as the document's indicators (with the runners-up of
    their doubtful fields, by record id); return how many stored rows kept
    human work."""
    suggestions = suggestions or {}
    old = list(
        s.scalars(
            select(Indicator).where(Indicator.document_id == doc_id).order_by(Indicator.position)
        )
    )
    pairable = [o for o in old if o.state != "added"]
    pairs = {pi: pairable[gi] for gi, pi, _ in match([_key(o) for o in pairable], records)}
    used = {o.iid for o in old if _human(o)}
    paired_old = set()
    position = 0
    kept = 0
    now = utcnow()
    for pi, rec in enumerate(records):
        prev = pairs.get(pi)
        if prev is not None and prev.iid not in paired_old:
            paired_old.add(prev.iid)
            if prev.state == "deleted":
                continue  # marked false by a reviewer: stays false, not read again
            data = merged_record(prev, rec)
            data["id"] = prev.iid
            prev.suggestions = {
                f: runners
                for f, runners in suggestions.get(str(rec["id"]), {}).items()
                if f not in (prev.field_states or {})
            } or None
            if data != prev.data:
                prev.data = data
                prev.version += 1
                prev.updated_at = now
            prev.position = position
            used.add(prev.iid)
            kept += bool(prev.field_states)
        else:
            iid = _free_iid(str(rec["id"]), used | {o.iid for o in old})
            used.add(iid)
            rec = {**rec, "id": iid}
            s.add(
                Indicator(document_id=doc_id, iid=iid, position=position, data=rec, field_states={})
            )
        position += 1
    for o in old:
        if o.iid in paired_old:
            continue
        if _human(o):
            o.position = position  # the reviewer's rows the new model does not read
            position += 1
            kept += 1
        else:
            s.delete(o)
    s.flush()
    if kept:
        _recheck_document(s, doc_id)
    return kept


def _free_iid(iid: str, taken: set[str]) -> str:
    n = 1
    out = iid
    while out in taken:
        n += 1
        out = f"{iid}-{n}"
    return out


def _recheck_document(s: Session, doc_id: str) -> None:
    """The new extraction's document checks, recomputed with the kept corrections."""
    doc = s.get(Document, doc_id, populate_existing=True)
    assert doc is not None
    rows = s.scalars(select(Indicator).where(Indicator.document_id == doc_id)).all()
    extraction = dict(doc.extraction or {})
    extraction["warnings"] = merged_warnings(extraction, document_checks(doc, rows))
    s.execute(
        update(Document)
        .where(Document.id == doc_id)
        .values(extraction=extraction)
        .execution_options(synchronize_session=False)
    )


def reextract_open_documents(s: Session) -> list[str]:
    """Queue every open (not approved) extracted document again; the caller
    enqueues the ids after the commit. Approved documents are frozen."""
    ids = list(
        s.scalars(
            select(Document.id).where(
                Document.approved_at.is_(None), Document.status.in_(("done", "failed"))
            )
        )
    )
    if ids:
        s.execute(
            update(Document)
            .where(Document.id.in_(ids), Document.approved_at.is_(None))
            .values(status="queued", queued_at=utcnow(), attempts=0, error_code=None)
            .execution_options(synchronize_session=False)
        )
    return ids
