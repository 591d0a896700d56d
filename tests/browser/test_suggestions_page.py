"""The reviewer's next keystroke: a doubtful field shows the engine's
runners-up under it, and the key 2 picks the second, stored as a correction."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from extractor.engine.models import load_models
from extractor.engine.suggestions import suggest
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from tests.engine.test_suggestions import TABLE

pytestmark = pytest.mark.browser
TIMEOUT = 45_000


def _make_doubtful(db: Path, doc_id: str, name: str) -> list[dict[str, Any]]:
    """The target of row ``name`` doubtful (confidence 0.3), with the runners-up
    the engine gives such a field, stored as a job stores them."""
    doc = load_bytes(TABLE.encode("utf-8"), "library.txt")
    ex = extract_document(doc)
    record = next(r for r in ex.indicators if r.name.value == name)
    record.target.confidence = 0.3
    runners = suggest(doc, ex.indicators, load_models().roles, 0.8)[record.id]["target"]
    stored = [r.model_dump(mode="json") for r in runners]
    with sqlite3.connect(db) as conn:
        for row_id, data in conn.execute(
            "SELECT id, data FROM indicators WHERE document_id = ?", (doc_id,)
        ).fetchall():
            rec = json.loads(data)
            if rec["name"]["value"] == name:
                rec["target"]["confidence"] = 0.3
                conn.execute(
                    "UPDATE indicators SET data = ?, suggestions = ? WHERE id = ?",
                    (json.dumps(rec), json.dumps({"target": stored}), row_id),
                )
    return stored


def test_a_suggestion_is_picked_by_keyboard(
    live_service: Any, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    key = live_service.new_key("reviewer", "审核员李四")
    with live_service.client(key) as api:
        up = api.post("/v1/documents", files={"files": ("library.txt", TABLE.encode("utf-8"))})
        doc_id = up.json()["documents"][0]["id"]
        deadline = time.monotonic() + TIMEOUT / 1000
        while api.get(f"/v1/documents/{doc_id}").json()["status"] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.2)
    runners = _make_doubtful(tmp_path / "data" / "service.db", doc_id, "图书上架合格率")
    assert len(runners) >= 2
    time.sleep(1.1)  # past the service's read cache

    page.goto(f"{live_service.url}/ui")
    page.fill("#key-input", key)
    page.keyboard.press("Enter")
    page.wait_for_selector("#dropzone")
    page.goto(f"{live_service.url}/ui#/doc/{doc_id}")
    page.wait_for_selector("table.indicators tr.ind")
    # The page opens on the first doubtful field: that target, with its runners-up.
    cursor = page.locator("td.cursor")
    assert cursor.get_attribute("data-field") == "target"
    page.wait_for_selector("#suggestions li")
    items = page.locator("#suggestions li")
    assert items.count() == len(runners)
    assert runners[1]["text"] in items.nth(1).inner_text()
    assert f"{round(runners[1]['probability'] * 100)}%" in items.nth(1).inner_text()

    page.keyboard.press("2")
    page.wait_for_selector("#field-note")
    row = page.locator("tr.ind", has_text="图书上架合格率")
    target = row.locator("td.col-target")
    assert target.inner_text().strip() == runners[1]["text"]
    assert "corrected" in (target.get_attribute("class") or "")
    assert page.errors == [] and page.csp_violations == []

    with live_service.client(key) as api:
        ext = api.get(f"/v1/documents/{doc_id}/extraction").json()
    mine = next(i for i in ext["indicators"] if i["name"]["value"] == "图书上架合格率")
    assert mine["target"]["text"] == runners[1]["text"]
    assert mine["review"]["fields"]["target"] == "corrected"
    assert mine["review"]["suggestions"] == {}  # a reviewed field offers none
