"""API keys: required everywhere but health, roles, and the organisation wall."""

from __future__ import annotations

from typing import Any

from service.auth import hash_key
from service.models import ApiKey


def test_every_endpoint_but_health_needs_a_key(svc: Any) -> None:
    assert svc.client.get("/healthz").status_code == 200
    for method, path in [
        ("GET", "/v1/documents"),
        ("GET", f"/v1/documents/{'a' * 32}"),
        ("GET", "/v1/review-queue"),
        ("GET", "/v1/exports"),
        ("GET", "/metrics"),
        ("POST", "/v1/keys"),
    ]:
        r = svc.client.request(method, path)
        assert r.status_code == 401, path
        assert r.json()["error"]["code"] == "unauthorized"
    bad = svc.client.get("/v1/documents", headers={"X-API-Key": "ek_not_a_key"})
    assert bad.status_code == 401


def test_bearer_and_header_both_work(svc: Any) -> None:
    key = svc.admin["X-API-Key"]
    assert svc.client.get("/v1/documents", headers={"Authorization": f"Bearer {key}"}).is_success
    assert svc.client.get("/v1/documents", headers={"X-API-Key": key}).is_success


def test_keys_are_stored_hashed_never_in_clear(svc: Any) -> None:
    headers = svc.key("reviewer")
    clear = headers["X-API-Key"]
    with svc.rt.sessions() as s:
        hashes = [k.key_hash for k in s.query(ApiKey).all()]
    assert hash_key(clear, svc.settings.key_pepper) in hashes
    assert clear not in hashes and all(clear not in h for h in hashes)


def test_roles(svc: Any, sample: Any) -> None:
    uploader, reviewer = svc.key("uploader"), svc.key("reviewer")
    doc_id = svc.upload_done("a.txt", sample(0), headers=uploader)
    # The uploader reads but may not correct, approve, export or review.
    assert svc.client.get(f"/v1/documents/{doc_id}", headers=uploader).status_code == 200
    add = svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "x"}, headers=uploader
    )
    assert add.status_code == 403 and add.json()["error"]["code"] == "forbidden"
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=uploader).status_code == 403
    assert svc.client.get("/v1/review-queue", headers=uploader).status_code == 403
    # The reviewer may, but may not make keys or read metrics.
    add = svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "x"}, headers=reviewer
    )
    assert add.status_code == 201
    assert add.json()["review"]["state"] == "added"
    r = svc.client.post("/v1/keys", json={"name": "n", "role": "admin"}, headers=reviewer)
    assert r.status_code == 403
    assert svc.client.get("/metrics", headers=reviewer).status_code == 403
    events = svc.client.get(f"/v1/documents/{doc_id}/history", headers=reviewer).json()["events"]
    assert events[-1]["who"].startswith("reviewer-")


def test_organisations_do_not_see_each_other(svc: Any, sample: Any) -> None:
    """The wall: a key of organisation B gets 404 on everything of A's, same as a missing id."""
    a = svc.key("admin", organisation="org-A-" + svc.settings.bootstrap_organisation)
    b = svc.key("admin", organisation="org-B-" + svc.settings.bootstrap_organisation)
    doc_a = svc.upload_done("a.txt", sample(0), headers=a)
    base = f"/v1/documents/{doc_a}"
    for path in ("", "/extraction", "/source", "/history"):
        assert svc.client.get(base + path, headers=b).status_code == 404
        assert svc.client.get(base + path, headers=a).status_code == 200
    assert svc.client.post(f"{base}/indicators", json={"name": "x"}, headers=b).status_code == 404
    assert svc.client.post(f"{base}/approve", headers=b).status_code == 404
    assert svc.client.get("/v1/documents", headers=b).json()["total"] == 0
    assert svc.client.get("/v1/review-queue", headers=b).json()["total"] == 0
    export = svc.client.get("/v1/exports?format=jsonl&approved=false", headers=b)
    assert export.status_code == 200 and export.content == b""
    # The same bytes uploaded by B make B's own document, not a link to A's.
    doc_b = svc.upload([("a.txt", sample(0))], headers=b).json()["documents"][0]
    assert doc_b["id"] != doc_a and doc_b["duplicate"] is False
    # And an admin of B cannot mint keys for A (only the operator organisation can).
    r = svc.client.post(
        "/v1/keys",
        json={
            "name": "sneak",
            "role": "admin",
            "organisation": "org-A-" + svc.settings.bootstrap_organisation,
        },
        headers=b,
    )
    assert r.status_code == 403
