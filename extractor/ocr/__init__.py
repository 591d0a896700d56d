"""OCR for scanned and photographed reports.

* ``ocr_pdf_pages(data, page_numbers, filename)``: PDF pages -> OCR'd ``Page``s
  (the PDF backend calls it for pages without a usable text layer);
* ``ocr_page_image(pixels, number, points_per_pixel)``: one page image;
* ``render_pages(pages, start_offset, first_line)``: OCR'd pages -> text,
  setting every evidence offset to index into it;
* ``repair(text, confidence, context)``: the OCR-confusion fixer.

Engine: RapidOCR (PP-OCRv4 on ONNX Runtime, models inside the wheel).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.ocr.page import ocr_page_image
    from extractor.ocr.pdf import ocr_pdf_pages
    from extractor.ocr.repair import Repaired, repair
    from extractor.ocr.text import render_pages

__all__ = ["ocr_pdf_pages", "ocr_page_image", "render_pages", "repair", "Repaired"]

# Imported on first use (PEP 562): the engine pulls in OpenCV and ONNX Runtime,
# half a second that a text PDF, which only needs ``repair``, never uses.
_HOME = {
    "ocr_pdf_pages": "extractor.ocr.pdf",
    "ocr_page_image": "extractor.ocr.page",
    "render_pages": "extractor.ocr.text",
    "repair": "extractor.ocr.repair",
    "Repaired": "extractor.ocr.repair",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
