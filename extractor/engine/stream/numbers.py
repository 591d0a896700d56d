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

Where the actual runs into the points (``≥18座181010``: actual 18, weight 10,
score 10) the CRF has little to go on, so each allowed cut is also scored by
how plausible its numbers are (``plausibility``): an actual near its target's
magnitude, a score near its weight. Every allowed cut is kept as an
alternative, so that the document's weights can be made to add up to the
total the form states (``choose_totals``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from extractor.engine.stream.model import Tagged
from extractor.engine.stream.tokens import Token
from extractor.values.units import KNOWN_UNITS

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
    # every allowed cut, best first: (score, pieces, weight value)
    alternatives: list[tuple[float, dict[str, tuple[int, int]], float | None]] = field(
        default_factory=list
    )


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


def _allowed(values: dict[str, float | None], texts: dict[str, str] | None = None) -> bool:
    if any(v is None for v in values.values()):
        return False
    # Points are stated to at most two decimals (28.61513 is no weight).
    if texts and any(
        len(texts[r].partition(".")[2]) > 2 for r in ("weight", "score") if r in texts
    ):
        return False
    w, s = values.get("weight"), values.get("score")
    if w is not None and not 0 < w <= MAX_POINTS:
        return False
    if s is not None and s > MAX_POINTS:
        return False
    return not (w is not None and s is not None and s > w)


# log-odds one unit of implausibility costs a cut, against the CRF's log marginals
PLAUSIBILITY_WEIGHT = 2.0
_MAX_PENALTY = 8.0


def plausibility(values: dict[str, float | None], target: float | None) -> float:
    """A log prior of a cut's numbers (0 best): an actual of its target's magnitude
    (4610 under ≥45 is a weight run into it), a score near its weight (a score of 0
    under a weight of 1 is a cut through ``1010``)."""
    out = 0.0
    a = values.get("actual")
    if a is not None and target:
        out -= min(_MAX_PENALTY, abs(math.log(max(a, _EPS) / abs(target))))
    w, s = values.get("weight"), values.get("score")
    if w and s is not None:
        out -= min(_MAX_PENALTY, -math.log(max(s / w, _EPS)))
    return out


def split_tail(
    tokens: list[Token],
    tagged: Tagged,
    first: int,
    last: int,
    roles: list[str],
    target: float | None = None,
) -> TailSplit | None:
    """The best allowed cut of tokens ``first..last`` into ``roles`` (in order); ``target``
    is the row's target value, which the actual's magnitude is scored against."""
    n = last - first + 1
    k = len(roles)
    if k == 0 or k > n or k > 3:
        return None
    scored: list[tuple[float, list[int], bool, float | None]] = []
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
        ok = _allowed(values, dict(zip(roles, texts, strict=True)))
        prior = PLAUSIBILITY_WEIGHT * plausibility(values, target) if ok else 0.0
        scored.append((logp + prior, bounds, ok, values.get("weight")))
    allowed = sorted((s for s in scored if s[2]), key=lambda s: -s[0])
    pool = allowed or sorted(scored, key=lambda s: -s[0])
    best = pool[0]
    margin = best[0] - pool[1][0] if len(pool) > 1 else math.inf
    return TailSplit(
        _pieces(roles, first, last, best[1]),
        best[0] / n,
        margin,
        bool(allowed),
        [(sc, _pieces(roles, first, last, b), w) for sc, b, _, w in allowed],
    )


def _pieces(
    roles: list[str], first: int, last: int, bounds: list[int]
) -> dict[str, tuple[int, int]]:
    starts = [first, *bounds]
    ends = [b - 1 for b in bounds] + [last]
    return {r: (a, b) for r, a, b in zip(roles, starts, ends, strict=True)}


def _cuts(first: int, last: int, k: int) -> list[list[int]]:
    """Every way to choose ``k - 1`` cut positions inside ``first..last``."""
    inner = range(first + 1, last + 1)
    if k == 1:
        return [[]]
    if k == 2:
        return [[b] for b in inner]
    return [[a, b] for a in inner for b in inner if a < b]


def points_run(tokens: list[Token], tagged: Tagged, lo: int, hi: int) -> tuple[int, int] | None:
    """The first run of fused digits in ``lo..hi`` that ends a row's numbers: it follows
    a token with no separator (a unit, %, a claim) and no unit follows it (``1260人`` is
    a value, ``11月底前`` a date; ``1.421512部分…`` ends in points before a deviation
    the labeller reads as one)."""
    j = lo + 1
    while j <= hi:
        if (
            tokens[j].kind != "digit"
            or tokens[j].sep
            or tokens[j - 1].kind == "digit"
            or tokens[j - 1].text == "."
        ):
            j += 1
            continue
        k = j
        while (
            k + 1 <= hi
            and not tokens[k + 1].sep
            and (tokens[k + 1].kind == "digit" or tokens[k + 1].text == ".")
        ):
            k += 1
        # a line break may be a page's wrap inside a value (≥30⏎万人次)
        nxt = tokens[k + 1] if k + 1 <= hi and tokens[k + 1].sep in ("", "line") else None
        if k > j and _ends_numbers(nxt, tagged.labels[k + 1] if nxt is not None else "O"):
            return j, k
        j = k + 1
    return None


def _ends_numbers(nxt: Token | None, label: str) -> bool:
    """Whether digits followed by ``nxt`` (labelled ``label``) end the row's numbers:
    nothing follows, a deviation or claim does, or a word that is no unit; a unit, or a
    word the labeller carries on the value that starts as one (月底), continues it."""
    if nxt is None or label.split("-", 1)[-1] in ("deviation", "status"):
        return True
    carried = label.startswith("I-") and nxt.text[:1] in KNOWN_UNITS
    return not (is_unit(nxt.text) or carried)


def is_unit(word: str) -> bool:
    """A unit a number may carry (人, 公里, 万亩: a magnitude and a unit)."""
    return word in KNOWN_UNITS or (len(word) > 1 and word.lstrip("万亿千百") in KNOWN_UNITS)


def choose_totals(
    options: list[list[tuple[float, float | None]]], total: float
) -> list[int] | None:
    """One option per record, ``(score, weight)`` each, so that the weights add up to
    ``total`` with the greatest summed score; None when no choice adds up."""
    goal = round(total * 100)
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for opts in options:
        nxt: dict[int, tuple[float, list[int]]] = {}
        for s, (sc, path) in best.items():
            for k, (o_sc, w) in enumerate(opts):
                t = s + round((w or 0) * 100)
                if t > goal:
                    continue
                cand = (sc + o_sc, [*path, k])
                if t not in nxt or cand[0] > nxt[t][0]:
                    nxt[t] = cand
        best = nxt
    got = best.get(goal)
    return got[1] if got else None
