"""parse_value: one target/actual cell -> the contract's value object.

Rules (see also the docstrings of units, deadline, numerals, mentions):

- kind, in order of precedence: ``missing`` (null, empty, —, -, /, 无, 暂无,
  N/A), ``boolean`` (是, 否, 有, 没有, √, ×; value null), ``deadline`` (a
  calendar point such as 12月底前 / 2024年12月 / 2022年 / 年底前 / 1-12月, or a
  timeliness word 按时, 及时, 按期; value null), ``range`` (one cell, two
  bounds), ``numeric`` (any quantity found, also when the indicator name leaks
  in before it: 购置设备不少于50件 -> >= 50 件, with lower confidence),
  ``qualitative`` (everything else: 稳步提升, 长期/优, 按实际发生数, 达成预期指标).
  A number beside a date is still numeric (2022年12月底前完成率100% -> 100 %).
- op: comparator words before or after the number (see comparators): 达到 and
  以上 are ``>=``, 达 and 约 are ``=``; a bare number is ``=``; 多/余/开外 after a
  number (五百多个, 3000多欧元, 五十岁开外) is ``>``; a comparator may stand a
  filler word away (至少有15, 超过了60, 起码要两天); null for non-numeric kinds.
- value: the number as written, as a JSON number (int when integral).
  Magnitude rule: a magnitude written after an Arabic or decimal number stays
  in the unit (3.5万 -> 3.5 unit 万; 12.6万人 -> 12.6 万人; 三点五万 -> 3.5 万;
  15k -> 15 k); a magnitude inside a whole Chinese numeral is part of the
  number (一万零三百 -> 10300; 四十万 -> 400000; 5万4千6百 -> 54600; 两个亿 ->
  200000000; 一兆三千亿 -> 1300000000000; 萬二 -> 12000). 百分之X -> X %,
  千分之X/仟分之X -> X ‰, X分之Y -> Y/X (负 on either side signs it), 零下X -> -X.
  Spoken tails are tenths of the unit before them: 三元五角 and 三块五 -> 3.5 元/块,
  四块零八 -> 4.08 块, 一米七 -> 1.7 米, 七毛二 -> 7.2 毛; 两斤半 -> 2.5 斤, 半米 ->
  0.5 米; a 两 ending a numeral is the weight unit (两千两百两 -> 2200 两).
- range: value is the lower bound, upper the upper one, one shared unit
  (1万-5万元 -> 1..5 万元); a bare first bound takes the magnitude that ends a
  Chinese second bound (两到三万 -> 20000..30000). In words: 500与800之间,
  500与800间, 从三到五, 两块到三块五毛 (2..3.5 块).
- parts: when a cell holds several quantities, all of them (the first is the
  main value); empty otherwise.
- confidence: 1.0 for a clean cell, lowered for leading words, guessed
  units, approximations, several values, conflicting comparators, OCR-looking
  letter-for-digit repairs (9O%) and fallbacks; calibrated later.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.types import Normalized, Value
from extractor.values.deadline import boolean_value, date_spans, is_deadline, is_missing
from extractor.values.mentions import Mention, find_mentions
from extractor.values.normalize import normalize, ocr_confusions
from extractor.values.numerals import chinese_value, to_json_number
from extractor.values.units import fold_magnitude

_TRAILING = " 。；;，,.、！!？?"
_LEADING = " 。；;，,、"
_SLASH_FRACTION = re.compile(r"\d\s*[/／]\s*\d")
_MAX_LEN = 2000
_COMPARATOR_ONLY = re.compile(r"^[\s≥≧≤≦≮≯<>=＝═≈＜＞]+$")
_FILLER_CHARS = re.compile(r"[\s□" + re.escape(_TRAILING) + "]")


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.05, x)), 3)


def _value_of(
    m: Mention, confidence: float, text: str | None = None, parts: list[Value] | None = None
) -> Value:
    normalized_value, normalized_unit = fold_magnitude(m.value, m.unit)
    return Value(
        text=text if text is not None else (m.text or None),
        kind="range" if m.op == "range" else "numeric",
        op=m.op,
        value=to_json_number(m.value),
        upper=to_json_number(m.upper) if m.upper is not None else None,
        unit=m.unit,
        normalized=Normalized(value=to_json_number(normalized_value), unit=normalized_unit),
        parts=parts or [],
        confidence=_clamp(confidence),
    )


def _numeric(text: str, s: str, mentions: list[Mention]) -> Value:
    main = mentions[0]
    trust = main.trust
    covered = sum(m.end - m.num_start + len(m.word) for m in mentions)  # 至少是8: all of it
    leftover = _FILLER_CHARS.sub("", s)
    if covered < len(leftover) * 0.3 and not main.noise:
        trust -= 0.1  # a number lost in a long sentence
    tail = s[mentions[-1].end :].strip(_TRAILING + "□()（）")
    if tail and any("\u4e00" <= ch <= "\u9fff" for ch in tail):
        trust -= 0.1
    parts: list[Value] = []
    if len(mentions) > 1:
        trust -= 0.1
        parts = [_value_of(m, m.trust) for m in mentions]
    return _value_of(main, trust, text, parts)


def _classify(text: str) -> Value:
    s = normalize(text).rstrip(_TRAILING).lstrip(_LEADING)
    if is_missing(s):
        return Value(text=text, kind="missing", confidence=0.97 if s else 0.99)
    flag = boolean_value(s)
    if flag is not None:
        return Value(text=text, kind="boolean", confidence=0.97)
    spans = date_spans(s)
    if is_deadline(s, spans):
        return Value(text=text, kind="deadline", confidence=0.95 if spans else 0.9)
    mentions = find_mentions(s, spans)
    if mentions:
        value = _numeric(text, s, mentions)
        penalty = 0.25 if ocr_confusions(text) else 0.0  # 9O% read as 90%: a guess
        penalty += 0.2 if _SLASH_FRACTION.search(text) else 0.0  # 1/2 may mean "1 of 2"
        if penalty:
            value.confidence = _clamp(value.confidence - penalty)
        return value
    if spans:
        return Value(text=text, kind="deadline", confidence=0.7)
    if _COMPARATOR_ONLY.match(s):
        # ≧ or ═ alone: the comparator column of a split target read without its value.
        return Value(text=text, kind="qualitative", confidence=0.3)
    return Value(text=text, kind="qualitative", confidence=0.85)


_classify_cached = lru_cache(maxsize=8192)(_classify)


def clear_caches() -> None:
    """Forget parsed cells and numerals (for benchmarks of first-sight parsing)."""
    _classify_cached.cache_clear()
    chinese_value.cache_clear()


def _copy(value: Value) -> Value:
    """A copy that shares nothing mutable (the nested models and the parts list);
    a third of the cost of ``model_copy(deep=True)``, which copies every string."""
    return value.model_copy(
        update={
            "normalized": value.normalized.model_copy() if value.normalized else None,
            "parts": [_copy(part) for part in value.parts],
        }
    )


def parse_value(text: str | None) -> Value:
    """Parse a target/actual cell into the contract's value object. Never raises."""
    if text is None:
        return Value(text=None, kind="missing", confidence=0.99)
    trimmed = str(text).strip()
    try:
        # Cells repeat across tables (≥90%, 达成预期指标): parse once, hand out copies
        # so a caller editing its value cannot change another's.
        return _copy(_classify_cached(trimmed[:_MAX_LEN]))
    except (ValueError, ArithmeticError, IndexError):  # defensive: a cell must never crash a run
        return Value(text=trimmed or None, kind="qualitative", confidence=0.3)
