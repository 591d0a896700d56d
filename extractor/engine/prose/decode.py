"""From spancat's scored candidates to one non-overlapping set of spans."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, SpanGroup

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
# A level word written straight before the name, no punctuation between
# (社会效益指标X达到…): the framework's words end in 指标 and are short.
_LEVEL_LEAD = re.compile(r"([^\d，,；;。、：:\s]{1,8}?指标)[：:，,\s]*")
MIN_NAME_CHARS = 2
_MARKS = " 　0123456789.．、（）()①②③④⑤⑥⑦⑧⑨⑩一二三四五六七八九十"
# "A、B均达到100%": names joined by these share the value after them; 均/都
# right after the last name says so (jieba glues it to the name: 完好率均).
_JOINERS = ("、", "和", "及", "与", "以及")
_SHARED = re.compile(r"[均都]$")
_SHARED_LEAD = re.compile(r"^\s*(?:均|都|全部|皆)")
# A name measured as a share or a degree (as substitute.py sorts names).
_RATE = re.compile(r"(率|度|比例|比重|占比)$")
_BOUNDARY = "，,；;。：:（）()"
MAX_NAME_CHARS = 30


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
    words = text[span.start : span.end]
    if span.label != "NAME":
        return span
    if words.endswith(_GLUED_COPULA) or (
        _SHARED.search(words) and not words.endswith(("人均", "平均"))
    ):
        return ScoredSpan(span.start, span.end - 1, span.label, span.score)
    word = _comparative_before(words)
    if word and len(words) - len(word) >= MIN_NAME_CHARS:  # 学校满意度大于≥95%
        return ScoredSpan(span.start, span.end - len(word), span.label, span.score)
    return span


def _comparative_before(text: str) -> str:
    """The comparative word ending ``text`` (大于等于, 不低于, ≥), if any:
    comparatives in 于 and comparison signs, not outcome verbs (达到, 完成)."""
    from extractor.values.comparators import prefix_op

    op, word, _ = prefix_op(text[-8:])
    strict = word.endswith("于") or "于等于" in word or not word.isalpha()
    return word if op not in (None, "=") and strict and text.endswith(word) else ""


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
    names = _candidates(group, scores, floor, ("NAME",))
    out = list(kept)
    out += _second_quantities(doc.text, kept, names)
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


def coordinated_names(spans: list[ScoredSpan], text: str) -> list[ScoredSpan]:
    """``spans`` plus the names written before a NAME and joined to it by 、
    or 和 (临聘工资发放率、道路完好率均达到100%) that the model left out.

    The words back to the previous span or clause break are taken for a name
    when both they and the found name are rate names (…率, …度): joined rate
    names share one value, while 道路和桥梁合格率 joins two objects of one
    name. They take the found name's score, the evidence the model gave for
    the pair."""
    out = sorted(spans, key=lambda s: s.start)
    k = 0
    while k < len(out):
        name = out[k]
        prev_end = out[k - 1].end if k else 0
        new = _joined_before(name, text, prev_end) if name.label == "NAME" else None
        if new is not None:
            out.insert(k, new)  # look again before the new one (A、B、C)
            continue
        k += 1
    return out


def _joined_before(name: ScoredSpan, text: str, floor: int) -> ScoredSpan | None:
    before = text[floor : name.start]
    joiner = next((j for j in _JOINERS if before.endswith(j)), None)
    if joiner is None or not _RATE.search(text[name.start : name.end]):
        return None
    end = name.start - len(joiner)
    start = max(floor, *(text.rfind(c, floor, end) + 1 for c in _BOUNDARY))
    words = text[start:end].strip()
    start = text.index(words, start) if words else end
    if (
        not MIN_NAME_CHARS <= len(words) <= MAX_NAME_CHARS
        or not _RATE.search(words)
        or any(c in _BOUNDARY or c == "、" for c in words)
    ):
        return None
    return ScoredSpan(start, start + len(words), "NAME", name.score)


def widen_comparators(spans: list[ScoredSpan], text: str) -> list[ScoredSpan]:
    """A target or actual span written right after a comparative word
    (大于等于95%, 不低于90%, ≥95%) takes the word in, as the annotation
    does: the value's op is part of it. Outcome verbs (达到, 完成, 控制在)
    stay out: only comparatives in 于 and comparison signs widen a span."""
    out = []
    for span in spans:
        word = _comparative_before(text[max(0, span.start - 8) : span.start])
        if (
            span.label in ("TARGET", "ACTUAL")
            and word
            and _free(ScoredSpan(span.start - len(word), span.start, "", 0.0), spans)
        ):
            span = ScoredSpan(span.start - len(word), span.end, span.label, span.score)
        out.append(span)
    return out


def shares_value(text: str, name_end: int, value_start: int) -> bool:
    """Does the value at ``value_start`` follow a name ending at ``name_end``
    with 均/都 between (…完好率均达到100%), in the same statement?"""
    between = text[name_end:value_start]
    return bool(_SHARED_LEAD.match(between)) and not any(c in _STATEMENT_ENDS for c in between)


def joined(text: str, first_end: int, second_start: int) -> bool:
    """Are two names joined by 、/和/及 alone?"""
    return text[first_end:second_start].strip() in _JOINERS


def split_level_leads(spans: list[ScoredSpan], text: str) -> list[ScoredSpan]:
    """A NAME span that opens with a level word of the framework
    (数量指标维修X座 / 服务对象满意度指标群众满意度) is the level heading
    glued to the name: the level word becomes its LEVEL2 (or LEVEL1) span
    and the name starts after it. The level word is the genre's fixed
    vocabulary (extractor.vocab), matched as normalise does."""
    out: list[ScoredSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        if span.label == "NAME":
            word = _level_word_before(text, out[-1].end if out else 0, span.start)
            if word is not None:
                out.append(ScoredSpan(word[0], word[1], word[2], span.score))
        lead = _LEVEL_LEAD.match(text, span.start, span.end) if span.label == "NAME" else None
        label = _level_label(lead.group(1)) if lead else None
        if lead is None or label is None or span.end - lead.end() < MIN_NAME_CHARS:
            out.append(span)
            continue
        out.append(ScoredSpan(span.start, span.start + len(lead.group(1)), label, span.score))
        out.append(ScoredSpan(lead.end(), span.end, "NAME", span.score))
    return out


def _level_word_before(text: str, floor: int, end: int) -> tuple[int, int, str] | None:
    """A level word standing right before a name with no span on it (数量指标
    before a recovered name): its offsets and label."""
    start = max(floor, *(text.rfind(c, floor, end) + 1 for c in _BOUNDARY + "。"))
    lead = _LEVEL_LEAD.search(text, start, end)
    if lead is None or lead.end() != end or text[start : lead.start()].strip(_MARKS):
        return None
    label = _level_label(lead.group(1))
    return (lead.start(), lead.start() + len(lead.group(1)), label) if label else None


def _level_label(word: str) -> str | None:
    from extractor.engine.prose.normalise import normalise_level1, normalise_level2
    from extractor.vocab import LEVEL1, LEVEL2

    if word in LEVEL1 and word not in LEVEL2:
        return "LEVEL1"
    if normalise_level2(word) is not None:
        return "LEVEL2"
    return "LEVEL1" if normalise_level1(word) is not None else None


_STATED_KINDS = frozenset({"numeric", "range", "deadline"})
_BOUNDS = frozenset({"TARGET", "ACTUAL"})


def recover_values(doc: Doc, kept: list[ScoredSpan], floor: float) -> list[ScoredSpan]:
    """``kept`` plus, for each name followed by no value before the next name
    or the statement's end, the best TARGET or ACTUAL candidate there (at
    least ``floor``, the candidate floor names are recovered at) that reads
    as a number, range or deadline; for a name with a target and no actual
    (or the reverse), the best candidate of the missing kind
    (X满意度为96%，高于年度目标90%).

    The counterpart of ``recover_names``: 沿线群众满意度达到95%以上 has its
    value scored a little for each of TARGET and ACTUAL and above the
    threshold for neither; the statement still states a value. Its low score
    goes on to the calibrator as the value's span probability."""
    from extractor.values import parse_value

    group = doc.spans.get(SPANS_KEY)
    scores = group.attrs.get("scores") if group is not None else None
    if group is None or scores is None:
        return kept
    values = _candidates(group, scores, floor, _BOUNDS)
    names = _candidates(group, scores, floor, ("NAME",))
    out = list(kept)
    for start, end in _statements(doc.text):
        inside = sorted(
            (s for s in kept if start <= s.start and s.end <= end), key=lambda s: s.start
        )
        if not any(s.label == "NAME" or s.label in _VALUES for s in inside):
            out += _name_and_value(doc.text, (start, end), names, values, out)
            continue
        for k, span in enumerate(inside):
            if span.label != "NAME":
                continue
            stop = next((s.start for s in inside[k + 1 :] if s.label == "NAME"), end)
            stated = {s.label for s in inside if s.label in _VALUES and span.end <= s.start < stop}
            # no value at all: either kind; one of target and actual: the other
            wanted = _BOUNDS - stated if len(stated & _BOUNDS) == 1 else set()
            wanted = _BOUNDS if not stated else wanted
            for cand in values:
                if (
                    cand.label in wanted
                    and span.end <= cand.start
                    and cand.end <= stop
                    and _free(cand, out)
                    and parse_value(doc.text[cand.start : cand.end]).kind in _STATED_KINDS
                ):
                    out.append(cand)
                    break
    return sorted(out, key=lambda s: s.start)


