"""Comparator words before and after a number, in every spelling seen.

Prefix words sit right before the number (≥95%, 不低于95%, 控制在5%以内), or
one or two filler words away (至少有15, 超过了60, 起码要有6名); suffix words
right after its unit (5000份以上, 3天内, 五十米开外). Matching is on text with
spaces removed, longest word first, so 不低于 beats 低于 and 大于等于 beats
大于. A bare 过 counts only with no word right before it (过30, not 通过5项).
"""

from __future__ import annotations

from typing import Literal

CompareOp = Literal[">=", "<=", ">", "<", "="]

_PREFIX_WORDS: dict[CompareOp, tuple[str, ...]] = {
    ">=": (
        "≥", "≧", ">=", "=>", "≮", "大于等于", "大于或等于", "大于或者等于", "大于和等于",
        "不少于", "不低于", "不小于", "不得少于", "不得低于", "不应低于", "应不低于", "不能低于",
        "不应少于", "应不少于", "不能少于", "须不低于", "至少", "最少", "最低", "达到", "力争达到",
        "确保达到", "≥=", "起码", "最起码", "最低限度",
    ),
    "<=": (
        "≤", "≦", "<=", "=<", "≯", "小于等于", "小于或等于", "小于或者等于", "小于和等于",
        "不超过", "不高于", "不大于", "不多于", "不得超过", "不得高于", "不得多于", "不应超过",
        "不应高于", "未超过", "不超出", "不超", "最多", "至多", "最高", "控制在", "控制到",
        "≤=", "顶多", "充其量",
    ),
    ">": (">", "大于", "高于", "超过", "多于", "超出", "超", "突破", "逾", "过"),
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
    ">": ("多", "余", "多于", "开外", "出头"),
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


#: Words between a comparator and its number: 至少有15, 超过了60, 起码要两天.
_BETWEEN_WORDS = ("了", "有", "是", "为", "要", "需", "需要", "要有", "得", "在", "能", "可")
#: A bare 过 is "more than" with no word right before it (过30) or after a quantity
#: noun (年龄过六十岁, 人数过千人), not after a verb (通过5项, 经过3个月, 开展过2次).
_BARE_WORDS = frozenset({"过"})
_QUANTITY_NOUN_ENDS = frozenset("龄数量额率积值价均总重")


def _last_word(squeezed: str) -> tuple[CompareOp | None, str, str]:
    for size in _PREFIX_LENGTHS:  # longest first: 不低于 before 低于
        word = squeezed[-size:]
        if len(word) == size and word in _PREFIX:
            rest = squeezed[:-size]
            if (
                word in _BARE_WORDS
                and rest
                and "\u4e00" <= rest[-1] <= "\u9fff"
                and rest[-1] not in _QUANTITY_NOUN_ENDS
            ):
                continue
            return _PREFIX[word], word, rest
    return None, "", squeezed


def prefix_op(before: str) -> tuple[CompareOp | None, str, str]:
    """Comparator at the end of ``before``: (op, word, rest before the word).
    A comparator may stand one or two filler words away (至少有, 超过了, 起码要有)."""
    squeezed = before.replace(" ", "") if " " in before else before
    if not squeezed:
        return None, "", ""
    found = _last_word(squeezed)
    if found[0] not in (None, "=") or squeezed[-1] not in _FILLER_ENDS:
        return found
    text, fillers = squeezed, ""
    for _ in range(2):
        filler = next((w for w in _BETWEEN_WORDS_LONGEST if text.endswith(w)), "")
        if not filler:
            break
        text, fillers = text[: -len(filler)], filler + fillers
        op, word, rest = _last_word(text)
        if op not in (None, "="):
            return op, word + fillers, rest
    return found


def suffix_op(after: str) -> tuple[CompareOp | None, str]:
    """Comparator at the start of ``after``: (op, word)."""
    squeezed = after.lstrip(" ")
    for size in _SUFFIX_LENGTHS:
        word = squeezed[:size]
        if len(word) == size and word in _SUFFIX:
            return _SUFFIX[word], word
    return None, ""


_BETWEEN_WORDS_LONGEST = sorted(_BETWEEN_WORDS, key=len, reverse=True)
_FILLER_ENDS = frozenset(w[-1] for w in _BETWEEN_WORDS)
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
