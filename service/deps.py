"""FastAPI dependencies: the runtime, a database session, the calling key."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Hashable, Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from service.auth import Principal, cached_key_hash, lookup_principal
from service.errors import ApiError
from service.models import Document
from service.runtime import Runtime

log = logging.getLogger("service")
_DOC_ID = re.compile(r"[0-9a-f]{32}")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
_bearer = HTTPBearer(auto_error=False)


# The cheap dependencies are async: a sync one costs a thread hop per request.
async def get_runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(rt: RuntimeDep) -> Iterator[Session]:
    with rt.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_principal(
    request: Request,
    rt: RuntimeDep,
    api_key: Annotated[str | None, Security(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise ApiError(
            401,
            "unauthorized",
            "an API key is required (X-API-Key or Authorization: Bearer)",
            {"WWW-Authenticate": "Bearer"},
        )
    digest = cached_key_hash(key, rt.settings.key_pepper)
    # Read before the lookup: a key change committed after this moves the
    # epoch past the entry stored below, so the entry is never used again.
    epoch, _ = await rt.read_state(None)
    found, principal = rt.keys.get(digest, epoch)
    if not found:
        principal = await run_in_threadpool(_lookup, rt, key)
        rt.keys.put(digest, epoch, principal)
    elif rt.keys.due(digest):
        refresh_key_ahead(rt, key, digest, epoch)
    if principal is None:
        raise ApiError(401, "unauthorized", "unknown, revoked or expired API key")
    kind = _rate_kind(request)
    if kind is not None:
        rt.rate_limiter.check(kind, principal.key_id)
    return principal


def _rate_kind(request: Request) -> str | None:
    if request.method in ("GET", "HEAD"):
        return "read"
    if request.method == "POST" and request.url.path.rstrip("/") == "/v1/documents":
        return "upload"
    return None


def _lookup(rt: Runtime, key: str) -> Principal | None:
    with rt.sessions() as s:
        return lookup_principal(s, key, rt.settings.key_pepper)


def refresh_key_ahead(rt: Runtime, key: str, digest: str, epoch: Hashable) -> None:
    """Look ``key`` up again in a thread, ahead of its cache entry's expiry
    (``KeyCache.due``), under ``epoch`` read before the lookup; requests go
    on using the entry meanwhile. Called from the event loop; not awaited."""
    asyncio.get_running_loop().run_in_executor(None, _refresh_key, rt, key, digest, epoch)


def _refresh_key(rt: Runtime, key: str, digest: str, epoch: Hashable) -> None:
    try:
        rt.keys.put(digest, epoch, _lookup(rt, key))
    except Exception:  # the entry expires as it would have; the next request looks it up
        log.exception("refreshing a cached key failed")


def require(role: str) -> Callable[..., Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.can(role):
            raise ApiError(403, "forbidden", f"this needs the {role} role")
        return principal

    check.required_role = role  # type: ignore[attr-defined]  # read by service.openapi
    return check


def own_document(s: Session, principal: Principal, doc_id: str) -> Document:
    """The document if it belongs to the caller's organisation; 404 otherwise
    (the same answer as for a missing one, so ids of others do not leak)."""
    doc = s.get(Document, doc_id) if _DOC_ID.fullmatch(doc_id) else None
    if doc is None or doc.organisation_id != principal.organisation_id:
        raise ApiError(404, "not_found", f"no document {doc_id}")
    return doc


Uploader = Annotated[Principal, Depends(require("uploader"))]
Reviewer = Annotated[Principal, Depends(require("reviewer"))]
Admin = Annotated[Principal, Depends(require("admin"))]
