"""The review queue: doubtful fields across the organisation's open documents."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from extractor.settings import settings as extractor_settings
from service.deps import Reviewer, RuntimeDep, SessionDep
from service.model_version import active_model
from service.models import Document, Indicator
from service.review_order import expected_fix, layouts_seen
from service.views import review_items

router = APIRouter(prefix="/v1", tags=["review"])


@router.get(
    "/review-queue",
    summary="Doubtful fields of open documents, the most a correction is expected to fix first",
)
def review_queue(
    *,
    threshold: Annotated[
        float | None, Query(ge=0, le=1, description="default: the library's")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    principal: Reviewer,
    rt: RuntimeDep,
    s: SessionDep,
) -> dict[str, Any]:
    """Each item's ``expected_fix`` is its calibrated error probability, raised
    for layouts the model has seen little with other open documents waiting
    (``service.review_order``); the queue is ordered by it."""
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
    seen = layouts_seen(s, active_model(rt.settings)[1])
    open_same = Counter(d.layout_key for d in docs)
    for item in items:
        key = by_doc[item["document_id"]].layout_key
        item["layout_seen"] = seen[key] if key else 0
        item["expected_fix"] = round(
            expected_fix(1.0 - item["confidence"], item["layout_seen"], open_same[key]), 4
        )
    # At equal expected fix a failed check before a low score.
    items.sort(key=lambda i: (-i["expected_fix"], i["reason"] != "failed_check"))
    return {"items": items[:limit], "total": len(items), "threshold": cutoff}
