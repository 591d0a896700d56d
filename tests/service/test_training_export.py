"""Approved, corrected documents become training data that ``extractor train`` reads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from extractor.cli import main as cli_main
from extractor.engine.claims import NO_CLAIM, load_examples
from extractor.ingest import load_document
from extractor.training.corpus import load_corpus
from extractor.training.labels import labelled_cells
from extractor.training.scoring import score_documents
from service.training_export import export_approved, export_runtime


def _review(svc: Any, doc_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """Correct the first target, mark the second row false, add a row, approve."""
    ex = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=headers).json()
    first, second = ex["indicators"][0], ex["indicators"][1]
    r = svc.client.patch(
        f"/v1/documents/{doc_id}/indicators/{first['id']}",
        json={"target": "≥2000张", "confirm": ["name"]},
        headers={**headers, "If-Match": first["review"]["etag"]},
    )
    assert r.status_code == 200, r.text
    r = svc.client.delete(f"/v1/documents/{doc_id}/indicators/{second['id']}", headers=headers)
    assert r.status_code == 200, r.text
    r = svc.client.post(
        f"/v1/documents/{doc_id}/indicators",
        json={"name": "新增的指标", "level1": "产出指标", "level2": "数量指标", "target": "≥5个"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=headers).status_code == 200
    return {"first": first, "second": second}


def test_export_carries_every_correction(sqlite_svc: Any, sample: Any, tmp_path: Path) -> None:
    reviewer = sqlite_svc.key("reviewer", name="李审核")
    approved_id = sqlite_svc.upload_done("民政局.txt", sample(0), reviewer)
    open_id = sqlite_svc.upload_done("open.txt", sample(1), reviewer)  # never approved
    rows = _review(sqlite_svc, approved_id, reviewer)

    out = tmp_path / "corrections"
    assert export_runtime(sqlite_svc.rt, out) == 1
    corpus = load_corpus(out)  # what `extractor train --data` reads
    assert len(corpus) == 1
    gd = corpus[0]
    assert gd.path.read_bytes() == sample(0)  # the source as uploaded
    assert gd.path.suffix == ".txt" and gd.stem.startswith("民政局_")
    gold = gd.gold
    assert gold["department"] == "柳州市民政局" and gold["year"] == 2022
    target = gold["indicators"][0]["target"]
    assert (target["text"], target["op"], target["value"], target["unit"]) == (
        "≥2000张",
        ">=",
        2000,
        "张",
    )
    names = [r["name"] for r in gold["indicators"]]
    assert rows["second"]["name"]["value"] not in names
    assert names[-1] == "新增的指标"
    review = gold["review"]
    assert review["approved_by"] == "李审核" and review["document_id"] == approved_id
    assert review["rows"][0]["fields"] == {"name": "confirmed", "target": "corrected"}
    assert review["rows"][-1]["added"] is True
    assert review["deleted"] == [rows["second"]["id"]]
    assert open_id not in json.dumps(gold)

    # The gold scores the corrected extraction perfectly, and labels table cells for training.
    ex = sqlite_svc.client.get(f"/v1/documents/{approved_id}/extraction", headers=reviewer).json()
    assert score_documents([("d", gold, ex)])["all_fields"] == 1.0
    assert labelled_cells(load_document(gd.path), gold)

    # The status words and their labels feed the claim classifier.
    claims = load_examples(out / "claims")
    labelled = [r["status"] or NO_CLAIM for r in gold["indicators"][:-1]]  # the added row: no words
    assert [c.label for c in claims] == labelled
    assert {c.text for c in claims} == {"已完成"}

    # Exporting again rewrites the same three files.
    assert export_runtime(sqlite_svc.rt, out) == 1
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted(
        [gd.path.name, f"{gd.stem}.json", f"review_{gd.stem}.jsonl"]
    )


def test_cli_and_endpoints(sqlite_svc: Any, sample: Any, tmp_path: Path, monkeypatch: Any) -> None:
    reviewer = sqlite_svc.key("reviewer")
    uploader = sqlite_svc.key("uploader")
    doc_id = sqlite_svc.upload_done("report.txt", sample(0), reviewer)
    r = sqlite_svc.client.get(f"/v1/documents/{doc_id}/training-data", headers=reviewer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_approved"
    _review(sqlite_svc, doc_id, reviewer)

    assert sqlite_svc.client.get("/v1/training-data", headers=uploader).status_code == 403
    for path in (f"/v1/documents/{doc_id}/training-data", "/v1/training-data"):
        r = sqlite_svc.client.get(path, headers=reviewer)
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            names = zf.namelist()
            gold = json.loads(zf.read(next(n for n in names if n.startswith("gold/"))))
        assert any(n.startswith("docs/report_") for n in names)
        assert gold["indicators"][0]["target"]["text"] == "≥2000张"

    # Another organisation sees none of it.
    other = sqlite_svc.key("reviewer", organisation="另一个局")
    r = sqlite_svc.client.get("/v1/training-data", headers=other)
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.namelist() == []
    assert (
        sqlite_svc.client.get(f"/v1/documents/{doc_id}/training-data", headers=other).status_code
        == 404
    )

    # The CLI reads the service named by the environment.
    monkeypatch.setenv("SERVICE_DATA_DIR", str(sqlite_svc.settings.data_dir))
    out = tmp_path / "cli"
    assert cli_main(["training-data", "export", "--out", str(out)]) == 0
    assert len(load_corpus(out)) == 1
    assert export_approved(tmp_path / "direct", sqlite_svc.settings) == 1
