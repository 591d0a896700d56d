"""Finding the quantities in a normalised cell: number, comparator, unit.

A *mention* is [comparator] number [magnitude][unit][/denominator] [suffix
comparator]. Two mentions joined by a range connector (90%-95%, 10至20人,
在20和30之间) become one range; a lower and an upper bound in one cell
(大于100并且小于300, 1000以上，1500以下) too. Chinese numerals inside words are
only taken when they look like a quantity (two or more numeral characters, a
known unit, or a comparator), so 一般 and 一次性 are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractor.types import Op
from extractor.values.comparators import (
    APPROX_WORDS,
    LOWER_OPS,
    UPPER_OPS,
    CompareOp,
    prefix_op,
    strip_filler,
    suffix_op,
)
from extractor.values.normalize import RUN
from extractor.values.numerals import MAGNITUDES, number_value, split_magnitude
from extractor.values.units import fold_magnitude, read_base_unit, read_unit

_NUMBER = re.compile(RUN)
_RANGE_CONNECTORS = frozenset(
    {"-", "--", "~", "~~", "—", "–", "——", "至", "到", "-至", "―", "－", "～"}
)
_TAIL_PLACES = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "亿": 10**8}
_INCLUSIVE = re.compile(r"\((?:含|包含|包括)\)")
_BETWEEN_CONNECTORS = frozenset({"和", "与", "及", "至", "到", "-", "~"})
_BETWEEN_WORDS = frozenset({"和", "与", "及"})
_PER = re.compile(r"((?:每[\u4e00-\u9fffA-Za-z]{1,2}?)+)/?$")
_NOISE_CHARS = " ,，;；:：、□()（）[]【】\"'“”‘’《》.。!！?？#*"
_APPROX_TAIL = "余多几来"
_THAN: dict[str, CompareOp] = {"大": ">", "高": ">", "多": ">", "小": "<", "低": "<", "少": "<"}


@dataclass
class Mention:
    """One quantity found in a cell (positions index the normalised text)."""

    num_start: int
    end: int
    value: Decimal
    unit: str | None
    op: Op
    word: str = ""
    upper: Decimal | None = None
    trust: float = 1.0
    weak: bool = False
    noise: bool = False
    text: str = ""
    flags: list[str] = field(default_factory=list)
    #: place value of the magnitude ending a whole Chinese numeral (三万 -> 10000), for 两到三万
    tail_magnitude: int = 1


def _has_letters(text: str) -> bool:
    return any(("\u4e00" <= ch <= "\u9fff") or ch.isalpha() for ch in text)


def _unit_inside_run(s: str, run: str, end: int) -> int:
    """How many characters at the end of ``run`` belong to the unit after it:
    the weight 两 after a numeral (二十两, 两千三百两), 兆 of 兆瓦/兆字节."""
    if len(run) > 1 and run[-1] == "两" and run[-2] != "点":
        # ...but not before a measure word: 一两个, 三两天 are "one or two", "two or three"
        return 0 if read_base_unit(s, end)[2] and read_base_unit(s, end)[0] else 1
    if run[-1] == "兆" and len(run) > 1:
        unit, _, known = read_base_unit(s, end - 1)
        return int(known and len(unit) > 1 and unit.startswith("兆"))
    return 0


def _numeral(s: str, run: str, end: int) -> tuple[Decimal, str, str, int] | None:
    """(value, run, magnitude kept for the unit, end) for the numeral ``run``."""
    cut = _unit_inside_run(s, run, end)
    if cut:
        run, end = run[:-cut], end - cut
    core, mag = split_magnitude(run)
    value = number_value(core) if mag else number_value(run)
    if value is None and len(run) > 1:
        # 一百千瓦: the numeral ends before a unit that starts with a numeral character
        for cut in (1, 2):
            core, mag = split_magnitude(run[:-cut])
            value = number_value(core) if mag else number_value(run[:-cut])
            if value is not None:
                return value, run[:-cut], mag, end - cut
    return None if value is None else (value, run, mag, end)


def _is_sign(s: str, start: int, prev_end: int, has_prev: bool) -> bool:
    """Is the - or 负 before ``start`` a minus sign (not a range connector)?"""
    if start <= prev_end or s[start - 1] not in "-负":
        return False
    if s[start - 1] == "负" and s[start - 2 : start - 1] == "正":
        return False  # 正负5%: ± is a tolerance, not a sign
    # 90-95 and 1万元--5万元 join two bounds; in -5~-1 the second "-" is a sign
    gap = _INCLUSIVE.sub("", s[prev_end : start - 1]).strip()
    return not (has_prev and s[start - 1] == "-" and set(gap) <= {"-"})


def _approx_tail(
    s: str, pos: int, value: Decimal, mag: str, chinese: bool
) -> tuple[CompareOp | None, int, Decimal, str]:
    """五百多个 / 十余万 / 二十几万: "more than" for 多/余, "about" for 几/来."""
    if pos >= len(s) or s[pos] not in _APPROX_TAIL or s.startswith("多于", pos):
        return None, pos, value, mag
    op: CompareOp = ">" if s[pos] in "余多" else "="
    pos += 1
    late_mag = next((w for w in MAGNITUDES if s.startswith(w, pos)), "")
    if late_mag:
        pos += len(late_mag)
        if chinese and not mag:
            value *= MAGNITUDES[late_mag]
        else:
            mag += late_mag
    return op, pos, value, mag


def _choose_op(
    prefix: CompareOp | None, suffix: CompareOp | None, approx: CompareOp | None
) -> tuple[CompareOp, bool]:
    """The comparator, and whether the written ones disagree."""
    if prefix and prefix != "=":
        return prefix, bool(suffix and suffix not in (prefix, "="))
    return suffix or approx or "=", False


def _read_one(s: str, match: re.Match[str], prev_end: int, has_prev: bool) -> Mention | None:
    start = match.start()
    got = _numeral(s, match.group(), match.end())
    if got is None:
        return None
    value, run, mag, end = got
    chinese = not any(ch.isdigit() for ch in run)
    tail_magnitude = _TAIL_PLACES.get(run[-1], 1) if chinese and not mag and len(run) > 1 else 1
    num_start = start
    if _is_sign(s, start, prev_end, has_prev):
        value, num_start = -value, start - 1
    trust = 0.97 if chinese else 1.0
    flags: list[str] = []
    approx_op, pos, value, mag = _approx_tail(s, end, value, mag, chinese)
    if approx_op:
        flags.append("approx")
    unit, pos, known = read_unit(s, pos, mag)
    if unit and s.startswith("半", pos) and value == value.to_integral_value():
        value, pos = value + Decimal("0.5"), pos + 1  # 一吨半 = 1.5 吨
    if not known:
        trust -= 0.15
        flags.append("unknown_unit")
    suffix, word = suffix_op(s[pos:])
    if suffix:
        pos = s.index(word, pos) + len(word)
    elif s[prev_end:num_start].rstrip().endswith("比") and s[pos : pos + 1] in _THAN:
        suffix, word = _THAN[s[pos]], s[pos]  # 比三十大 = > 30
        pos += 1
    prefix, pword, rest = prefix_op(s[prev_end:num_start])
    per = _PER.search(rest)
    if per and unit:
        if "/" not in unit:  # 每人每月100元 / 每月不少于2次 -> 元/人·月, 次/月
            unit = unit + "/" + "·".join(re.findall(r"每([^每]+)", per.group(1)))
        rest = rest[: per.start()]
    noise = _has_letters(strip_filler(rest).strip(_NOISE_CHARS))
    if noise:
        trust -= 0.2
        flags.append("leading_words")
    if pword in APPROX_WORDS or word in APPROX_WORDS:
        trust -= 0.1
        flags.append("approx")
    op, conflicting = _choose_op(prefix, suffix, approx_op)
    if conflicting:
        trust -= 0.15
        flags.append("conflicting_comparators")
    # a lone Chinese digit inside words (统一, 一批) is not a quantity unless something says so
    weak = (
        chinese
        and len(run) < 2
        and _has_letters((s[:num_start] + s[pos:]).replace("第", ""))
        and not (unit and known)
        and not (prefix and prefix != "=")
        and pword != "第"
        and not (pword and not (rest + s[pos:]).strip(_NOISE_CHARS))  # 等于零: the whole cell
    )
    return Mention(
        num_start=num_start,
        end=pos,
        value=value,
        unit=unit or None,
        op=op,
        word=pword,
        trust=trust,
        weak=weak,
        noise=noise,
        text=(pword + s[num_start:pos]).strip(),
        flags=flags,
        tail_magnitude=tail_magnitude,
    )


def _between(s: str, gap: str, m2: Mention) -> tuple[bool, int, bool]:
    """A和B之间 / A与B间: (is it one, where it ends, was 间 read as B's unit)."""
    tail = s[m2.end :].lstrip()
    if gap in _BETWEEN_CONNECTORS and tail.startswith("之间"):
        return True, m2.end + s[m2.end :].index("之间") + 2, False
    if gap in _BETWEEN_WORDS and tail.startswith("间"):
        return True, m2.end + s[m2.end :].index("间") + 1, False
    if gap in _BETWEEN_WORDS and m2.unit is not None and m2.unit.endswith("间"):
        return True, m2.end, True
    return False, m2.end, False


def _merge_ranges(s: str, found: list[Mention]) -> list[Mention]:
    merged: list[Mention] = []
    i = 0
    while i < len(found):
        m1 = found[i]
        if i + 1 < len(found):
            m2 = found[i + 1]
            gap = _INCLUSIVE.sub("", s[m1.end : m2.num_start]).strip()
            gap_squeezed = gap.replace(" ", "").removesuffix("第")  # 在第十和第十五之间
            between, end, unit_is_between = _between(s, gap_squeezed, m2)
            if m1.op == "=" and m2.op == "=" and (gap_squeezed in _RANGE_CONNECTORS or between):
                if unit_is_between and m2.unit:
                    m2.unit = m2.unit[:-1] or None  # 500与800间: 间 closes the range
                merged.append(_joined_range(s, m1, m2, end))
                i += 2
                continue
        merged.append(m1)
        i += 1
    return merged


def _joined_range(s: str, m1: Mention, m2: Mention, end: int) -> Mention:
    """A-B written as one range: share the unit and, where the first bound
    is short of the magnitude the second one carries, give it that magnitude."""
    low, high = m1.value, m2.value
    if m1.unit is None and m2.tail_magnitude > 1 and low * 10 < high:
        low *= m2.tail_magnitude  # 两到三万 = 20000..30000; 八到九百亿 = 8亿..900亿
    got = _range(s, m1, m2, low, high, end)
    folded, base = fold_magnitude(high, m2.unit)
    if m1.unit is None and m2.unit and base != m2.unit and low > high:
        got.upper, got.unit = folded, base  # 从8500到3万港元: the first bound is in 港元
    return got


def _range(s: str, m1: Mention, m2: Mention, low: Decimal, high: Decimal, end: int) -> Mention:
    unit = m2.unit or m1.unit
    if m1.unit and m2.unit and m1.unit != m2.unit and not m2.unit.startswith(m1.unit):
        unit = m1.unit  # 1万-5万元 keeps 万元; otherwise the first unit written
    start = min(m1.num_start, m2.num_start)
    return Mention(
        num_start=start,
        end=max(end, m1.end, m2.end),
        value=low,
        unit=unit,
        op="range",
        upper=high,
        trust=min(m1.trust, m2.trust + (0.2 if m2.noise and not m1.noise else 0)) - 0.02,
        noise=m1.noise,
        text=(m1.word + s[start : max(end, m2.end)]).strip(),
        flags=m1.flags + m2.flags,
    )


def find_mentions(s: str, blocked: list[tuple[int, int]]) -> list[Mention]:
    """All quantities in ``s`` outside the ``blocked`` spans (dates), ranges merged."""
    found: list[Mention] = []
    prev_end = 0
    for match in _NUMBER.finditer(s):
        start = match.start()
        if start < prev_end or any(a <= start < b for a, b in blocked):
            continue
        got = _read_one(s, match, prev_end, bool(found))
        if got is None:
            continue
        found.append(got)
        prev_end = got.end
    found = _merge_ranges(s, found)
    found = [m for m in found if not m.weak or m.op == "range"]
    if len(found) == 2:
        a, b = found
        if a.op in LOWER_OPS and b.op in UPPER_OPS:
            found = [_range(s, a, b, a.value, b.value, b.end)]
        elif a.op in UPPER_OPS and b.op in LOWER_OPS:
            found = [_range(s, b, a, b.value, a.value, b.end)]
    return found
