"""The seam to the OCR engineer's code, guarded so ingest works without it.

PDF pages whose text layer is unusable go to ``extractor.ocr.ocr_pdf_pages``
when ``settings.ocr_enabled``; images go to ``extractor.ingest.image``.
Until those exist the pages stay flagged with a ``needs_ocr`` warning and
images are refused with a reason saying OCR is unavailable.
"""

from __future__ import annotations

import logging

from extractor.errors import ExtractionError, UnsupportedFileType
from extractor.ingest.limits import ocr_allowance, ocr_limit_warning
from extractor.ingest.render import DraftPage, page_to_draft
from extractor.settings import settings
from extractor.types import Document, DocWarning, Evidence

log = logging.getLogger(__name__)


def ocr_pages(
    data: bytes, pages: list[tuple[DraftPage, str | None]], filename: str
) -> tuple[list[DraftPage], list[DocWarning]]:
    """Replace the pages flagged for OCR by their OCR'd version where possible."""
    drafts = [draft for draft, _ in pages]
    wanted = {draft.number: reason for draft, reason in pages if reason}
    if not wanted:
        return drafts, []
    why_not = "OCR is disabled (EXTRACTOR_OCR_ENABLED=0)"
    over: list[int] = []
    if settings.ocr_enabled:
        # The OCR budget: the first pages in reading order, the rest stay flagged.
        numbers = sorted(wanted)
        allowed, over = numbers[: ocr_allowance()], numbers[ocr_allowance() :]
        for number in over:
            wanted.pop(number)
        try:
            from extractor.ocr import ocr_pdf_pages  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            why_not = "OCR is not available"
        else:
            try:
                done = {p.number: p for p in ocr_pdf_pages(data, allowed, filename)}
            except ExtractionError:
                raise
            except Exception as exc:  # OCR failing must not lose the text pages
                log.warning("%s: OCR failed: %s", filename, exc)
                done, why_not = {}, f"OCR failed: {type(exc).__name__}: {exc}"
            for i, draft in enumerate(drafts):
                if draft.number in done:
                    drafts[i] = page_to_draft(done[draft.number])
                    drafts[i].ocr = True
                    wanted.pop(draft.number)
    warnings = [
        DocWarning(
            code="needs_ocr",
            message=f"{filename}: page {number}: {reason}; {why_not}",
            evidence=Evidence(page=number),
        )
        for number, reason in sorted(wanted.items())
    ]
    if over:
        warnings.append(ocr_limit_warning(filename, over))
    return drafts, warnings


def load_image(data: bytes, filename: str, media_type: str) -> Document:
    try:
        from extractor.ingest.image import load_image as ocr_load_image
    except ImportError as exc:
        raise UnsupportedFileType(filename, "image files need OCR, which is unavailable") from exc
    return ocr_load_image(data, filename, media_type=media_type)
