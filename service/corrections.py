"""Reviewer edits: correct, confirm, add and (softly) delete indicators.

Every change bumps the indicator's version (its ETag) and the document's
revision, and writes one audit event per field: who, when, old, new.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from extractor.types import IndicatorRecord, StatusLabel
from extractor.values import parse_value
from service.changes import record_change
from service.models import AuditEvent, Document, Indicator, utcnow
from service.rechecks import document_checks, merged_warnings, row_checks
from service.webhooks import emit

FieldName = Literal[
    "group",
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "status",
    "deviation",
]
_SCALAR_TEXT = ("group", "level1", "level2", "name")
_SCALAR_NUMBER = ("weight", "score")


class StatusPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = None
    label: StatusLabel | None = None


class IndicatorFields(BaseModel):
    """Fields a reviewer may set. Target/actual are given as text and re-parsed."""

    model_config = ConfigDict(extra="forbid")
    group: str | None = Field(None, max_length=2000)
    level1: str | None = Field(None, max_length=200)
    level2: str | None = Field(None, max_length=200)
    name: str | None = Field(None, max_length=2000)
    target: str | None = Field(None, max_length=2000, examples=["≥100个"])
    actual: str | None = Field(None, max_length=2000, examples=["122张"])
    weight: float | None = Field(None, allow_inf_nan=False)
    score: float | None = Field(None, allow_inf_nan=False)
    status: StatusPatch | None = None
    deviation: str | None = Field(None, max_length=5000)


class IndicatorPatch(IndicatorFields):
    """Only the fields present are changed; ``confirm`` marks fields checked as right."""

    confirm: list[FieldName] = Field(default_factory=list)


class IndicatorCreate(IndicatorFields):
    name: str = Field(..., min_length=1, max_length=2000)  # type: ignore[assignment]


def _number(v: float | None) -> int | float | None:
    return int(v) if v is not None and float(v).is_integer() else v


def corrected_field(field: str, new: Any, old: dict[str, Any] | None) -> dict[str, Any]:
    """The contract JSON of one field as a reviewer set it (confidence 1.0)."""
    old = old or {}
    out: dict[str, Any]
    if field in ("target", "actual"):
        out = parse_value(new).model_dump(mode="json", exclude={"evidence"})
        out["confidence"] = 1.0
    elif field == "status":
        patch = new if isinstance(new, StatusPatch) else StatusPatch()
        out = {"text": patch.text, "label": patch.label, "confidence": 1.0}
    elif field == "deviation":
        out = {"text": new, "confidence": 1.0}
    else:
        out = {"value": _number(new) if field in _SCALAR_NUMBER else new, "confidence": 1.0}
    # Still where the field was read: the review page keeps boxing that cell.
    if old.get("evidence") is not None:
        out["evidence"] = old["evidence"]
    return out


def _audit(
    s: Session,
    doc: Document,
    who: str,
    action: str,
    iid: str | None,
    field: str | None,
    old: Any,
    new: Any,
) -> None:
    s.add(
        AuditEvent(
            document_id=doc.id,
            who=who,
            action=action,
            indicator_id=iid,
            field=field,
            old_value=old,
            new_value=new,
        )
    )


class DocumentApproved(Exception):
    """The document was approved (frozen) by a request that committed first."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"document {doc_id} is approved and frozen")
        self.doc_id = doc_id


