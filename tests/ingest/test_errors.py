"""Bad input: each case raises its own error naming the file."""

from __future__ import annotations

import importlib.util
import io
import os
import zipfile
from pathlib import Path

import pytest

from extractor.errors import (
    CorruptFile,
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    ExtractionError,
    FileTooLarge,
    UnsupportedFileType,
)
from extractor.ingest import load_bytes, load_document
from extractor.settings import settings


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("encrypted", EncryptedPDF),
        ("truncated", CorruptPDF),
        ("no_pages", EmptyDocument),
        ("blank", EmptyDocument),
    ],
)
def test_broken_pdfs(
    broken_pdfs: dict[str, bytes], case: str, error: type[ExtractionError]
) -> None:
    with pytest.raises(error) as err:
        load_bytes(broken_pdfs[case], f"{case}.pdf")
    assert err.value.message.startswith(f"{case}.pdf: ")


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n ", "\u3000\n".encode(), " \n".encode("utf-16")]
)
def test_empty_or_whitespace_only(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        load_bytes(data, "empty.txt")


def test_too_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(settings, "max_file_bytes", 10)
    with pytest.raises(FileTooLarge, match="big.txt"):
        load_bytes("部门名称民政局".encode(), "big.txt")
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(FileTooLarge):
        load_document(path)


def test_binary_junk_is_not_decoded_as_text() -> None:
    junk = bytes(range(256)) * 4 + os.urandom(4096)
    with pytest.raises(UnsupportedFileType, match="junk.txt"):
        load_bytes(junk, "junk.txt")


def test_pdf_that_is_a_zip() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.bin", b"\0\1\2")
    with pytest.raises(UnsupportedFileType):
        load_bytes(buf.getvalue(), "report.pdf")


def test_pdf_that_is_a_png_goes_to_the_image_path() -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buf, format="PNG")
    if importlib.util.find_spec("extractor.ingest.image") is None:
        with pytest.raises(UnsupportedFileType, match="OCR"):
            load_bytes(buf.getvalue(), "report.pdf")
        return
    # The OCR engineer's loader has it: a blank picture is empty, not "unsupported".
    try:
        doc = load_bytes(buf.getvalue(), "report.pdf")
    except EmptyDocument:
        return
    assert doc.source.media_type == "image/png"


def test_xlsx_that_is_text_is_read_as_text() -> None:
    doc = load_bytes("指标\t值\n床位\t100张\n".encode("gbk"), "report.xlsx")
    assert doc.source.media_type == "text/plain"
    assert doc.blocks()[0].rows[1].texts() == ["床位", "100张"]


def test_docx_with_broken_part_is_corrupt() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<not xml")
        zf.writestr("word/document.xml", "<not xml")
    with pytest.raises(CorruptFile, match="bad.docx"):
        load_bytes(buf.getvalue(), "bad.docx")


def test_legacy_xls() -> None:
    with pytest.raises(UnsupportedFileType, match="xlsx"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xls")
