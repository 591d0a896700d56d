"""What the stream decoder works on: runs of one label (spans), the units a
row's values are cut into, and a record (a name and the value tokens after
it, under the labels and header order in force)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.engine.stream.model import Tagged
from extractor.engine.stream.tokens import Token

_BREAKS = re.compile(r"\s*[\n|｜]+\s*")
# Fields a cell split over several units continues (a target over comparator,
# number and unit).
CONTINUES = frozenset({"target", "actual", "deviation"})


@dataclass
class Span:
    role: str
    start: int  # char offsets into the text
    end: int
    prob: float  # mean marginal of the span's labels
    first: int  # token indices
    last: int


def label_spans(tokens: list[Token], tagged: Tagged) -> list[Span]:
    """Runs of one role (a B- label, or an I- label after another role, opens a run)."""
    spans: list[Span] = []
    cur_role: str | None = None
    total = 0.0
    for i, (tok, label, p) in enumerate(zip(tokens, tagged.labels, tagged.probs, strict=True)):
        if label == "O":
            cur_role = None
            continue
        kind, role = label.split("-", 1)
        if kind == "I" and role == cur_role and spans:
            sp = spans[-1]
            total += p
            sp.end, sp.last = tok.end, i
            sp.prob = total / (sp.last - sp.first + 1)
            continue
        spans.append(Span(role, tok.start, tok.end, p, i, i))
        total = p
        cur_role = role
    return spans


def clean(text: str) -> str:
    """A span's text without the line breaks and bars that cut through its cell."""
    return _BREAKS.sub("", text).strip()


@dataclass
class Unit:
    first: int  # token indices
    last: int
    probs: dict[str, float]


@dataclass
class RowLabels:
    group: Span | None = None
    level1: Span | None = None
    level2: Span | None = None


@dataclass
class Record:
    name: list[Span]
    labels: RowLabels
    order: list[str] | None
    lo: int  # value tokens
    hi: int
