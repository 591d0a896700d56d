"""A generated scan through ``extractor.ingest.load_bytes``: PNG, sideways
photo with EXIF rotation, and an image-only PDF all give the table cells of
the text version (OCR is ~1-2 s a page, so one page each)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from extractor.errors import CorruptFile
from extractor.ingest import load_bytes
from extractor.ingest.image import load_image
from extractor.training.scans import images_to_pdf
from extractor.types import Document

from .conftest import png_bytes

# Rows 3-7 of examples/000 (the budget table), as the text version has them.
EXPECTED_ROWS = [
    ["", "合计", "16539.54", "", "-1693.77", "14845.77", "14845.77", "100.00%"],
    ["", "其中：一般公共预算拨款", "14053.03", "", "-535.69", "13517.34", "13517.34", "100.00%"],
    ["", "政府性基金", "0", "", "1328.43", "1328.43", "1328.43", "100.00%"],
]


def _check_budget_table(doc: Document) -> None:
    assert doc.source.ocr is True
    assert all(p.ocr for p in doc.pages)
    # Trailing empty slots are the renderer's choice (the PDF backend keeps them).
    lines = [line.rstrip("\t") for line in doc.text.split("\n")]
    for expected in EXPECTED_ROWS:
        assert "\t".join(expected) in lines
    tables = [b for b in doc.blocks() if b.rows]
    assert tables, "no table found"
    cells = [c for b in tables for r in b.rows for c in r.cells]
    merged = [c for c in cells if c.row_span > 1]
    assert any(c.text.startswith("部门预算安排资金") for c in merged)
    for c in cells:
        ev = c.evidence
        assert doc.text[ev.char_start : ev.char_end] == c.text
        page = doc.pages[(ev.page or 1) - 1]
        assert ev.bbox and page.width and page.height
        assert 0 <= ev.bbox[0] < ev.bbox[2] <= page.width + 1
        assert 0 <= ev.bbox[1] < ev.bbox[3] <= page.height + 1
        if c.text:
            assert c.ocr_confidence is not None and 0 < c.ocr_confidence <= 1


def test_png_scan(scanned_first_page: Image.Image) -> None:
    doc = load_bytes(png_bytes(scanned_first_page), "scan.png")
    assert doc.source.media_type == "image/png"
    assert doc.pages[0].width == pytest.approx(2369 * 72 / 200, abs=30)  # A4 landscape in points
    _check_budget_table(doc)


def test_image_only_pdf(scanned_first_page: Image.Image) -> None:
    doc = load_bytes(images_to_pdf([scanned_first_page], 200), "scan.pdf")
    assert doc.source.media_type == "application/pdf"
    _check_budget_table(doc)


def test_photo_on_its_side_with_exif_rotation(scanned_first_page: Image.Image) -> None:
    # Pixels stored sideways plus an EXIF tag saying "turn 90° to view":
    # the tag is obeyed, then the remaining upside-down page is found by OCR.
    stored = scanned_first_page.rotate(90, expand=True)  # + EXIF's 90° = upside down
    exif = Image.Exif()
    exif[0x0112] = 8  # orientation: rotate 90 CW to view
    buf = io.BytesIO()
    stored.convert("RGB").save(buf, format="JPEG", quality=85, exif=exif)
    doc = load_image(buf.getvalue(), "photo.jpg", "image/jpeg")
    _check_budget_table(doc)


def test_unreadable_image_names_the_file() -> None:
    with pytest.raises(CorruptFile, match="broken.png"):
        load_image(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "broken.png", "image/png")
