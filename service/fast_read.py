"""The hot read: ``GET /v1/documents/{id}/extraction`` answered from memory.

FastAPI's routing and dependency solving cost several times what uvicorn
itself spends on a request (bench/read_speed.py). When everything a read
needs is already in memory (the caller's key looked up under the current key
epoch, the document's body rendered under its current generation, see
service.read_state: no database round trip, and with Redis client tracking
no Redis round trip either), this
pure ASGI layer, just above the router, answers with the stored bytes (or a
304 when ``If-None-Match`` holds the body's ETag). Anything else (a first
request, a stale entry, a query string, another route, any refusal) goes on
to the full route, which answers it and fills the caches. The outer
middlewares (security headers, metrics, body limit) wrap both paths.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Hashable
from types import SimpleNamespace

from starlette.types import ASGIApp, Receive, Scope, Send

from service.auth import Principal, cached_key_hash
from service.deps import refresh_key_ahead
from service.errors import ApiError
from service.runtime import Runtime

log = logging.getLogger("service")

_PATH = re.compile(r"/v1/documents/([0-9a-f]{32})/extraction")
# What the metrics middleware reads to label the request, as the full route would.
_ROUTE = SimpleNamespace(path="/v1/documents/{doc_id}/extraction")


def extraction_etag(revision: int) -> str:
    """The ETag of the plain extraction view at ``revision``."""
    return f'"r{revision}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Does an ``If-None-Match`` header name ``etag`` (weak or strong, or ``*``)?"""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return etag in tags or "*" in tags


def _recheck_body(rt: Runtime, principal: Principal, doc_id: str, generation: Hashable) -> None:
    """Re-check (or render again) a cached body ahead of its expiry, under
    the generation read before the database is (as the full route does)."""
    from service.routes.documents import extraction_body

    try:
        extraction_body(rt, principal, doc_id, None, False, generation)
    except Exception:  # the entry expires as it would have; the full route answers
        log.debug("re-checking a cached extraction failed", exc_info=True)


class FastReadMiddleware:
    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app, self.rt = app, runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            match = _PATH.fullmatch(scope["path"])
            if match and await self._answer(scope, match.group(1), send):
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, doc_id: str, send: Send) -> bool:
        key = if_none_match = None
        for name, value in scope["headers"]:
            if name == b"x-api-key":
                key = value.decode("latin-1")
            elif name == b"authorization" and key is None:
                scheme, _, token = value.decode("latin-1").partition(" ")
                key = token.strip() if scheme.lower() == "bearer" else None
            elif name == b"if-none-match":
                if_none_match = value.decode("latin-1")
        if not key:
            return False
        rt = self.rt
        digest = cached_key_hash(key, rt.settings.key_pepper)
        epoch, generation = await rt.read_state(doc_id)
        found, principal = rt.keys.get(digest, epoch)
        if not found or principal is None or not principal.can("uploader"):
            return False
        hit = rt.extraction_cache.fresh(doc_id, principal.organisation_id, generation)
        if hit is None:
            return False
        try:
            rt.rate_limiter.check("read", principal.key_id)
        except ApiError:
            return False  # the full route counts again and answers 429
        # One request refreshes an entry near its expiry, in a thread; the
        # others are served from it meanwhile (no herd at expiry).
        if rt.keys.due(digest):
            refresh_key_ahead(rt, key, digest, epoch)
        if rt.extraction_cache.due(doc_id, hit):
            asyncio.get_running_loop().run_in_executor(
                None, _recheck_body, rt, principal, doc_id, generation
            )
        etag = extraction_etag(hit.revision).encode()
        scope["route"] = _ROUTE
        if etag_matches(if_none_match, etag.decode()):
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", etag)]})
            await send({"type": "http.response.body", "body": b""})
            return True
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(hit.body)).encode()),
            (b"etag", etag),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": hit.body})
        return True
