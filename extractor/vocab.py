"""The genre's fixed vocabularies: indicator levels and table headers.

These lists are the standard of the Ministry of Finance's forms, shared by
every province; they are data, not per-sample rules. Matching is tolerant
of the damage seen in extracted text (spaces inside words, truncation such
as 满意度指, merged words such as 产出效益).
"""

from __future__ import annotations

import re
from functools import lru_cache

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标", "项目决策", "项目管理"]
# The older scoring layout's management rows (项目决策/项目管理) have level-2
# names of their own; the contract lists them beside the framework's.
MANAGEMENT_LEVEL2 = ["项目立项", "绩效目标", "资金投入", "资金管理", "组织实施"]
LEVEL2 = [
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "满意度指标", *MANAGEMENT_LEVEL2,
]  # fmt: skip

# The level-1 group of each level-2 name in the national framework. A
# level-2 成本指标 is the older framework's cost group under 产出指标 (the
# newer one makes 成本指标 a level-1 group with 经济/社会/生态环境成本指标).
LEVEL1_OF_LEVEL2 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "成本指标": "产出指标", "经济效益指标": "效益指标", "社会效益指标": "效益指标",
    "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标", "满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "项目立项": "项目决策", "绩效目标": "项目决策", "资金投入": "项目决策",
    "资金管理": "项目管理", "组织实施": "项目管理",
}  # fmt: skip


_LEVEL_NAMES = frozenset(LEVEL1) | frozenset(n for n in LEVEL2 if n.endswith("指标"))


def level1_of(level2: str | None) -> str | None:
    return LEVEL1_OF_LEVEL2.get(level2 or "")


# Column roles of an indicator table, in the order they usually appear.
ROLES = [
    "group", "level1", "level2", "name", "op", "target", "unit", "weight", "actual",
    "score", "status", "deviation",
]  # fmt: skip

_SPACE = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return _SPACE.sub("", text or "")


# A points suffix on a level label: 产出指标(50分), 项目决策（20）.
_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）.、]")


def _level_text(text: str | None) -> str:
    """A level cell without spaces, trailing colon, numbering or points suffix."""
    t = _POINTS.sub("", squash(text).rstrip("：:")).rstrip("：:")
    return _MARKER.sub("", t)


def normalize_level1(text: str | None) -> str | None:
    """One of ``LEVEL1`` from a level-1 cell, or None."""
    t = _level_text(text)
    if not t or len(t) > 8:
        return None
    # 决策/过程 are the same groups in the 决策-过程-产出-效益 framework.
    if t in ("项目决策", "决策"):
        return "项目决策"
    if t in ("项目管理", "管理", "项目过程", "过程"):
        return "项目管理"
    t = t.removeprefix("项目")  # the older layout's 项目产出 / 项目效益
    if t.startswith("产出"):
        return "产出指标"
    if t.startswith("满意"):
        return "满意度指标"
    if t.startswith("成本"):
        return "成本指标"
    if "效益" in t or t.startswith("效果"):
        return "效益指标"
    return None


_LEVEL2_PREFIXES = [
    ("服务对象满意", "服务对象满意度指标"),
    ("满意", "满意度指标"),
    ("数量", "数量指标"),
    ("质量", "质量指标"),
    ("时效", "时效指标"),
    ("经济成本", "经济成本指标"),
    ("社会成本", "社会成本指标"),
    ("生态环境成本", "生态环境成本指标"),
    ("生态成本", "生态环境成本指标"),
    ("环境成本", "生态环境成本指标"),
    ("成本", "成本指标"),
    ("经济效益", "经济效益指标"),
    ("社会效益", "社会效益指标"),
    ("生态效益", "生态效益指标"),
    ("可持续", "可持续影响指标"),
]


def is_level_label(text: str | None) -> bool:
    """A cell that is a level name as written in the framework (质量指标, 产出指标(50分))."""
    return _level_text(text) in _LEVEL_NAMES


