"""Ingest: any supported file -> ``Document``.

``load_bytes`` checks the size, sniffs the content (never trusting the name
alone) and hands the bytes to one backend per format: ``text`` (plain, TSV,
CSV, HTML), ``pdf``, ``docx``, ``xlsx``; images go to the OCR engineer's
``extractor.ingest.image``. Backends return drafts; ``render`` turns them into
the text rendering and blocks with consistent evidence offsets.

Every input is bounded (``extractor.ingest.limits``, values in ``settings``):
zip containers by what they unpack to, sheets by rows/columns/cells, PDFs and
images by pages and OCR pages, and all text by ``max_text_chars``. Ingest's
peak memory is then a fixed multiple of the text (about 60x its UTF-8 bytes,
``bench/ingest_memory.py``), and the engine's about 140x.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.errors import (
    CorruptFile,
    EmptyDocument,
    ExtractionError,
    FileTooLarge,
    UnsupportedFileType,
)
from extractor.ingest import sniff as sniffing
from extractor.ingest.decode import decode_text, looks_binary
from extractor.ingest.limits import check_text
from extractor.ingest.ocr_seam import load_image, ocr_pages
from extractor.ingest.package import check_package
from extractor.ingest.render import DraftPage, render
from extractor.ingest.text import read_text
from extractor.settings import settings
from extractor.types import Document, DocWarning, Page, SourceInfo

__all__ = ["load_document", "load_bytes"]


def _source(data: bytes, filename: str, media_type: str, pages: list[Page]) -> SourceInfo:
    return SourceInfo(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        pages=len(pages),
        ocr=any(p.ocr for p in pages),
    )


def _has_content(text: str, pages: list[Page]) -> bool:
    return bool(text.strip()) or any(p.needs_ocr for p in pages)


def _from_text(data: bytes, filename: str) -> Document:
    # No encoding spends more than 4 bytes a character: refused undecoded.
    if len(data) > 4 * settings.max_text_chars + 4:
        check_text(len(data) // 4, filename)
    if looks_binary(data):
        raise UnsupportedFileType(filename, "binary content that is not a known document format")
    decoded = decode_text(data)
    if decoded is None:
        raise UnsupportedFileType(filename, "neither a known document format nor decodable text")
    check_text(len(decoded[0]), filename)
    result = read_text(decoded[0], filename)
    if not result.text.strip():
        raise EmptyDocument(filename)
    source = _source(data, filename, result.media_type, result.pages)
    return Document(source=source, text=result.text, pages=result.pages)


def _from_drafts(
    data: bytes, filename: str, media_type: str, drafts: list[DraftPage], warnings: list[DocWarning]
) -> Document:
    text, pages = render(drafts)
    check_text(len(text), filename)
    if not _has_content(text, pages):
        raise EmptyDocument(filename, "no text found")
    source = _source(data, filename, media_type, pages)
    return Document(source=source, text=text, pages=pages, warnings=warnings)


def _dispatch(data: bytes, filename: str, media_type: str) -> Document:
    if media_type == sniffing.PDF:
        from extractor.ingest.pdf import read_pdf

        drafts, warnings = ocr_pages(data, read_pdf(data, filename), filename)
        return _from_drafts(data, filename, media_type, drafts, warnings)
    if media_type in (sniffing.DOCX, sniffing.XLSX):
        check_package(data, filename)  # before a parser inflates anything
    if media_type == sniffing.DOCX:
        from extractor.ingest.docx import read_docx

        return _from_drafts(data, filename, media_type, read_docx(data, filename), [])
    if media_type == sniffing.XLSX:
        from extractor.ingest.xlsx import read_xlsx

        return _from_drafts(data, filename, media_type, *read_xlsx(data, filename))
    if media_type in sniffing.IMAGE_TYPES:
        return load_image(data, filename, media_type)
    return _from_text(data, filename)


def load_bytes(data: bytes, filename: str) -> Document:
    """Build a ``Document`` from raw bytes; ``filename`` is only a label."""
    if len(data) > settings.max_file_bytes:
        raise FileTooLarge(filename, f"{len(data)} bytes > {settings.max_file_bytes}")
    if not data.strip():
        raise EmptyDocument(filename)
    try:
        return _dispatch(data, filename, sniffing.sniff(data, filename))
    except (ExtractionError, MemoryError):
        raise
    except Exception as exc:  # a library choking on malformed input: still one clear line
        raise CorruptFile(filename, f"{type(exc).__name__}: {exc}") from exc


def load_document(path: str | Path) -> Document:
    path = Path(path)
    size = path.stat().st_size
    if size > settings.max_file_bytes:  # refuse before reading it into memory
        raise FileTooLarge(path.name, f"{size} bytes > {settings.max_file_bytes}")
    return load_bytes(path.read_bytes(), path.name)
