"""OCR of PDF pages without a usable text layer (called by the PDF backend)."""

from __future__ import annotations

import numpy as np

from extractor.errors import CorruptPDF
from extractor.ocr.page import ocr_page_image
from extractor.types import Page

# 200 dpi: 10 pt text at ~28 px, the recogniser's sweet spot; the detector
# works on a downscaled copy, so more dpi mostly costs recognition time.
RENDER_DPI = 200
# A page is never rendered larger than this many pixels a side (A3 and bigger
# pages drop below 200 dpi instead of growing the cost).
MAX_RENDER_SIDE = 3400


def render_page(pdf: object, number: int) -> tuple[np.ndarray, float]:
    """Page ``number`` (1-based) as grey pixels and its points-per-pixel."""
    page = pdf[number - 1]  # type: ignore[index]
    w, h = page.get_size()
    scale = min(RENDER_DPI / 72, MAX_RENDER_SIDE / max(w, h))
    bitmap = page.render(scale=scale, grayscale=True)
    arr = np.asarray(bitmap.to_numpy())
    if arr.ndim == 3:
        arr = arr[:, :, 0]
    return np.ascontiguousarray(arr), 1 / scale


def ocr_pdf_pages(data: bytes, page_numbers: list[int], filename: str) -> list[Page]:
    """Render those 1-based pages of the PDF in ``data`` and OCR them."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptPDF(filename, str(exc)) from exc
    try:
        pages = []
        for number in page_numbers:
            if not 1 <= number <= len(pdf):
                raise CorruptPDF(filename, f"no page {number} (of {len(pdf)})")
            pixels, k = render_page(pdf, number)
            pages.append(ocr_page_image(pixels, number, k))
        return pages
    finally:
        pdf.close()
