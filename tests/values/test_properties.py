"""Property-based checks: numbers written any way parse back; nothing raises."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import cn2an
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values import parse_value

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "extractor" / "indicator.schema.json").read_text(encoding="utf-8")
)
VALUE_SCHEMA = {**SCHEMA["$defs"]["value"], "$defs": SCHEMA["$defs"]}
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(VALUE_SCHEMA)  # built once: it is slow

PREFIXES: list[tuple[str, str]] = [
    ("", "="), ("=", "="), ("＝", "="), ("等于", "="), ("达", "="), ("约", "="), ("共", "="),
    ("≥", ">="), ("≧", ">="), (">=", ">="), ("＞＝", ">="), ("不少于", ">="), ("不低于", ">="),
    ("大于等于", ">="), ("大于或等于", ">="), ("至少", ">="), ("达到", ">="),
    ("≤", "<="), ("≦", "<="), ("<=", "<="), ("不超过", "<="), ("不高于", "<="), ("不大于", "<="),
    ("小于等于", "<="), ("控制在", "<="),
    (">", ">"), ("大于", ">"), ("高于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于", "<"),
]  # fmt: skip
SUFFIXES: list[tuple[str, str]] = [("以上", ">="), ("及以上", ">="), ("以下", "<="), ("以内", "<=")]
UNITS = [
    None, "个", "人", "张", "户", "件", "次", "人次", "元", "%", "‰", "天", "个月", "平方米", "吨",
    "台", "套", "本", "份", "名", "家", "所", "项", "场", "元/人", "次/年", "人/年", "万元", "亿元",
    "万人", "公里",
]  # fmt: skip
MAGNITUDE_UNITS = {"万元", "亿元", "万人"}

amounts = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _written(amount: Decimal, style: str) -> str:
    plain = format(amount.normalize(), "f")
    if style == "arabic":
        return plain
    if style == "thousands":
        whole, _, frac = plain.partition(".")
        return f"{int(whole):,}" + (f".{frac}" if frac else "")
    if style == "fullwidth":
        return _fullwidth(plain)
    return str(cn2an.an2cn(plain, "low" if style == "chinese" else "up"))


@settings(max_examples=400, deadline=None)
@given(
    amount=amounts,
    style=st.sampled_from(["arabic", "thousands", "fullwidth", "chinese", "chinese_upper"]),
    prefix=st.sampled_from(PREFIXES),
    unit=st.sampled_from(UNITS),
)
def test_any_spelling_parses_back(
    amount: Decimal, style: str, prefix: tuple[str, str], unit: str | None
) -> None:
    if style.startswith("chinese") and unit in MAGNITUDE_UNITS:
        unit = unit[1:]  # a Chinese numeral absorbs the magnitude (三万人 = 30000 人)
    word, op = prefix
    got = parse_value(f"{word}{_written(amount, style)}{unit or ''}")
    assert got.kind == "numeric", got
    assert (got.op, got.unit) == (op, unit), got
    assert got.value is not None
    assert Decimal(str(got.value)) == amount, got


@settings(max_examples=200, deadline=None)
@given(
    amount=amounts,
    style=st.sampled_from(["arabic", "fullwidth", "chinese"]),
    suffix=st.sampled_from(SUFFIXES),
    unit=st.sampled_from([u for u in UNITS if u not in MAGNITUDE_UNITS]),
)
def test_suffix_comparators(
    amount: Decimal, style: str, suffix: tuple[str, str], unit: str | None
) -> None:
    word, op = suffix
    got = parse_value(f"{_written(amount, style)}{unit or ''}{word}")
    assert (got.kind, got.op, got.unit) == ("numeric", op, unit), got
    assert Decimal(str(got.value)) == amount


@settings(max_examples=200, deadline=None)
@given(
    low=st.integers(min_value=0, max_value=10**6),
    width=st.integers(min_value=1, max_value=10**6),
    sep=st.sampled_from(["-", "~", "～", "至", "到", "—"]),
    unit=st.sampled_from(["%", "个", "人", "万元", None]),
    repeat_unit=st.booleans(),
)
def test_ranges(low: int, width: int, sep: str, unit: str | None, repeat_unit: bool) -> None:
    first = f"{low}{unit if unit and repeat_unit else ''}"
    got = parse_value(f"{first}{sep}{low + width}{unit or ''}")
    assert (got.kind, got.op, got.value, got.upper, got.unit) == (
        "range", "range", low, low + width, unit,
    ), got  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises_and_is_schema_valid(text: str) -> None:
    got = parse_value(text).model_dump(mode="json")
    VALIDATOR.validate(got)
    for part in got["parts"]:
        VALIDATOR.validate(part)


numeric_soup = st.text(
    alphabet="0123456789.,，%‰万亿千百十一二三四五六七八九零两点负-~至≥≤<>=以上下内约个人元年月日前底/ ",
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(numeric_soup)
def test_number_like_soup_never_raises_and_is_schema_valid(text: str) -> None:
    got = parse_value(text).model_dump(mode="json")
    VALIDATOR.validate(got)
    assert 0.0 <= got["confidence"] <= 1.0


# --- Chinese numerals and magnitudes both ways (issue 13) -----------------------------------

MAGNITUDE_WORDS = {"万": 10**4, "亿": 10**8, "万亿": 10**12, "兆": 10**12}


def _zhao(n: int) -> str:
    """n written with 兆 for 10^12 (cn2an writes 万亿): 1300050000000 -> 一兆三千亿五千万."""
    high, low = divmod(n, 10**12)
    if not high:
        return str(cn2an.an2cn(str(n)))
    gap = "零" if 0 < low < 10**11 else ""
    return f"{cn2an.an2cn(str(high))}兆{gap}{cn2an.an2cn(str(low)) if low else ''}"


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**16 - 1), style=st.sampled_from(["low", "up"]))
def test_chinese_numeral_round_trip(n: int, style: str) -> None:
    text = str(cn2an.an2cn(str(n), style))  # 万亿 chained, 零 for empty places
    got = parse_value(text)
    assert (got.kind, got.op, got.value, got.unit) == ("numeric", "=", n, None), (text, got)
    negative = parse_value("负" + text)
    assert negative.value == -n, (text, negative)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=10**12, max_value=10**16 - 1))
def test_zhao_numerals(n: int) -> None:
    text = _zhao(n)
    got = parse_value(text)
    assert (got.kind, got.value, got.unit) == ("numeric", n, None), (text, got)
    assert got.normalized is not None and got.normalized.value == n


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False),
    word=st.sampled_from(sorted(MAGNITUDE_WORDS)),
    unit=st.sampled_from(["", "元", "人"]),
    negative=st.booleans(),
)
def test_arabic_magnitudes_stay_in_unit_and_fold_in_normalized(
    amount: Decimal, word: str, unit: str, negative: bool
) -> None:
    plain = format(amount.normalize(), "f")
    got = parse_value(f"{'-' if negative else ''}{plain}{word}{unit}")
    sign = -1 if negative and amount else 1
    assert (got.kind, got.unit) == ("numeric", word + unit), got
    assert Decimal(str(got.value)) == sign * amount
    assert got.normalized is not None
    assert Decimal(str(got.normalized.value)) == sign * amount * MAGNITUDE_WORDS[word]
    assert got.normalized.unit == (unit or None)


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenth=st.integers(min_value=1, max_value=9),
    unit=st.sampled_from(["块", "元", "米", "毛"]),
)
def test_spoken_tails_are_tenths_of_the_unit(whole: int, tenth: int, unit: str) -> None:
    text = f"{cn2an.an2cn(str(whole))}{unit}{cn2an.an2cn(str(tenth))}"  # 两块五, 一米七
    got = parse_value(text)
    assert (got.kind, got.unit) == ("numeric", unit), (text, got)
    assert Decimal(str(got.value)) == whole + Decimal(tenth) / 10, (text, got)