def _touch(
    s: Session, doc: Document, ind: Indicator | None = None, *, approved_by: str | None = None
) -> None:
    """Bump the indicator's version and the document's revision (or approve it).

    The document row is changed by one UPDATE that also says "not approved":
    the routes check that first, but an approval may commit in between, and
    then this matches no row and nothing of the change is stored. The
    revision is incremented by the database, so concurrent edits of
    different indicators each count."""
    now = utcnow()
    if ind is not None:
        ind.version += 1
        ind.updated_at = now
    values: dict[str, Any] = {"revision": Document.revision + 1, "updated_at": now}
    if approved_by is not None:
        values.update(approved_at=now, approved_by=approved_by)
    done = s.execute(
        update(Document)
        .where(Document.id == doc.id, Document.approved_at.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise DocumentApproved(doc.id)
    s.expire(doc, list(values))


def apply_patch(s: Session, doc: Document, ind: Indicator, patch: IndicatorPatch, who: str) -> int:
    """Apply a reviewer's patch; return how many fields changed or were confirmed."""
    data = copy.deepcopy(ind.data)
    states = dict(ind.field_states or {})
    count = 0
    for field in sorted(patch.model_fields_set - {"confirm"}):
        new_value = getattr(patch, field)
        old = data.get(field)
        data[field] = corrected_field(field, new_value, old)
        states[field] = "corrected"
        _audit(s, doc, who, "correct", ind.iid, field, old, data[field])
        count += 1
    for field in patch.confirm:
        if field in patch.model_fields_set:
            continue
        old = data.get(field) or {}
        data[field] = {**old, "confidence": 1.0}
        states[field] = "confirmed"
        _audit(s, doc, who, "confirm", ind.iid, field, old, data[field])
        count += 1
    if count and data.get("confidence") != 1.0:
        # A reviewer worked on the row: it is a real indicator.
        _audit(s, doc, who, "correct", ind.iid, "confidence", data.get("confidence"), 1.0)
        data["confidence"] = 1.0
    if count:
        IndicatorRecord.model_validate(data)  # never store what the contract rejects
        data["checks"] = row_checks(data)
        ind.data = data
        ind.field_states = states
        _touch(s, doc, ind)
    return count


def add_indicator(s: Session, doc: Document, body: IndicatorCreate, who: str) -> Indicator:
    n = s.scalar(select(func.count()).where(Indicator.document_id == doc.id)) or 0
    position = (
        s.scalar(select(func.max(Indicator.position)).where(Indicator.document_id == doc.id)) or 0
    ) + 1
    iid = f"m-{n + 1:04d}"
    while s.scalar(
        select(Indicator.id).where(Indicator.document_id == doc.id, Indicator.iid == iid)
    ):
        n += 1
        iid = f"m-{n + 1:04d}"
    data: dict[str, Any] = IndicatorRecord(id=iid).model_dump(mode="json")
    for field in body.model_fields_set:
        data[field] = corrected_field(field, getattr(body, field), data.get(field))
    data["confidence"] = 1.0
    IndicatorRecord.model_validate(data)
    data["checks"] = row_checks(data)
    ind = Indicator(
        document_id=doc.id, iid=iid, position=position, data=data, field_states={}, state="added"
    )
    s.add(ind)
    s.flush()
    _audit(s, doc, who, "add", iid, None, None, data)
    _touch(s, doc)
    return ind


def delete_indicator(s: Session, doc: Document, ind: Indicator, who: str) -> None:
    _audit(s, doc, who, "delete", ind.iid, "state", ind.state, "deleted")
    ind.state = "deleted"
    _touch(s, doc, ind)


def approve(s: Session, doc: Document, who: str) -> None:
    _audit(s, doc, who, "approve", None, None, None, {"approved": True})
    _touch(s, doc, approved_by=who)
    emit(s, doc, "document.approved")
    record_change(s, doc.organisation_id, doc.id, "approved", doc.revision)


def recheck(s: Session, doc: Document) -> list[dict[str, Any]]:
    """After an edit, before the commit: re-run the document's checks, store
    their failures as its warnings, and write the change-feed row (last)."""
    indicators = s.scalars(select(Indicator).where(Indicator.document_id == doc.id)).all()
    checks = document_checks(doc, indicators)
    extraction = dict(doc.extraction or {})
    extraction["warnings"] = merged_warnings(extraction, checks)
    s.execute(
        update(Document)
        .where(Document.id == doc.id)
        .values(extraction=extraction)
        .execution_options(synchronize_session=False)
    )
    s.expire(doc, ["extraction"])
    record_change(s, doc.organisation_id, doc.id, "corrected", doc.revision)
    return checks


def preview(
    s: Session, doc: Document, ind: Indicator, patch: IndicatorPatch
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The row's and the document's checks as they would be after ``patch``;
    nothing is stored (the review page asks while the reviewer types)."""
    data = copy.deepcopy(ind.data)
    for field in patch.model_fields_set - {"confirm"}:
        data[field] = corrected_field(field, getattr(patch, field), data.get(field))
    IndicatorRecord.model_validate(data)
    data["checks"] = row_checks(data)
    # A stand-in for the edited row, never added to the session.
    edited = Indicator(iid=ind.iid, position=ind.position, data=data, state=ind.state)
    rows = s.scalars(select(Indicator).where(Indicator.document_id == doc.id)).all()
    others = [edited if r.id == ind.id else r for r in rows]
    return data["checks"], document_checks(doc, others)
