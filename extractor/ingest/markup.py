"""Whether a text holds HTML: a tag check, apart from the HTML reader so that
reading a PDF or plain text does not import BeautifulSoup (a third of a
second of a one-file run)."""

from __future__ import annotations

import re

TAG_NAMES = (
    "table|tr|td|th|thead|tbody|tfoot|caption|p|div|br|span|h[1-6]|ul|ol|li|html|body|"
    "head|b|strong|font|em|i|u|center|section|article|pre|blockquote|hr|dl|dt|dd"
)
TAG = re.compile(rf"<\s*/?\s*(?:{TAG_NAMES})\b[^<>]*/?\s*>", re.IGNORECASE)
_DOC_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE)


def has_html(text: str) -> bool:
    return TAG.search(text) is not None


def is_html_document(text: str) -> bool:
    """A whole HTML page (doctype or ``<html>``), not text with fragments."""
    return _DOC_START.match(text) is not None
