"""Page, frame and OCR limits: too many pages is a clear error, pages past
the OCR budget are left unread with one warning, TIFF frames are decoded one
at a time and only as far as the budget goes."""

from __future__ import annotations

import numpy as np
import pytest

import extractor.ingest.image as image_backend
import extractor.ocr as ocr
from extractor.errors import FileTooLarge
from extractor.ingest import hostile, load_bytes
from extractor.ingest.layout_text import text_to_pages
from extractor.settings import settings
from extractor.types import Page


def _fake_page(number: int) -> Page:
    page = text_to_pages(f"第{number}页 满意度指标 ≥90%")[0]
    page.number, page.ocr = number, True
    return page


def test_pdf_with_more_pages_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "max_pages", 20)
    with pytest.raises(FileTooLarge, match=r"^scan.pdf: file too large \(30 pages > 20\)"):
        load_bytes(hostile.pdf_image_pages(30), "scan.pdf")


def test_ocr_reads_the_first_pages_of_the_budget_and_warns_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []

    def fake_ocr(data: bytes, numbers: list[int], filename: str) -> list[Page]:
        asked.extend(numbers)
        return [_fake_page(n) for n in numbers]

    monkeypatch.setattr(ocr, "ocr_pdf_pages", fake_ocr)
    monkeypatch.setattr(settings, "max_ocr_pages", 3)
    doc = load_bytes(hostile.pdf_image_pages(12), "scan.pdf")
    assert asked == [1, 2, 3]
    assert [p.ocr for p in doc.pages] == [True] * 3 + [False] * 9
    assert all(p.needs_ocr for p in doc.pages[3:])
    [warning] = doc.warnings
    assert warning.code == "ocr_limit"
    assert warning.message.startswith("scan.pdf: 9 pages (4-12) not read: OCR stops after 3")


def test_tiff_with_more_frames_than_the_limit_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "max_pages", 4)
    monkeypatch.setattr(image_backend, "_pixels", pytest.fail)  # nothing is decoded
    with pytest.raises(FileTooLarge, match=r"\(6 frames > 4\)"):
        load_bytes(hostile.tiff_frames(6, (600, 800)), "scan.tiff")


def test_tiff_frames_are_decoded_lazily_up_to_the_ocr_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[int] = []
    real_pixels = image_backend._pixels

    def pixels(frame: object) -> tuple[np.ndarray, float]:
        decoded.append(frame.tell())  # type: ignore[attr-defined]
        return real_pixels(frame)  # type: ignore[arg-type]

    def fake_ocr(pixels: np.ndarray, number: int, points_per_pixel: float) -> Page:
        assert decoded[-1] == number - 1  # OCR'd before the next frame is decoded
        return _fake_page(number)

    monkeypatch.setattr(image_backend, "_pixels", pixels)
    monkeypatch.setattr(image_backend, "ocr_page_image", fake_ocr)
    monkeypatch.setattr(settings, "max_ocr_pages", 2)
    doc = load_bytes(hostile.tiff_frames(5, (600, 800)), "scan.tiff")
    assert decoded == [0, 1]
    assert [p.number for p in doc.pages] == [1, 2]
    [warning] = doc.warnings
    assert warning.code == "ocr_limit" and "3 frames (3-5) not read" in warning.message


def test_text_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "max_text_chars", 1000)
    load_bytes(("绩效目标" * 250).encode(), "ok.txt")
    with pytest.raises(FileTooLarge, match=r"^big.txt: file too large \(1001 characters"):
        load_bytes(("绩效目标" * 250 + "。").encode(), "big.txt")


def test_text_far_beyond_the_limit_is_refused_undecoded(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.ingest as ingest

    monkeypatch.setattr(settings, "max_text_chars", 1000)
    monkeypatch.setattr(ingest, "decode_text", pytest.fail)
    with pytest.raises(FileTooLarge):
        load_bytes(b"x" * 4100, "big.txt")


def test_text_limit_holds_for_office_files_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.ingest.testing import docx_bytes

    monkeypatch.setattr(settings, "max_text_chars", 100)
    with pytest.raises(FileTooLarge, match="characters of text > 100"):
        load_bytes(docx_bytes(["绩效目标完成情况说明" * 20]), "long.docx")
