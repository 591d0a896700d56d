"""Refuse a request body as soon as it passes the limit, before it is spooled.

A pure ASGI middleware that counts bytes: a ``Content-Length`` over the limit
is answered 413 without reading anything; a body without one (chunked) is
counted as it streams in and cut at the first chunk past the limit. Without
this, the multipart parser spools a whole upload to disk before the route's
own size check sees it.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import error_response


class BodyTooLarge(HTTPException):
    """Raised from ``receive``: FastAPI passes HTTPExceptions through its body
    parsing, so the app's error handler renders it like any other 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        announced = Headers(scope=scope).get("content-length")
        if announced is not None and announced.isdigit() and int(announced) > limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            # Raised where no handler turned it into an answer (a route reading the stream).
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "file_too_large",
            f"request body larger than {self.max_bytes} bytes",
            {"Connection": "close"},
        )
        await response(scope, receive, send)
