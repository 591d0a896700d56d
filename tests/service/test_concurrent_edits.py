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


def test_no_edit_lands_on_a_document_approved_meanwhile(
    svc: Any, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PATCH checked "not approved" before an approval commits must not be stored after it."""
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    both_checked = threading.Barrier(2, timeout=20)
    approved = threading.Event()
    real_apply, real_approve = routes.apply_patch, routes.approve
    real_drop = svc.rt.extraction_cache.drop

    def apply_after_the_approval(*args: Any, **kwargs: Any) -> int:
        both_checked.wait()
        approved.wait(timeout=20)
        return real_apply(*args, **kwargs)

    def approve_after_both_checked(*args: Any, **kwargs: Any) -> None:
        both_checked.wait()
        real_approve(*args, **kwargs)

    def drop_and_signal(doc: str) -> None:  # called right after the approval's commit
        real_drop(doc)
        approved.set()

    monkeypatch.setattr(routes, "apply_patch", apply_after_the_approval)
    monkeypatch.setattr(routes, "approve", approve_after_both_checked)
    monkeypatch.setattr(svc.rt.extraction_cache, "drop", drop_and_signal)
    with ThreadPoolExecutor(2) as pool:
        edit = pool.submit(
            svc.client.patch,
            url,
            json={"name": "批准后的改名"},
            headers={**svc.admin, "If-Match": ind["review"]["etag"]},
        )
        approval = pool.submit(
            svc.client.post, f"/v1/documents/{doc_id}/approve", headers=svc.admin
        )
        edit_answer, approval_answer = edit.result(), approval.result()
    monkeypatch.undo()

    assert approval_answer.status_code == 200, approval_answer.text
    assert edit_answer.status_code == 409, edit_answer.text
    assert edit_answer.json()["error"]["code"] == "document_approved"
    now = svc.client.get(url, headers=svc.admin).json()
    assert now["name"]["value"] == ind["name"]["value"]
    events = svc.client.get(f"/v1/documents/{doc_id}/history", headers=svc.admin).json()["events"]
    assert [e["action"] for e in events][-1] == "approve"
