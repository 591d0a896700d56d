"""Reviewer edits: read, correct, add, delete indicators; approve; history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import Principal
from service.corrections import (
    IndicatorCreate,
    IndicatorPatch,
    add_indicator,
    apply_patch,
    approve,
    delete_indicator,
    preview,
    recheck,
)
from service.deps import Reviewer, RuntimeDep, SessionDep, Uploader, own_document
from service.errors import ApiError
from service.models import AuditEvent, Document, Indicator
from service.openapi import errors
from service.views import document_summary, etag, indicator_view, iso

router = APIRouter(prefix="/v1/documents", tags=["corrections"])


def _editable(s: Session, principal: Principal, doc_id: str) -> Document:
    doc = own_document(s, principal, doc_id)
    if doc.status != "done":
        raise ApiError(409, "not_ready", f"document {doc_id} is {doc.status}, not done")
    if doc.approved_at is not None:
        raise ApiError(409, "document_approved", f"document {doc_id} is approved and frozen")
    return doc


def _indicator(s: Session, doc: Document, iid: str) -> Indicator:
    if "\x00" in iid:
        raise ApiError(404, "not_found", "no such indicator")
    ind = s.scalar(select(Indicator).where(Indicator.document_id == doc.id, Indicator.iid == iid))
    if ind is None:
        raise ApiError(404, "not_found", f"no indicator {iid} in document {doc.id}")
    return ind


def _check_match(ind: Indicator, if_match: str | None, required: bool) -> None:
    if if_match is None:
        if required:
            raise ApiError(428, "precondition_required", "send If-Match with the indicator's ETag")
        return
    if if_match.strip() not in (etag(ind), "*"):
        raise ApiError(
            412,
            "precondition_failed",
            f"indicator {ind.iid} changed (now {etag(ind)}); reload and retry",
        )


def _indicator_response(
    ind: Indicator, status: int = 200, checks: list[dict[str, Any]] | None = None
) -> JSONResponse:
    body = indicator_view(ind)
    if checks is not None:
        body["document_checks"] = checks
    return JSONResponse(body, status_code=status, headers={"ETag": etag(ind)})


@router.get(
    "/{doc_id}/indicators/{iid}",
    summary="One indicator with its review state and ETag",
    responses=errors(404),
)
def get_indicator(
    *,
    doc_id: str,
    iid: str,
    principal: Uploader,
    s: SessionDep,
) -> JSONResponse:
    doc = own_document(s, principal, doc_id)
    return _indicator_response(_indicator(s, doc, iid))


@router.patch(
    "/{doc_id}/indicators/{iid}",
    summary="Correct fields (If-Match required); target/actual text is re-parsed",
    responses=errors(404, 409, 412, 428),
)
def patch_indicator(
    *,
    doc_id: str,
    iid: str,
    body: IndicatorPatch,
    if_match: Annotated[str | None, Header()] = None,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> JSONResponse:
    doc = _editable(s, principal, doc_id)
    ind = _indicator(s, doc, iid)
    if ind.state == "deleted":
        raise ApiError(409, "indicator_deleted", f"indicator {iid} is deleted")
    _check_match(ind, if_match, required=True)
    checks = recheck(s, doc) if apply_patch(s, doc, ind, body, principal.name) else None
    s.commit()
    rt.document_changed(doc.id)
    return _indicator_response(ind, checks=checks)


@router.post(
    "/{doc_id}/indicators/{iid}/check",
    summary="The checks a correction would give, without storing it (as the reviewer types)",
    responses=errors(404, 409),
)
def check_indicator(
    *,
    doc_id: str,
    iid: str,
    body: IndicatorPatch,
    principal: Reviewer,
    s: SessionDep,
) -> dict[str, Any]:
    doc = _editable(s, principal, doc_id)
    ind = _indicator(s, doc, iid)
    if ind.state == "deleted":
        raise ApiError(409, "indicator_deleted", f"indicator {iid} is deleted")
    checks, document = preview(s, doc, ind, body)
    return {"checks": checks, "document_checks": document}


@router.post(
    "/{doc_id}/indicators",
    status_code=201,
    summary="Add an indicator the engine missed",
    responses=errors(404, 409),
)
def post_indicator(
    *,
    doc_id: str,
    body: IndicatorCreate,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> JSONResponse:
    doc = _editable(s, principal, doc_id)
    ind = add_indicator(s, doc, body, principal.name)
    checks = recheck(s, doc)
    s.commit()
    rt.document_changed(doc.id)
    return _indicator_response(ind, status=201, checks=checks)


@router.delete(
    "/{doc_id}/indicators/{iid}",
    summary="Mark an indicator false (soft delete, audited)",
    responses=errors(404, 409, 412),
)
def delete_indicator_route(
    *,
    doc_id: str,
    iid: str,
    if_match: Annotated[str | None, Header()] = None,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> JSONResponse:
    doc = _editable(s, principal, doc_id)
    ind = _indicator(s, doc, iid)
    _check_match(ind, if_match, required=False)
    checks = None
    if ind.state != "deleted":
        delete_indicator(s, doc, ind, principal.name)
        checks = recheck(s, doc)
        s.commit()
        rt.document_changed(doc.id)
    return _indicator_response(ind, checks=checks)


@router.post(
    "/{doc_id}/approve", summary="Approve and freeze the document", responses=errors(404, 409)
)
def approve_document(
    *,
    doc_id: str,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> dict[str, Any]:
    doc = _editable(s, principal, doc_id)
    approve(s, doc, principal.name)
    s.commit()
    rt.document_changed(doc.id)
    return document_summary(doc)


@router.get(
    "/{doc_id}/history", summary="Audit trail: who changed what, when", responses=errors(404)
)
def history(
    *,
    doc_id: str,
    principal: Uploader,
    s: SessionDep,
) -> dict[str, Any]:
    doc = own_document(s, principal, doc_id)
    events = s.scalars(
        select(AuditEvent).where(AuditEvent.document_id == doc.id).order_by(AuditEvent.id)
    ).all()
    return {
        "document_id": doc.id,
        "events": [
            {
                "at": iso(e.at),
                "who": e.who,
                "action": e.action,
                "indicator_id": e.indicator_id,
                "field": e.field,
                "old_value": e.old_value,
                "new_value": e.new_value,
            }
            for e in events
        ],
    }
