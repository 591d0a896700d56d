from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.ingest.decode import decode_text, looks_binary

SHORT = ["完成", "民政局", "养老床位", "id,name\n1,民政局\n", "总计: 100 张"]


@pytest.mark.parametrize("text", SHORT)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "utf-16-le", "utf-16-be"])
def test_short_chinese_decodes_exactly_in_every_encoding(text: str, encoding: str) -> None:
    # charset-normalizer alone reads these as big5/cp949 (research/probe-deps.md).
    decoded = decode_text(text.encode(encoding))
    assert decoded is not None
    assert decoded[0] == text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_is_honoured_and_dropped(bom: bytes, encoding: str) -> None:
    decoded = decode_text(bom + "部门名称\t民政局".encode(encoding))
    assert decoded is not None and decoded[0] == "部门名称\t民政局"


def test_random_bytes_are_not_text() -> None:
    junk = bytes(range(256)) * 8 + os.urandom(2048)
    assert looks_binary(junk) or decode_text(junk) is None


def test_control_characters_in_valid_utf8_are_not_text() -> None:
    assert decode_text(b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 20) is None


def _printable_ascii(data: bytes) -> bool:
    return all(0x20 <= b < 0x7F or b in b"\t\n\r" for b in data)


report_text = st.text(
    alphabet=st.sampled_from(
        list("部门名称民政局产出指标数量质量≥≤%张人次万元年度完成，。：（）0123456789.\t\n ")
    ),
    min_size=10,  # two or three characters of BOM-less UTF-16 can be valid GB18030 too
    max_size=60,
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(
    text=report_text,
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-16"]),
)
def test_report_text_round_trips_through_detection(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    # BOM-less UTF-16 whose every byte is ASCII is also valid ASCII ("≤政" is
    # 'd"?e'); no detector can tell, and UTF-8 must win for real ASCII files.
    assume(not (encoding in ("utf-16-le", "utf-16-be") and _printable_ascii(data)))
    # BOM-less UTF-16 of ASCII text alone is ambiguous in byte order ("00" is
    # U+3030 one way, digits the other); a report always holds Chinese.
    assume(not (encoding in ("utf-16-le", "utf-16-be") and text.isascii()))
    decoded = decode_text(data)
    assert decoded is not None
    assert decoded[0] == text
