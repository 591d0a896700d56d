"""Corrections re-run the checks: the row's (target met, claim, score ≤ weight)
and the document's (weights sum, stated total, budget), stored and returned."""

from __future__ import annotations

from typing import Any


def _extraction(svc: Any, doc_id: str) -> dict[str, Any]:
    r = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _patch(svc: Any, doc_id: str, ind: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    headers = {**svc.admin, "If-Match": ind["review"]["etag"]}
    r = svc.client.patch(url, json=body, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _result(checks: list[dict[str, Any]], rule: str) -> str:
    return str(next(c["result"] for c in checks if c["rule"] == rule))


def test_a_corrected_actual_turns_target_met_red_then_green(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    first = _extraction(svc, doc_id)["indicators"][0]
    assert first["target"]["text"] == "≤2300张"  # the sample's first row
    assert _result(first["checks"], "target_met") == "pass"

    over = _patch(svc, doc_id, first, {"actual": "2400张"})
    assert _result(over["checks"], "target_met") == "fail"
    assert "2400" in next(c for c in over["checks"] if c["rule"] == "target_met")["detail"]
    # Stored: the extraction shows the failed check.
    stored = _extraction(svc, doc_id)["indicators"][0]
    assert _result(stored["checks"], "target_met") == "fail"

    back = _patch(svc, doc_id, over, {"actual": "1700张"})
    assert _result(back["checks"], "target_met") == "pass"


def test_a_score_above_its_weight_fails_score_consistent(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    first = _extraction(svc, doc_id)["indicators"][0]
    weight = first["weight"]["value"]
    got = _patch(svc, doc_id, first, {"score": weight + 1})
    assert _result(got["checks"], "score_consistent") == "fail"


def test_document_checks_follow_weights_and_scores(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    ext = _extraction(svc, doc_id)
    inds = ext["indicators"]
    # The sample states 自评得分 97.36 with 预算执行(10分) 10: its indicator scores do
    # not add up to 87.36, and the extraction says so.
    assert "score_total" in [w["code"] for w in ext["warnings"]]
    first = inds[0]

    heavier = _patch(svc, doc_id, first, {"weight": first["weight"]["value"] + 7})
    assert _result(heavier["document_checks"], "weight_sum") == "fail"
    assert "weight_sum" in [w["code"] for w in _extraction(svc, doc_id)["warnings"]]
    restored = _patch(svc, doc_id, heavier, {"weight": first["weight"]["value"]})
    assert _result(restored["document_checks"], "weight_sum") == "pass"
    assert "weight_sum" not in [w["code"] for w in _extraction(svc, doc_id)["warnings"]]

    # Lower the first score so the scores add up to the stated total: green.
    score_sum = sum(i["score"]["value"] or 0 for i in inds)
    fixed_score = round(first["score"]["value"] - (score_sum - 87.36), 2)
    assert 0 <= fixed_score <= first["weight"]["value"]
    fixed = _patch(svc, doc_id, restored, {"score": fixed_score})
    assert _result(fixed["document_checks"], "score_total") == "pass"
    assert "score_total" not in [w["code"] for w in _extraction(svc, doc_id)["warnings"]]
    # Deleting a scored row breaks the sum again.
    url = f"/v1/documents/{doc_id}/indicators/{inds[1]['id']}"
    gone = svc.client.delete(url, headers=svc.admin).json()
    assert _result(gone["document_checks"], "score_total") == "fail"


def test_an_added_row_is_checked(svc: Any, sample: Any) -> None:
    doc_id = svc.upload_done("a.txt", sample(0))
    body = {"name": "新增指标", "target": "≥90%", "actual": "80%", "weight": 5, "score": 3}
    r = svc.client.post(f"/v1/documents/{doc_id}/indicators", json=body, headers=svc.admin)
    assert r.status_code == 201, r.text
    assert _result(r.json()["checks"], "target_met") == "fail"
    assert _result(r.json()["document_checks"], "weight_sum") == "fail"  # 5 more than before
