"""Per-key rate limits (429 + Retry-After; Redis-counted in production,
in-process in embedded mode) and Idempotency-Key on upload."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from typing import Any

import pytest
from redis import Redis

from service.rate_limit import LOCAL_SHARE, WINDOW_SECONDS, SharedCounter
from tests.service.conftest import _REDIS, REDIS_URL

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


needs_redis = pytest.mark.skipif(not _REDIS, reason="Redis on 127.0.0.1 not reachable")


class _CountedRedis:
    """A Redis client factory that counts the pipelines run on each thread."""

    def __init__(self, url: str) -> None:
        self.client = Redis.from_url(url)
        self.calls: dict[str, int] = {}

    def __call__(self) -> Redis:
        name = threading.current_thread().name
        self.calls[name] = self.calls.get(name, 0) + 1
        return self.client


def _admit_until_refused(counters: list[SharedCounter], name: str, limit: int) -> int:
    """Alternate requests between the counters (as between two processes), with
    flushes happening meanwhile, until each has refused one; the admitted count."""
    admitted, refused = 0, set()
    window = int(time.time() // WINDOW_SECONDS)
    for i in range(limit * 3):
        counter = counters[i % len(counters)]
        if counter.admit(name, window, limit):
            assert not refused, "admitted after a refusal in the same window"
            admitted += 1
        else:
            refused.add(i % len(counters))
            if len(refused) == len(counters):
                break
        if i % 7 == 0:
            time.sleep(0.002)
    assert len(refused) == len(counters)
    return admitted


@needs_redis
@pytest.mark.redis
def test_two_processes_share_one_limit_with_no_redis_call_on_the_request_path() -> None:
    """Far below the limit a request is counted locally (the background flush
    sends it); the two counters together admit at least the limit and at most
    limit x (1 + 2 / LOCAL_SHARE); every attempt reaches the shared count."""
    _fresh_window()
    prefix, limit = f"rate14-test:{uuid.uuid4().hex[:8]}", 40 * LOCAL_SHARE
    redis = _CountedRedis(REDIS_URL)
    one = SharedCounter(redis, prefix, flush_seconds=0.01)
    two = SharedCounter(redis, prefix, flush_seconds=0.01)
    me = threading.current_thread().name
    window = int(time.time() // WINDOW_SECONDS)
    try:
        for i in range(limit // 8):
            assert one.admit("read:k", window, limit) and two.admit("read:k", window, limit)
            if i % 5 == 4:
                time.sleep(0.02)  # a few flushes: the shared count moves meanwhile
        assert redis.calls.get(me, 0) == 0  # nothing asked Redis on the request path
        time.sleep(0.1)
        assert int(redis.client.get(f"{prefix}:read:k:{window}") or 0) == limit // 4
        admitted = limit // 4 + _admit_until_refused([one, two], "read:k", limit)
        assert limit <= admitted <= limit * (1 + 2 / LOCAL_SHARE)
    finally:
        one.close()
        two.close()
        redis.client.delete(f"{prefix}:read:k:{window}")


@needs_redis
@pytest.mark.redis
def test_low_limits_are_exact_across_processes() -> None:
    _fresh_window()
    prefix = f"rate14-test:{uuid.uuid4().hex[:8]}"
    redis = _CountedRedis(REDIS_URL)
    counters = [SharedCounter(redis, prefix) for _ in range(3)]
    window = int(time.time() // WINDOW_SECONDS)
    try:
        limit = LOCAL_SHARE - 1
        assert _admit_until_refused(counters, "read:k", limit) == limit
    finally:
        for counter in counters:
            counter.close()
        redis.client.delete(f"{prefix}:read:k:{window}")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("limit", [3, 4 * LOCAL_SHARE])
def test_with_redis_down_each_process_counts_alone(limit: int) -> None:
    """No exception and no 500: the process keeps the limit on its own count
    and sends its counts once Redis answers again."""
    dead = Redis.from_url(f"redis://127.0.0.1:{_closed_port()}/0")
    counter = SharedCounter(lambda: dead, "rate14-test:down", flush_seconds=0.01)
    window = int(time.time() // WINDOW_SECONDS)
    try:
        got = [counter.admit("read:k", window, limit) for _ in range(limit + 2)]
        assert got == [True] * limit + [False, False]
    finally:
        counter.close()


@pytest.mark.postgres
def test_a_service_whose_redis_goes_down_still_limits_reads(svc_factory: Any) -> None:
    svc = svc_factory("postgres-redis", rate_limit_reads_per_minute=3)
    key = svc.key("uploader")
    dead = Redis.from_url(f"redis://127.0.0.1:{_closed_port()}/0")
    svc.rt.rate_limiter.counter.redis = lambda: dead
    _fresh_window()
    for _ in range(3):
        assert svc.client.get("/v1/documents", headers=key).status_code == 200
    assert svc.client.get("/v1/documents", headers=key).status_code == 429


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
