"""Corrections: ETag/If-Match, re-parsed values, add, soft delete, history, approval freeze."""

from __future__ import annotations

from typing import Any

from extractor.values import parse_value


def _added(svc: Any, doc_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "新增家庭养老床位", **fields}
    r = svc.client.post(f"/v1/documents/{doc_id}/indicators", json=body, headers=svc.admin)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_patch_needs_if_match_and_rejects_a_stale_etag(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    r = svc.client.patch(url, json={"name": "x"}, headers=svc.admin)
    assert r.status_code == 428 and r.json()["error"]["code"] == "precondition_required"
    etag = svc.client.get(url, headers=svc.admin).headers["etag"]
    ok = svc.client.patch(url, json={"name": "改名"}, headers={**svc.admin, "If-Match": etag})
    assert ok.status_code == 200 and ok.headers["etag"] != etag
    stale = svc.client.patch(url, json={"name": "又改"}, headers={**svc.admin, "If-Match": etag})
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed"


def test_corrected_target_is_reparsed_with_confidence_one(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ext = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin).json()
    # Correct a real engine indicator when there is one, else one we add.
    target = ext["indicators"][0] if ext["indicators"] else _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{target['id']}"
    headers = {**svc.admin, "If-Match": target["review"]["etag"]}
    r = svc.client.patch(url, json={"target": "≥100个", "actual": "122张"}, headers=headers)
    assert r.status_code == 200, r.text
    got = r.json()
    for field, text in (("target", "≥100个"), ("actual", "122张")):
        expected = parse_value(text).model_dump(mode="json")
        assert {k: got[field][k] for k in expected if k != "confidence"} == {
            k: v for k, v in expected.items() if k != "confidence"
        }
        assert got[field]["confidence"] == 1.0
        assert got["review"]["fields"][field] == "corrected"
    assert got["review"]["state"] == "corrected"
    # The extraction shows the same, and the change is in the history.
    again = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin).json()
    mine = next(i for i in again["indicators"] if i["id"] == target["id"])
    assert mine["target"]["text"] == "≥100个"
    events = svc.client.get(f"/v1/documents/{doc_id}/history", headers=svc.admin).json()["events"]
    changed = [e for e in events if e["action"] == "correct" and e["indicator_id"] == target["id"]]
    by_field = {e["field"]: e for e in changed}
    assert by_field["target"]["new_value"]["text"] == "≥100个"
    assert by_field["target"]["old_value"]["text"] == target["target"]["text"]
    assert all(e["who"] == "bootstrap-admin" and e["at"].endswith("Z") for e in changed)


def test_add_then_soft_delete_keeps_the_row_but_hides_it(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id, target="≥90%", weight=10)
    assert ind["review"]["state"] == "added" and ind["confidence"] == 1.0
    assert ind["weight"]["value"] == 10 and ind["target"]["text"] == "≥90%"
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    r = svc.client.delete(url, headers=svc.admin)
    assert r.status_code == 200 and r.json()["review"]["state"] == "deleted"
    base = f"/v1/documents/{doc_id}/extraction"
    shown = svc.client.get(base, headers=svc.admin).json()["indicators"]
    assert ind["id"] not in [i["id"] for i in shown]
    kept = svc.client.get(f"{base}?include_deleted=true", headers=svc.admin).json()["indicators"]
    assert ind["id"] in [i["id"] for i in kept]
    events = svc.client.get(f"/v1/documents/{doc_id}/history", headers=svc.admin).json()["events"]
    assert [e["action"] for e in events if e["indicator_id"] == ind["id"]] == ["add", "delete"]
    etag = svc.client.get(url, headers=svc.admin).headers["etag"]
    gone = svc.client.patch(url, json={"name": "x"}, headers={**svc.admin, "If-Match": etag})
    assert gone.status_code == 409


def test_confirm_marks_fields_reviewed_without_changing_them(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id, actual="95%")
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    headers = {**svc.admin, "If-Match": ind["review"]["etag"]}
    r = svc.client.patch(url, json={"confirm": ["actual"]}, headers=headers)
    assert r.status_code == 200
    assert r.json()["actual"]["text"] == "95%"
    assert r.json()["review"]["fields"]["actual"] == "confirmed"


def test_approve_freezes_the_document(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    r = svc.client.post(f"/v1/documents/{doc_id}/approve", headers=svc.admin)
    assert r.status_code == 200 and r.json()["approved"] is True
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    headers = {**svc.admin, "If-Match": ind["review"]["etag"]}
    for resp in (
        svc.client.patch(url, json={"name": "x"}, headers=headers),
        svc.client.delete(url, headers=svc.admin),
        svc.client.post(
            f"/v1/documents/{doc_id}/indicators", json={"name": "y"}, headers=svc.admin
        ),
        svc.client.post(f"/v1/documents/{doc_id}/approve", headers=svc.admin),
    ):
        assert resp.status_code == 409
        assert resp.json()["error"]["code"] == "document_approved"
    ext = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin).json()
    assert ext["review"]["state"] == "approved"


def test_invalid_patch_body_is_422(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ind = _added(svc, doc_id)
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    headers = {**svc.admin, "If-Match": ind["review"]["etag"]}
    for body in ({"nonsense": 1}, {"weight": "many"}, {"status": {"label": "done-ish"}}):
        r = svc.client.patch(url, json=body, headers=headers)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
