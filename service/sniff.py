"""Cheap checks at upload, so bad files get a 4xx at once: the type from the
content (``extractor.ingest.sniff``, never the name alone), emptiness,
undecodable "text", truncated or encrypted PDFs, and a name that contradicts
the content. Deeper problems surface in the job and mark the document
``failed``."""

from __future__ import annotations

from pathlib import PurePath

from extractor.errors import (
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    ExtractionError,
    FileTooLarge,
    UnsupportedFileType,
)
from extractor.ingest import sniff as library_sniff

HTML = "text/html"
_TEXTUAL = {library_sniff.TEXT, HTML}

# Which media types a file name's extension may carry.
_EXTENSION_TYPES = {
    ".pdf": {library_sniff.PDF},
    ".docx": {library_sniff.DOCX},
    ".xlsx": {library_sniff.XLSX},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".tif": {"image/tiff"},
    ".tiff": {"image/tiff"},
    ".bmp": {"image/bmp"},
    ".webp": {"image/webp"},
    ".html": _TEXTUAL,
    ".htm": _TEXTUAL,
    ".txt": _TEXTUAL,
    ".csv": _TEXTUAL,
    ".tsv": _TEXTUAL,
    ".md": _TEXTUAL,
}


# Every media type a stored file can have (``GET /v1/documents/{id}/source``).
SOURCE_MEDIA_TYPES = sorted(
    {library_sniff.PDF, library_sniff.DOCX, library_sniff.XLSX, HTML, *_TEXTUAL}
    | library_sniff.IMAGE_TYPES
)


class MislabelledFile(ExtractionError):
    code = "mislabelled_file"
    reason = "file name does not match its content"
    http_status = 415


def _check_pdf(data: bytes, filename: str) -> None:
    if b"%%EOF" not in data[-4096:]:
        raise CorruptPDF(filename, "truncated: no %%EOF marker")
    # The trailer (or an xref stream dictionary) names /Encrypt when the file is encrypted.
    if b"/Encrypt" in data[-65536:] or b"/Encrypt" in data[:65536]:
        raise EncryptedPDF(filename)


def _decodes(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return False
    for enc in ("utf-8-sig", "gb18030"):
        try:
            data.decode(enc)
            return True
        except UnicodeDecodeError:
            continue
    return False


def sniff(data: bytes, filename: str) -> str:
    """The media type of ``data``, or an ``ExtractionError`` naming the reason."""
    if not data.strip():
        raise EmptyDocument(filename)
    media_type = library_sniff.sniff(data, filename)
    if media_type == library_sniff.PDF:
        _check_pdf(data, filename)
    elif media_type == library_sniff.TEXT:
        if not _decodes(data):
            raise UnsupportedFileType(filename, "binary content of an unknown format")
        start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith((b"<!doctype html", b"<html")):
            media_type = HTML
    return media_type


def validate_upload(data: bytes, filename: str, max_bytes: int) -> str:
    """Sniff and check an upload; return its media type or raise an ``ExtractionError``."""
    if len(data) > max_bytes:
        raise FileTooLarge(filename, f"more than {max_bytes} bytes")
    media_type = sniff(data, filename)
    suffix = PurePath(filename).suffix.lower()
    allowed = _EXTENSION_TYPES.get(suffix)
    if allowed is not None and media_type not in allowed:
        raise MislabelledFile(filename, f"named {suffix}, content is {media_type}")
    return media_type
