"""Cheap checks at upload: the file type from its content (magic bytes, never
the name alone), emptiness, obvious corruption, PDF encryption and a name
that contradicts the content. Deep problems surface later in the job and
mark the document ``failed``."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from extractor.errors import (
    CorruptFile,
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    ExtractionError,
    UnsupportedFileType,
)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "gif": "image/gif",
    "webp": "image/webp",
    "html": "text/html",
    "text": "text/plain",
}

# Which sniffed kinds a file name's extension may carry.
_EXTENSION_KINDS = {
    ".pdf": {"pdf"},
    ".docx": {"docx"},
    ".xlsx": {"xlsx"},
    ".png": {"png"},
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
    ".tif": {"tiff"},
    ".tiff": {"tiff"},
    ".bmp": {"bmp"},
    ".gif": {"gif"},
    ".webp": {"webp"},
    ".html": {"html", "text"},
    ".htm": {"html", "text"},
    ".txt": {"text", "html"},
    ".csv": {"text"},
    ".tsv": {"text"},
    ".md": {"text", "html"},
}

_IMAGE_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
]


class MislabelledFile(ExtractionError):
    code = "mislabelled_file"
    reason = "file name does not match its content"
    http_status = 415


def _sniff_zip(data: bytes, filename: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFile(filename, "broken ZIP container") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnsupportedFileType(filename, "ZIP archive that is neither DOCX nor XLSX")


def _check_pdf(data: bytes, filename: str) -> None:
    tail = data[-4096:]
    if b"%%EOF" not in tail:
        raise CorruptPDF(filename, "truncated: no %%EOF marker")
    # The trailer (or an xref stream dictionary) names /Encrypt when the file is encrypted.
    if b"/Encrypt" in data[-65536:] or b"/Encrypt" in data[:65536]:
        raise EncryptedPDF(filename)


def _is_text(data: bytes) -> bool:
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
    """The file's kind (a key of ``MEDIA_TYPES``), or an ``ExtractionError``."""
    if not data.strip():
        raise EmptyDocument(filename)
    head = data[:16]
    if head.startswith(b"%PDF-"):
        _check_pdf(data, filename)
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, filename)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFileType(
            filename, "OLE2 container: legacy .doc/.xls or a password-protected Office file"
        )
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    for magic, kind in _IMAGE_MAGIC:
        if head.startswith(magic):
            return kind
    if _is_text(data):
        start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return "html" if start.startswith((b"<!doctype html", b"<html")) else "text"
    raise UnsupportedFileType(filename, "unknown binary format")


def validate_upload(data: bytes, filename: str, max_bytes: int) -> str:
    """Sniff and check an upload; return its media type or raise an ``ExtractionError``."""
    from extractor.errors import FileTooLarge

    if len(data) > max_bytes:
        raise FileTooLarge(filename, f"more than {max_bytes} bytes")
    kind = sniff(data, filename)
    allowed = _EXTENSION_KINDS.get(PurePath(filename).suffix.lower())
    if allowed is not None and kind not in allowed:
        raise MislabelledFile(filename, f"named {PurePath(filename).suffix}, content is {kind}")
    return MEDIA_TYPES[kind]
