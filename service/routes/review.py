"""The review queue: doubtful fields across the organisation's open documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from extractor.settings import settings as extractor_settings
from service.deps import Reviewer, SessionDep
from service.models import Document, Indicator
from service.views import review_items

router = APIRouter(prefix="/v1", tags=["review"])


@router.get(
    "/review-queue", summary="Lowest-confidence and failed-check fields, most doubtful first"
)
def review_queue(
    *,
    threshold: Annotated[
        float | None, Query(ge=0, le=1, description="default: the library's")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    principal: Reviewer,
    s: SessionDep,
) -> dict[str, Any]:
    cutoff = extractor_settings.review_threshold if threshold is None else threshold
    docs = s.scalars(
        select(Document).where(
            Document.organisation_id == principal.organisation_id,
            Document.status == "done",
            Document.approved_at.is_(None),
        )
    ).all()
    by_doc = {d.id: d for d in docs}
    items: list[dict[str, Any]] = []
    if by_doc:
        indicators = s.scalars(
            select(Indicator)
            .where(Indicator.document_id.in_(by_doc))
            .order_by(Indicator.document_id, Indicator.position)
        ).all()
        grouped: dict[str, list[Indicator]] = {}
        for ind in indicators:
            grouped.setdefault(ind.document_id, []).append(ind)
        for doc_id, inds in grouped.items():
            items.extend(review_items(by_doc[doc_id], inds, cutoff))
    # Most doubtful first; at equal confidence a failed check before a low score.
    items.sort(key=lambda i: (i["confidence"], i["reason"] != "failed_check"))
    return {"items": items[:limit], "total": len(items), "threshold": cutoff}
