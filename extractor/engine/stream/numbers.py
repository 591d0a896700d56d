"""Numbers run together by a lost separator, split by the CRF and by arithmetic.

In fused text the last cells of a row are bare numbers with nothing between
them (``≥95%98%19``: the score 19 after the actual; ``12次12次1010``: weight
10, score 10). The CRF labels every digit, but a digit's label is a local
guess. Here every way of cutting the fused digit run into the fields the
decoder put there (in its order) is scored by the CRF's marginals (a B- label
where a field starts, I- inside it), and only cuts the arithmetic allows are
kept: every piece a well-formed number, a score no larger than its weight, a
weight no larger than the form's 100 points. When no cut is allowed the
numbers are not trusted: the record keeps no weight or score rather than a
shifted one. The margin between the best and the second-best cut goes to the
calibrator.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractor.engine.stream.model import Tagged
from extractor.engine.stream.tokens import Token

_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_EPS = 1e-6
# A weight or a score is a share of the form's 100 points.
MAX_POINTS = 100.0


@dataclass
class TailSplit:
    pieces: dict[str, tuple[int, int]]  # field -> first, last token
    logp: float  # mean log marginal of the chosen cut's labels
    margin: float  # log-odds of the best cut over the second best (inf if alone)
    valid: bool  # some cut satisfied the arithmetic


def fused_tail(tokens: list[Token], lo: int, hi: int) -> tuple[int, int] | None:
    """The run of digits and points ending at ``hi`` with no separator inside it, when
    it follows a non-separated token (a unit, %, a claim): fused numbers."""
    if hi < lo or tokens[hi].kind != "digit":
        return None
    j = hi
    while (
        j > lo
        and not tokens[j].sep
        and (tokens[j - 1].kind == "digit" or tokens[j - 1].text == ".")
    ):
        j -= 1
    if tokens[j].sep or j == lo:
        return None  # a separated number starts there: nothing is fused
    return j, hi


def _log(p: float) -> float:
    return math.log(max(p, _EPS))


def _number(text: str) -> float | None:
    return float(text) if _NUMBER.fullmatch(text) else None


def _allowed(values: dict[str, float | None]) -> bool:
    if any(v is None for v in values.values()):
        return False
    w, s = values.get("weight"), values.get("score")
    if w is not None and not 0 < w <= MAX_POINTS:
        return False
    if s is not None and s > MAX_POINTS:
        return False
    return not (w is not None and s is not None and s > w)


def split_tail(
    tokens: list[Token], tagged: Tagged, first: int, last: int, roles: list[str]
) -> TailSplit | None:
    """The best allowed cut of tokens ``first..last`` into ``roles`` (in order)."""
    n = last - first + 1
    k = len(roles)
    if k == 0 or k > n or k > 3:
        return None
    scored: list[tuple[float, list[int], bool]] = []
    for bounds in _cuts(first, last, k):
        starts = [first, *bounds]
        ends = [b - 1 for b in bounds] + [last]
        texts = [
            "".join(t.text for t in tokens[a : b + 1]) for a, b in zip(starts, ends, strict=True)
        ]
        values = {r: _number(t) for r, t in zip(roles, texts, strict=True)}
        logp = 0.0
        if tagged.marginal is not None:
            for role, a, b in zip(roles, starts, ends, strict=True):
                for i in range(a, b + 1):
                    label = ("B-" if i == a else "I-") + role
                    logp += _log(tagged.marginal(label, i) if label in tagged.known else 0.0)
        scored.append((logp, bounds, _allowed(values)))
    allowed = sorted((s for s in scored if s[2]), key=lambda s: -s[0])
    pool = allowed or sorted(scored, key=lambda s: -s[0])
    best = pool[0]
    margin = best[0] - pool[1][0] if len(pool) > 1 else math.inf
    starts = [first, *best[1]]
    ends = [b - 1 for b in best[1]] + [last]
    return TailSplit(
        {r: (a, b) for r, a, b in zip(roles, starts, ends, strict=True)},
        best[0] / n,
        margin,
        bool(allowed),
    )


def _cuts(first: int, last: int, k: int) -> list[list[int]]:
    """Every way to choose ``k - 1`` cut positions inside ``first..last``."""
    inner = range(first + 1, last + 1)
    if k == 1:
        return [[]]
    if k == 2:
        return [[b] for b in inner]
    return [[a, b] for a in inner for b in inner if a < b]
