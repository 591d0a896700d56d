"""Is a PDF page's text layer usable, or does the page need OCR?

A page needs OCR when it has no text but does have images (a scan) or many
curves (text converted to outlines), when its
glyphs did not map to Unicode (pdfminer's ``(cid:NN)``), or when the text is
mojibake: too few characters typical of a Chinese report, or letters that
are neither ASCII nor CJK (Chinese decoded through a Latin code page).
"""

from __future__ import annotations

import re

from extractor.ingest.decode import plausibility
from extractor.settings import settings

_CID = re.compile(r"\(cid:\d+\)")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Share of letters that may be neither ASCII nor CJK before the text is mojibake.
_MAX_FOREIGN_LETTERS = 0.3
_MIN_LETTERS_TO_JUDGE = 20
# A page mostly covered by images with only this much text (a page number, a
# stamp caption) is a scan with a thin text overlay.
_SCAN_IMAGE_SHARE = 0.5
_SCAN_MAX_CHARS = 40
# A page without characters but with this many curves has its text drawn as
# outlines (glyphs converted to paths when printing to PDF).
_OUTLINED_TEXT_CURVES = 50


def garbled_reason(text: str, image_share: float, curves: int = 0) -> str | None:
    """Why the page's text needs OCR, or None when it is usable.

    ``image_share`` is the share of the page area covered by images (0-1),
    ``curves`` the number of curve objects drawn on the page.
    """
    body = re.sub(r"\s+", "", text)
    if not body:
        if image_share > 0:
            return "no text layer"
        if curves >= _OUTLINED_TEXT_CURVES:
            return f"no text layer, {curves} curves (text drawn as outlines)"
        return None
    if image_share >= _SCAN_IMAGE_SHARE and len(body) <= _SCAN_MAX_CHARS:
        return f"a scanned image with only {len(body)} characters of text"
    cids = _CID.findall(body)
    if cids and len(cids) * 4 > len(_CID.sub("", body)):
        return f"{len(cids)} glyphs without Unicode mapping (cid:NN)"
    body = _CID.sub("\ufffd", body)
    quality = plausibility(body)
    if quality < settings.min_text_quality:
        return f"text quality {quality:.2f} < {settings.min_text_quality}"
    letters = [ch for ch in body if ch.isalpha()]
    if len(letters) >= _MIN_LETTERS_TO_JUDGE:
        foreign = sum(1 for ch in letters if not ch.isascii() and not _CJK.match(ch))
        if foreign / len(letters) > _MAX_FOREIGN_LETTERS:
            return "mojibake: few CJK characters for the text length"
    return None
