"""Comparator words before and after a number, in every spelling seen.

Prefix words sit right before the number (≥95%, 不低于95%, 控制在5%以内);
suffix words right after its unit (5000份以上, 3天内). Matching is on text
with spaces removed, longest word first, so 不低于 beats 低于 and 大于等于
beats 大于.
"""

from __future__ import annotations

from typing import Literal

CompareOp = Literal[">=", "<=", ">", "<", "="]

_PREFIX_WORDS: dict[CompareOp, tuple[str, ...]] = {
    ">=": (
        "≥", "≧", ">=", "=>", "≮", "大于等于", "大于或等于", "大于或者等于", "大于和等于",
        "不少于", "不低于", "不小于", "不得少于", "不得低于", "不应低于", "应不低于", "不能低于",
        "不应少于", "应不少于", "不能少于", "须不低于", "至少", "最少", "最低", "达到", "力争达到",
        "确保达到", "≥=",
    ),
    "<=": (
        "≤", "≦", "<=", "=<", "≯", "小于等于", "小于或等于", "小于或者等于", "小于和等于",
        "不超过", "不高于", "不大于", "不多于", "不得超过", "不得高于", "不得多于", "不应超过",
        "不应高于", "未超过", "不超出", "不超", "最多", "至多", "最高", "控制在", "控制到",
        "≤=",
    ),
    ">": (">", "大于", "高于", "超过", "多于", "超出", "超", "突破", "逾"),
    "<": ("<", "小于", "低于", "少于", "不足", "不到", "未达到", "未达"),
    "=": (
        "=", "==", "等于", "达", "为", "是", "约", "约为", "大约", "大概", "约合", "共", "共计",
        "合计", "总计", "累计", "计", "完成", "实现", "保持", "在", "于", "有", "≈", "第", "近",
        "将近", "接近", "从", "由", "比",
    ),
}  # fmt: skip

_SUFFIX_WORDS: dict[CompareOp, tuple[str, ...]] = {
    ">=": (
        "以上", "及以上", "或以上", "或者以上", "以上(含)", "(含)以上", "或更多", "或者更多",
        "之上", "+",
    ),
    "<=": ("以下", "及以下", "或以下", "以内", "之内", "内", "以下(含)", "(含)以下", "以内(含)"),
    ">": ("多", "余", "多于"),
    "<": ("之下", "不到"),
    "=": ("左右", "上下", "前后"),
}  # fmt: skip

#: Words that mean "approximately": the op is "=" but trust is lower.
APPROX_WORDS = frozenset(
    {"约", "约为", "大约", "大概", "约合", "左右", "上下", "前后", "≈", "近", "将近", "接近"}
)

_PREFIX: dict[str, CompareOp] = {w: op for op, ws in _PREFIX_WORDS.items() for w in ws}
_SUFFIX: dict[str, CompareOp] = {w: op for op, ws in _SUFFIX_WORDS.items() for w in ws}
_PREFIX_LENGTHS = sorted({len(w) for w in _PREFIX}, reverse=True)
_SUFFIX_LENGTHS = sorted({len(w) for w in _SUFFIX}, reverse=True)

LOWER_OPS = frozenset({">=", ">"})
UPPER_OPS = frozenset({"<=", "<"})


def prefix_op(before: str) -> tuple[CompareOp | None, str, str]:
    """Comparator at the end of ``before``: (op, word, rest before the word)."""
    squeezed = before.replace(" ", "")
    for size in _PREFIX_LENGTHS:  # longest first: 不低于 before 低于
        word = squeezed[-size:]
        if len(word) == size and word in _PREFIX:
            return _PREFIX[word], word, squeezed[:-size]
    return None, "", squeezed


def suffix_op(after: str) -> tuple[CompareOp | None, str]:
    """Comparator at the start of ``after``: (op, word)."""
    squeezed = after.lstrip(" ")
    for size in _SUFFIX_LENGTHS:
        word = squeezed[:size]
        if len(word) == size and word in _SUFFIX:
            return _SUFFIX[word], word
    return None, ""


_FILLERS = frozenset(_PREFIX_WORDS["="])
_FILLER_LENGTHS = sorted({len(w) for w in _FILLERS}, reverse=True)


def strip_filler(text: str) -> str:
    """Drop filler words (共计, 累计, 为, 约…) from the end of ``text``."""
    changed = True
    while text and changed:
        changed = False
        for size in _FILLER_LENGTHS:
            if len(text) >= size and text[-size:] in _FILLERS:
                text, changed = text[:-size], True
                break
    return text
