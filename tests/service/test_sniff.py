"""Upload checks on generated files of every supported kind and on noise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from extractor.errors import ExtractionError
from extractor.ingest.testing import docx_bytes, html_bytes, pdf_bytes, sample_grids, xlsx_bytes
from service.sniff import MislabelledFile, validate_upload

SAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "000_29d121b4221180d5.txt").read_text()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    return buf.getvalue()


def _cases() -> list[tuple[str, bytes, str]]:
    grids = sample_grids(SAMPLE)[:3]
    table = next(g for g in grids if not isinstance(g, str))
    return [
        ("r.pdf", pdf_bytes(grids), "application/pdf"),
        (
            "r.docx",
            docx_bytes(grids),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "r.xlsx",
            xlsx_bytes({"表1": table}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("r.html", html_bytes(grids), "text/html"),
        ("r.txt", SAMPLE.encode(), "text/plain"),
        ("r.txt", SAMPLE.encode("gb18030"), "text/plain"),
        ("r.png", _png(), "image/png"),
        ("no-extension", SAMPLE.encode(), "text/plain"),
    ]


@pytest.mark.parametrize(("name", "data", "media_type"), _cases())
def test_supported_files_pass_with_their_type(name: str, data: bytes, media_type: str) -> None:
    assert validate_upload(data, name, 50 * 1024 * 1024) == media_type


def test_name_contradicting_content_is_rejected() -> None:
    with pytest.raises(MislabelledFile, match="named .docx"):
        validate_upload(_png(), "report.docx", 10**6)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from(["a.pdf", "a.txt", "a", "a.xlsx", "a.png"]))
def test_any_bytes_pass_or_raise_a_4xx_extraction_error(data: bytes, name: str) -> None:
    try:
        validate_upload(data, name, 10**6)
    except ExtractionError as exc:
        assert 400 <= exc.http_status < 500 and name in exc.message


TRADITIONAL = "項目支出績效自評表\n一級指標\t二級指標\t三級指標\t年度指標值\t實際完成值\n產出指標\t數量指標\t新增圖書冊數\t≧15000冊\t16200冊\n"


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (SAMPLE.encode("utf-16"), "text/plain"),  # with a BOM
        (SAMPLE.encode("utf-16-le"), "text/plain"),
        (TRADITIONAL.encode("big5"), "text/plain"),
        (("<!DOCTYPE html><html><body>" + SAMPLE).encode("utf-16"), "text/html"),
    ],
)
def test_utf16_and_big5_text_is_accepted(data: bytes, media_type: str) -> None:
    assert validate_upload(data, "r.txt", 50 * 1024 * 1024) == media_type


def test_text_that_turns_binary_past_the_head_is_refused() -> None:
    data = SAMPLE.encode() * 40 + b"\xff\xfe\x00\x81" * 1000  # past the first 64 KiB
    assert len(SAMPLE.encode()) * 40 > 64 * 1024
    with pytest.raises(ExtractionError, match="binary content"):
        validate_upload(io.BytesIO(data), "r.txt", 50 * 1024 * 1024)


def test_a_docx_is_recognised_from_a_file_object() -> None:
    data = docx_bytes(sample_grids(SAMPLE)[:2])
    assert validate_upload(io.BytesIO(data), "r.docx", 50 * 1024 * 1024).endswith("document")
