"""The review queue: doubtful fields first, reviewed ones leave it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.models import Indicator


def _make_doubtful(
    svc: Any, doc_id: str, iid: str, field: str, confidence: float, fail: bool
) -> None:
    """Give an indicator a low field confidence and a failed check, as the engine would."""
    with svc.rt.sessions() as s:
        ind = s.scalar(
            select(Indicator).where(Indicator.document_id == doc_id, Indicator.iid == iid)
        )
        data = dict(ind.data)
        data[field] = {**data[field], "confidence": confidence}
        if fail:
            data["checks"] = [{"rule": "target_met", "result": "fail", "detail": "90 < 100"}]
            data["confidence"] = 0.4
        ind.data = data
        s.commit()


def test_queue_orders_most_doubtful_first_and_drops_reviewed(svc: Any, sample: Any) -> None:
    reviewer = svc.key("reviewer")
    doc_id = svc.upload_done("a.txt", sample(0))
    ids = []
    for name in ("甲", "乙"):
        r = svc.client.post(
            f"/v1/documents/{doc_id}/indicators", json={"name": name}, headers=svc.admin
        )
        ids.append(r.json()["id"])
    _make_doubtful(svc, doc_id, ids[0], "name", 0.3, fail=False)
    _make_doubtful(svc, doc_id, ids[1], "actual", 0.6, fail=True)
    svc.rt.extraction_cache.clear()

    q = svc.client.get("/v1/review-queue?threshold=0.8&limit=1000", headers=reviewer).json()
    mine = [i for i in q["items"] if i["indicator_id"] in ids]
    assert [(i["indicator_id"], i["field"], i["reason"]) for i in mine] == [
        (ids[0], "name", "low_confidence"),
        (ids[1], "target_met", "failed_check"),
        (ids[1], "actual", "low_confidence"),
    ]
    confidences = [i["confidence"] for i in q["items"]]
    assert confidences == sorted(confidences)

    # Correcting the actual value settles both the low field and the failed check.
    url = f"/v1/documents/{doc_id}/indicators/{ids[1]}"
    etag = svc.client.get(url, headers=reviewer).headers["etag"]
    r = svc.client.patch(url, json={"actual": "100%"}, headers={**reviewer, "If-Match": etag})
    assert r.status_code == 200
    q = svc.client.get("/v1/review-queue?threshold=0.8&limit=1000", headers=reviewer).json()
    assert ids[1] not in {i["indicator_id"] for i in q["items"]}

    # An approved document leaves the queue altogether.
    svc.client.post(f"/v1/documents/{doc_id}/approve", headers=reviewer)
    q = svc.client.get("/v1/review-queue?threshold=0.8", headers=reviewer).json()
    assert doc_id not in {i["document_id"] for i in q["items"]}
