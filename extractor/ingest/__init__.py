"""Ingest: any supported file -> ``Document``.

``load_document`` sniffs the content (never trusting the name alone) and
hands the bytes to one backend per format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.errors import EmptyDocument, FileTooLarge, UnsupportedFileType
from extractor.ingest.layout_text import text_to_pages
from extractor.settings import settings
from extractor.types import Document, SourceInfo

__all__ = ["load_document", "load_bytes"]


def _decode_text(data: bytes, filename: str) -> str:
    # Strict UTF-8 (with or without BOM) first, then GB18030: detectors
    # misjudge short Chinese inputs (see research/probe-deps.md).
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnsupportedFileType(filename, "undecodable text")


def load_bytes(data: bytes, filename: str) -> Document:
    """Build a ``Document`` from raw bytes; ``filename`` is only a label."""
    if len(data) > settings.max_file_bytes:
        raise FileTooLarge(filename, f"{len(data)} bytes > {settings.max_file_bytes}")
    if not data.strip():
        raise EmptyDocument(filename)
    text = _decode_text(data, filename).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(filename)
    pages = text_to_pages(text)
    source = SourceInfo(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type="text/plain",
        pages=len(pages),
        ocr=False,
    )
    return Document(source=source, text=text, pages=pages)


def load_document(path: str | Path) -> Document:
    path = Path(path)
    return load_bytes(path.read_bytes(), path.name)
