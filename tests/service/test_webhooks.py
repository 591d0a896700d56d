"""Webhooks against a real HTTP receiver on 127.0.0.1: signed, timestamped,
retried with exponential backoff, logged, re-sent on request."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import update

from service.jobs import webhook_sender
from service.models import WebhookDelivery
from service.webhooks import deliver_due, verify


class Receiver:
    """Answers each POST with the next scripted status (then 200) and keeps it."""

    def __init__(self, script: list[int]) -> None:
        self.script = list(script)
        self.received: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                code = receiver.script.pop(0) if receiver.script else 200
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Any]:
    made: list[Receiver] = []

    def make(script: list[int] | None = None) -> Receiver:
        made.append(Receiver(script or []))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _register(svc: Any, url: str, events: list[str], headers: Any = None) -> dict[str, Any]:
    r = svc.client.post(
        "/v1/webhooks", json={"url": url, "events": events}, headers=headers or svc.admin
    )
    assert r.status_code == 201, r.text
    assert r.json()["secret"].startswith("whsec_")
    return dict(r.json())


def _deliveries(svc: Any, hook_id: str) -> list[dict[str, Any]]:
    r = svc.client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=svc.admin)
    assert r.status_code == 200, r.text
    return list(r.json()["deliveries"])


def _make_due(svc: Any) -> None:
    """Bring every pending retry forward to now (instead of waiting its backoff)."""
    with svc.rt.sessions() as s:
        s.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.status == "pending")
            .values(next_attempt_at=0.0)
        )
        s.commit()


def test_a_receiver_failing_twice_gets_the_signed_delivery_on_the_third_try(
    svc: Any, sample: Any, receiver: Any
) -> None:
    svc.rt.settings.webhook_backoff_seconds = 30.0
    rec = receiver([500, 503])
    hook = _register(svc, rec.url, ["document.done", "document.approved"])
    doc_id = svc.upload_done("a.txt", sample(0))

    before = time.time()
    assert deliver_due(svc.rt) == 1  # first try: 500
    (first,) = _deliveries(svc, hook["id"])
    assert first["status"] == "pending" and first["attempts"] == 1
    assert first["last_status_code"] == 500 and "HTTP 500" in first["last_error"]
    assert deliver_due(svc.rt) == 0  # not due before its backoff
    _make_due(svc)
    assert deliver_due(svc.rt) == 1  # second try: 503
    assert _deliveries(svc, hook["id"])[0]["last_status_code"] == 503
    _make_due(svc)
    assert deliver_due(svc.rt) == 1  # third try: 200

    (done,) = _deliveries(svc, hook["id"])
    assert done["status"] == "delivered" and done["attempts"] == 3
    assert done["last_status_code"] == 200 and done["delivered_at"]
    assert len(rec.received) == 3
    bodies = {r["body"] for r in rec.received}
    assert len(bodies) == 1  # the same event each time
    payload = json.loads(rec.received[0]["body"])
    assert payload["event"] == "document.done" and payload["document"]["id"] == doc_id
    assert payload["document"]["status"] == "done"
    stamps = []
    for got in rec.received:
        h = got["headers"]
        assert h["X-Extractor-Event"] == "document.done"
        assert h["X-Extractor-Delivery"] == str(done["id"])
        assert verify(
            hook["secret"], h["X-Extractor-Timestamp"], h["X-Extractor-Signature"], got["body"]
        )
        assert not verify(
            "whsec_other", h["X-Extractor-Timestamp"], h["X-Extractor-Signature"], got["body"]
        )
        assert not verify(
            hook["secret"],
            h["X-Extractor-Timestamp"],
            h["X-Extractor-Signature"],
            got["body"] + b" ",
        )
        # Replay: the same signed request presented ten minutes later is refused.
        late = int(h["X-Extractor-Timestamp"]) + 600
        assert not verify(
            hook["secret"],
            h["X-Extractor-Timestamp"],
            h["X-Extractor-Signature"],
            got["body"],
            now=late,
        )
        stamps.append(int(h["X-Extractor-Timestamp"]))
    assert stamps[0] >= int(before) and stamps == sorted(stamps)  # stamped at each sending

    # An approval is delivered as its own event.
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=svc.admin).status_code == 200
    assert deliver_due(svc.rt) == 1
    approved = json.loads(rec.received[-1]["body"])
    assert approved["event"] == "document.approved"
    assert approved["document"]["approved_by"] == "bootstrap-admin"


def test_backoff_doubles_then_gives_up_and_an_admin_resends(
    svc: Any, sample: Any, receiver: Any
) -> None:
    svc.rt.settings.webhook_backoff_seconds = 30.0
    svc.rt.settings.webhook_max_attempts = 3
    rec = receiver([500, 500, 500])
    hook = _register(svc, rec.url, ["document.done"])
    svc.upload_done("a.txt", sample(0))
    waits = []
    for _ in range(3):
        sent_at = time.time()
        assert deliver_due(svc.rt) == 1
        with svc.rt.sessions() as s:
            d = s.query(WebhookDelivery).one()
            waits.append(d.next_attempt_at - sent_at)
            d.next_attempt_at = 0.0  # make the retry due now instead of waiting
            s.commit()
    assert 30 <= waits[0] < 60 and 60 <= waits[1] < 120  # 30 s, then 60 s
    (gave_up,) = _deliveries(svc, hook["id"])
    assert gave_up["status"] == "failed" and gave_up["attempts"] == 3
    assert deliver_due(svc.rt) == 0

    url = f"/v1/webhooks/{hook['id']}/deliveries/{gave_up['id']}/redeliver"
    r = svc.client.post(url, headers=svc.admin)
    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert deliver_due(svc.rt) == 1  # the receiver answers 200 now
    (again,) = _deliveries(svc, hook["id"])
    assert again["status"] == "delivered" and len(rec.received) == 4
    missing = svc.client.post(
        f"/v1/webhooks/{hook['id']}/deliveries/999999/redeliver", headers=svc.admin
    )
    assert missing.status_code == 404


def test_hooks_get_only_their_events_and_organisation(svc: Any, sample: Any, receiver: Any) -> None:
    rec = receiver()
    failures_only = _register(svc, rec.url, ["document.failed"])
    other_admin = svc.key("admin", organisation="other-" + svc.settings.bootstrap_organisation)
    theirs = _register(svc, rec.url, ["document.done"], headers=other_admin)
    svc.upload_done("a.txt", sample(0))  # done, in our organisation
    assert deliver_due(svc.rt) == 0 and rec.received == []
    assert (
        svc.client.get(f"/v1/webhooks/{theirs['id']}/deliveries", headers=svc.admin).status_code
        == 404
    )
    listed = svc.client.get("/v1/webhooks", headers=svc.admin).json()["webhooks"]
    assert [h["id"] for h in listed] == [failures_only["id"]] and "secret" not in listed[0]
    reviewer = svc.key("reviewer")
    assert svc.client.get("/v1/webhooks", headers=reviewer).status_code == 403
    bad = svc.client.post(
        "/v1/webhooks",
        json={"url": "file:///etc/passwd", "events": ["document.done"]},
        headers=svc.admin,
    )
    assert bad.status_code == 422


def test_the_embedded_worker_sends_them(sqlite_svc: Any, sample: Any, receiver: Any) -> None:
    svc = sqlite_svc
    rec = receiver()
    _register(svc, rec.url, ["document.done"])
    svc.upload_done("a.txt", sample(0))
    loop = webhook_sender(svc.rt)
    loop.start()
    try:
        for _ in range(3000):  # at most a minute: the loop rests 1 s when idle
            if rec.received:
                break
            time.sleep(0.02)
    finally:
        loop.stop()
        loop.join(timeout=10)
    assert len(rec.received) == 1
    assert json.loads(rec.received[0]["body"])["event"] == "document.done"
