"""The review queue: doubtful fields first, reviewed ones leave it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from service.model_version import active_model
from service.models import Document, Indicator
from service.review_order import trained_layouts


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


def test_queue_puts_first_the_fields_of_layouts_the_model_has_seen_least(
    svc: Any, sample: Any
) -> None:
    """Layout A: two documents approved (seen), one open. Layout B: never
    seen, two open. A field of B at 0.6 comes before a field of A at 0.5: its
    correction, once trained on, also helps the other open document of B."""
    reviewer = svc.key("reviewer")
    a = [svc.upload_done("a.txt", sample(0, v)) for v in (1, 2, 3)]
    b = [svc.upload_done("b.txt", sample(1, v)) for v in (1, 2)]
    with svc.rt.sessions() as s:
        keys = {d: s.get(Document, d).layout_key for d in a + b}
    assert len({keys[d] for d in a}) == 1 and len({keys[d] for d in b}) == 1
    assert keys[a[0]] != keys[b[0]]
    for doc_id in a[:2]:
        assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=reviewer).is_success
    added = {}
    for doc_id, conf in ((a[2], 0.5), (b[0], 0.6)):
        r = svc.client.post(
            f"/v1/documents/{doc_id}/indicators", json={"name": "待审指标"}, headers=svc.admin
        )
        added[doc_id] = r.json()["id"]
        _make_doubtful(svc, doc_id, added[doc_id], "name", conf, fail=False)
    svc.rt.extraction_cache.clear()

    q = svc.client.get("/v1/review-queue?limit=1000", headers=reviewer).json()["items"]
    mine = [i for i in q if i["indicator_id"] in added.values() and i["field"] == "name"]
    assert [i["document_id"] for i in mine] == [b[0], a[2]]
    # Seen = documents of the layout in the shipped model's training data (meta.json
    # "layouts") plus the approved ones waiting to be trained on.
    trained = trained_layouts(Path(active_model(svc.rt.settings)[1]))
    assert mine[0]["layout_seen"] == trained.get(keys[b[0]], 0)
    assert mine[1]["layout_seen"] == trained.get(keys[a[0]], 0) + 2
    fixes = [i["expected_fix"] for i in q]
    assert fixes == sorted(fixes, reverse=True)
