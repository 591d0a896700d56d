"""Evidence a reviewer can trust, as the API gives it: on a PDF page (text layer or
scan) a field's box is its cell inside its row's box and a row's box is that row,
never the whole table; in text, a field's offsets are its characters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "training_data" / "docs"
FIELDS = ("name", "target", "actual", "weight", "score")


def _inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    return all(inner[i] >= outer[i] - slack for i in (0, 1)) and all(
        inner[i] <= outer[i] + slack for i in (2, 3)
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["ra_14_a6_emergency.pdf", "ra_15_a6_medical_scan.pdf"],  # text layer; scanned (OCR)
)
def test_a_fields_box_is_its_cell_and_a_rows_box_its_row(sqlite_svc: Any, name: str) -> None:
    reviewer = sqlite_svc.key("reviewer")
    doc_id = sqlite_svc.upload_done(name, (DOCS / name).read_bytes(), reviewer)
    get = sqlite_svc.client.get
    ex = get(f"/v1/documents/{doc_id}/extraction", headers=reviewer).json()
    pages = {
        p["number"]: p
        for p in get(f"/v1/documents/{doc_id}/pages", headers=reviewer).json()["pages"]
    }
    rows = [r for r in ex["indicators"] if r["source"] == "table"]
    assert len(rows) >= 8
    boxed = 0
    for rec in rows:
        row = rec["evidence"]["bbox"]
        height = pages[rec["evidence"]["page"]]["height"]
        # One row of the table: a cell merged down the table (一级指标) does not stretch it.
        assert row[3] - row[1] < 0.1 * height, (rec["name"]["value"], row)
        for field in FIELDS:
            ev = rec[field].get("evidence")
            if rec[field].get("value", rec[field].get("text")) is None:
                continue
            assert ev and ev["bbox"], (rec["name"]["value"], field)
            assert _inside(ev["bbox"], row), (rec["name"]["value"], field, ev["bbox"], row)
            assert ev["bbox"][2] - ev["bbox"][0] < 0.6 * (row[2] - row[0])
            boxed += 1
    assert boxed >= 4 * len(rows)


def test_a_text_fields_offsets_are_its_characters(sqlite_svc: Any) -> None:
    reviewer = sqlite_svc.key("reviewer")
    name = "h01_education_project.txt"
    doc_id = sqlite_svc.upload_done(name, (DOCS / name).read_bytes(), reviewer)
    get = sqlite_svc.client.get
    ex = get(f"/v1/documents/{doc_id}/extraction", headers=reviewer).json()
    text = get(f"/v1/documents/{doc_id}/text", headers=reviewer).json()["text"]
    checked = 0
    for rec in ex["indicators"]:
        for field in ("name", "target", "actual"):
            f = rec[field]
            written = f.get("text", f.get("value"))
            if written and f.get("evidence"):
                ev = f["evidence"]
                assert text[ev["char_start"] : ev["char_end"]].strip() == written
                checked += 1
    assert checked >= 2 * len(ex["indicators"])
