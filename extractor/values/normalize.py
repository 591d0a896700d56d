"""Text clean-up before value parsing: full-width forms, traditional numeral
characters, spaces inside numerals, 百分之/分之 forms, list markers and
words that merely contain numeral characters (一般, 进一步, 十分).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extractor.values.numerals import CN_NUMERAL_CHARS, number_value

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_OTHER = {
    0x3000: " ", 0x00A0: " ", 0x2212: "-", 0x2012: "-", 0x301C: "~", 0xFE6A: "%", 0x2030: "‰",
    0x3002: "。", 0x2236: ":", 0xFE55: ":",
}  # fmt: skip
_TRADITIONAL = str.maketrans(
    "萬億兩倆點負貳參陸個對雙幾餘於與間達滿內為過門項臺張條戶場輛噸畝課時級減總計約將達佔",
    "万亿两两点负贰叁陆个对双几余于与间达满内为过门项台张条户场辆吨亩课时级减总计约将达占",
)
_TABLE: dict[int, int | str] = {**_FULLWIDTH, **_OTHER}

CN = CN_NUMERAL_CHARS
RUN = rf"(?:[\d{CN}]|\.(?=\d)|(?:(?<![\u4e00-\u9fff])|(?<=之))点(?=[{CN}\d]))(?:\d|,(?=\d{{3}}(?!\d))|\.(?=\d)|点(?=[{CN}\d])|[{CN}])*"
#: A numeral run may only start where no run is going on: with it, a pattern that
#: begins with a run tries each run once instead of once per character (linear,
#: not quadratic, in the length of a digit string; issue 12, defect 12).
RUN_START = rf"(?<![\d{CN}])(?<![\d{CN}][.,点])"
#: The run read once, never given back (atomic): what follows a run never starts with a run character.
WHOLE_RUN = rf"{RUN_START}((?>{RUN}))"

_LEADING_SIGN = re.compile(r"^\s*([-负])\s+(?=[\d.])")
_SPACE_IN_NUMERAL = re.compile(
    rf"(?<=[\d{CN}点余多几])[ \t]+(?=[{CN}点余多几])|(?<=[{CN}点])[ \t]+(?=\d)"
)
_PERCENT = re.compile(rf"{RUN_START}(百|千|万)\s*分\s*之\s*(负?{RUN})")
_PERCENT_POINT = re.compile(r"(个?)\s*百\s*分\s*点")
_FRACTION = re.compile(rf"{WHOLE_RUN}\s*分\s*之\s*(负?{RUN})")
_MIXED = re.compile(rf"{WHOLE_RUN}\s*又\s*(-?\d*\.\d+)")
_SLASH_FRACTION = re.compile(r"(?<![\d./])(\d{1,4})/(\d{1,4})(?![\d./])")
_EXPONENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d{1,2})(?![\w.])")
_DIGIT_CHARS = "零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_RMB = re.compile(
    rf"{WHOLE_RUN}\s*([元块圆])\s*(?:零?([{_DIGIT_CHARS}\d])\s*[角毛])?\s*(?:零?([{_DIGIT_CHARS}\d])\s*分)?"
)
_GE_MAGNITUDE = re.compile(rf"(?<=[\d{CN}])个(?=[万亿])")
#: 90%≤x≤100%: a variable between two bounds is a range
_BETWEEN_BOUNDS = re.compile(r"(?<=[\d%‰万])\s*(?:≤|<=?)\s*[A-Za-z]\s*(?:≤|<=?)\s*(?=[\d.-])")
#: 近百人, 上千人: a bare place after 近/上/逾 means one of it
_BARE_PLACE = re.compile(r"(?<=[近上逾过超约达])([百千])(?![\d零〇一二两三四五六七八九十百千])")
_LIST_MARKER = re.compile(
    r"(?:^|(?<=[\s;；。，,]))(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.、．](?!\d)"
    r"|[(（]\d{1,2}[)）]|[①-⑳]"
)
#: Everyday words that contain numeral characters but are not numbers.
_NOT_NUMBERS = re.compile(
    rf"(?<![\d{CN}])(?:"
    "(?<=[是这那每])一个|三方|双方|多方|各方|一方|一般|一步|统一|一致|一定|一些|一起|一样|一直|唯一|一体|一线|一系列|一流|一把手|"
    "一次性|一站式|一揽子|第一时间|一带一路|十分|百姓|千方百计|三农|两委|五保|三公|八项规定|"
    "三重一大|两不愁|三保障|十四五|十三五|十二五|双一流|一网通办|一件事|一切|万家|一律|一方面|一旦|"
    "四风|两学一做|三会一课|一岗双责|一对一|一户一|一人一|一村一|百强|千万家|一并|一同|同一|"
    "一些|一心|万众|九年义务|十九大|二十大|一周年|一手|逐一|之一|一半|千家万户|两个维护|四个意识|"
    "五位一体|一批次|一批"
    rf")(?![\d{CN}])"
)
_MARKS = {"%": "%", "千": "‰", "万": "‱"}


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _percent(match: re.Match[str]) -> str:
    body = match.group(2)
    got = number_value(body.removeprefix("负"))
    if got is None:
        return match.group(0)
    mark = "%" if match.group(1) == "百" else _MARKS[match.group(1)]
    sign = "-" if body.startswith("负") else ""
    return f"{sign}{_plain(got)}{mark}"


def _fraction(match: re.Match[str]) -> str:
    den = number_value(match.group(1))
    num_text = match.group(2)
    sign = -1 if num_text.startswith("负") else 1
    num = number_value(num_text.lstrip("负"))
    if den is None or num is None or den == 0:
        return match.group(0)
    try:
        value = (sign * num / den).normalize()
    except InvalidOperation:
        return match.group(0)
    return _plain(value)


def _mixed(match: re.Match[str]) -> str:
    whole = number_value(match.group(1))
    if whole is None:
        return match.group(0)
    return _plain(whole + Decimal(match.group(2)))


def _slash_fraction(match: re.Match[str]) -> str:
    num, den = Decimal(match.group(1)), Decimal(match.group(2))
    if den == 0:
        return match.group(0)
    return _plain(num / den)


def _exponent(match: re.Match[str]) -> str:
    try:
        return _plain(Decimal(match.group(0)))
    except InvalidOperation:
        return match.group(0)


def _digit(ch: str | None) -> int:
    if not ch:
        return 0
    got = number_value(ch)
    return int(got) if got is not None else 0


def _rmb(match: re.Match[str]) -> str:
    """三元五角 / 十块三毛 / 一百三十五块六角七分 -> 3.5元 / 10.3块 / 135.67块."""
    if not (match.group(3) or match.group(4)):
        return match.group(0)
    whole = number_value(match.group(1))
    if whole is None:
        return match.group(0)
    cents = Decimal(_digit(match.group(3)) * 10 + _digit(match.group(4))) / 100
    return f"{_plain(whole + cents)}{match.group(2)}"


#: Letters an OCR engine reads for digits, only between digits or after a comparator (9O% -> 90%).
_OCR_DIGITS = re.compile(r"(?<=[\d≥≤<>=.])[Oo](?=[\d%‰.]|$)|(?<=[\d≥≤<>=.])[Il](?=[\d%‰.])")
_OCR_MAP = str.maketrans("OoIl", "0011")


def ocr_confusions(text: str) -> int:
    """How many letter-for-digit confusions ``normalize`` repaired in ``text``."""
    return len(_OCR_DIGITS.findall(text.translate(_TABLE)))


def normalize(text: str) -> str:
    """Canonical form for parsing (not for display: ``Value.text`` keeps the original)."""
    text = text.translate(_TABLE).translate(_TRADITIONAL)
    if _OCR_DIGITS.search(text):
        text = _OCR_DIGITS.sub(lambda m: m.group(0).translate(_OCR_MAP), text)
    text = _SPACE_IN_NUMERAL.sub("", text)
    text = _LEADING_SIGN.sub(r"\1", text)
    if "分" in text:
        text = text.replace("百分之百", "100%")
        text = _PERCENT_POINT.sub(lambda m: m.group(1) + "百分点", text)
        text = _FRACTION.sub(_fraction, text)
        text = _PERCENT.sub(_percent, text)
    if "角" in text or "毛" in text or "分" in text:
        text = _RMB.sub(_rmb, text)
    if "个" in text:
        text = _GE_MAGNITUDE.sub("", text)
    text = _BETWEEN_BOUNDS.sub("~", text)
    if "/" in text:
        text = _SLASH_FRACTION.sub(_slash_fraction, text)
    if "又" in text:
        text = _MIXED.sub(_mixed, text)
    if "百" in text or "千" in text:
        text = _BARE_PLACE.sub(r"一\1", text)
    if "e" in text or "E" in text:
        text = _EXPONENT.sub(_exponent, text)
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), text)
    text = _NOT_NUMBERS.sub(lambda m: "□" * len(m.group(0)), text)
    return text.strip()
