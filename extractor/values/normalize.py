"""Text clean-up before value parsing: full-width forms, traditional numeral
characters, spaces inside numerals, 百分之/分之 forms, list markers and
words that merely contain numeral characters (一般, 进一步, 十分).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extractor.values.numerals import CN_NUMERAL_CHARS, number_value
from extractor.values.units import KNOWN_UNITS, read_base_unit

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_OTHER = {
    0x3000: " ", 0x00A0: " ", 0x2212: "-", 0x2012: "-", 0x301C: "~", 0xFE6A: "%", 0x2030: "‰",
    0x3002: "。", 0x2236: ":", 0xFE55: ":",
}  # fmt: skip
_TRADITIONAL = str.maketrans(
    "萬億兩倆點負貳參陸個對雙幾餘於與間達滿內為過門項臺張條戶場輛噸畝課時級減總計約將達佔碼裏頂開",
    "万亿两两点负贰叁陆个对双几余于与间达满内为过门项台张条户场辆吨亩课时级减总计约将达占码里顶开",
)
_TABLE: dict[int, int | str] = {**_FULLWIDTH, **_OTHER}
#: Both in one pass (their keys and values do not overlap).
_TABLE_AND_TRADITIONAL: dict[int, int | str] = {**_TABLE, **_TRADITIONAL}

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
_PERCENT = re.compile(rf"{RUN_START}(百|佰|千|仟|万)\s*分\s*之\s*(负?{RUN})")
_PERCENT_POINT = re.compile(r"(个?)\s*百\s*分\s*点")
_FRACTION = re.compile(rf"(负?){WHOLE_RUN}\s*分\s*之\s*(负?{RUN})")
_MIXED = re.compile(rf"{WHOLE_RUN}\s*又\s*(-?\d*\.\d+)")
_SLASH_FRACTION = re.compile(r"(?<![\d./])(\d{1,4})/(\d{1,4})(?![\d./])")
_EXPONENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+]?\d{1,2})(?![\w.])")
_DIGIT_CHARS = "零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_TAIL_DIGIT = "[一二三四五六七八九壹贰叁肆伍陆柒捌玖\\d]"
#: What may follow a spoken tail (两块五, 一米七): the end, a non-word, or a connector/comparator.
_TAIL_END = (
    r"(?![\d" + CN + r"])(?=$|[\s,，;；、。:：)）~～\-—–/]|[以左上下之到至与和或及内多余的])"
)
_RMB = re.compile(
    rf"{WHOLE_RUN}\s*([元块圆])\s*(?:零?([{_DIGIT_CHARS}\d])\s*[角毛])?"
    rf"\s*(?:(零?)({_TAIL_DIGIT})\s*(?:(分)|{_TAIL_END}))?"
)
_MONEY_TAIL = re.compile(rf"[元块圆]零?{_TAIL_DIGIT}")
#: 一米七 = 1.7 米, 七毛二 = 7.2 毛, 三成五 = 3.5 成: a digit or two after a unit are
#: its tenths (零X: hundredths).
_SPOKEN_TAIL = re.compile(rf"{WHOLE_RUN}\s*([米毛角成])(零?)({_TAIL_DIGIT}{{1,2}}){_TAIL_END}")
#: 零下十二摄氏度 = -12 摄氏度; 零上 is the plain number.
_BELOW_ZERO = re.compile(rf"零\s*([下上])\s*(?=[\d{CN}点.])")
#: 一个半小时 = 1.5 小时, 两个半月 = 2.5 个月
_AND_A_HALF = re.compile(rf"{WHOLE_RUN}\s*个半(?=[\u4e00-\u9fff])")
#: 半米, 半个月: 半 as a number, only before a known unit (not 上半年, 一半, 过半, 半年)
_HALF = re.compile(rf"(?<![\d{CN}])半(个)?")
#: ...and not after a word it forms one with (上半年, 一半, 多半, 大半, 过半, 减半, 对半)
_HALF_NOT_AFTER = frozenset("上下前后一大多过减对折夜这那每个")
#: Measures 半 is read before (not 半年, 半月, 半成品, 半场: words of their own).
_HALF_UNITS = frozenset(
    {
        "米", "公里", "千米", "厘米", "毫米", "斤", "公斤", "千克", "克", "吨", "两", "小时",
        "分钟", "秒", "升", "毫升", "亩", "公顷", "平方米", "立方米", "度", "个月", "英里",
        "英寸", "块", "元",
    }
)  # fmt: skip
_GE_MAGNITUDE = re.compile(rf"(?<=[\d{CN}])个(?=[万亿])")
#: 90%≤x≤100%: a variable between two bounds is a range
_BETWEEN_BOUNDS = re.compile(r"(?<=[\d%‰万])\s*(?:≤|<=?)\s*[A-Za-z]\s*(?:≤|<=?)\s*(?=[\d.-])")
#: 近百人, 上千人, 上万人: a bare place after 近/上/逾 means one of it; so does a
#: cell that opens with one before 余/多 (万余人, 千余户)
_BARE_PLACE = re.compile(
    r"(?:(?<=[近上逾过超约达])|^)([百千万])(?![\d零〇一二两三四五六七八九十百千])"
)
_LIST_MARKER = re.compile(
    r"(?:^|(?<=[\s;；。，,]))(?:\d{1,2}|[一二三四五六七八九十]{1,2})[.、．](?!\d)"
    r"|[(（]\d{1,2}[)）]|[①-⑳]"
)
#: Everyday words that contain numeral characters but are not numbers.
_NOT_NUMBERS = re.compile(
    rf"(?<![\d{CN}])(?:"
    "(?<=[是这那每])一个|三方|双方|多方|各方|一方|一般|一步|统一|一致|一定|一些|一起|一样|一直|唯一|一体|一线|一系列|一流|一把手|"
    "一次性|一站式|一揽子|第一时间|一带一路|十分|百姓|千方百计|三农|两委|五保|三公(?![里斤顷分尺升吨亩])|八项规定|"
    "三重一大|两不愁|三保障|十四五|十三五|十二五|双一流|一网通办|一件事|一切|万家|一律|一方面|一旦|"
    "四风|两学一做|三会一课|一岗双责|一对一|一户一|一人一|一村一|百强|千万家|一并|一同|同一|"
    "一些|一心|万众|九年义务|十九大|二十大|一周年|一手|逐一|之一|一半|千家万户|两个维护|四个意识|"
    "五位一体|一批次|一批|万一"
    rf")(?![\d{CN}])"
)
_MARKS = {"百": "%", "佰": "%", "千": "‰", "仟": "‰", "万": "‱"}


def _bare_place(match: re.Match[str]) -> str:
    """近百 -> 近一百; at the very start only before 余/多 (万余人, not 万元)."""
    after = match.string[match.end() : match.end() + 1]
    if match.start() == 0 and not (after and after in "余多"):
        return match.group(0)
    return "一" + match.group(1)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _percent(match: re.Match[str]) -> str:
    body = match.group(2)
    got = number_value(body.removeprefix("负"))
    if got is None:
        return match.group(0)
    mark = _MARKS[match.group(1)]
    sign = "-" if body.startswith("负") else ""
    return f"{sign}{_plain(got)}{mark}"


def _fraction(match: re.Match[str]) -> str:
    """四分之三 -> 0.75; a 负 on either side signs it (负4分之负九 -> 2.25)."""
    den = number_value(match.group(2))
    num_text = match.group(3)
    sign = (-1 if num_text.startswith("负") else 1) * (-1 if match.group(1) else 1)
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
    """三元五角 / 十块三毛 / 一百三十五块六角七分 -> 3.5元 / 10.3块 / 135.67块; spoken
    tails: 两块五 -> 2.5块, 四块零八 -> 4.08块, 一块二毛五 -> 1.25块."""
    jiao, zero, fen, fen_word = match.group(3), match.group(4), match.group(5), match.group(6)
    if not (jiao or fen):
        return match.group(0)
    whole = number_value(match.group(1))
    if whole is None:
        return match.group(0)
    if fen and not (jiao or zero or fen_word):
        jiao, fen = fen, None  # 两块五: the digit after 块 is 角
    cents = Decimal(_digit(jiao) * 10 + _digit(fen)) / 100
    return f"{_plain(whole + cents)}{match.group(2)}"


def _spoken_tail(match: re.Match[str]) -> str:
    """一米七 -> 1.7米, 一米六五 -> 1.65米, 七毛二 -> 7.2毛."""
    whole = number_value(match.group(1))
    if whole is None:
        return match.group(0)
    digits = "".join(str(_digit(ch)) for ch in match.group(4))
    if match.group(3):
        if len(digits) > 1:
            return match.group(0)
        digits = "0" + digits
    return f"{_plain(whole + Decimal('0.' + digits))}{match.group(2)}"


def _and_a_half(match: re.Match[str]) -> str:
    whole = number_value(match.group(1))
    if whole is None:
        return match.group(0)
    unit, _, known = read_base_unit(match.string, match.end())
    keep = "个" if known and "个" + unit in KNOWN_UNITS else ""
    return f"{_plain(whole + Decimal('0.5'))}{keep}"


def _half(match: re.Match[str]) -> str:
    start = match.start()
    before = match.string[start - 1 : start]
    if before in _HALF_NOT_AFTER:
        return match.group(0)
    unit, _, _ = read_base_unit(match.string, match.end())
    if match.group(1) and "个" + unit in _HALF_UNITS:
        return "0.5个"  # 半个月 = 0.5 个月 (but 半个小时 = 0.5 小时)
    return "0.5" if unit in _HALF_UNITS else match.group(0)


#: Letters an OCR engine reads for digits, only between digits or after a comparator (9O% -> 90%).
_OCR_DIGITS = re.compile(r"(?<=[\d≥≤<>=.])[Oo](?=[\d%‰.]|$)|(?<=[\d≥≤<>=.])[Il](?=[\d%‰.])")
_OCR_MAP = str.maketrans("OoIl", "0011")


def ocr_confusions(text: str) -> int:
    """How many letter-for-digit confusions ``normalize`` repaired in ``text``."""
    return len(_OCR_DIGITS.findall(text.translate(_TABLE)))


def normalize(text: str) -> str:
    """Canonical form for parsing (not for display: ``Value.text`` keeps the original)."""
    text = text.translate(_TABLE_AND_TRADITIONAL)
    if "零" in text:
        text = _BELOW_ZERO.sub(lambda m: "负" if m.group(1) == "下" else "", text)
    if "吋" in text:
        text = text.replace("英吋", "英寸")
    if _OCR_DIGITS.search(text):
        text = _OCR_DIGITS.sub(lambda m: m.group(0).translate(_OCR_MAP), text)
    text = _SPACE_IN_NUMERAL.sub("", text)
    text = _LEADING_SIGN.sub(r"\1", text)
    if "分" in text:
        text = text.replace("百分之百", "100%")
        text = _PERCENT_POINT.sub(lambda m: m.group(1) + "百分点", text)
        text = _FRACTION.sub(_fraction, text)
        text = _PERCENT.sub(_percent, text)
    if "角" in text or "毛" in text or "分" in text or _MONEY_TAIL.search(text):
        text = _RMB.sub(_rmb, text)
    if "米" in text or "毛" in text or "角" in text or "成" in text:
        text = _SPOKEN_TAIL.sub(_spoken_tail, text)
    if "半" in text:
        text = _AND_A_HALF.sub(_and_a_half, text)
        text = _HALF.sub(_half, text)
    if "个" in text:
        text = _GE_MAGNITUDE.sub("", text)
    text = _BETWEEN_BOUNDS.sub("~", text)
    if "/" in text:
        text = _SLASH_FRACTION.sub(_slash_fraction, text)
    if "又" in text:
        text = _MIXED.sub(_mixed, text)
    if "百" in text or "千" in text or "万" in text:
        text = _BARE_PLACE.sub(_bare_place, text)
    if "e" in text or "E" in text:
        text = _EXPONENT.sub(_exponent, text)
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), text)
    text = _NOT_NUMBERS.sub(lambda m: "□" * len(m.group(0)), text)
    return text.strip()
