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

    # What the other learned parts read: the manifest line (a table report, trained
    # on) and the form-type classifier's example.
    assert (gd.kind, gd.split, gd.layout.startswith("review-")) == ("table", "train", True)
    titles = [json.loads(x) for x in (out / "form_types" / f"review_{gd.stem}.jsonl").open()]
    assert titles[0]["label"] == gold["form_type"] == "department_self_evaluation"
    assert "绩效自评表" in titles[0]["text"]

    # Exporting again rewrites the same files.
    assert export_runtime(sqlite_svc.rt, out) == 1
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(
        [
            f"docs/{gd.path.name}",
            f"gold/{gd.stem}.json",
            f"claims/review_{gd.stem}.jsonl",
            f"manifest/review_{gd.stem}.jsonl",
            f"form_types/review_{gd.stem}.jsonl",
        ]
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


DATA = Path(__file__).resolve().parents[2] / "training_data"


def _approve_as_is(svc: Any, stem: str, headers: dict[str, str]) -> str:
    doc_id = svc.upload_done(f"{stem}.txt", (DATA / "docs" / f"{stem}.txt").read_bytes(), headers)
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=headers).status_code == 200
    return doc_id


def test_export_teaches_the_stream_reader_and_the_prose_model(
    svc_factory: Any, tmp_path: Path
) -> None:
    from extractor.engine.prose.annotations import load_annotations
    from extractor.training.flat_labels import align_flattened

    svc = svc_factory(blind_share=0.0)
    reviewer = svc.key("reviewer")
    _approve_as_is(svc, "rc_05_c2_ocr_radio", reviewer)  # OCR text flattened to a few lines
    _approve_as_is(svc, "n_b2_人社", reviewer)  # a narrative report
    out = tmp_path / "export"
    assert export_runtime(svc.rt, out) == 2
    corpus = {gd.kind: gd for gd in load_corpus(out)}
    assert set(corpus) == {"flattened", "narrative"}

    # The flattened report: its approved fields' characters are the stream reader's
    # token roles (the gold aligned to the text, as `extractor train` aligns it).
    flat = corpus["flattened"]
    labelled = align_flattened(flat.path.read_text(encoding="utf-8"), flat.gold)
    assert labelled is not None
    names = [labelled.text[a:b] for a, b, role in labelled.spans if role == "name"]
    assert len(names) >= 0.7 * len(flat.gold["indicators"])
    assert not (out / "prose" / f"review_{flat.stem}.jsonl").exists()

    # The narrative report: paragraphs with spans and relations, as the prose model reads them.
    narr = corpus["narrative"]
    (adoc,) = load_annotations(out / "prose")
    assert adoc.doc_id == narr.stem
    spans = [(p.text[s.start : s.end], s.label) for p in adoc.paragraphs for s in p.spans]
    gold_names = [r["name"] for r in narr.gold["indicators"]]
    assert [t for t, label in spans if label == "NAME"] == gold_names
    targets = {t for t, label in spans if label == "TARGET"}
    assert {r["target"]["text"] for r in narr.gold["indicators"] if r["target"]["text"]} <= targets
    assert sum(len(p.relations) for p in adoc.paragraphs) >= 2 * len(gold_names)
    # Paragraphs stating no indicator stay, unlabelled: the paragraph gate's negatives.
    assert any(not p.spans for p in adoc.paragraphs)


def test_a_share_of_approved_documents_goes_to_the_blind_set(
    svc_factory: Any, sample: Any, tmp_path: Path
) -> None:
    from extractor.registry import BLIND_SHARE, set_aside_for_blind

    svc = svc_factory(blind_share=1.0)  # every approved document set aside
    reviewer = svc.key("reviewer")
    doc_id = svc.upload_done("report.txt", sample(0), reviewer)
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=reviewer).status_code == 200
    out = tmp_path / "export"
    assert export_runtime(svc.rt, out) == 1
    (gd,) = load_corpus(out)
    assert gd.split == "blind"
    # Its gold scores promotions; nothing of it reaches a training folder.
    files = {p.parent.name for p in out.rglob("*") if p.is_file()}
    assert files == {"docs", "gold", "manifest"}

    # The share is drawn by content hash: the same document always on the same side.
    hashes = [f"{i:064x}" for i in range(2000)]
    drawn = [set_aside_for_blind(h) for h in hashes]
    assert drawn == [set_aside_for_blind(h) for h in hashes]
    assert abs(sum(drawn) / len(drawn) - BLIND_SHARE) < 0.03
    assert not any(set_aside_for_blind(h, 0.0) for h in hashes)
