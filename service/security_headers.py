"""Security headers on every answer, the review page's and the API's.

The page is served from this origin only, with no inline script or style
(``service/static``), so the policy allows ``'self'`` and nothing else; page
images are fetched with the key and shown as ``blob:`` URLs. The API's JSON
and files are never to be framed, sniffed into another type or leak their
URL as a referrer. ``/docs`` and ``/redoc`` (FastAPI's own pages: an inline
bootstrap script and assets from a CDN) get a policy of their own allowing
exactly that, and only there.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {_CDN}",
        f"style-src 'self' 'unsafe-inline' {_CDN}",
        f"img-src 'self' data: {_CDN} https://fastapi.tiangolo.com",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
_DOCS_PATHS = ("/docs", "/redoc")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


_FIXED = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_CSP = b"content-security-policy"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        docs = path == "/docs/oauth2-redirect" or path in _DOCS_PATHS
        policy = (DOCS_POLICY if docs else CONTENT_SECURITY_POLICY).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Encoded once, one pass over the answer's headers: this runs on every request.
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != _CSP]
                present = {k.lower() for k, _ in headers}
                headers.append((_CSP, policy))
                headers += [(k, v) for k, v in _FIXED if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
