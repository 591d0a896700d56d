"""Model versions in the service: promotion on evidence, re-extraction that
keeps every human correction, the version each document was extracted with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from extractor.registry import Registry
from extractor.settings import DEFAULT_MODEL_DIR
from service.models import Indicator
from service.reextract import replace_indicators
from tests.training.test_registry import blind_data, broken_model


def _service(svc_factory: Any, tmp_path: Path) -> tuple[Any, Registry]:
    data = blind_data(tmp_path / "corpus")
    svc = svc_factory(models_root=tmp_path / "models", training_data_dir=data)
    registry = Registry(tmp_path / "models")
    registry.register(broken_model(tmp_path / "broken"), data)  # v0001: worse
    registry.register(DEFAULT_MODEL_DIR, data)  # v0002: as good
    return svc, registry


def _patch(svc: Any, doc_id: str, ind: dict[str, Any], body: dict[str, Any]) -> None:
    url = f"/v1/documents/{doc_id}/indicators/{ind['id']}"
    headers = {**svc.admin, "If-Match": ind["review"]["etag"]}
    assert svc.client.patch(url, json=body, headers=headers).status_code == 200


def _extraction(svc: Any, doc_id: str) -> dict[str, Any]:
    svc.rt.extraction_cache.clear()
    url = f"/v1/documents/{doc_id}/extraction?include_deleted=true"
    return dict(svc.client.get(url, headers=svc.admin).json())


def test_promotion_refused_when_worse_and_reextraction_keeps_corrections(
    svc_factory: Any, tmp_path: Path, sample: Any
) -> None:
    svc, _ = _service(svc_factory, tmp_path)
    doc_id = svc.upload_done("a.txt", sample(0))
    first = _extraction(svc, doc_id)
    assert (
        svc.client.get(f"/v1/documents/{doc_id}", headers=svc.admin).json()["model"]["version"]
        == "default"
    )
    rows = first["indicators"]
    _patch(svc, doc_id, rows[0], {"target": "≥7777个"})
    _patch(svc, doc_id, rows[1], {"confirm": ["actual"]})
    assert (
        svc.client.delete(
            f"/v1/documents/{doc_id}/indicators/{rows[2]['id']}", headers=svc.admin
        ).status_code
        == 200
    )
    added = svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "审核新增指标"}, headers=svc.admin
    ).json()

    listed = svc.client.get("/v1/models", headers=svc.admin).json()
    assert listed["active"] == "default"
    assert [v["version"] for v in listed["versions"]] == ["default", "v0001", "v0002"]
    refused = svc.client.post("/v1/models/v0001/promote", json={}, headers=svc.admin)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "worse_on_blind_set"
    reviewer = svc.key("reviewer")
    assert svc.client.post("/v1/models/v0002/promote", json={}, headers=reviewer).status_code == 403

    ok = svc.client.post("/v1/models/v0002/promote", json={}, headers=svc.admin)
    assert ok.status_code == 200, ok.text
    assert ok.json()["requeued"] == 1 and ok.json()["previous"] == "default"
    svc.drain()
    doc = svc.client.get(f"/v1/documents/{doc_id}", headers=svc.admin).json()
    assert doc["status"] == "done" and doc["model"]["version"] == "v0002"
    after = {i["id"]: i for i in _extraction(svc, doc_id)["indicators"]}
    assert after[rows[0]["id"]]["target"]["text"] == "≥7777个"
    assert after[rows[0]["id"]]["review"]["fields"]["target"] == "corrected"
    assert after[rows[1]["id"]]["review"]["fields"]["actual"] == "confirmed"
    assert after[rows[2]["id"]]["review"]["state"] == "deleted"
    assert after[added["id"]]["name"]["value"] == "审核新增指标"
    assert len(after) == len(rows) + 1

    back = svc.client.post("/v1/models/rollback", json={"reason": "test"}, headers=svc.admin)
    assert back.status_code == 200 and back.json()["version"] == "default"


def test_a_new_reading_never_overwrites_a_corrected_field(sqlite_svc: Any, sample: Any) -> None:
    svc = sqlite_svc
    doc_id = svc.upload_done("a.txt", sample(0))
    rows = _extraction(svc, doc_id)["indicators"]
    _patch(svc, doc_id, rows[0], {"target": "≥7777个"})
    # Another model reads every target differently.
    new = []
    for r in rows:
        rec = {k: v for k, v in r.items() if k != "review"}
        rec["target"] = {**rec["target"], "text": "≥1个", "value": 1, "confidence": 0.5}
        new.append(rec)
    with svc.rt.sessions() as s:
        replace_indicators(s, doc_id, new)
        s.commit()
        stored = {
            i.iid: i for i in s.scalars(select(Indicator).where(Indicator.document_id == doc_id))
        }
        assert stored[rows[0]["id"]].data["target"]["text"] == "≥7777个"
        assert stored[rows[0]["id"]].field_states == {"target": "corrected"}
        assert stored[rows[1]["id"]].data["target"]["text"] == "≥1个"
        assert stored[rows[1]["id"]].version > 1  # a changed row gets a new ETag
