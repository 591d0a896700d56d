"""The change feed: what happened to the organisation's documents since a cursor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.changes import change_view, changes_after
from service.deps import SessionDep, Uploader

router = APIRouter(prefix="/v1", tags=["changes"])


@router.get("/changes", summary="Documents extracted, failed, corrected or approved since a cursor")
def list_changes(
    *,
    after: Annotated[
        int,
        Query(ge=0, le=2**62, description="the `next` of the previous answer; 0 from the start"),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    principal: Uploader,
    s: SessionDep,
) -> dict[str, Any]:
    """In cursor order, each change once. Store ``next`` only once the
    changes are processed: asking again from it resumes exactly there."""
    rows = changes_after(s, principal.organisation_id, after, limit)
    return {
        "changes": [change_view(c) for c in rows],
        "next": rows[-1].id if rows else after,
        "more": len(rows) == limit,
    }
