"""Zip containers: a broken directory is a corrupt file, a bomb is refused
before any parser inflates it, and real Office files pass."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from extractor.errors import CorruptFile, DecompressionBomb
from extractor.ingest import hostile, load_bytes
from extractor.ingest.package import check_package
from extractor.ingest.sniff import sniff
from extractor.ingest.testing import PERFORMANCE_TABLE, docx_bytes, xlsx_bytes
from extractor.settings import settings


def _docx_with(name: str = "word/document.xml") -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr(name, b"<w:document/>")
    return bytearray(buf.getvalue())


def _patch_central(data: bytearray, field: int, value: int, entry: int = 0) -> bytes:
    """Overwrite a 2-byte field of the ``entry``-th central directory record."""
    at = -1
    for _ in range(entry + 1):
        at = data.index(b"PK\x01\x02", at + 1)
    data[at + field : at + field + 2] = struct.pack("<H", value)
    return bytes(data)


def _unknown_version() -> bytes:  # zipfile: NotImplementedError("zip file version 9.9")
    return _patch_central(_docx_with(), 6, 99)


def _name_not_utf8() -> bytes:  # flagged UTF-8, bytes are not: UnicodeDecodeError
    data = _docx_with("word/\xe9.xml")
    at = data.index(b"PK\x01\x02")
    data[at + 8 : at + 10] = struct.pack("<H", 0x800)
    name = at + 46
    data[name : name + 2] = b"\xff\xfe"
    return bytes(data)


def _unknown_method() -> bytes:  # NotImplementedError once a parser opens the member
    return _patch_central(_docx_with(), 10, 99, entry=1)


@pytest.mark.parametrize("build", [_unknown_version, _name_not_utf8, _unknown_method])
def test_any_zip_directory_failure_is_a_corrupt_file(build: object) -> None:
    data = build()  # type: ignore[operator]
    assert len(data) < 400
    with pytest.raises(CorruptFile, match="^report.docx: corrupt file"):
        load_bytes(data, "report.docx")


def test_sniffer_failure_is_a_corrupt_file_too() -> None:
    with pytest.raises(CorruptFile):
        sniff(_unknown_version(), "report.docx")


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "max_unzipped_bytes", 8 << 20)


@pytest.mark.parametrize(
    ("build", "name"),
    [(hostile.docx_bomb, "bomb.docx"), (hostile.xlsx_bomb, "bomb.xlsx")],
)
@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_zip_bombs_are_refused(small_caps: None, build: object, name: str, method: int) -> None:
    data = build(24 << 20, method)  # type: ignore[operator]
    assert len(data) < 128 << 10
    with pytest.raises(DecompressionBomb, match=f"^{name}: decompression bomb") as err:
        load_bytes(data, name)
    assert err.value.code == "decompression_bomb" and err.value.http_status == 413


def test_high_ratio_member_is_a_bomb_even_under_the_total_cap() -> None:
    data = hostile.docx_bomb(4 << 20)  # ~1000x
    with pytest.raises(DecompressionBomb, match="unpacks .*x its size"):
        check_package(data, "bomb.docx")


def test_bzip2_member_under_the_caps_is_refused_as_not_office() -> None:
    data = hostile.docx_bomb(64 << 10, zipfile.ZIP_BZIP2)
    with pytest.raises(CorruptFile, match="compression method 12"):
        load_bytes(data, "odd.docx")


def test_real_office_files_pass() -> None:
    check_package(docx_bytes(["正文", PERFORMANCE_TABLE]), "ok.docx")
    check_package(xlsx_bytes({"表": PERFORMANCE_TABLE}), "ok.xlsx")
