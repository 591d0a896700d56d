"""The review page and what it needs beyond the core API.

``/`` and ``/ui`` serve the page (static files shipped in ``service/static``,
no build step, no CDN). The API additions, with the same keys and roles:

- ``GET /v1/documents/{id}/text``: the extracted text that evidence offsets index into;
- ``GET /v1/documents/{id}/pages``: page sizes in points (for evidence boxes);
- ``GET /v1/documents/{id}/pages/{n}.png``: a page image (PDF via pypdfium2, or the image),
  under the pixel cap OCR uses, rendered once and kept in the file store;
- ``GET /v1/documents/{id}/training-data`` and ``GET /v1/training-data``: approved
  documents as training data (ZIP of ``docs/`` + ``gold/``);
- ``GET /v1/documents/{id}/labelstudio``: a Label Studio task (text + predicted spans);
  ``POST /v1/labelstudio/gold``: an annotated task back into gold rows.
"""

from __future__ import annotations

import mimetypes
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select

from extractor.errors import ExtractionError
from extractor.ingest import load_bytes
from extractor.ocr.render_limit import MAX_RENDER_SIDE
from extractor.types import Document as IngestedDocument
from service.deps import Reviewer, RuntimeDep, SessionDep, Uploader, own_document
from service.errors import ApiError
from service.labelstudio import (
    LABEL_CONFIG,
    LabelStudioError,
    LabelStudioTask,
    task_to_gold,
    to_task,
)
from service.models import Document, Indicator
from service.openapi import binary, errors
from service.pages import is_pdf, render_page, rounded_scale
from service.runtime import Runtime
from service.training_export import approved_documents, training_item, training_zip
from service.views import extraction_view

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
router = APIRouter(tags=["review page"])

_CACHE_SIZE = 16
_ingested: OrderedDict[str, IngestedDocument] = OrderedDict()
_ingest_lock = threading.Lock()


def ingested(rt: Runtime, doc: Document) -> IngestedDocument:
    """The stored file re-read by the library (text and page geometry), cached by content."""
    with _ingest_lock:
        hit = _ingested.get(doc.sha256)
        if hit is not None:
            _ingested.move_to_end(doc.sha256)
            return hit
    try:
        parsed = load_bytes(rt.store.get(doc.sha256), doc.filename)
    except ExtractionError as exc:
        raise ApiError(422, exc.code, exc.message) from exc
    with _ingest_lock:
        _ingested[doc.sha256] = parsed
        while len(_ingested) > _CACHE_SIZE:
            _ingested.popitem(last=False)
    return parsed


# ---------------------------------------------------------------- the page


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/ui", status_code=307)


@router.get("/ui", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/ui/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    path = (STATIC_DIR / name).resolve()
    if path.parent != STATIC_DIR or not path.is_file():
        raise ApiError(404, "not_found", f"no static file {name}")
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "no-cache"})


# ---------------------------------------------------------------- source views


@router.get(
    "/v1/documents/{doc_id}/text",
    summary="The extracted text evidence offsets index into",
    responses=errors(404, 422),
)
def document_text(*, doc_id: str, principal: Uploader, rt: RuntimeDep, s: SessionDep) -> Any:
    doc = own_document(s, principal, doc_id)
    parsed = ingested(rt, doc)
    return {"document_id": doc.id, "text": parsed.text, "pages": len(parsed.pages)}


@router.get(
    "/v1/documents/{doc_id}/pages", summary="Page sizes in PDF points", responses=errors(404, 422)
)
def document_pages(*, doc_id: str, principal: Uploader, rt: RuntimeDep, s: SessionDep) -> Any:
    doc = own_document(s, principal, doc_id)
    data = rt.store.get(doc.sha256)
    parsed = ingested(rt, doc)
    imaged = is_pdf(data) or doc.media_type.startswith("image/")
    return {
        "document_id": doc.id,
        "images": imaged,
        "pages": [{"number": p.number, "width": p.width, "height": p.height} for p in parsed.pages],
    }


