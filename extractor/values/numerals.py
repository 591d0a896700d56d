"""Numerals: Arabic (with thousands separators) and Chinese (小写, 大写, 两/廿,
spoken abbreviations such as 四百五 = 450, 一万三 = 13000 and 萬二 = 12000, 点
decimals, 分之 fractions, 万/亿/兆 chained: 一兆三千亿五千万, 四万亿零八百万) to
exact ``Decimal`` values.

Hand-written rather than delegated to cn2an because cells need forms cn2an
rejects (一点二万, 百三, 四万万, Arabic groups between magnitudes as in
5万4千6百) and because a parse must never raise; cn2an is used in the tests as
an independent oracle.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "兆": 10**12}
TENS: dict[str, int] = {"廿": 20, "卅": 30}

#: Characters that may appear inside a Chinese numeral (after normalisation).
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "".join(TENS)

#: Magnitude words that, written after a number, act as a unit prefix.
MAGNITUDES: dict[str, int] = {
    "万亿": 10**12,
    "兆": 10**12,
    "万万": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "亿": 10**8,
    "万": 10**4,
    "千": 10**3,
    "百": 10**2,
}

_ARABIC = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d{1,3})?|-?\.\d+")
_GROUP = re.compile(r"\d+|\D")


def arabic_value(text: str) -> Decimal | None:
    """``1,234.5`` -> Decimal('1234.5'); None when ``text`` is not one Arabic number."""
    if not _ARABIC.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _digit_run(text: str) -> Decimal | None:
    """一七二零 -> 1720: a plain sequence of digit characters (no place units)."""
    if not text or any(ch not in DIGITS for ch in text):
        return None
    if "两" in text and len(text) > 1:
        return None  # 两 is never a digit of a spelled-out sequence (二两 = 2 两, not 22)
    return Decimal("".join(str(DIGITS[ch]) for ch in text))


def _integer(text: str) -> int | None:
    """Chinese integer with place units; Arabic digit groups count as digits
    (so 5万4千6百 works). None when the text is not a well-formed numeral.

    Big units chain (一兆三千亿五千万, 三万亿): a big unit multiplies everything
    written since the last larger one. A leading big unit with one digit after
    it is spoken shorthand for one of it (萬二 = 12000, 亿三 = 130000000)."""
    text = text.replace("万万", "亿")
    if not text:
        return None
    if all(ch in DIGITS for ch in text):
        run = _digit_run(text)
        return int(run) if run is not None else None
    if len(text) == 2 and text[0] in BIG_UNITS and text[1] in DIGITS and text[1] not in "零〇○":
        return BIG_UNITS[text[0]] * (10 + DIGITS[text[1]]) // 10
    parts: list[tuple[int, int]] = []  # (big unit, amount) for what is already placed
    section = 0  # below 万
    pending: int | None = None  # the last digit not yet given a place
    last_unit = 0  # place value of the last unit seen, for 四百五 = 450
    after_zero = False
    has_digit = False
    tokens = _GROUP.findall(text)
    for token in tokens:
        if token.isdigit():
            pending = int(token)
            has_digit = True
        elif token in DIGITS:
            if token in "零〇○":
                after_zero = True
                last_unit = 0
                pending = None
                continue
            pending = DIGITS[token]
            has_digit = True
        elif token in TENS:
            section += TENS[token]
            has_digit = True
            last_unit = 10
        elif token in SMALL_UNITS:
            unit = SMALL_UNITS[token]
            if pending is None:
                if unit != 10 and not (section == 0 and not parts):
                    return None
                pending = 1  # 十五 / 百三: an implicit one
                has_digit = has_digit or unit == 10
            section += pending * unit
            pending = None
            last_unit = unit
            after_zero = False
        elif token in BIG_UNITS:
            big = BIG_UNITS[token]
            if pending is not None:
                section += pending
                pending = None
            if any(unit == big for unit, _ in parts):
                return None  # 三万二万, 一亿三亿: a place written twice
            low = sum(amount for unit, amount in parts if unit < big) + section
            if low == 0:
                return None
            parts = [(unit, amount) for unit, amount in parts if unit > big] + [(big, low * big)]
            section = 0
            last_unit = big
            after_zero = False
        else:
            return None
    if not has_digit:
        return None
    if pending is not None:
        # 四百五 = 450, 一万三 = 13000: a bare last digit after a unit takes
        # the next lower place, unless a 零 stood between them (一千零五 = 1005).
        last = tokens[-1]
        single = last in DIGITS or (last.isdigit() and len(last) == 1)  # 8千3 = 8300 too
        if last_unit >= 100 and not after_zero and single:
            section += pending * (last_unit // 10)
        else:
            section += pending
    return sum(amount for _, amount in parts) + section


@lru_cache(maxsize=4096)
def chinese_value(text: str) -> Decimal | None:
    """Chinese numeral (optionally 负-signed, with 点 decimals) -> Decimal.

    >>> chinese_value("一万零三百"), chinese_value("十二点五"), chinese_value("点一")
    (Decimal('10300'), Decimal('12.5'), Decimal('0.1'))
    """
    sign = 1
    if text[:1] == "负":
        sign, text = -1, text[1:]
    if not text:
        return None
    whole, dot, frac = text.partition("点")
    if dot:
        if "点" in frac or not frac:
            return None
        frac_digits = _digit_run(frac) if not frac.isdigit() else Decimal(frac)
        if frac_digits is None:
            return None
        int_part = _integer(whole) if whole else 0
        if int_part is None:
            return None
        digits = frac if frac.isdigit() else "".join(str(DIGITS[ch]) for ch in frac)
        return sign * (Decimal(int_part) + Decimal("0." + digits))
    value = _integer(text)
    return None if value is None else sign * Decimal(value)


_LARGEST = Decimal(10) ** 30  # beyond this a "number" is a digit run, not a quantity


def number_value(text: str) -> Decimal | None:
    """Arabic, Chinese, or mixed (5万4千6百) numeral -> Decimal, else None."""
    got = arabic_value(text)
    if got is None:
        got = chinese_value(text)
    if got is None or not got.is_finite() or abs(got) >= _LARGEST:
        return None
    return got


def split_magnitude(text: str) -> tuple[str, str]:
    """``3.5万`` -> ('3.5', '万'); ``三点五万`` -> ('三点五', '万'); else (text, '').

    Only a decimal or Arabic core keeps its magnitude apart: a whole Chinese
    numeral (四十万, 一万零三百) is one number and is folded by the caller.
    """
    if text[-1:] not in "万亿兆千百":
        return text, ""
    for word in MAGNITUDES:
        if text.endswith(word) and len(text) > len(word):
            core = text[: -len(word)]
            if arabic_value(core) is not None:
                return core, word
            if "点" in core and chinese_value(core) is not None:
                return core, word
    return text, ""


def to_json_number(value: Decimal) -> int | float:
    """Decimal -> int when integral, else float (the contract's JSON number)."""
    if value == value.to_integral_value() and abs(value) < 10**18:
        return int(value)
    return float(value)
