"""Webhooks: events written as deliveries in the event's own transaction (an
outbox), sent by the workers, signed, retried with exponential backoff.

A delivery is a POST of the JSON body with

- ``X-Extractor-Event``: ``document.done`` | ``document.failed`` | ``document.approved``
- ``X-Extractor-Delivery``: the delivery's id (the same on every retry)
- ``X-Extractor-Timestamp``: Unix seconds at sending
- ``X-Extractor-Signature``: ``sha256=`` + hex HMAC-SHA256 under the hook's
  secret of ``"<timestamp>." + body``; a receiver recomputes it (``verify``)
  and refuses a timestamp older than a few minutes (replay).

A 2xx answer delivers it; anything else (or no answer) is retried after
``backoff × 2^(attempt-1)`` seconds, up to ``max_attempts``, then marked
``failed``. Every attempt's outcome is kept on the delivery (status code,
error, attempts); an admin can send it again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service.models import Document, Webhook, WebhookDelivery, utcnow

if TYPE_CHECKING:
    from service.runtime import Runtime

log = logging.getLogger("service.webhooks")
EVENTS = ("document.done", "document.failed", "document.approved")
MAX_BACKOFF_SECONDS = 3600.0
REPLAY_WINDOW_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    signature: str,
    body: bytes,
    now: float | None = None,
    window: int = REPLAY_WINDOW_SECONDS,
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    fresh = abs((now if now is not None else time.time()) - ts) <= window
    return fresh and hmac.compare_digest(sign(secret, ts, body), signature)


def emit(s: Session, doc: Document, event: str) -> int:
    """Queue ``event`` of ``doc`` for every active hook of its organisation
    that asked for it; call inside the transaction of the event."""
    from service.views import document_summary

    assert event in EVENTS, event
    hooks = s.scalars(
        select(Webhook).where(
            Webhook.organisation_id == doc.organisation_id, Webhook.active.is_(True)
        )
    ).all()
    body = json.dumps(
        {"event": event, "at": utcnow().isoformat() + "Z", "document": document_summary(doc)},
        ensure_ascii=False,
    )
    n = 0
    for hook in hooks:
        if event in (hook.events or []):
            s.add(
                WebhookDelivery(
                    webhook_id=hook.id,
                    event=event,
                    document_id=doc.id,
                    body=body,
                    next_attempt_at=time.time(),
                )
            )
            n += 1
    return n


def _due(now: float) -> Any:
    return (
        (WebhookDelivery.status == "pending")
        & (WebhookDelivery.next_attempt_at <= now)
        & or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now)
    )


def claim_due(rt: Runtime, limit: int = 20) -> list[int]:
    """Take due deliveries with a lease, so two workers never send one at once."""
    now = time.time()
    lease = now + rt.settings.webhook_timeout_seconds + 30
    taken = []
    with rt.sessions() as s:
        ids = s.scalars(
            select(WebhookDelivery.id)
            .where(_due(now))
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
        ).all()
        for did in ids:
            res = s.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == did, _due(now))
                .values(lease_until=lease)
            )
            s.commit()
            if res.rowcount:  # type: ignore[attr-defined]
                taken.append(did)
    return taken


def send(rt: Runtime, delivery_id: int) -> bool:
    """One attempt; record its outcome and the next attempt (or give up)."""
    with rt.sessions() as s:
        d = s.get(WebhookDelivery, delivery_id)
        hook = s.get(Webhook, d.webhook_id) if d is not None else None
        if d is None or hook is None:
            return False
        url, secret, body, event, attempts = hook.url, hook.secret, d.body, d.event, d.attempts
    data = body.encode()
    ts = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "extractor-webhooks/1",
        "X-Extractor-Event": event,
        "X-Extractor-Delivery": str(delivery_id),
        "X-Extractor-Timestamp": str(ts),
        "X-Extractor-Signature": sign(secret, ts, data),
    }
    code: int | None = None
    error: str | None = None
    try:
        r = httpx.post(
            url,
            content=data,
            headers=headers,
            timeout=rt.settings.webhook_timeout_seconds,
            follow_redirects=False,
        )
        code = r.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}: {r.text[:200]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    attempts += 1
    values: dict[str, Any] = {
        "attempts": attempts,
        "last_status_code": code,
        "last_error": error,
        "lease_until": None,
    }
    if error is None:
        values.update(status="delivered", delivered_at=utcnow())
    elif attempts >= rt.settings.webhook_max_attempts:
        values.update(status="failed")
    else:
        delay = min(rt.settings.webhook_backoff_seconds * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS)
        values.update(next_attempt_at=time.time() + delay)
    with rt.sessions() as s:
        s.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(**values))
        s.commit()
    if error is not None:
        log.info("webhook delivery %s to %s failed (%s): %s", delivery_id, url, attempts, error)
    return error is None


def deliver_due(rt: Runtime) -> int:
    """Send what is due; return how many were attempted."""
    taken = claim_due(rt)
    for did in taken:
        send(rt, did)
    return len(taken)


def redeliver(s: Session, delivery: WebhookDelivery) -> None:
    """Send again on request: pending now, with a fresh budget of attempts."""
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = time.time()
    delivery.lease_until = None