def _candidates(
    group: SpanGroup, scores: Any, floor: float, labels: Collection[str]
) -> list[ScoredSpan]:
    """The span model's candidates of ``labels`` scoring at least ``floor``, best first."""
    return sorted(
        (
            ScoredSpan(span.start_char, span.end_char, span.label_, float(scores[i]))
            for i, span in enumerate(group)
            if span.label_ in labels and float(scores[i]) >= floor
        ),
        key=lambda s: -s.score,
    )


def _name_and_value(
    text: str,
    statement: tuple[int, int],
    names: list[ScoredSpan],
    values: list[ScoredSpan],
    taken: list[ScoredSpan],
) -> list[ScoredSpan]:
    """In a statement where nothing passed the threshold, the best value
    candidate with the best name candidate before it, both at least the
    floor (交通事故发生率较上年下降12%): one statement, one indicator. With so
    little evidence, a name that reads as a header word or a scoring rule
    (``junk_name``) gives no indicator."""
    from extractor.engine.novelty import junk_name
    from extractor.values import parse_value

    start, end = statement
    for value in values:
        if not (start <= value.start and value.end <= end and _free(value, taken)):
            continue
        if parse_value(text[value.start : value.end]).kind not in _STATED_KINDS:
            continue
        for name in names:  # before the value in its statement, as recover_names takes
            if start <= name.start and name.end <= value.start and _free(name, taken):
                if junk_name(text[name.start : name.end]):
                    return []  # a scoring rule's wording (得分一档为…), not an indicator
                return [_unglued(name, text), value]
        return []
    return []


def _second_quantities(
    text: str, kept: list[ScoredSpan], names: list[ScoredSpan]
) -> list[ScoredSpan]:
    """Names for the second and later quantities of one statement
    (工程验收合格率100%，质量达标率100%): a value whose label the statement
    already gave since its latest name starts a new indicator, named by the
    best candidate in its own clause (at least the floor, as in recover_names)."""
    out: list[ScoredSpan] = []
    for start, end in _statements(text):
        inside = sorted(
            (s for s in kept if start <= s.start and s.end <= end), key=lambda s: s.start
        )
        seen: set[str] = set()
        for span in inside:
            if span.label == "NAME":
                seen = set()
                continue
            if span.label not in _VALUES:
                continue
            if span.label in seen:
                clause = max(start, *(text.rfind(c, start, span.start) + 1 for c in "，,"))
                for cand in names:  # best first
                    if clause <= cand.start and cand.end <= span.start and _free(cand, kept + out):
                        out.append(_unglued(cand, text))
                        seen = set()
                        break
            seen.add(span.label)
    return out


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
