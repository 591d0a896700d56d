"""The review page end to end in Chromium, by keyboard: enter the key, drop a
report, open it, correct a target, accept a field, mark a row false, add a
missed row, approve; then the export, the audit trail and the training data
carry what the reviewer did."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "000_29d121b4221180d5.txt"
REVIEWER = "审核员张三"
TIMEOUT = 45_000  # ms; the first job also loads the models


def _drop_file(page: Any, name: str, text: str) -> None:
    """Drop a file on the drop zone as a drag from the desktop would."""
    page.evaluate(
        """([name, text]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, {type: "text/plain"}));
            const zone = document.getElementById("dropzone");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""",
        [name, text],
    )


def _go_to(page: Any, row: int, field_index: int, rows: int) -> None:
    """Move the cursor to (row, field) with the arrow keys only."""
    for _ in range(rows):
        page.keyboard.press("ArrowUp")
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(field_index):
        page.keyboard.press("ArrowRight")


def test_review_by_keyboard(live_service: Any, browser_page: Any) -> None:
    page = browser_page
    key = live_service.new_key("reviewer", REVIEWER)

    # The key, entered once in the page and kept in this tab's sessionStorage only.
    page.goto(f"{live_service.url}/ui")
    page.fill("#key-input", key)
    page.keyboard.press("Enter")
    page.wait_for_selector("#dropzone")
    assert page.evaluate("sessionStorage.getItem('extractor.apiKey')") == key
    assert page.evaluate("localStorage.length") == 0

    _drop_file(page, SAMPLE.name, SAMPLE.read_text(encoding="utf-8"))
    row = page.locator("table.doclist tbody tr").first
    row.locator(".chip.done").wait_for(timeout=TIMEOUT)
    assert "柳州市民政局" in row.inner_text()
    assert "部门整体支出绩效自评表" in row.inner_text()

    page.keyboard.press("Enter")  # open the selected document
    page.wait_for_selector("table.indicators tr.ind")
    page.wait_for_selector("#source-text mark")  # the evidence is highlighted
    rows = page.locator("table.indicators tr.ind").count()
    assert rows >= 10
    first_iid = page.locator("table.indicators tr.ind").first.get_attribute("data-iid")

    # Correct the first row's target (field 4: group, level1, level2, name, target).
    _go_to(page, 0, 4, rows)
    assert page.locator("tr.ind").first.locator("td.cursor").get_attribute("data-field") == "target"
    page.keyboard.press("e")
    page.keyboard.press("Control+a")
    page.keyboard.type("≥2000张")
    page.keyboard.press("Enter")
    page.wait_for_selector("#field-note")
    assert "≥ 2000 张" in page.inner_text("#field-note")  # re-parsed as the contract sees it
    target_cell = page.locator("tr.ind").first.locator("td.col-target")
    assert target_cell.inner_text().strip() == "≥2000张"
    assert "corrected" in (target_cell.get_attribute("class") or "")
    # The checks re-run with the edit: 1700 against ≥2000 turns 目标达成 red.
    first_checks = page.locator("tr.ind").first.locator("td.col-checks")
    assert "目标达成" in first_checks.locator(".check.fail").first.inner_text()

    # The document's checks too: a weight of 12 breaks the weight sum (red),
    # the weight put back mends it (green).
    page.keyboard.press("ArrowRight")  # actual
    page.keyboard.press("ArrowRight")  # weight
    weight = page.locator("tr.ind").first.locator("td.col-weight .v").inner_text().strip()
    for value, result in (("12", "fail"), (weight, "pass")):
        page.keyboard.press("e")
        page.keyboard.press("Control+a")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        page.wait_for_selector(f'#doc-checks .check.{result}[data-rule="weight_sum"]')
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # back on the target

    # Accept the actual value as extracted (a), then mark the second row false (x, Enter).
    page.keyboard.press("ArrowRight")
    page.keyboard.press("a")
    page.wait_for_selector("tr.ind >> nth=0 >> td.col-actual.confirmed")
    _go_to(page, 1, 3, rows)
    second = page.locator("tr.ind").nth(1)
    false_iid = second.get_attribute("data-iid")
    false_name = second.locator("td.col-name .v").inner_text()
    page.keyboard.press("x")
    page.wait_for_selector("#ask")
    page.keyboard.press("Enter")
    # A locator, not wait_for_function: the page's policy forbids evaluating strings.
    page.locator(f'tr[data-iid="{false_iid}"]').wait_for(state="detached")

    # Add a row the engine missed (n, type, Tab, type, Enter).
    page.keyboard.press("n")
    page.wait_for_selector("#add-dialog")
    page.keyboard.type("新增的测试指标")
    page.keyboard.press("Tab")
    page.keyboard.type("≥5个")
    page.keyboard.press("Enter")
    page.wait_for_selector("tr.ind:has-text('新增的测试指标')")

    # The audit trail in the page (h), then approve (Shift+A, Enter).
    page.keyboard.press("h")
    page.wait_for_selector("#history")
    history_text = page.inner_text("#history")
    assert REVIEWER in history_text and "≥2000张" in history_text
    page.keyboard.press("h")
    page.keyboard.press("Shift+A")
    page.wait_for_selector("#ask")
    page.keyboard.press("Enter")
    page.wait_for_selector(".review-head .chip.approved")
    assert page.errors == []
    assert page.csp_violations == []  # the page runs under its own strict policy

    doc_id = page.evaluate("location.hash").split("/")[-1]
    with live_service.client(key) as api:
        history = api.get(f"/v1/documents/{doc_id}/history").json()["events"]
        exported = [
            json.loads(line)
            for line in api.get("/v1/exports?format=jsonl").text.splitlines()
            if line.strip()
        ]
        archive = api.get(f"/v1/documents/{doc_id}/training-data")
    assert archive.status_code == 200

    target_edit = next(e for e in history if e["action"] == "correct" and e["field"] == "target")
    assert target_edit["who"] == REVIEWER
    assert target_edit["indicator_id"] == first_iid
    assert target_edit["new_value"]["text"] == "≥2000张"
    assert {e["action"] for e in history} >= {"correct", "confirm", "delete", "add", "approve"}

    names = [r.get("name") for r in exported]
    assert "新增的测试指标" in names and false_name not in names
    corrected = next(r for r in exported if r["indicator_id"] == first_iid)
    assert corrected["target_text"] == "≥2000张" and corrected["target_value"] == 2000

    with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
        gold_name = next(n for n in zf.namelist() if n.startswith("gold/"))
        gold = json.loads(zf.read(gold_name))
        assert any(n.startswith("docs/") for n in zf.namelist())
    first = gold["indicators"][0]
    assert first["target"]["text"] == "≥2000张" and first["target"]["value"] == 2000
    assert first["target"]["op"] == ">="
    assert gold["indicators"][-1]["name"] == "新增的测试指标"
    assert false_name not in [r["name"] for r in gold["indicators"]]