@router.get(
    "/v1/documents/{doc_id}/pages/{number}.png",
    summary="A page as PNG (PDF pages at `scale` × 72 dpi, rounded to a quarter; images "
    f"as stored); never more than {MAX_RENDER_SIDE} pixels a side",
    response_class=Response,
    responses={**binary("image/png", description="the page"), **errors(404, 422)},
)
def page_image(
    *,
    doc_id: str,
    number: int,
    scale: Annotated[float, Query(ge=0.5, le=4)] = 2.0,
    principal: Uploader,
    rt: RuntimeDep,
    s: SessionDep,
) -> Response:
    doc = own_document(s, principal, doc_id)
    scale = rounded_scale(scale)
    png = rt.pages.get(doc.sha256, number, scale)
    if png is None:
        try:
            png = render_page(rt.store.get(doc.sha256), doc.media_type, number, scale)
        except ApiError:
            raise
        except Exception as exc:  # a file the renderer chokes on: a clear answer, not a 500
            raise ApiError(422, "render_failed", f"{doc.filename}: page {number}: {exc}") from exc
        rt.pages.put(doc.sha256, number, scale, png)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


# ---------------------------------------------------------------- training data


def _zip_response(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/v1/documents/{doc_id}/training-data",
    summary="An approved document as training data (ZIP: docs/ + gold/)",
    response_class=Response,
    responses={**binary("application/zip"), **errors(404, 409)},
)
def document_training_data(
    *, doc_id: str, principal: Reviewer, rt: RuntimeDep, s: SessionDep
) -> Response:
    doc = own_document(s, principal, doc_id)
    if doc.approved_at is None:
        raise ApiError(409, "not_approved", f"document {doc_id} is not approved yet")
    item = training_item(s, rt, doc)
    return _zip_response(training_zip([item]), f"{item.stem}.zip")


@router.get(
    "/v1/training-data",
    summary="Every approved document of the organisation as training data (ZIP)",
    response_class=Response,
    responses=binary("application/zip"),
)
def all_training_data(*, principal: Reviewer, rt: RuntimeDep, s: SessionDep) -> Response:
    docs = approved_documents(s, principal.organisation_id)
    return _zip_response(training_zip(training_item(s, rt, d) for d in docs), "training_data.zip")


# ---------------------------------------------------------------- Label Studio


@router.get(
    "/v1/documents/{doc_id}/labelstudio",
    summary="A Label Studio task for the document",
    responses=errors(404, 409, 422),
)
def labelstudio_task(*, doc_id: str, principal: Uploader, rt: RuntimeDep, s: SessionDep) -> Any:
    doc = own_document(s, principal, doc_id)
    if doc.status != "done":
        raise ApiError(409, "not_ready", f"document {doc_id} is {doc.status}, not done")
    inds = s.scalars(
        select(Indicator).where(Indicator.document_id == doc.id).order_by(Indicator.position)
    ).all()
    task = to_task(ingested(rt, doc).text, extraction_view(doc, inds), document_id=doc.id)
    return JSONResponse([task], headers={"X-Label-Config": "GET /v1/labelstudio/config"})


@router.get(
    "/v1/labelstudio/config",
    summary="The Label Studio labelling interface (XML)",
    response_class=Response,
    responses=binary("application/xml", description="the labelling interface"),
)
def labelstudio_config(*, principal: Uploader) -> Response:
    return Response(LABEL_CONFIG, media_type="application/xml")


@router.post(
    "/v1/labelstudio/gold",
    summary="An annotated Label Studio task as gold rows",
    responses=errors(422),
)
def labelstudio_gold(
    *,
    task: Annotated[LabelStudioTask, Body(description="one task as Label Studio exports it")],
    principal: Reviewer,
) -> Any:
    name = str(task.data.get("filename") or "document.txt")
    try:
        return task_to_gold(task.model_dump(mode="json"), name)
    except LabelStudioError as exc:
        raise ApiError(422, "invalid_task", str(exc)) from exc
