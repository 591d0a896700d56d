"""Security headers on the review page, its files and every API answer (errors too)."""

from __future__ import annotations

import re
from typing import Any

from service.routes.ui import STATIC_DIR


def _policy(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_every_answer_carries_the_headers(sqlite_svc: Any) -> None:
    c, admin = sqlite_svc.client, sqlite_svc.admin
    answers = [
        c.get("/ui"),
        c.get("/ui/static/main.js"),
        c.get("/v1/documents", headers=admin),
        c.get("/v1/documents"),  # 401
        c.get("/v1/documents/0123", headers=admin),  # 404
        c.get("/healthz"),
    ]
    for r in answers:
        policy = _policy(r.headers["content-security-policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]  # no inline script, no other origin
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_the_page_needs_nothing_inline() -> None:
    """What the policy forbids is absent from the shipped page, so it still works."""
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # every script is a file
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    for js in STATIC_DIR.glob("*.js"):
        text = js.read_text(encoding="utf-8")
        assert "localStorage.setItem" not in text, js.name  # the key is not kept for good
        assert "innerHTML" not in text and "eval(" not in text, js.name
