"""The downstream feed: corrected values in, deleted rows out, stable columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from extractor.export import FLAT_COLUMNS
from extractor.settings import settings
from service.export_writers import EXPORT_COLUMNS


def _approved_doc(svc: Any, sample: Any) -> tuple[str, str, str]:
    doc_id = svc.upload_done("a.txt", sample(0))
    add = svc.client.post(
        f"/v1/documents/{doc_id}/indicators",
        json={"name": "新增指标", "target": "≥100个"},
        headers=svc.admin,
    ).json()
    gone = svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "误识别"}, headers=svc.admin
    ).json()
    url = f"/v1/documents/{doc_id}/indicators/{add['id']}"
    r = svc.client.patch(
        url, json={"actual": "122个"}, headers={**svc.admin, "If-Match": add["review"]["etag"]}
    )
    assert r.status_code == 200
    svc.client.delete(f"/v1/documents/{doc_id}/indicators/{gone['id']}", headers=svc.admin)
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=svc.admin).is_success
    return doc_id, add["id"], gone["id"]


def test_jsonl_export_has_corrections_and_no_deleted_rows(svc: Any, sample: Any) -> None:
    doc_id, added, deleted = _approved_doc(svc, sample)
    n_live = len(
        svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin).json()["indicators"]
    )
    r = svc.client.get("/v1/exports?format=jsonl&approved=true", headers=svc.admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == n_live
    assert all(list(row) == EXPORT_COLUMNS for row in rows)
    assert EXPORT_COLUMNS[: len(FLAT_COLUMNS)] == FLAT_COLUMNS  # the library's, then ours
    mine = next(row for row in rows if row["indicator_id"] == added)
    assert mine["actual_text"] == "122个" and mine["target_text"] == "≥100个"
    assert deleted not in {row["indicator_id"] for row in rows}


def test_csv_and_xlsx_have_the_stable_header(svc: Any, sample: Any) -> None:
    _approved_doc(svc, sample)
    r = svc.client.get("/v1/exports?format=csv", headers=svc.admin)
    header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert header == EXPORT_COLUMNS
    r = svc.client.get("/v1/exports?format=xlsx", headers=svc.admin)
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    assert [c.value for c in next(ws.iter_rows(max_row=1))] == EXPORT_COLUMNS


def test_approved_and_since_filters(svc: Any, sample: Any) -> None:
    svc.upload_done("open.txt", sample(1))  # done but not approved
    _approved_doc(svc, sample)
    approved = svc.client.get("/v1/exports?format=jsonl", headers=svc.admin).text.splitlines()
    everything = svc.client.get("/v1/exports?format=jsonl&approved=false", headers=svc.admin)
    assert len(everything.text.splitlines()) >= len(approved)
    assert {json.loads(x)["document"] for x in approved} == {"a.txt"}
    later = svc.client.get("/v1/exports?format=jsonl&since=2999-01-01T00:00:00Z", headers=svc.admin)
    assert later.status_code == 200 and later.text == ""
    bad = svc.client.get("/v1/exports?format=pdf", headers=svc.admin)
    assert bad.status_code == 422


def test_xlsx_export_survives_control_characters(svc: Any, sample: Any) -> None:
    """Found by the schemathesis run: openpyxl refuses control characters."""
    doc_id = svc.upload_done("a.txt", sample(0))
    svc.client.post(
        f"/v1/documents/{doc_id}/indicators", json={"name": "床位\x1b数"}, headers=svc.admin
    )
    r = svc.client.get("/v1/exports?format=xlsx&approved=false", headers=svc.admin)
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    names = [row[9] for row in ws.iter_rows(values_only=True)]
    assert "床位数" in names


def test_rows_carry_the_reviewer_the_approval_time_and_the_model_version(
    svc: Any, sample: Any
) -> None:
    reviewer = svc.key("reviewer", name="审核员李四")
    doc_id = svc.upload_done("a.txt", sample(0))
    assert svc.client.post(f"/v1/documents/{doc_id}/approve", headers=reviewer).is_success
    summary = svc.client.get(f"/v1/documents/{doc_id}", headers=svc.admin).json()
    meta = json.loads((Path(settings.model_dir) / "meta.json").read_text(encoding="utf-8"))
    r = svc.client.get("/v1/exports?format=jsonl", headers=svc.admin)
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert rows and all(row["approved_by"] == "审核员李四" for row in rows)
    assert {row["approved_at"] for row in rows} == {summary["approved_at"]}
    assert {row["model_name"] for row in rows} == {meta["name"]}
    assert {row["model_version"] for row in rows} == {summary["model"]["version"]}
    assert {row["model_data_sha256"] for row in rows} == {meta["training_data_sha256"]}
    ws = load_workbook(
        io.BytesIO(svc.client.get("/v1/exports?format=xlsx", headers=svc.admin).content)
    ).active
    assert ws is not None
    header, first = [c.value for c in ws[1]], [c.value for c in ws[2]]
    assert first[header.index("approved_by")] == "审核员李四"
    assert first[header.index("model_data_sha256")] == meta["training_data_sha256"]
