"""From spancat's scored candidates to one non-overlapping set of spans."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

SPANS_KEY = "sc"
# jieba writes a rate's last character and the copula after it as one word
# (及时率为98%: 及时|率为), so a name span can only end after the 为.
_GLUED_COPULA = ("率为", "度为")


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
