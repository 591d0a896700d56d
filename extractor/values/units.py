"""Units: reading the unit written after a number, and folding magnitudes.

Unit rule (kept consistent everywhere):
- ``unit`` is the unit as written after the number, magnitude prefix kept:
  ``12.6万人`` -> ``万人``, ``3.5万`` -> ``万``, ``95%`` -> ``%``.
- Compound units are written ``numerator/denominator``: ``2人/年`` -> ``人/年``,
  ``5.1万/人`` -> ``万/人``, ``100元/人·月`` -> ``元/人·月``; a ``每X`` before
  the number becomes the denominator: ``每吨1200元`` and ``每吨/1200元`` ->
  ``元/吨``; ``每年4次`` -> ``次/年``.
- ``normalized`` folds the magnitude prefix into the number and drops it from
  the unit: ``万人`` -> x10000 ``人``; ``万`` -> x10000 unit null; ``万/人`` ->
  x10000 ``/人``; Latin ``k``/``w`` likewise (15k元 -> 15000 元). ``%`` and
  ``‰`` are not magnitudes and stay as they are; ``成`` becomes ``%`` (三成 -> 30 %).
  Units of their own that begin with a numeral character (千米, 千克, 百分点)
  are not folded.
- An unknown unit is taken when it is one measure-word character, or a short
  word closing the cell (二十五万泰铢 -> 泰铢); it lowers the confidence.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from extractor.values.numerals import MAGNITUDES

#: Units and measure words seen in performance tables (longest match wins).
_UNIT_WORDS = """
    % ‰ ‱ 个百分点 百分点 个 人 人次 户次 家次 场次 车次 批次 班次 架次 人日 人天 人月 人年
    次 户 张 件 台 套 本 份 场 期 项 元 家 所 座 处 名 位 条 篇 批 辆 只 头 株 棵 亩 公顷
    平方米 平米 平方公里 公里 千米 米 厘米 毫米 km m cm mm m2 m3 ㎡ ㎥ 吨 千克 公斤 斤 克 kg t g
    天 日 个工作日 工作日 小时 分钟 秒 年 个月 月 周 个周 季度 对 宗 例 床 张床 间 栋 幢 块 班
    门 课时 学时 节 册 部 首 幅 卷 盏 口 眼 架 艘 立方米 方 度 千瓦 千瓦时 瓦 kw kwh kW kWh
    伏 升 毫升 l L 分 星 级 倍 ℃ 岁 元/人 人/次 单 笔 袋 箱 包 瓶 盒 支 把 双 组 届 轮
    次/年 篇次 课次 期次 人/年 小时/年 公里/小时
    平方 立方 元钱 块钱 分钟/次 遍 回 趟 圈 座次 吨/日 元/月 元/年 项次 处次 起 成 折
    公分 毫克 微克 赫兹 兆赫兹 千卡 卡 比特 字节 兆字节 千字节 美元 港元 欧元 日元 台币 人民币 英镑
    法郎 瑞士法郎 卢布 韩元 块 毛 角 美分 岁 周岁 摄氏度 华氏度 度 °C °F ℉ 公升 英里 英尺 英寸 海里
    光年 分贝 像素 帧 兆瓦 兆瓦时 兆帕 兆焦 兆欧 兆赫 兆比特 兆位 两 英寸 英尺 英亩 码 度电 标准煤 标煤 头 羽 尾 只 亩地 床 张 人份 剂 支
    圆 泰铢 韩元 澳元 加元 新台币 港币 美金 块钱 元钱 k元 w元
    m² m³ km² 星级 个点 个单位 单位 次方 平方千米 立方 公顷 篇 部 所 座 栋 辆 艘 架
    """
BASE_UNITS: frozenset[str] = frozenset(_UNIT_WORDS.split())
#: Units the annotated corpus writes beyond those (百分比 of the budget systems), built
#: from the training split's gold by ``extractor.training.units.write_corpus_units``.
CORPUS_UNITS: frozenset[str] = frozenset(
    json.loads((Path(__file__).with_name("corpus_units.json")).read_text(encoding="utf-8"))
)
KNOWN_UNITS: frozenset[str] = BASE_UNITS | CORPUS_UNITS
_MAX_UNIT = max(len(u) for u in KNOWN_UNITS)
#: Known units that start with a magnitude character but are units of their own (千米, 百分点).
_UNFOLDED = KNOWN_UNITS

#: Latin magnitude letters written after numbers (15k元, 30w).
ASCII_MAGNITUDES: dict[str, int] = {"k": 1000, "K": 1000, "w": 10_000, "W": 10_000}

#: Characters that end a unit (comparator suffixes, connectors, punctuation).
STOP_CHARS = frozenset(
    "以及或之内左上下到至和与且并开出、，,。；;：:()（）[]【】 \t~-—–的为是最不大小高低超少达约共累等控同而"
)
_CJK_LO, _CJK_HI = "\u4e00", "\u9fff"


def read_base_unit(text: str, pos: int) -> tuple[str, int, bool]:
    """Read one unit at ``text[pos:]``: (unit, end, known). Longest known unit
    first; else one CJK measure-word-like character (not known, lower trust)."""
    for size in range(min(_MAX_UNIT, len(text) - pos), 0, -1):
        cand = text[pos : pos + size]
        if cand in KNOWN_UNITS:
            return cand, pos + size, True
    if pos < len(text):
        ch = text[pos]
        if _CJK_LO <= ch <= _CJK_HI and ch not in STOP_CHARS:
            # an unknown word closing the cell (二十五万泰铢) is the unit; else one measure word
            end = pos
            while end < len(text) and _CJK_LO <= text[end] <= _CJK_HI and end - pos < 4:
                end += 1
            if end - pos <= 3 and (end == len(text) or text[end] in STOP_CHARS):
                return text[pos:end], end, False
            return ch, pos + 1, False
        if ch.isascii() and ch.isalpha():
            end = pos
            while end < len(text) and end - pos < 6 and text[end].isascii() and text[end].isalpha():
                end += 1
            return text[pos:end], end, False
    return "", pos, True


def _unit_from_magnitude(text: str, pos: int, magnitude: str) -> int:
    """Length of the rest of a known unit spelled from ``magnitude`` on (百 + 分比),
    longer than what the magnitude and a base unit would read (百 + 分); else 0."""
    _, short_end, _ = read_base_unit(text, pos)
    for size in range(min(_MAX_UNIT - len(magnitude), len(text) - pos), 0, -1):
        if pos + size > short_end and magnitude + text[pos : pos + size] in KNOWN_UNITS:
            return size
    return 0


def read_unit(text: str, pos: int, magnitude: str = "") -> tuple[str, int, bool]:
    """Read magnitude + unit + optional ``/denominator`` (or ``每X``) at ``pos``.

    Returns (unit, end, known): ``known`` False when part of it was guessed.
    """
    start = pos
    while pos < len(text) and text[pos] == " ":
        pos += 1
    spaced = pos > start
    unit = magnitude
    known = True
    # A known unit that starts with a magnitude character (千米, 百分点) wins.
    base, end, base_known = read_base_unit(text, pos)
    whole = _unit_from_magnitude(text, pos, magnitude) if magnitude and not spaced else 0
    if whole:
        # The number reader took the unit's first character for a magnitude (85百分比).
        unit, base, end, base_known = "", magnitude + text[pos : pos + whole], pos + whole, True
    if not magnitude and not (base and base_known and len(base) > 1):
        for word in MAGNITUDES:
            if text.startswith(word, pos):
                unit, pos = word, pos + len(word)
                break
        else:
            if text[pos : pos + 1] in ASCII_MAGNITUDES and not text[pos + 1 : pos + 2].isalpha():
                unit, pos = text[pos], pos + 1  # 15k, 30w
        base, end, base_known = read_base_unit(text, pos)
    if base and spaced and not base_known:
        base = ""  # 1600万 奖池: after a space only a known unit counts
    if base:
        unit += base
        pos = end
        known = base_known
    if unit and pos + 1 < len(text) and text[pos] in "/每" and "/" not in unit:
        den, den_end, den_known = read_base_unit(text, pos + 1)
        if den:
            unit, pos, known = f"{unit}/{den}", den_end, known and den_known
    while "/" in unit and pos + 1 < len(text) and text[pos] in "·•/":
        more, more_end, more_known = read_base_unit(text, pos + 1)
        if not more:
            break
        unit, pos, known = f"{unit}·{more}", more_end, known and more_known
    if unit == magnitude:
        return magnitude, (pos if magnitude else start), True
    return unit, pos, known


def fold_magnitude(value: Decimal, unit: str | None) -> tuple[Decimal, str | None]:
    """(3.5, '万元') -> (35000, '元'); (95, '%') -> (95, '%'); (2, None) -> (2, None)."""
    if not unit:
        return value, None
    if unit[0] in ASCII_MAGNITUDES and unit not in ("kg", "km", "kw", "kwh", "kW", "kWh"):
        return value * ASCII_MAGNITUDES[unit[0]], unit[1:] or None
    if unit[0] not in "万亿兆千百十成":
        return value, unit
    if unit == "成":  # 三成 = 30 %
        return value * 10, "%"
    if unit == "百分比":  # the budget systems' name for the percent sign
        return value, "%"
    for word, factor in MAGNITUDES.items():
        if unit.startswith(word) and unit not in _UNFOLDED:
            rest = unit[len(word) :]
            return value * factor, rest or None
    return value, unit
