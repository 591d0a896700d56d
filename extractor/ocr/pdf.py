"""OCR of PDF pages without a usable text layer (called by the PDF backend)."""

from __future__ import annotations

import numpy as np

from extractor.deadline import check_time
from extractor.errors import CorruptPDF
from extractor.ocr.page import ocr_page_image
from extractor.ocr.render_limit import MAX_RENDER_SIDE, capped_scale
from extractor.types import Page

# 200 dpi: 10 pt text at ~28 px, the recogniser's sweet spot; the detector
# works on a downscaled copy, so more dpi mostly costs recognition time.
RENDER_DPI = 200
__all__ = ["MAX_RENDER_SIDE", "RENDER_DPI", "ocr_pdf_pages", "render_page"]


def render_page(pdf: object, number: int) -> tuple[np.ndarray, float]:
    """Page ``number`` (1-based) as grey pixels and its points-per-pixel."""
    page = pdf[number - 1]  # type: ignore[index]
    w, h = page.get_size()
    scale = capped_scale(w, h, RENDER_DPI / 72)
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
            check_time()
            if not 1 <= number <= len(pdf):
                raise CorruptPDF(filename, f"no page {number} (of {len(pdf)})")
            pixels, k = render_page(pdf, number)
            pages.append(ocr_page_image(pixels, number, k))
        return pages
    finally:
        pdf.close()
