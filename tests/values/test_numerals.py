"""Numeral conversion against cn2an as an independent oracle."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.numerals import (
    arabic_value,
    chinese_value,
    number_value,
    split_magnitude,
    to_json_number,
)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**12),
        st.decimals(min_value=0, max_value=10**8, places=3, allow_nan=False, allow_infinity=False),
    ),
    st.sampled_from(["low", "up"]),
)
def test_chinese_numerals_written_by_cn2an_read_back(amount: int | Decimal, mode: str) -> None:
    plain = format(Decimal(amount).normalize(), "f")
    assert chinese_value(cn2an.an2cn(plain, mode)) == Decimal(plain)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四百五", 450),  # spoken abbreviation: the bare digit takes the next place
        ("一万三", 13000),
        ("九十二万四", 924000),
        ("一千零五", 1005),  # ...but not after 零
        ("百三", 130),
        ("四万万", 400_000_000),
        ("5万4千6百", 54600),
        ("一七二零点一", 1720.1),
        ("点一", 0.1),
        ("两千万点五五四四", 20000000.5544),
        ("负三十二", -32),
    ],
)
def test_forms_cn2an_rejects_or_misreads(text: str, value: float) -> None:
    got = number_value(text)
    assert got is not None and float(got) == value


@pytest.mark.parametrize("text", ["万", "百", "千万", "", "点", "一点二点三", "abc"])
def test_non_numerals_are_none(text: str) -> None:
    assert number_value(text) is None


def test_arabic_thousands_and_limits() -> None:
    assert arabic_value("1,234.5") == Decimal("1234.5")
    assert arabic_value("1,23") is None
    assert number_value("9" * 40) is None  # a digit run, not a quantity


def test_magnitude_split_only_for_arabic_or_decimal_cores() -> None:
    assert split_magnitude("3.5万") == ("3.5", "万")
    assert split_magnitude("三点五万") == ("三点五", "万")
    assert split_magnitude("四十万") == ("四十万", "")


def test_json_numbers() -> None:
    assert to_json_number(Decimal("100.00")) == 100 and isinstance(
        to_json_number(Decimal("100.00")), int
    )
    assert to_json_number(Decimal("95.5")) == 95.5
