"""Features of a table cell, shared by the cell-role model and its fallback.

Each feature describes what a cell *looks like* (a number, a comparator, a
level vocabulary word, a completion phrase, long prose) and where it sits
(the role its column's header names, its neighbours' header roles, how far
it is from the header column whose role it may fill). Nothing here names a
particular report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.types import Value
from extractor.values import parse_value
from extractor.vocab import normalize_level1, normalize_level2, squash

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_CLAIM = re.compile(
    r"^(已|未|基本|部分|全额|全部|按时|按期|如期|及时|超额|尚未|没有)?"
    r"(完成|达成|达到|实现|先成|戍成|完场)"
)
_NA = re.compile(r"^(不适用|无|—+|-+|/|／|不涉及)$")
_NUMERIC_ONLY = re.compile(r"^[\d.,，]+%?$")
_OP_WORD = re.compile(
    r"^(≥|≤|>|<|=|＞|＜|＝|>=|<=|≧|≦|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过|定性|定量)$"
)
_UNIT_WORD = re.compile(
    r"^(%|％|‰|[万亿千百]?(元|人|人次|户|个|次|件|台|套|辆|公里|千米|米|平方米|亩|吨|天|日|月|年|所|家|项|场|本|份|张|册|条|座|处|名|位|篇|批|期|小时|学时|课时))$"
)


@lru_cache(maxsize=20000)
def cached_value(text: str) -> Value:
    return parse_value(text)


def looks_like_claim(text: str) -> bool:
    t = squash(text)
    return bool(t) and len(t) <= 14 and bool(_CLAIM.search(t) or _NA.match(t))


def content_features(text: str) -> dict[str, float]:
    """What the cell's text looks like, independent of its position (a copy
    the caller may extend)."""
    return dict(_content_features(text))


@lru_cache(maxsize=20000)
def _content_features(text: str) -> dict[str, float]:
    t = squash(text)
    f: dict[str, float] = {}
    if not t:
        f["empty"] = 1.0
        return f
    n = len(t)
    cjk = len(_CJK.findall(t))
    f["len_log"] = min(n, 200) ** 0.5 / 14
    f["cjk_share"] = cjk / n
    f["digit_share"] = len(_DIGIT.findall(t)) / n
    f["long"] = float(n > 20)
    f["short"] = float(n <= 4)
    f["level1_vocab"] = float(normalize_level1(t) is not None)
    f["level2_vocab"] = float(normalize_level2(t) is not None)
    f["exact_level"] = float(t.endswith("指标") and n <= 9)
    f["claim"] = float(looks_like_claim(t))
    f["na_word"] = float(bool(_NA.match(t)))
    f["numeric_only"] = float(bool(_NUMERIC_ONLY.match(t)))
    f["op_word"] = float(bool(_OP_WORD.match(t)))
    f["unit_word"] = float(bool(_UNIT_WORD.match(t)))
    v = cached_value(text)
    f[f"kind={v.kind}"] = 1.0
    if v.op and v.op != "=":
        f["has_op"] = 1.0
    if v.unit:
        f["has_unit"] = 1.0
        if v.unit in ("%", "％"):
            f["percent"] = 1.0
    if v.kind == "numeric" and v.value is not None and not v.unit and (v.op in (None, "=")):
        x = float(v.value)
        f["small_number"] = float(0 <= x <= 100)
        f["decimal"] = float(x != int(x))
    f["ends_rate"] = float(t.endswith(("率", "度", "数", "量", "性", "额")))
    f["has_sentence_punct"] = float(any(p in t for p in "，。；;、"))
    f["starts_marker"] = float(bool(re.match(r"^([（(]?\d+[)）.、]|[①-⑳]|指标\d)", t)))
    return f
