"""Pages whose text layer is missing or garbled are flagged for OCR."""

from __future__ import annotations

import importlib.util

import pytest

from extractor.errors import EmptyDocument
from extractor.ingest import load_bytes
from extractor.ingest.pdf_quality import garbled_reason
from extractor.ingest.testing import evidence_errors, scan_pdf_bytes
from extractor.settings import settings


def test_good_chinese_text_passes() -> None:
    assert garbled_reason("2022年度部门整体绩效自评表 ≥100张 95.5%", image_share=0.0) is None


def test_cid_glyphs_are_garbled() -> None:
    assert "cid" in (garbled_reason("2024" + "(cid:12)(cid:7)" * 20, image_share=0.0) or "")


def test_latin1_mojibake_is_garbled() -> None:
    mojibake = "部门整体支出绩效自评表".encode().decode("latin-1")
    assert garbled_reason(mojibake * 3, image_share=0.0) is not None


def test_blank_page_is_not_a_scan_but_an_image_page_is() -> None:
    assert garbled_reason("  \n", image_share=0.0) is None
    assert garbled_reason("", image_share=0.1) == "no text layer"


def test_text_drawn_as_outlines_needs_ocr_but_a_few_curves_do_not() -> None:
    assert garbled_reason("", image_share=0.0, curves=400) is not None
    assert garbled_reason("", image_share=0.0, curves=3) is None


def test_full_page_image_with_a_page_number_is_a_scan() -> None:
    assert garbled_reason("- 3 -", image_share=0.9) is not None
    assert garbled_reason("- 3 -", image_share=0.1) is None


def test_english_text_is_not_garbled() -> None:
    assert garbled_reason("Performance evaluation report of the department " * 3, 0.0) is None


@pytest.mark.parametrize("case", ["scan", "mojibake", "cid", "outlines"])
def test_pdf_pages_needing_ocr_are_flagged_with_a_warning(
    broken_pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setattr(settings, "ocr_enabled", False)
    doc = load_bytes(broken_pdfs[case], f"{case}.pdf")
    assert doc.pages[0].needs_ocr and not doc.pages[0].ocr
    assert [w.code for w in doc.warnings] == ["needs_ocr"]
    assert doc.warnings[0].evidence is not None and doc.warnings[0].evidence.page == 1
    assert "disabled" in doc.warnings[0].message
    assert doc.pages[0].blocks == []  # garbled text is not passed on


def test_ocr_seam_reads_scanned_pages_when_present() -> None:
    data = scan_pdf_bytes(["部门整体支出绩效自评表", "新增家庭养老床位 120张"])
    if data is None:
        pytest.skip("no CJK font to draw a scan with")
    try:
        from extractor.ocr import ocr_pdf_pages  # noqa: F401
    except ImportError:
        doc = load_bytes(data, "scan.pdf")
        assert doc.pages[0].needs_ocr
        assert "not available" in doc.warnings[0].message
        return
    doc = load_bytes(data, "scan.pdf")
    assert doc.pages[0].ocr and doc.source.ocr and not doc.pages[0].needs_ocr
    assert "养老床位" in doc.text
    assert evidence_errors(doc) == []


def test_image_only_page_without_words_is_empty_when_ocr_finds_nothing(
    broken_pdfs: dict[str, bytes],
) -> None:
    if importlib.util.find_spec("extractor.ocr") is None:
        pytest.skip("OCR not installed")
    try:
        doc = load_bytes(broken_pdfs["scan"], "scan.pdf")
    except EmptyDocument:
        return
    assert doc.warnings or doc.pages[0].ocr
