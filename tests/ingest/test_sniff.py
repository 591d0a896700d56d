from __future__ import annotations

import io
import zipfile

import pytest

from extractor.errors import CorruptFile, UnsupportedFileType
from extractor.ingest.sniff import DOCX, PDF, TEXT, XLSX, sniff
from extractor.ingest.testing import PERFORMANCE_TABLE, docx_bytes, xlsx_bytes


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, "x")
    return buf.getvalue()


def test_office_files_are_told_apart_by_their_contents_not_names() -> None:
    assert sniff(docx_bytes(["正文"]), "report.xlsx") == DOCX
    assert sniff(xlsx_bytes({"表": PERFORMANCE_TABLE}), "report.pdf") == XLSX
    assert sniff(b"%PDF-1.7\n...", "report.docx") == PDF
    assert sniff("部门名称".encode(), "report.xlsx") == TEXT


@pytest.mark.parametrize(
    ("head", "media"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        (b"II*\x00" + b"\0" * 20, "image/tiff"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00", "image/bmp"),
    ],
)
def test_images_by_magic(head: bytes, media: str) -> None:
    assert sniff(head, "scan.pdf") == media


def test_zip_that_is_not_office_is_unsupported() -> None:
    with pytest.raises(UnsupportedFileType, match="neither DOCX nor XLSX"):
        sniff(_zip(["readme.txt"]), "report.pdf")


def test_broken_zip_is_corrupt() -> None:
    with pytest.raises(CorruptFile):
        sniff(b"PK\x03\x04" + b"\0" * 40, "report.docx")


@pytest.mark.parametrize(
    ("name", "hint"), [("a.doc", ".docx"), ("a.xls", ".xlsx"), ("a.bin", ".docx/.xlsx")]
)
def test_legacy_office_is_refused_with_a_way_out(name: str, hint: str) -> None:
    with pytest.raises(UnsupportedFileType) as err:
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, name)
    assert hint in err.value.message
    assert name in err.value.message
