"""Map span text to the contract's enumerations and claim labels."""

from __future__ import annotations

import re

from extractor.types import StatusLabel
from extractor.vocab import level1_of

# Order matters: the first key found in the text wins (产出效益 -> 产出指标,
# 服务对象满意度 before 满意度, 经济成本 before 成本).
_LEVEL1 = (("满意", "满意度指标"), ("成本", "成本指标"), ("产出", "产出指标"), ("效益", "效益指标"))
_LEVEL2 = (
    ("服务对象满意", "服务对象满意度指标"),
    ("满意", "满意度指标"),
    ("经济成本", "经济成本指标"),
    ("社会成本", "社会成本指标"),
    ("生态环境成本", "生态环境成本指标"),
    ("成本", "成本指标"),
    ("数量", "数量指标"),
    ("质量", "质量指标"),
    ("时效", "时效指标"),
    ("经济效益", "经济效益指标"),
    ("社会效益", "社会效益指标"),
    ("生态效益", "生态效益指标"),
    ("可持续", "可持续影响指标"),
)
# Which 一级指标 each 二级指标 sits under, for prose that names only the latter.


def _first(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for key, value in table:
        if key in text:
            return value
    return None


def normalise_level1(text: str) -> str | None:
    return _first(text, _LEVEL1)


def normalise_level2(text: str) -> str | None:
    return _first(text, _LEVEL2)


def level1_of_level2(level2: str) -> str | None:
    return level1_of(level2)


_FRAMEWORK_LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})


def level1_under(level1: str | None, level2: str | None) -> str | None:
    """The level 1 of a row under heading ``level1`` and level-2 lead ``level2``:
    the framework's level 1 of ``level2`` where no heading says one, or where
    the heading is stale ("5.社会效益目标" after "1.数量指标" with no 效益指标
    heading between, or after a "4.成本指标" the model read as a level 1)."""
    implied = level1_of(level2) if level2 else None
    if implied is None or level2 == level1:  # 成本指标 heading over a 成本指标 lead
        return level1
    if level1 is None:
        return implied
    if level1 in _FRAMEWORK_LEVEL1 and implied in _FRAMEWORK_LEVEL1:
        return implied
    return level1


def _rule_label(text: str) -> tuple[StatusLabel | None, float]:
    # Negation and 部分 first: 未完成 and 部分完成 both contain 完成.
    if re.search(r"不适用|无此项", text):
        return "not_applicable", 0.8
    if re.search(r"未|没有|尚未", text):
        return "not_completed", 0.85
    if re.search(r"部分|基本", text):
        return "partial", 0.8
    if re.search(r"[完达实成]", text):
        return "completed", 0.9
    return None, 0.5


_classifier_missing: list[bool] = []  # set once the claims model failed to load


def claim_label(text: str) -> tuple[StatusLabel | None, float]:
    """Label a completion claim: the trained claims classifier where its model is
    available and it recognises a claim, else a keyword rule."""
    label: StatusLabel | None = None
    prob = 0.0
    if not _classifier_missing:
        try:
            from extractor.engine.claims import classify_claim

            label, prob = classify_claim(text)
        except Exception:  # no claims model on this machine: the rule still answers
            _classifier_missing.append(True)
    if label is not None:
        return label, float(prob)
    return _rule_label(text)


_MARKS = re.compile(r"（是否）|[\s“”\"'《》、，,。；;：:（）()]")


def name_key(name: str) -> str:
    """A name stripped of （是否）, quotes and punctuation, for matching the summary
    list's wording against the detailed analysis."""
    return _MARKS.sub("", name)
