"""Non-numeric kinds: missing, boolean, deadline, and the date spans that must
not be read as quantities.

Decisions:
- missing: empty text, dashes and slashes only (—, -, /, \\, ……), 无, 暂无, 空,
  N/A, null. (无 as a target means nothing was set; "是否发生事故: 无" is rare.)
- boolean: 是, 否, 有, 没有, 是/否-like ticks (√ ✓ ×); value null, op null.
- deadline: a calendar point (2024年12月, 12月底前, 2022年12月31日前, 6月份,
  2022年, 年底前, 第三季度, 上半年, 2022-12-31, the period 2023.07-2024.01)
  optionally with 前/之前/底/完成,
  or a timeliness word with no number (按时, 及时, 按期, 如期, 准时, 限时,
  及时发放到位). Durations (3个月, 5个工作日内) are numeric, not deadlines.
"""

from __future__ import annotations

import re

MISSING_TEXTS = frozenset(
    {"", "无", "暂无", "空", "null", "none", "n/a", "na", "#n/a", "nan", "不详", "待定", "未填"}
)
_MISSING_CHARS = frozenset("-—–―‐/\\／、…．.·_ 　*×")

BOOLEAN_TEXTS: dict[str, bool] = {
    "是": True, "有": True, "√": True, "✓": True, "✔": True, "对": True, "符合": True,
    "否": False, "没有": False, "×": False, "✗": False, "不是": False, "不符合": False,
}  # fmt: skip

_CN = "零〇○一二两三四五六七八九十"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[一二][{_CN}]{{3}})\s*年(?:度)?"
_MONTH = rf"(?<!个)(?<![\d{_CN}])(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
_DAY = rf"(?:[12]\d|3[01]|0?[1-9]|[{_CN}]{{1,3}})\s*[日号]"
_PART = r"(?:底|末|初|中旬|上旬|下旬|中|前|之前|以前|止|内|期间)"
DATE_SPAN = re.compile(
    rf"(?:{_YEAR}\s*)?(?:1[0-2]|0?[1-9])\s*[-~至到]\s*(?:1[0-2]|0?[1-9])\s*月(?:份)?\s*{_PART}*"
    rf"|(?:{_YEAR}\s*(?:{_MONTH}\s*(?:{_DAY})?)?|{_MONTH}\s*(?:{_DAY})?)\s*{_PART}*"
    # 2023.07-2024.01: a period from one year.month to another (one alone is a number)
    rf"|(?:19|20)\d{{2}}\.(?:1[0-2]|0?[1-9])\s*[-~～—至到]\s*(?:19|20)\d{{2}}\.(?:1[0-2]|0?[1-9])(?![\d.])"
    # 2022-12-31, 2022/12, 2022.12.31 (but not 2029.2, a number of 万元)
    rf"|(?:19|20)\d{{2}}(?:[-/](?:1[0-2]|0?[1-9])(?:[-/](?:[12]\d|3[01]|0?[1-9]))?"
    rf"|\.(?:1[0-2]|0?[1-9])\.(?:[12]\d|3[01]|0?[1-9]))(?![\d.])"
    rf"|(?:本|当|今|同)?年度?(?:底|末|中|内|初)\s*{_PART}*"
    rf"|[上下]半年\s*{_PART}*"
    rf"|第?[一二三四1-4]季度\s*{_PART}*"
    rf"|(?:当|本|每)月(?:底|末|内)\s*{_PART}*"
    rf"|(?:每|当|本|次)月\s*{_DAY}\s*{_PART}*"
)
_TIMELY = re.compile(
    r"^(?:按时|及时|按期|如期|准时|限时|按计划|按进度|按规定时间|规定时间内|规定期限内|时限内|"
    r"当年|年内|当期|即时|实时|立即|第一时间|按要求|按合同约定时间|在规定时间)"
)
_MAX_TIMELY_CHARS = 10
_CLAUSE_BREAK = re.compile(r"[，,。；;！!]")
_DEADLINE_TAIL = re.compile(
    r"^(?:前|之前|以前|底前|止|内|完成|前完成|内完成|全部完成|完工|验收|拨付|发放|到位|支付|"
    r"[，,、;；]|\s)*$"
)


def is_missing(text: str) -> bool:
    """Nothing written: empty, placeholder dashes/slashes, 无."""
    return text.lower() in MISSING_TEXTS or all(ch in _MISSING_CHARS for ch in text)


_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


def boolean_value(text: str) -> bool | None:
    """True/False for 是/否-like cells (an aside in brackets allowed: 是（√）), else None."""
    got = BOOLEAN_TEXTS.get(text)
    if got is None and text.endswith(")"):
        got = BOOLEAN_TEXTS.get(_ASIDE.sub("", text))
    return got


_DATE_HINT = re.compile(r"[年月季日号]|(?:19|20)\d\d[-/.]")


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of calendar expressions in ``text``."""
    if not _DATE_HINT.search(text):  # most cells: skip the long pattern
        return []
    return [m.span() for m in DATE_SPAN.finditer(text) if m.group().strip()]


def is_deadline(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when ``text`` is a calendar point or a timeliness word, with at
    most trailing 前/完成-like words and no other content."""
    if (
        _TIMELY.match(text)
        and not any(ch.isdigit() for ch in text)
        and len(text) <= _MAX_TIMELY_CHARS
        and not _CLAUSE_BREAK.search(text)
    ):
        # 按时 / 及时发放到位, but not 及时率≥95%, nor a sentence that merely
        # opens with 及时 (及时更新办公设备，提升工作效率 is qualitative).
        return True
    if not spans:
        return False
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    rest = re.sub(
        r"^(?:于|在|截至|截止|截止到|截止至|预计|计划|力争|确保|每年|次年|当年|本年)",
        "",
        rest.strip(),
    )
    return bool(_DEADLINE_TAIL.match(rest.strip()))
