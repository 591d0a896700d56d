"""What a file is, from its bytes (magic numbers, zip contents), never its name.

The name only words the error message and breaks ties the content leaves open
(e.g. ``.doc`` vs ``.xls`` for an old OLE2 file).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from extractor.errors import UnsupportedFileType
from extractor.ingest.package import open_zip

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"  # also CSV and HTML: told apart after decoding

_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]

_OTHER_BINARIES = [
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"{\\rtf", "RTF document; save it as .docx"),
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

IMAGE_TYPES = {media for _, media in _IMAGES} | {"image/webp", "image/bmp"}


def zip_kind(data: bytes | IO[bytes], filename: str) -> str:
    """DOCX or XLSX, from a zip's directory (bytes or a seekable file)."""
    # Declared sizes are checked here too: a bomb is refused at upload.
    with open_zip(data, filename) as zf:
        names = set(zf.namelist())
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFileType(filename, "PowerPoint files are not supported")
    raise UnsupportedFileType(filename, "zip archive that is neither DOCX nor XLSX")


def _ole2_reason(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".xls", ".et"):
        return "legacy Excel 97-2003 .xls; save it as .xlsx and upload again"
    if suffix in (".doc", ".wps"):
        return "legacy Word 97-2003 .doc; save it as .docx and upload again"
    return "legacy Office 97-2003 file (.doc/.xls); save it as .docx/.xlsx and upload again"


def sniff(data: bytes, filename: str) -> str:
    """The media type of ``data``; ``TEXT`` for anything that may be text."""
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return zip_kind(data, filename)
    if data.startswith(_OLE2):
        raise UnsupportedFileType(filename, _ole2_reason(filename))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM") and data[6:10] == b"\0\0\0\0":  # reserved header bytes
        return "image/bmp"
    for magic, media in _IMAGES:
        if data.startswith(magic):
            return media
    for magic, what in _OTHER_BINARIES:
        if data.startswith(magic):
            raise UnsupportedFileType(filename, what)
    return TEXT