def normalize_level2(text: str | None) -> str | None:
    """One of ``LEVEL2`` from a level-2 cell (社会效益 -> 社会效益指标), or None."""
    # The framework's full name of the satisfaction group (社会公众或服务对象满意度指标).
    t = _level_text(text).removeprefix("社会公众或")
    if not t or len(t) > 12:
        return None
    # Management level-2 names are whole words: 绩效目标合理性 is an indicator.
    bare = t.removesuffix("指标")
    if bare in MANAGEMENT_LEVEL2 or bare == "立项":
        return "项目立项" if bare == "立项" else bare
    if len(t) > 2 and t.startswith("产出") and t[2:4] in ("数量", "质量", "时效", "成本"):
        t = t[2:]  # 产出数量 -> 数量指标
    for prefix, norm in _LEVEL2_PREFIXES:
        if t.startswith(prefix):
            return norm
    return None


# Header cell text -> column role. Order matters: the first match wins, so
# the more specific phrases come first.
_HEADER_PATTERNS: list[tuple[str, str | None]] = [
    # A row-label column over the whole table, not a field of each row.
    (r"绩效目标完成情况$|目标完成情况$|^绩效指标$|^指标体系$", "label"),
    # Explanations of an indicator or of its scoring: text about the row, no field of it.
    (
        r"指标解释|指标说明|指标定义|评分标准|评分细则|评分办法|评分规则|评分依据|计分方法|计分标准|考核标准|^备注$",
        "note",
    ),
    (r"偏差|未完成原因|原因分析|改进措施|存在的?问题|整改", "deviation"),
    # Any other column that explains (指标值说明, 目标值解释) states no field either.
    (r"说明$|解释$", "note"),
    (r"一级指标", "level1"),
    (r"二级指标", "level2"),
    (
        r"三级指标|指标内容|指标名称|绩效指标名称|具体指标|考核内容|年度指标内容|^指标$|考核指标|评价指标",
        "name",
    ),
    (r"实际完成|完成值|实际值|实际完成情况|全年实际|实际达到", "actual"),
    (r"得分|评分|自评分", "score"),
    # Split-target layouts (绩效目标申报表): comparator and unit in their own columns.
    (r"指标性质|指标方向|运算符|符号$|比较符|指标值类型|^值类型$", "op"),
    (r"度量单位|计量单位|^单位$", "unit"),
    (r"分值|权重|标准分|满分", "weight"),
    (
        r"指标值|目标值|年度目标值|年初目标|预期目标|预期值|计划值|目标任务|绩效目标值|标准值|设定目标|全年目标",
        "target",
    ),
    (r"完成情况|完成状态|是否完成|完成程度|评价结果", "status"),
    (r"年度目标|绩效目标$|总体目标|项目名称|职能|衡量指标", "group"),
]


@lru_cache(maxsize=20000)
def header_role(text: str | None) -> str | None:
    """The column role a header cell names, or None when it names none
    (cached: segmentation and the stream reader ask for the same cells)."""
    t = squash(text)
    if not t or len(t) > 30:
        return None
    for pattern, role in _HEADER_PATTERNS:
        if re.search(pattern, t):
            return None if role in ("label", "note") else role
    return None


_HEADER_UNIT = re.compile(
    r"[（(]\s*(?:单位\s*[:：]?\s*)?(万元|亿元|千元|元|%|％|个|人|人次|户|次|件|天|小时|公里|亩|吨|平方米|项|家|所)\s*[)）]"
)


def is_note_header(text: str | None) -> bool:
    """A header over explanations or scoring rules (指标解释, 评分标准): no field."""
    t = squash(text)
    return bool(t) and any(role == "note" and re.search(p, t) for p, role in _HEADER_PATTERNS)


def header_unit(text: str | None) -> str | None:
    """The unit a header states for its column: 指标值（万元） -> 万元."""
    m = _HEADER_UNIT.search(squash(text))
    return m.group(1) if m else None


def is_row_label(text: str | None) -> bool:
    """A header phrase naming a block of rows (年度绩效目标完成情况), not a field."""
    t = squash(text)
    return any(role == "label" and re.search(p, t) for p, role in _HEADER_PATTERNS)


GROUP_LINE = re.compile(
    r"^(年度(绩效)?目标\s*[\d一二三四五六七八九十]+|目标\s*[\d一二三四五六七八九十]+[:：]|"
    r"职能\s*[\d一二三四五六七八九十]*[:：]|项目名称[:：])"
)


def is_group_label(text: str | None) -> bool:
    return bool(GROUP_LINE.match(squash(text)))
