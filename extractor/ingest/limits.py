"""The size limits every backend applies, in one place (values in ``settings``).

``check_pages`` refuses a PDF or image with more pages/frames than
``settings.max_pages``; ``ocr_allowance`` says how many of a document's pages
OCR may read (``settings.max_ocr_pages``; the service can lower it for its
workers with ``EXTRACTOR_MAX_OCR_PAGES``), and ``ocr_limit_warning`` words
what was left unread; ``check_text`` refuses text beyond
``settings.max_text_chars``, the bound that keeps extraction's memory a
fixed multiple of the input.
"""

from __future__ import annotations

from extractor.errors import FileTooLarge
from extractor.settings import settings
from extractor.types import DocWarning, Evidence


def check_pages(count: int, filename: str, what: str = "pages") -> None:
    if count > settings.max_pages:
        raise FileTooLarge(filename, f"{count} {what} > {settings.max_pages}")


def ocr_allowance() -> int:
    return max(settings.max_ocr_pages, 0)


def ocr_limit_warning(filename: str, skipped: list[int], what: str = "page") -> DocWarning:
    first, last = skipped[0], skipped[-1]
    where = f"{what} {first}" if first == last else f"{len(skipped)} {what}s ({first}-{last})"
    return DocWarning(
        code="ocr_limit",
        message=(
            f"{filename}: {where} not read: OCR stops after {settings.max_ocr_pages} pages "
            "(EXTRACTOR_MAX_OCR_PAGES)"
        ),
        evidence=Evidence(page=first),
    )


def check_text(length: int, filename: str) -> None:
    if length > settings.max_text_chars:
        raise FileTooLarge(filename, f"{length} characters of text > {settings.max_text_chars}")
