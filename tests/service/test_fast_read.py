"""The extraction read answered from memory (service.fast_read): the same
answer as the full route, 304 on a matching ETag, and every refusal kept."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from service.auth import KeyCache
from service.fast_read import FastReadMiddleware, etag_matches
from service.runtime import ExtractionCache


def _read(svc: Any, doc_id: str, headers: dict[str, str], query: str = "") -> Any:
    return svc.client.get(f"/v1/documents/{doc_id}/extraction{query}", headers=headers)


def test_a_cached_read_is_the_full_routes_answer_and_honours_if_none_match(
    svc: Any, sample: Any
) -> None:
    doc_id = svc.upload_done("a.txt", sample(0, 1))
    first = _read(svc, doc_id, svc.admin)  # the full route: renders and caches
    second = _read(svc, doc_id, svc.admin)  # answered before routing
    assert _answered_before_routing(svc, doc_id) == (200, first.content)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and second.json()["indicators"]
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == "application/json"
    assert second.headers["x-content-type-options"] == "nosniff"  # outer middlewares still run
    etag = first.headers["etag"]
    for tag in (etag, f"W/{etag}", f'"x", {etag}'):
        unchanged = _read(svc, doc_id, {**svc.admin, "If-None-Match": tag})
        assert unchanged.status_code == 304 and unchanged.content == b""
        assert unchanged.headers["etag"] == etag
    assert _read(svc, doc_id, {**svc.admin, "If-None-Match": '"r999"'}).status_code == 200
    # Another view of the document has another tag: the plain view's does not match it.
    filtered = _read(svc, doc_id, {**svc.admin, "If-None-Match": etag}, "?max_confidence=1")
    assert filtered.status_code == 200 and filtered.headers["etag"] != etag


def test_an_edit_changes_the_body_and_the_tag(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0, 2))
    before = _read(svc, doc_id, svc.admin)
    _read(svc, doc_id, svc.admin)
    ind = before.json()["indicators"][0]
    r = svc.client.patch(
        f"/v1/documents/{doc_id}/indicators/{ind['id']}",
        json={"name": "改过的指标名称"},
        headers={**svc.admin, "If-Match": ind["review"]["etag"]},
    )
    assert r.status_code == 200, r.text
    after = _read(svc, doc_id, {**svc.admin, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert after.json()["indicators"][0]["name"]["value"] == "改过的指标名称"


def test_a_write_through_another_process_is_read_at_once(
    svc: Any, sample: Any, other: TestClient
) -> None:
    """Each writer edits through one process, then reads through another that
    holds the body cached: its own write must be there, every time."""
    doc_id = svc.upload_done("a.txt", sample(0, 4))
    rows = _read(svc, doc_id, svc.admin).json()["indicators"][:4]
    assert len(rows) == 4

    def write_then_read(row: dict[str, Any]) -> list[str]:
        stale = []
        etag = row["review"]["etag"]
        for n in range(6):
            name = f"{row['id']} 第{n}次改名"
            r = other.patch(
                f"/v1/documents/{doc_id}/indicators/{row['id']}",
                json={"name": name},
                headers={**svc.admin, "If-Match": etag},
            )
            assert r.status_code == 200, r.text
            etag = r.headers["etag"]
            for _ in range(2):  # the first read may fill the cache, the second is served from it
                got = _read(svc, doc_id, svc.admin).json()["indicators"]
                mine = next(i for i in got if i["id"] == row["id"])
                if mine["name"]["value"] != name:
                    stale.append(f"{name!r} written, {mine['name']['value']!r} read")
        return stale

    def keep_reading() -> None:
        for _ in range(40):
            assert _read(svc, doc_id, svc.admin).status_code == 200

    with ThreadPoolExecutor(6) as pool:
        readers = [pool.submit(keep_reading) for _ in range(2)]
        stale = [s for f in [pool.submit(write_then_read, r) for r in rows] for s in f.result()]
        for f in readers:
            f.result()
    assert not stale, stale[:3]


def test_refusals_hold_on_the_hot_path(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0, 3))
    reader = svc.key("uploader")
    assert _read(svc, doc_id, reader).status_code == 200
    assert _read(svc, doc_id, reader).status_code == 200  # key and body both cached now
    # A key of another organisation: not found, as for a missing document.
    stranger = svc.key("admin", organisation="another-org")
    assert _read(svc, doc_id, stranger).status_code == 404
    assert _read(svc, doc_id, {"X-API-Key": "ek_unknown"}).status_code == 401
    assert _read(svc, doc_id, {}).status_code == 401
    # Revoked after being cached: refused at once.
    listed = svc.client.get("/v1/keys", headers=svc.admin).json()["items"]
    key_id = next(k["id"] for k in listed if k["role"] == "uploader")
    assert svc.client.post(f"/v1/keys/{key_id}/revoke", headers=svc.admin).status_code == 200
    assert _read(svc, doc_id, reader).status_code == 401
    bearer = {"Authorization": f"Bearer {svc.admin['X-API-Key']}"}
    assert _read(svc, doc_id, bearer).status_code == 200


def test_a_cached_body_near_its_expiry_is_rechecked_ahead_by_one_read(
    svc_factory: Any, sample: Any
) -> None:
    svc = svc_factory("sqlite", read_cache_seconds=3.0)
    doc_id = svc.upload_done("a.txt", sample(0, 5))
    _read(svc, doc_id, svc.admin)
    cached = svc.rt.extraction_cache.get(doc_id)
    assert cached is not None
    time.sleep(2.5)  # in the last fifth of its life
    # Served from the entry; the re-check runs in a thread (done when the loop closes).
    assert _answered_before_routing(svc, doc_id)[0] == 200
    again = svc.rt.extraction_cache.get(doc_id)
    assert again is not None and again.checked_at > cached.checked_at + 2.4
    assert again.body == cached.body


def test_one_request_refreshes_an_entry_near_its_expiry() -> None:
    """The single flight: ``due`` is True for one caller, until the refresh
    puts the entry back, or until a refresh that never came back is overdue."""
    keys = KeyCache(ttl=2.0)
    keys.put("k", 1, None)
    assert not keys.due("k")  # young
    time.sleep(1.65)
    assert [keys.due("k") for _ in range(5)] == [True, False, False, False, False]
    assert keys.get("k", 1) == (True, None)  # still used meanwhile
    keys.put("k", 1, None)
    assert not keys.due("k")  # refreshed: young again
    bodies = ExtractionCache(ttl=1.0)
    bodies.put("d", "org", 1, b"{}", 7)
    hit = bodies.fresh("d", "org", 7)
    assert hit is not None and not bodies.due("d", hit)
    time.sleep(0.85)
    assert [bodies.due("d", hit) for _ in range(3)] == [True, False, False]
    time.sleep(0.21)  # the claimed re-check never came back: another may try
    assert bodies.due("d", hit)


def test_etag_matching() -> None:
    assert etag_matches('"r3"', '"r3"') and etag_matches('W/"r3"', '"r3"')
    assert etag_matches("*", '"r3"') and etag_matches('"r1", "r3"', '"r3"')
    assert not etag_matches('"r30"', '"r3"') and not etag_matches(None, '"r3"')


def _answered_before_routing(svc: Any, doc_id: str) -> tuple[int, bytes]:
    """Drive the middleware alone over a router that only records being reached."""
    reached: list[str] = []
    sent: list[dict[str, Any]] = []

    async def router(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    key = svc.admin["X-API-Key"].encode()
    scope = {
        "type": "http",
        "method": "GET",
        "path": f"/v1/documents/{doc_id}/extraction",
        "query_string": b"",
        "headers": [(b"x-api-key", key)],
    }
    asyncio.run(FastReadMiddleware(router, svc.rt)(scope, receive, send))
    assert not reached
    return sent[0]["status"], sent[1]["body"]
