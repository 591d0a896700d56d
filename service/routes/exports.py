"""The downstream feed: one row per indicator, corrections in, stable columns:
the library's ``FLAT_COLUMNS``, then who approved it when and the models'
version (``EXPORT_COLUMNS``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select

from extractor.export import flat_rows
from service.deps import Reviewer, SessionDep
from service.export_writers import EXPORT_WRITERS, provenance
from service.models import Document, Indicator
from service.openapi import binary
from service.views import corrected_extraction

router = APIRouter(prefix="/v1", tags=["exports"])

_MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get(
    "/exports",
    summary="Flat export (JSONL, CSV, XLSX) of the organisation's documents",
    response_class=Response,
    responses=binary(*_MEDIA.values(), description="one row per indicator"),
)
def export(
    *,
    format: Literal["jsonl", "csv", "xlsx"] = "jsonl",
    approved: Annotated[bool, Query(description="only approved documents")] = True,
    since: Annotated[
        datetime | None, Query(description="changed (or approved) at or after")
    ] = None,
    principal: Reviewer,
    s: SessionDep,
) -> Response:
    where = [Document.organisation_id == principal.organisation_id, Document.status == "done"]
    if approved:
        where.append(Document.approved_at.is_not(None))
    if since is not None:
        naive = since.replace(tzinfo=None) if since.tzinfo is None else _to_utc_naive(since)
        stamp = Document.approved_at if approved else Document.updated_at
        where.append(stamp >= naive)
    docs = s.scalars(
        select(Document).where(*where).order_by(Document.created_at, Document.id)
    ).all()
    rows: list[dict[str, Any]] = []
    for doc in docs:
        inds = s.scalars(select(Indicator).where(Indicator.document_id == doc.id)).all()
        extra = provenance(doc)
        rows.extend({**row, **extra} for row in flat_rows(corrected_extraction(doc, inds)))
    return Response(
        EXPORT_WRITERS[format](rows),
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="indicators.{format}"'},
    )


def _to_utc_naive(value: datetime) -> datetime:
    from datetime import UTC

    return value.astimezone(UTC).replace(tzinfo=None)
