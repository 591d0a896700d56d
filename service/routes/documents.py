"""Upload, list and read documents, their extraction and their source file."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Hashable
from typing import IO, Annotated, Any, NamedTuple

from fastapi import APIRouter, File, Header, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from extractor.errors import ExtractionError
from service import idempotency
from service.auth import Principal
from service.changes import record_change
from service.deps import Reviewer, RuntimeDep, SessionDep, Uploader, own_document
from service.errors import ApiError, upload_error
from service.fast_read import etag_matches, extraction_etag
from service.models import Document, Indicator
from service.openapi import binary, errors
from service.runtime import Runtime
from service.sniff import SOURCE_MEDIA_TYPES, validate_upload
from service.store import sha256_of
from service.views import document_summary, extraction_view

router = APIRouter(prefix="/v1/documents", tags=["documents"])
log = logging.getLogger("service")
MAX_FILES_PER_UPLOAD = 50
# Stored text never holds NUL (PostgreSQL refuses it), so a filter may not either:
# said in the schema, so that clients and fuzzers know it.
_NO_NUL = r"^[^\x00]*$"


class CheckedUpload(NamedTuple):
    filename: str
    source: IO[bytes]
    media_type: str
    sha256: str
    size: int


def _store_and_register(
    rt: Runtime, principal: Principal, files: list[CheckedUpload]
) -> list[dict[str, Any]]:
    """Store each file durably, then record it; return one summary per file."""
    results: list[dict[str, Any]] = []
    new_ids: list[str] = []
    for filename, source, media_type, _, size in files:
        sha = rt.store.put_file(source)  # streamed; durable before the row that points at it
        with rt.sessions() as s:
            doc = s.scalar(
                select(Document).where(
                    Document.organisation_id == principal.organisation_id, Document.sha256 == sha
                )
            )
            duplicate = doc is not None
            if doc is None:
                doc = Document(
                    organisation_id=principal.organisation_id,
                    filename=filename,
                    sha256=sha,
                    size=size,
                    media_type=media_type,
                    uploaded_by=principal.name,
                )
                s.add(doc)
                try:
                    s.commit()
                    new_ids.append(doc.id)
                except IntegrityError:  # the same file uploaded concurrently
                    s.rollback()
                    duplicate = True
                    doc = s.scalar(
                        select(Document).where(
                            Document.organisation_id == principal.organisation_id,
                            Document.sha256 == sha,
                        )
                    )
                    assert doc is not None
            results.append({**document_summary(doc), "duplicate": duplicate})
    for doc_id in new_ids:
        try:
            rt.enqueue(doc_id)
        except Exception:  # stored and committed: the reaper enqueues it later
            log.exception("enqueue failed for %s; left to the reaper", doc_id)
    return results


def clean_filename(raw: str | None) -> str:
    """The base name without control characters (NUL breaks PostgreSQL text)."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable())[:300].strip()
    return base or "upload"


@router.post(
    "",
    status_code=202,
    summary="Upload one or many report files",
    responses=errors(413, 415, 422),
)
async def upload_documents(
    *,
    request: Request,
    files: Annotated[list[UploadFile], File(description="PDF, image, DOCX, XLSX, text or HTML")],
    principal: Uploader,
    rt: RuntimeDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            pattern=r"^[\x21-\x7e]+$",
            description="a retry with the same key and files gets the first answer again",
        ),
    ] = None,
) -> JSONResponse:
    """Answers 202 once every file is stored (fsync) and recorded (commit); the
    same bytes uploaded again return the existing document. Any bad file
    rejects the whole request and stores nothing."""
    if not files:
        raise ApiError(422, "invalid_request", "no files given")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ApiError(422, "invalid_request", f"at most {MAX_FILES_PER_UPLOAD} files a request")
    checked = await run_in_threadpool(_check_uploads, rt.settings.max_upload_bytes, files)
    if idempotency_key is not None:
        return await run_in_threadpool(_idempotent, rt, principal, checked, idempotency_key)
    return _upload_answer(await run_in_threadpool(_store_and_register, rt, principal, checked))


