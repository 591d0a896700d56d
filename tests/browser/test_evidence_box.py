"""Evidence a reviewer can trust: on a PDF page the selected field's box is its
cell, inside its row's box, and the row's box is that row, not the table."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PDF = Path(__file__).resolve().parents[2] / "training_data" / "docs" / "ra_14_a6_emergency.pdf"
TIMEOUT = 45_000


def _box(page: Any, selector: str, width: float) -> list[float]:
    """A drawn box back in the page's points: [x0, top, x1, bottom]."""
    return page.evaluate(
        """([sel, width]) => {
            const img = document.querySelector("img.page-image");
            const s = document.querySelector(sel).style;
            const k = img.clientWidth / width;  // CSS pixels per point, as the page draws
            const [x, y, w, h] = [s.left, s.top, s.width, s.height].map(parseFloat);
            return [x, y, x + w, y + h].map((v) => v / k);
        }""",
        [selector, width],
    )


def test_the_selected_fields_cell_is_boxed_on_the_page(
    live_service: Any, browser_page: Any
) -> None:
    page = browser_page
    key = live_service.new_key("reviewer", "审核员王五")
    with live_service.client(key) as api:
        up = api.post("/v1/documents", files={"files": (PDF.name, PDF.read_bytes())})
        doc_id = up.json()["documents"][0]["id"]
        deadline = time.monotonic() + TIMEOUT / 1000
        while api.get(f"/v1/documents/{doc_id}").json()["status"] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        ext = api.get(f"/v1/documents/{doc_id}/extraction").json()
        pages = api.get(f"/v1/documents/{doc_id}/pages").json()["pages"]
    # The first row under a 一级指标 cell merged down the table.
    record = ext["indicators"][0]
    name = record["name"]["value"]
    target = record["target"]["evidence"]["bbox"]
    row = record["evidence"]["bbox"]
    height = pages[0]["height"]

    page.goto(f"{live_service.url}/ui")
    page.fill("#key-input", key)
    page.keyboard.press("Enter")
    page.wait_for_selector("#dropzone")
    page.goto(f"{live_service.url}/ui#/doc/{doc_id}")
    page.wait_for_selector("table.indicators tr.ind")
    page.locator("tr.ind", has_text=name).locator("td.col-target").click()
    page.wait_for_selector("img.page-image")
    page.wait_for_selector(".bbox.field")
    width = pages[0]["width"]
    field_box, row_box = _box(page, ".bbox.field", width), _box(page, ".bbox.row", width)
    # The drawn boxes are the extraction's (in page points).
    assert field_box == pytest.approx(target, abs=1.0)
    assert row_box == pytest.approx(row, abs=1.0)
    # The field's cell sits inside its row, and is narrower than it.
    assert row[0] <= target[0] < target[2] <= row[2] and row[1] <= target[1] <= target[3] <= row[3]
    assert target[2] - target[0] < 0.5 * (row[2] - row[0])
    # The row is one row of the table (the table covers most of the page).
    assert row[3] - row[1] < 0.08 * height
    assert page.errors == [] and page.csp_violations == []
