"""The read state held locally under Redis client tracking
(service.read_state.TrackedReadState): a write through one service process
is read at once through another that holds the document's generation, with
no MGET; any loss of the tracking connection drops what is held and reads go
back to asking Redis; Redis down, nothing held is trusted."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from redis import Redis

from service.app import create_app
from service.read_state import AsyncRedisReads, RedisGenerations, TrackedReadState
from tests.service.conftest import _REDIS, REDIS_URL

pytestmark = [pytest.mark.redis]
needs_redis = pytest.mark.skipif(not _REDIS, reason="Redis on 127.0.0.1 not reachable")


def _until(check: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _tracked(svc_rt: Any) -> TrackedReadState:
    tracked = svc_rt._async_reads.tracked
    assert isinstance(tracked, TrackedReadState)
    return tracked


def _read(client: TestClient, doc_id: str, headers: dict[str, str]) -> Any:
    return client.get(f"/v1/documents/{doc_id}/extraction", headers=headers)


@pytest.fixture
def pair(svc_factory: Any, sample: Any) -> Iterator[tuple[Any, TestClient, str]]:
    """A production service with one extracted document, and a second
    process of it (same database and Redis, its own memory)."""
    svc = svc_factory("postgres-redis")
    doc_id = svc.upload_done("a.txt", sample(0, 7))
    app = create_app(svc.settings, background=False)
    try:
        with TestClient(app) as other:
            yield svc, other, doc_id
    finally:
        app.state.runtime.close()


def _held_read(svc: Any, doc_id: str, headers: dict[str, str] | None = None) -> Any:
    """Read until one read is answered with the held values (tracking on)."""
    tracked = _tracked(svc.rt)
    got: list[Any] = []

    def one() -> bool:
        before = tracked.hits
        got.append(_read(svc.client, doc_id, headers or svc.admin))
        return tracked.hits > before

    _until(one)
    return got[-1]


@pytest.mark.postgres
def test_a_write_through_another_process_is_read_at_once_with_tracking_on(pair: Any) -> None:
    svc, other, doc_id = pair
    row = _held_read(svc, doc_id).json()["indicators"][0]
    etag, tracked = row["review"]["etag"], _tracked(svc.rt)
    for n in range(8):
        name = f"跟踪第{n}次改名"
        r = other.patch(
            f"/v1/documents/{doc_id}/indicators/{row['id']}",
            json={"name": name},
            headers={**svc.admin, "If-Match": etag},
        )
        assert r.status_code == 200, r.text
        etag = r.headers["etag"]
        got = _read(svc.client, doc_id, svc.admin).json()["indicators"]
        assert next(i for i in got if i["id"] == row["id"])["name"]["value"] == name
        # And it is held again: the next read asks Redis nothing.
        before = tracked.hits
        again = _read(svc.client, doc_id, svc.admin).json()["indicators"]
        assert next(i for i in again if i["id"] == row["id"])["name"]["value"] == name
        assert tracked.hits > before
    # A key revoked through the other process is refused at once here.
    reader = svc.key("uploader")
    assert _held_read(svc, doc_id, reader).status_code == 200
    listed = other.get("/v1/keys", headers=svc.admin).json()["items"]
    key_id = next(k["id"] for k in listed if k["role"] == "uploader")
    assert other.post(f"/v1/keys/{key_id}/revoke", headers=svc.admin).status_code == 200
    assert _read(svc.client, doc_id, reader).status_code == 401


@pytest.mark.postgres
def test_a_lost_tracking_connection_drops_what_is_held(pair: Any) -> None:
    svc, other, doc_id = pair
    row = _held_read(svc, doc_id).json()["indicators"][0]
    tracked = _tracked(svc.rt)
    redis = Redis.from_url(REDIS_URL)
    ids = [c["id"] for c in redis.client_list() if c.get("name") == tracked.client_name]
    assert ids  # both processes' tracking connections carry the name
    for client_id in ids:
        redis.client_kill_filter(_id=client_id)
    r = other.patch(
        f"/v1/documents/{doc_id}/indicators/{row['id']}",
        json={"name": "断线后改名"},
        headers={**svc.admin, "If-Match": row["review"]["etag"]},
    )
    assert r.status_code == 200, r.text
    before = tracked.hits
    got = _read(svc.client, doc_id, svc.admin).json()["indicators"]
    assert next(i for i in got if i["id"] == row["id"])["name"]["value"] == "断线后改名"
    assert tracked.hits == before  # nothing held survived the loss: it asked Redis
    # Tracking comes back by itself, starting empty, and holds values again.
    back = _held_read(svc, doc_id).json()["indicators"]
    assert next(i for i in back if i["id"] == row["id"])["name"]["value"] == "断线后改名"


def _names() -> tuple[str, RedisGenerations]:
    tag = uuid.uuid4().hex[:12]
    return f"read14-test:epoch:{tag}", RedisGenerations(
        lambda: Redis.from_url(REDIS_URL), f"read14-test:gen:{tag}"
    )


def _hold_epoch(tracked: TrackedReadState, epoch: str) -> bool:
    """Once connected, hold the epoch through one clean MGET-like read."""
    if not tracked.active:
        tracked.lookup(None)  # starts connecting, in a thread
        return False
    fetch = tracked.begin()
    tracked.end(fetch, {AsyncRedisReads.EPOCH: Redis.from_url(REDIS_URL).get(epoch) or b"0"})
    return tracked.lookup(None) is not None


@needs_redis
def test_a_push_during_an_mget_keeps_its_values_from_being_held() -> None:
    epoch, gens = _names()
    tracked = TrackedReadState(REDIS_URL, epoch, gens.key(""))
    redis = Redis.from_url(REDIS_URL)
    try:
        _until(lambda: _hold_epoch(tracked, epoch))
        fetch = tracked.begin()
        assert fetch is not None
        # The MGET read generation 0; a writer moves it before the reply is kept.
        gens.bump("doc")
        _until(lambda: tracked.lookup(None) is not None and "doc" in fetch.dirty)
        tracked.end(fetch, {AsyncRedisReads.EPOCH: b"0", "doc": b"0"})
        assert tracked.lookup("doc") is None  # not held: the next read asks Redis
        # A clean read is held, and a later change drops it.
        tracked.end(tracked.begin(), {AsyncRedisReads.EPOCH: b"0", "doc": b"1"})
        assert tracked.lookup("doc") == (b"0", b"1")
        gens.bump("doc")
        _until(lambda: tracked.lookup("doc") is None)
        assert tracked.lookup(None) == (b"0", None)
        redis.incr(epoch)
        _until(lambda: tracked.lookup(None) is None)
    finally:
        tracked.close()
        redis.delete(epoch, gens.key("doc"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_with_redis_down_nothing_is_trusted() -> None:
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    gens = RedisGenerations(lambda: Redis.from_url(url), "read14-test:gen:down")
    reads = AsyncRedisReads(url, "read14-test:epoch:down", gens)
    try:
        for _ in range(3):
            assert asyncio.run(reads.current("doc")) == (None, None)
            time.sleep(0.05)
        assert reads.tracked is not None and not reads.tracked.active
        assert reads.tracked.lookup("doc") is None and reads.tracked.hits == 0
    finally:
        reads.close()
