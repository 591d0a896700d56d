"""Two reviewers, one ETag: exactly one edit wins, the other gets 412.

Real concurrency on both databases: two threads send PATCHes with the same
If-Match. A barrier holds both requests after their If-Match check until
both have passed it, so the race the check alone cannot see happens every
time instead of now and then.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import service.routes.corrections as routes


def _added(svc: Any, doc_id: str) -> dict[str, Any]:
    r = svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "新增养老床位"}, headers=svc.admin
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _race(svc: Any, url: str, etag: str, names: list[str]) -> list[Any]:
    with ThreadPoolExecutor(len(names)) as pool:
        futures = [
            pool.submit(
                svc.client.patch, url, json={"name": name}, headers={**svc.admin, "If-Match": etag}
            )
            for name in names
        ]
        return [f.result() for f in futures]


def test_same_if_match_twice_one_wins(
    svc: Any, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    etag = ind["review"]["etag"]

    both_checked = threading.Barrier(2, timeout=20)
    real_apply = routes.apply_patch

    def apply_after_both_checked(*args: Any, **kwargs: Any) -> int:
        both_checked.wait()
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(routes, "apply_patch", apply_after_both_checked)
    answers = _race(svc, url, etag, ["甲的改名", "乙的改名"])
    monkeypatch.undo()

    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200, 412], [r.text for r in answers]
    winner = next(r for r in answers if r.status_code == 200)
    loser = next(r for r in answers if r.status_code == 412)
    assert loser.json()["error"]["code"] == "precondition_failed"
    # The stored row is the winner's, and the audit trail records only the winner's edit.
    now = svc.client.get(url, headers=svc.admin)
    assert now.json()["name"]["value"] == winner.json()["name"]["value"]
    assert now.headers["etag"] == winner.headers["etag"] != etag
    events = svc.client.get(f"/v1/documents/{doc_id}/history", headers=svc.admin).json()["events"]
    renames = [e for e in events if e["field"] == "name" and e["action"] == "correct"]
    assert [e["new_value"]["value"] for e in renames] == [winner.json()["name"]["value"]]


def test_unsynchronised_races_never_both_win(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    etag = ind["review"]["etag"]
    extraction = f"/v1/documents/{doc_id}/extraction"
    before = svc.client.get(extraction, headers=svc.admin).json()["review"]["revision"]
    for trial in range(6):
        answers = _race(svc, url, etag, [f"甲{trial}", f"乙{trial}", f"丙{trial}"])
        assert sum(r.status_code == 200 for r in answers) == 1, [r.text for r in answers]
        assert all(r.status_code in (200, 412) for r in answers)
        etag = next(r for r in answers if r.status_code == 200).headers["etag"]
    after = svc.client.get(extraction, headers=svc.admin).json()["review"]["revision"]
    assert after == before + 6  # every winning edit bumped the revision once
