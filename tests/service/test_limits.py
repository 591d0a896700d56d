"""Per-key rate limits (429 + Retry-After; Redis-counted in production,
in-process in embedded mode) and Idempotency-Key on upload."""

from __future__ import annotations

import time
from typing import Any

import pytest

from service.rate_limit import WINDOW_SECONDS

BACKENDS = ["sqlite", pytest.param("postgres-redis", marks=[pytest.mark.postgres])]


def _fresh_window() -> None:
    """Start near the beginning of a counting window, so it does not roll over mid-test."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < 10:
        time.sleep(left + 0.1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_reads_past_the_limit_get_429_with_retry_after(svc_factory: Any, backend: str) -> None:
    svc = svc_factory(backend, rate_limit_reads_per_minute=3)
    key, other = svc.key("uploader"), svc.key("uploader")
    _fresh_window()
    for _ in range(3):
        assert svc.client.get("/v1/documents", headers=key).status_code == 200
    r = svc.client.get("/v1/documents", headers=key)
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= WINDOW_SECONDS
    # Per key: another key still reads; writes are not reads.
    assert svc.client.get("/v1/documents", headers=other).status_code == 200


@pytest.mark.parametrize("backend", BACKENDS)
def test_uploads_past_the_limit_get_429(svc_factory: Any, backend: str, sample: Any) -> None:
    svc = svc_factory(backend, rate_limit_uploads_per_minute=2)
    key = svc.key("uploader")
    _fresh_window()
    for i in range(2):
        assert svc.upload([(f"{i}.txt", sample(0, i + 1))], key).status_code == 202
    r = svc.upload([("3.txt", sample(0, 3))], key)
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert svc.client.get("/v1/documents", headers=key).json()["total"] == 2


@pytest.mark.postgres
def test_the_limit_is_shared_by_service_processes_through_redis(svc_factory: Any) -> None:
    """Two apps on the same Redis and database count one key together."""
    one = svc_factory("postgres-redis", rate_limit_reads_per_minute=4)
    key = one.key("uploader")
    _fresh_window()
    from fastapi.testclient import TestClient

    from service.app import create_app

    with TestClient(create_app(one.settings, background=False)) as two:
        for client in (one.client, two, one.client, two):
            assert client.get("/v1/documents", headers=key).status_code == 200
        assert two.get("/v1/documents", headers=key).status_code == 429
        assert one.client.get("/v1/documents", headers=key).status_code == 429


def test_a_retried_upload_with_the_same_idempotency_key_makes_one_job(
    svc: Any, sample: Any
) -> None:
    files = [("a.txt", sample(0, 7))]
    first = svc.upload(files, {**svc.admin, "Idempotency-Key": "upload-42"})
    assert first.status_code == 202 and "Idempotent-Replayed" not in first.headers
    again = svc.upload(files, {**svc.admin, "Idempotency-Key": "upload-42"})
    assert again.status_code == 202 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()  # the first answer, word for word
    svc.drain()
    docs = svc.client.get("/v1/documents", headers=svc.admin).json()
    assert docs["total"] == 1
    feed = svc.client.get("/v1/changes", headers=svc.admin).json()["changes"]
    assert [c["kind"] for c in feed] == ["extracted"]  # one job ran
    other = svc.upload([("b.txt", sample(0, 8))], {**svc.admin, "Idempotency-Key": "upload-42"})
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
