"""Cheap checks at upload, so bad files get a 4xx at once: the type from the
content (``extractor.ingest.sniff``, never the name alone), emptiness,
undecodable "text", truncated or encrypted PDFs, and a name that contradicts
the content. Deeper problems surface in the job and mark the document
``failed``."""

from __future__ import annotations

import codecs
import io
from pathlib import PurePath
from typing import IO

from extractor.errors import (
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    ExtractionError,
    FileTooLarge,
    UnsupportedFileType,
)
from extractor.ingest import sniff as library_sniff
from extractor.ingest.decode import decode_text, looks_binary
from service.store import CHUNK_BYTES

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


HEAD_BYTES = 64 * 1024


def _read_at(source: IO[bytes], offset: int, n: int) -> bytes:
    source.seek(offset)
    return source.read(n)


def _check_pdf(source: IO[bytes], size: int, filename: str) -> None:
    head = _read_at(source, 0, 65536)
    tail = _read_at(source, max(0, size - 65536), 65536)
    if b"%%EOF" not in tail[-4096:]:
        raise CorruptPDF(filename, "truncated: no %%EOF marker")
    # The trailer (or an xref stream dictionary) names /Encrypt when the file is encrypted.
    if b"/Encrypt" in tail or b"/Encrypt" in head:
        raise EncryptedPDF(filename)


def _head_encoding(head: bytes, complete: bool) -> str | None:
    """The encoding the library reads ``head`` in; a head cut inside a
    character is retried a few bytes shorter."""
    if looks_binary(head):
        return None
    for cut in range(1 if complete else 4):
        decoded = decode_text(head[: len(head) - cut] if cut else head)
        if decoded is not None:
            return decoded[1]
    return None


def _text_encoding(source: IO[bytes], size: int) -> str | None:
    """The encoding of text that decodes from end to end (checked a chunk at
    a time), or None."""
    head = _read_at(source, 0, HEAD_BYTES)
    encoding = _head_encoding(head, complete=size <= HEAD_BYTES)
    if encoding is None:
        return None
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        return None
    source.seek(0)
    try:
        while block := source.read(CHUNK_BYTES):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return encoding


def _blank(source: IO[bytes]) -> bool:
    source.seek(0)
    return not any(block.strip() for block in iter(lambda: source.read(CHUNK_BYTES), b""))


def sniff(data: bytes | IO[bytes], filename: str) -> str:
    """The media type of ``data`` (bytes or a seekable file, read in chunks),
    or an ``ExtractionError`` naming the reason."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    size = source.seek(0, io.SEEK_END)
    if _blank(source):
        raise EmptyDocument(filename)
    head = _read_at(source, 0, HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        media_type = library_sniff.zip_kind(source, filename)
    else:
        media_type = library_sniff.sniff(head, filename)
    if media_type == library_sniff.PDF:
        _check_pdf(source, size, filename)
    elif media_type == library_sniff.TEXT:
        encoding = _text_encoding(source, size)
        if encoding is None:
            raise UnsupportedFileType(filename, "binary content of an unknown format")
        start = head[:1024].decode(encoding, "ignore").lstrip("\ufeff \t\r\n").lower()
        if start.startswith(("<!doctype html", "<html")):
            media_type = HTML
    source.seek(0)
    return media_type


def validate_upload(data: bytes | IO[bytes], filename: str, max_bytes: int) -> str:
    """Sniff and check an upload (bytes or a seekable file, never read whole);
    return its media type or raise an ``ExtractionError``."""
    size = len(data) if isinstance(data, bytes) else data.seek(0, io.SEEK_END)
    if size > max_bytes:
        raise FileTooLarge(filename, f"more than {max_bytes} bytes")
    media_type = sniff(data, filename)
    suffix = PurePath(filename).suffix.lower()
    allowed = _EXTENSION_TYPES.get(suffix)
    if allowed is not None and media_type not in allowed:
        raise MislabelledFile(filename, f"named {suffix}, content is {media_type}")
    return media_type
