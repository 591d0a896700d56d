"""From spancat's scored candidates to one non-overlapping set of spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

SPANS_KEY = "sc"
# jieba writes a rate's last character and the copula after it as one word
# (及时率为98%: 及时|率为), so a name span can only end after the 为.
_GLUED_COPULA = ("率为", "度为")
# A statement ends at these; a value in it belongs to a name in it.
_STATEMENT_ENDS = frozenset("；;。")
_VALUES = frozenset({"TARGET", "ACTUAL", "CLAIM"})
# 一是…，二是… leads of enumerated statements, and a count ending a name.
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是")
_TRAILING_COUNT = re.compile(
    r"[0-9零一二三四五六七八九十百千两][0-9.,零一二三四五六七八九十百千万两]*[^\d，,；;。、\s]{0,3}$"
)
# A count right after a name: digits or Chinese numerals, a short unit, then
# the end of the clause.
_CLAUSE_REST = re.compile(
    r"[0-9零一二三四五六七八九十百千万两][0-9.,零一二三四五六七八九十百千万两]*[^\d，,；;。、\s]{0,4}(?=[，,；;。]|$)"
)


@dataclass(frozen=True)
class ScoredSpan:
    start: int  # character offsets into the paragraph text
    end: int
    label: str
    score: float


def decode_spans(doc: Doc, threshold: float = 0.5) -> list[ScoredSpan]:
    """Best-first: keep the highest-scoring span, drop any candidate overlapping it.

    Labels never overlap in the annotation scheme, so one pass over all labels
    settles both boundary and label disagreements.
    """
    group = doc.spans.get(SPANS_KEY)
    if group is None or len(group) == 0:
        return []
    scores = group.attrs.get("scores")
    candidates = [
        ScoredSpan(span.start_char, span.end_char, span.label_, float(scores[i]))
        for i, span in enumerate(group)
        if scores is not None and float(scores[i]) >= threshold
    ]
    candidates.sort(key=lambda s: (-s.score, s.start))
    kept: list[ScoredSpan] = []
    for cand in candidates:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted((_unglued(s, doc.text) for s in kept), key=lambda s: s.start)


def _unglued(span: ScoredSpan, text: str) -> ScoredSpan:
    if span.label == "NAME" and text[span.start : span.end].endswith(_GLUED_COPULA):
        return ScoredSpan(span.start, span.end - 1, span.label, span.score)
    return span


def recover_names(doc: Doc, kept: list[ScoredSpan], floor: float) -> list[ScoredSpan]:
    """``kept`` plus, in each statement that has a value but no name, the
    best-scoring NAME candidate before its first value (at least ``floor``).

    A name the model has never seen (a verb and an object of a new sector:
    全年建成村级气象信息站三十二个，年度目标为…) scores below the threshold
    while its target and claim are found; the statement still needs a name,
    and the candidate that stands where names stand ranks first. Its low
    score goes on to the calibrator as the name's span probability.
    """
    group = doc.spans.get(SPANS_KEY)
    scores = group.attrs.get("scores") if group is not None else None
    if group is None or scores is None:
        return kept
    names = sorted(
        (
            ScoredSpan(span.start_char, span.end_char, "NAME", float(scores[i]))
            for i, span in enumerate(group)
            if span.label_ == "NAME" and float(scores[i]) >= floor
        ),
        key=lambda s: -s.score,
    )
    out = list(kept)
    for start, end in _statements(doc.text):
        inside = [s for s in kept if start <= s.start and s.end <= end]
        values = [s for s in inside if s.label in _VALUES]
        if not values or any(s.label == "NAME" for s in inside):
            continue
        first = min(s.start for s in values)
        for cand in names:
            if start <= cand.start and cand.end <= first and _free(cand, out):
                name, count = _split_count(_unglued(cand, doc.text), doc.text)
                out.append(name)
                out += [count] if count else _quantity_after(name, doc.text, out)
                break
    return sorted(out, key=lambda s: s.start)


def _split_count(name: ScoredSpan, text: str) -> tuple[ScoredSpan, ScoredSpan | None]:
    """A recovered name without an enumeration lead (二是) and without the
    count it ends with (更换节能灯具三千六百套: the count is its ACTUAL)."""
    from extractor.values import parse_value

    words = text[name.start : name.end]
    lead = _ENUMERATION.match(words)
    start = name.start + (lead.end() if lead else 0)
    m = _TRAILING_COUNT.search(text, start, name.end)
    if (
        m is None
        or m.start() - start < 2
        or len(m.group()) < 2
        or text[m.start() - 1].isascii()  # PM2.5, 5G: the digits are the name's
        or parse_value(m.group()).value is None
    ):
        return ScoredSpan(start, name.end, name.label, name.score), None
    return (
        ScoredSpan(start, m.start(), name.label, name.score),
        ScoredSpan(m.start(), name.end, "ACTUAL", name.score),
    )


def _quantity_after(name: ScoredSpan, text: str, taken: list[ScoredSpan]) -> list[ScoredSpan]:
    """The count written right after a recovered name, up to the clause's
    end (…信息站三十二个，), as its ACTUAL: in "X<count>" the count measures X."""
    from extractor.values import parse_value

    m = _CLAUSE_REST.match(text, name.end)
    if m is None:
        return []
    span = ScoredSpan(m.start(), m.end(), "ACTUAL", name.score)
    value = parse_value(m.group())
    if value.kind != "numeric" or value.value is None or not _free(span, taken):
        return []
    return [span]


def _statements(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _STATEMENT_ENDS:
            out.append((start, i))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def _free(span: ScoredSpan, taken: list[ScoredSpan]) -> bool:
    return all(span.end <= k.start or span.start >= k.end for k in taken)