def _check_uploads(limit: int, files: list[UploadFile]) -> list[CheckedUpload]:
    """Validate and hash each upload where the parser spooled it (to disk past
    1 MiB), reading it in chunks: no upload is ever whole in memory."""
    checked: list[CheckedUpload] = []
    for upload in files:
        name = clean_filename(upload.filename)
        try:
            media_type = validate_upload(upload.file, name, limit)
        except ExtractionError as exc:
            raise upload_error(exc) from exc
        sha, size = sha256_of(upload.file)
        checked.append(CheckedUpload(name, upload.file, media_type, sha, size))
    return checked


def _upload_answer(results: list[dict[str, Any]], replayed: bool = False) -> JSONResponse:
    headers = {"Location": f"/v1/documents/{results[0]['id']}"} if len(results) == 1 else {}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse({"documents": results}, status_code=202, headers=headers or None)


def _idempotent(
    rt: Runtime, principal: Principal, checked: list[CheckedUpload], key: str
) -> JSONResponse:
    print_ = idempotency.fingerprint([(c.filename, c.sha256) for c in checked])
    with rt.sessions() as s:
        seen = idempotency.replay(s, principal.organisation_id, key, print_)
    if seen is not None:
        return _upload_answer(seen[1]["documents"], replayed=True)
    results = _store_and_register(rt, principal, checked)
    with rt.sessions() as s:
        idempotency.remember(s, principal.organisation_id, key, print_, 202, {"documents": results})
    return _upload_answer(results)


@router.get("", summary="List documents (filters, paging)")
def list_documents(
    *,
    status: Annotated[str | None, Query(pattern="^(queued|processing|done|failed)$")] = None,
    form_type: Annotated[str | None, Query(max_length=50, pattern=_NO_NUL)] = None,
    department: Annotated[str | None, Query(max_length=200, pattern=_NO_NUL)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    approved: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    principal: Uploader,
    s: SessionDep,
) -> dict[str, Any]:
    where = [Document.organisation_id == principal.organisation_id]
    if status:
        where.append(Document.status == status)
    if form_type:
        where.append(Document.form_type == form_type)
    if department:
        where.append(Document.department == department)
    if year is not None:
        where.append(Document.year == year)
    if approved is not None:
        where.append(
            Document.approved_at.is_not(None) if approved else Document.approved_at.is_(None)
        )
    total = s.scalar(select(func.count()).select_from(Document).where(*where)) or 0
    docs = s.scalars(
        select(Document)
        .where(*where)
        .order_by(Document.created_at.desc(), Document.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return {
        "items": [document_summary(d) for d in docs],
        "total": total,
        "limit": limit,
        "offset": offset,
    }


@router.get("/{doc_id}", summary="A document's status, progress and error", responses=errors(404))
def get_document(
    *,
    doc_id: str,
    principal: Uploader,
    s: SessionDep,
) -> dict[str, Any]:
    return document_summary(own_document(s, principal, doc_id))


def _not_ready(doc: Document) -> ApiError:
    if doc.status == "failed":
        return ApiError(
            422, doc.error_code or "extraction_failed", doc.error_message or "extraction failed"
        )
    return ApiError(409, "not_ready", f"document {doc.id} is {doc.status}; try again later")


def extraction_body(
    rt: Runtime,
    principal: Principal,
    doc_id: str,
    max_confidence: float | None,
    include_deleted: bool,
    generation: Hashable | None,
) -> tuple[bytes, int]:
    """The JSON body and revision; the plain view is cached under the
    document's ``generation``, read before the database is."""
    plain = max_confidence is None and not include_deleted
    hit = rt.extraction_cache.get(doc_id) if plain else None
    with rt.sessions() as s:
        if hit is not None and hit.organisation_id == principal.organisation_id:
            # Re-check a cached body: three columns, not the JSON.
            row = s.execute(
                select(Document.status, Document.revision).where(Document.id == doc_id)
            ).one_or_none()
            if row is not None and row.status == "done" and row.revision == hit.revision:
                rt.extraction_cache.put(
                    doc_id, hit.organisation_id, hit.revision, hit.body, generation
                )
                return hit.body, hit.revision
        doc = own_document(s, principal, doc_id)
        if doc.status != "done":
            raise _not_ready(doc)
        indicators = s.scalars(
            select(Indicator).where(Indicator.document_id == doc.id).order_by(Indicator.position)
        ).all()
        view = extraction_view(
            doc, indicators, max_confidence=max_confidence, include_deleted=include_deleted
        )
        body = json.dumps(view, ensure_ascii=False).encode("utf-8")
        if plain:
            rt.extraction_cache.put(doc.id, doc.organisation_id, doc.revision, body, generation)
        return body, doc.revision


@router.get(
    "/{doc_id}/extraction",
    summary="The contract JSON with review state per indicator and field",
    response_class=Response,
    responses={
        200: {"content": {"application/json": {}}, "description": "the extraction"},
        304: {"description": "unchanged since the ETag given in If-None-Match"},
        **errors(404, 409, 422),
    },
)
async def get_extraction(
    *,
    doc_id: str,
    max_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, description="only indicators with a field at or below this confidence"),
    ] = None,
    include_deleted: bool = False,
    if_none_match: Annotated[str | None, Header()] = None,
    principal: Uploader,
    rt: RuntimeDep,
) -> Response:
    # A fresh cached plain view is answered before routing (service.fast_read);
    # here the same cache is tried once more, then one thread hop does all
    # the database work.
    hit = generation = None
    if max_confidence is None and not include_deleted:
        _, generation = await rt.read_state(doc_id)
        hit = rt.extraction_cache.fresh(doc_id, principal.organisation_id, generation)
    if hit is not None:
        body, revision = hit.body, hit.revision
    else:
        body, revision = await run_in_threadpool(
            extraction_body, rt, principal, doc_id, max_confidence, include_deleted, generation
        )
    etag = extraction_etag(revision)
    if max_confidence is not None or include_deleted:  # another view, another tag
        etag = f'"r{revision}-c{max_confidence}-d{int(include_deleted)}"'
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type="application/json", headers={"ETag": etag})


