"""Upload, dedupe, listing, extraction and source, on both backends."""

from __future__ import annotations

import hashlib
from typing import Any

from extractor.pipeline import extract_bytes


def test_upload_answers_202_then_extraction_matches_contract(svc: Any, sample: Any) -> None:
    data = sample(0)
    r = svc.upload([("部门自评表.txt", data)])
    assert r.status_code == 202
    doc = r.json()["documents"][0]
    assert doc["status"] == "queued" and doc["duplicate"] is False
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert r.headers["location"] == f"/v1/documents/{doc['id']}"
    # Durable before the answer: the stored file is there, byte for byte.
    assert svc.rt.store.get(doc["sha256"]) == data

    svc.drain()
    got = svc.client.get(f"/v1/documents/{doc['id']}", headers=svc.admin).json()
    assert got["status"] == "done" and got["progress"] == 1.0 and got["error"] is None

    ext = svc.client.get(f"/v1/documents/{doc['id']}/extraction", headers=svc.admin)
    assert ext.status_code == 200
    body = ext.json()
    # The library's contract JSON exactly, plus review state.
    library = extract_bytes(data, "部门自评表.txt").to_json_dict()
    review = body.pop("review")
    for ind in body["indicators"]:
        ind.pop("review")
    assert body == library
    body["review"] = review
    assert body["review"]["state"] == "open"
    fresh = svc.client.get(f"/v1/documents/{doc['id']}/extraction", headers=svc.admin).json()
    for ind in fresh["indicators"]:
        assert ind["review"]["state"] == "extracted"
        assert set(ind["review"]["fields"].values()) == {"extracted"}


def test_same_bytes_twice_returns_the_existing_document(svc: Any, sample: Any) -> None:
    first = svc.upload([("a.txt", sample(1))]).json()["documents"][0]
    again = svc.upload([("renamed.txt", sample(1))]).json()["documents"][0]
    assert again["id"] == first["id"] and again["duplicate"] is True
    listed = svc.client.get("/v1/documents", headers=svc.admin).json()
    assert listed["total"] == 1


def test_many_files_in_one_upload(svc: Any, sample: Any) -> None:
    files = [(f"r{i}.txt", sample(i, variant=i + 1)) for i in range(3)]
    r = svc.upload(files)
    assert r.status_code == 202
    ids = [d["id"] for d in r.json()["documents"]]
    assert len(set(ids)) == 3 and "location" not in r.headers
    svc.drain()
    statuses = {
        svc.client.get(f"/v1/documents/{i}", headers=svc.admin).json()["status"] for i in ids
    }
    assert statuses == {"done"}


def test_list_filters_and_paging(svc: Any, sample: Any) -> None:
    for v in range(5):
        svc.upload([(f"r{v}.txt", sample(0, variant=v + 1))])
    svc.drain()
    page = svc.client.get("/v1/documents?limit=2&offset=0", headers=svc.admin).json()
    rest = svc.client.get("/v1/documents?limit=10&offset=2", headers=svc.admin).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and len(rest["items"]) == 3
    assert not {d["id"] for d in page["items"]} & {d["id"] for d in rest["items"]}
    done = svc.client.get("/v1/documents?status=done", headers=svc.admin).json()
    assert done["total"] == 5
    queued = svc.client.get("/v1/documents?status=queued", headers=svc.admin).json()
    assert queued["total"] == 0
    one = done["items"][0]
    for key in ("form_type", "year", "department"):
        if one[key] is not None:
            got = svc.client.get(f"/v1/documents?{key}={one[key]}", headers=svc.admin).json()
            assert got["total"] >= 1 and all(d[key] == one[key] for d in got["items"])
    none = svc.client.get("/v1/documents?year=1901", headers=svc.admin).json()
    assert none["total"] == 0


def test_source_returns_the_uploaded_bytes(svc: Any, sample: Any) -> None:
    data = sample(2)
    doc_id = svc.upload([("原件.txt", data)]).json()["documents"][0]["id"]
    r = svc.client.get(f"/v1/documents/{doc_id}/source", headers=svc.admin)
    assert r.status_code == 200 and r.content == data
    assert "filename*=UTF-8''" in r.headers["content-disposition"]


def test_extraction_before_done_is_409_not_500(svc: Any, sample: Any) -> None:
    doc_id = svc.upload([("a.txt", sample(0))]).json()["documents"][0]["id"]
    r = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin)
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_ready"


def test_max_confidence_filter_keeps_only_doubtful_indicators(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    base = f"/v1/documents/{doc_id}"
    # A low-confidence indicator of our own, so the filter has something to find.
    svc.client.post(f"{base}/indicators", json={"name": "新增指标"}, headers=svc.admin)
    all_ = svc.client.get(f"{base}/extraction", headers=svc.admin).json()["indicators"]
    low = svc.client.get(f"{base}/extraction?max_confidence=0.8", headers=svc.admin).json()
    fields = ["group", "level1", "level2", "name", "target", "actual", "weight", "score"]
    for ind in low["indicators"]:
        assert min([ind[f]["confidence"] for f in fields] + [ind["confidence"]]) <= 0.8
    expected = [
        i["id"]
        for i in all_
        if min([i[f]["confidence"] for f in fields + ["status", "deviation"]] + [i["confidence"]])
        <= 0.8
    ]
    assert [i["id"] for i in low["indicators"]] == expected
    # The indicator we added was set by a person: confidence 1.0, never "doubtful".
    assert "m-0001" not in expected


def test_unknown_document_is_404_with_error_body(svc: Any) -> None:
    for path in ("", "/extraction", "/source", "/history"):
        r = svc.client.get(f"/v1/documents/{'0' * 32}{path}", headers=svc.admin)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "not_found"
