"""Names the labeller missed in fused text: the words running straight into
a row's values, past any level labels fused before them."""

from __future__ import annotations

import re

from extractor.engine.stream.model import VALUE_ROLES, Tagged
from extractor.engine.stream.parts import Span, clean
from extractor.engine.stream.tokens import Token
from extractor.vocab import LEVEL1, LEVEL2, header_role, normalize_level2

_HAS_DIGIT = re.compile(r"\d")
# Level labels fused before a name (产出指标(70分)数量指标安装…): the framework's names,
# with the points a level-1 label may carry.
_LEVEL_RUN = re.compile(
    "^(?:(?:"
    + "|".join(sorted({re.escape(x) for x in (*LEVEL1, *LEVEL2)}, key=len, reverse=True))
    + r")(?:[（(]\d+(?:\.\d+)?分?[)）])?)+"
)
_MAX_IMPLIED = 40  # chars: an indicator name, not a sentence


def implied_names(text: str, tokens: list[Token], tagged: Tagged, spans: list[Span]) -> list[Span]:
    """``spans`` plus a name span where fused text has values with no name before them.

    With no separator between cells the labeller sometimes finds a row's values but
    calls its name "other"; the words running straight into the values, after the
    previous row's last value (and past any level labels fused before them), are then
    the name. Its probability is the labeller's belief that those words are not
    "other", so the calibrator sees how unsure the name is."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            span.role in VALUE_ROLES
            and prev is not None
            and prev.role in (*VALUE_ROLES, "level1", "level2", "header")
            and span.first - prev.last > 1
            and not tokens[span.first].sep
        ):
            out += _implied(text, tokens, tagged, prev.last + 1, span.first - 1)
        out.append(span)
    return out


def _implied(text: str, tokens: list[Token], tagged: Tagged, lo: int, hi: int) -> list[Span]:
    """The level labels and the name in the O-labelled words ``lo..hi`` (or nothing)."""
    if any(tokens[j].sep for j in range(lo + 1, hi + 1)):
        return []  # separators survive there: not fused text
    base = tokens[lo].start
    words = text[base : tokens[hi].end]
    m = _LEVEL_RUN.match(words)
    start = base + (m.end() if m else 0)
    first = next((j for j in range(lo, hi + 1) if tokens[j].start >= start), None)
    if first is None:
        return []
    name = clean(text[tokens[first].start : tokens[hi].end])
    if not 2 <= len(name) <= _MAX_IMPLIED or not any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return []
    if header_role(name) or normalize_level2(name) or _HAS_DIGIT.search(name[:1]):
        return []
    out = _implied_levels(tokens, base, words[: m.end()] if m else "", lo, first)
    prob = sum(1.0 - tagged.role_probs(j).get("O", 0.0) for j in range(first, hi + 1))
    out.append(
        Span("name", tokens[first].start, tokens[hi].end, prob / (hi - first + 1), first, hi)
    )
    return out


_ONE_LEVEL = re.compile(
    "(?:"
    + "|".join(sorted({re.escape(x) for x in (*LEVEL1, *LEVEL2)}, key=len, reverse=True))
    + r")(?:[（(]\d+(?:\.\d+)?分?[)）])?"
)


def _implied_levels(tokens: list[Token], base: int, run: str, lo: int, first: int) -> list[Span]:
    """Level spans of a fused run of level labels: the last is the level 2 nearest the
    name; one before it is its level 1."""
    found = list(_ONE_LEVEL.finditer(run))
    out: list[Span] = []
    for k, m in enumerate(found):
        a, b = base + m.start(), base + m.end()
        toks = [j for j in range(lo, first) if a <= tokens[j].start < b]
        if not toks:
            continue
        last = k == len(found) - 1
        role = "level2" if last and normalize_level2(m.group()) else "level1"
        out.append(Span(role, a, b, 0.5, toks[0], toks[-1]))
    return out