@router.get(
    "/{doc_id}/source",
    summary="The uploaded file as stored",
    response_class=Response,
    responses={**binary(*SOURCE_MEDIA_TYPES, description="the file as uploaded"), **errors(404)},
)
def get_source(
    *,
    doc_id: str,
    principal: Uploader,
    rt: RuntimeDep,
    s: SessionDep,
) -> Response:
    doc = own_document(s, principal, doc_id)
    safe = doc.filename.encode("ascii", "replace").decode().replace('"', "_")
    from urllib.parse import quote

    chunks = rt.store.chunks(doc.sha256)
    first = next(chunks, b"")  # a missing file fails here, before the answer starts
    return StreamingResponse(
        itertools.chain([first], chunks),  # a chunk at a time, never whole in memory
        media_type=doc.media_type,
        headers={
            "Content-Length": str(doc.size),
            "Content-Disposition": f'attachment; filename="{safe}"; '
            f"filename*=UTF-8''{quote(doc.filename)}",
        },
    )


@router.delete(
    "/{doc_id}",
    summary="Delete a document, its extraction and edits (approved ones: admins only)",
    responses=errors(404, 409),
)
def delete_document(
    *,
    doc_id: str,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> dict[str, Any]:
    """The row goes with its indicators and audit trail; the change feed says
    ``deleted``. The stored bytes stay (content-addressed, maybe shared)."""
    doc = own_document(s, principal, doc_id)
    if doc.approved_at is not None and principal.role != "admin":
        raise ApiError(409, "document_approved", f"document {doc_id} is approved; ask an admin")
    organisation_id, revision = doc.organisation_id, doc.revision
    s.delete(doc)
    s.flush()
    record_change(s, organisation_id, doc_id, "deleted", revision + 1)
    s.commit()
    rt.document_changed(doc_id)
    return {"id": doc_id, "deleted": True}
