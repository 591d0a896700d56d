"""Request bodies are refused once they pass the limit, not after they are spooled.

The app is called as ASGI with a body fed in chunks, counting what it pulls:
an upload over the limit must stop being read at the limit, whether the
client announced its length (Content-Length) or streams it chunked.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

LIMIT = 64 * 1024
CHUNK = 8 * 1024
TOTAL = 16 * 1024 * 1024  # 256 times the limit
OVERHEAD = 1024 * 1024  # what a request may carry beyond its files
BOUNDARY = "limit-test-boundary"


def _multipart_chunks(total: int) -> list[bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()
    body = head + b"x" * total + f"\r\n--{BOUNDARY}--\r\n".encode()
    return [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)]


def _call(
    app: Any, headers: dict[str, str], chunks: list[bytes]
) -> tuple[int, dict[str, Any], int]:
    """Run one POST /v1/documents; return status, JSON body and bytes the app read."""
    pulled = 0
    sent: list[dict[str, Any]] = []
    queue = list(chunks)

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if not queue:
            return {"type": "http.disconnect"}
        chunk = queue.pop(0)
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/documents",
        "raw_path": b"/v1/documents",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), pulled


def _headers(svc: Any, **extra: str) -> dict[str, str]:
    return {
        "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        **svc.admin,
        **extra,
    }


def test_streamed_upload_is_cut_at_the_limit(svc_factory: Any) -> None:
    svc = svc_factory(max_upload_bytes=LIMIT)
    chunks = _multipart_chunks(TOTAL)
    status, body, pulled = _call(svc.app, _headers(svc), chunks)  # chunked: no Content-Length
    assert status == 413 and body["error"]["code"] == "file_too_large"
    # Read up to the limit (plus the request overhead and one chunk), not the 16 MB sent.
    assert pulled <= LIMIT + OVERHEAD + CHUNK
    assert pulled < TOTAL // 8


def test_announced_length_over_the_limit_is_refused_before_reading(svc_factory: Any) -> None:
    svc = svc_factory(max_upload_bytes=LIMIT)
    chunks = _multipart_chunks(TOTAL)
    length = str(sum(map(len, chunks)))
    status, body, pulled = _call(svc.app, _headers(svc, **{"content-length": length}), chunks)
    assert status == 413 and body["error"]["code"] == "file_too_large"
    assert pulled == 0


def test_an_upload_under_the_limit_still_passes(svc_factory: Any, sample: Any) -> None:
    svc = svc_factory(max_upload_bytes=LIMIT)
    r = svc.upload([("report.txt", sample(0))])
    assert r.status_code == 202, r.text
