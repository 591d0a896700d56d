"""Fused digits cut again into fields. With no separator between cells a
row's numbers run together (``≥18座181010``, ``安装路灯10≥120盏``); the digits
at the row's end, or after the name where the weight comes first, are cut by
the CRF's marginals within what the arithmetic allows (``stream.numbers``)."""

from __future__ import annotations

from extractor.engine.features import cached_value
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.numbers import TailSplit, points_run, split_tail
from extractor.engine.stream.parts import CONTINUES, Record, Unit, clean
from extractor.engine.stream.tokens import Token

_POINTS = ("weight", "score")
_DEFAULT_ORDER = ("target", "actual", "weight", "score")


def resplit_tail(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: Record,
    units: list[Unit],
    roles: list[str],
    got: dict[str, str],
    probs: dict[str, float],
    choice: int = 0,
) -> TailSplit | None:
    """Cut the fused digits that end a row's numbers (``numbers.points_run``) again into
    the fields the form puts after what was read before them (an actual run into the
    points, ``≥18座181010``; the points alone, ``1260人1010``), by the CRF, the arithmetic
    and the numbers' plausibility (``numbers.split_tail``); ``choice`` takes another allowed
    cut (the document's weights must add up). Rewrites ``got``/``probs``. Where no cut
    is allowed, the fields on the digits go: no number is better than a shifted one."""
    placed = [(u, r) for u, r in zip(units, roles, strict=True) if r != "O"]
    if not placed:
        return None
    run = points_run(tokens, tagged, rec.lo, rec.hi)
    if run is None:
        return None
    first, last = run
    form = list(rec.order or _DEFAULT_ORDER)
    before = [r for u, r in placed if u.first < first]
    on_run = [r for u, r in placed if first <= u.first <= last]
    if any(r not in (*_POINTS, "actual", "target") for r in on_run):
        return None  # a status or deviation in the digits: not points
    # Fields read before the digits keep their text before them.
    kept: dict[str, str] = {}
    for u, r in placed:
        if u.first < first:
            end = tokens[min(u.last, first - 1)].end
            kept[r] = kept.get(r, "") + clean(text[tokens[u.first].start : end])
    # Only a field that ran into the digits is cut back (others keep what they read).
    kept = {r: t for r, t in kept.items() if any(r == q and u.last >= first for u, q in placed)}
    # A target that holds two values (≥90%92%) holds the actual too.
    both = cached_value(kept.get("target", got.get("target", "")))
    if "actual" in form and "actual" not in before and len(both.parts) == 2:
        kept["target"], kept["actual"] = (p.text or "" for p in both.parts)
        before.append("actual")
    at = max((form.index(r) for r in before if r in form), default=-1)
    wanted = [r for r in form[at + 1 :] if r in (*_POINTS, "actual")]
    if not wanted or not any(r in _POINTS for r in wanted):
        return None
    target = cached_value(kept.get("target", got.get("target", "")))
    tv = (
        target.value
        if target.kind == "numeric" and isinstance(target.value, (int, float))
        else None
    )
    options = [wanted] + ([[r for r in wanted if r != "actual"]] if "actual" in wanted else [])
    if "score" not in (rec.order or ()):
        # No 得分 column declared (a target table's 分值 alone): the digits may be one weight.
        options += [[r for r in w if r != "score"] for w in options if w == ["weight", "score"]]
    splits = [sp for w in options if (sp := split_tail(tokens, tagged, first, last, w, tv))]
    if not splits:
        return None
    valid = [sp for sp in splits if sp.valid]
    split = max(valid or splits, key=lambda sp: sp.alternatives[0][0] if sp.alternatives else -1e9)
    for r in {*on_run, *wanted} - set(before):
        got.pop(r, None)
        probs.pop(r, None)
    got.update({r: t for r, t in kept.items() if r in CONTINUES})
    if "actual" in kept:
        probs["actual"] = probs.get("target", 0.0)
    if not split.valid:
        return split
    pieces = split.alternatives[min(choice, len(split.alternatives) - 1)][1]
    split.pieces = pieces
    for r, (a, b) in pieces.items():
        got[r] = clean(text[tokens[a].start : tokens[b].end])
        probs[r] = sum(tagged.role_probs(j).get(r, 0.0) for j in range(a, b + 1)) / (b - a + 1)
    return split


_COMPARATORS = frozenset("≥≤<>=＞＜＝≧≦")
COMPARATOR_WORDS = _COMPARATORS | {">=", "<=", "＞＝", "＜＝", "> =", "< ="}


def _digit(tok: Token) -> bool:
    return tok.kind == "digit" or tok.text == "."


def resplit_head(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: Record,
    units: list[Unit],
    roles: list[str],
    got: dict[str, str],
    probs: dict[str, float],
) -> int | None:
    """Where the form puts the weight before the target (分值 | 年度指标值 ...), fused
    text runs the weight into the name or the target (安装路灯10≥120盏, 验收合格率20100%):
    the digits after the name are cut into weight and target by the marginals within
    what the arithmetic allows. Rewrites ``got``/``probs``; returns where the name now
    ends when it had taken the weight's digits, else None."""
    if not rec.order or rec.order[0] != "weight" or rec.lo > rec.hi:
        return None
    start = rec.lo
    name_first, name_last = rec.name[0].first, rec.name[-1].last
    if "weight" not in got:  # the name may have taken the weight's digits
        j = name_last
        while j > name_first and _digit(tokens[j]) and not tokens[j].sep:
            j -= 1
        if j < name_last and not tokens[rec.lo].sep:
            start = j + 1
    end = rec.lo - 1
    while (
        end + 1 <= rec.hi
        and _digit(tokens[end + 1])
        and (end + 1 == start or not tokens[end + 1].sep)
    ):
        end += 1
    if end < start or tokens[start].kind != "digit":
        return None
    after = tokens[end + 1] if end + 1 <= rec.hi and not tokens[end + 1].sep else None
    if after is None:
        return None  # the digits stand alone: a cell of their own
    fields = ["weight"] if after.text in _COMPARATORS else ["weight", "target"]
    split = split_tail(tokens, tagged, start, end, fields)
    if split is None or not split.valid:
        return None
    for u, r in zip(units, roles, strict=True):
        if r not in ("O", "weight", "target") and u.first >= start and u.last <= end:
            got.pop(r, None)
            probs.pop(r, None)
    a, b = split.pieces["weight"]
    got["weight"] = clean(text[tokens[a].start : tokens[b].end])
    probs["weight"] = sum(tagged.role_probs(j).get("weight", 0.0) for j in range(a, b + 1)) / (
        b - a + 1
    )
    if "target" in split.pieces:
        t0 = split.pieces["target"][0]
        ends = [u.last for u, r in zip(units, roles, strict=True) if r == "target" and u.last > end]
        t1 = min(ends) if ends else end + 1
        while (
            t1 + 1 <= rec.hi
            and not tokens[t1 + 1].sep
            and not _digit(tokens[t1 + 1])
            and (tokens[t1 + 1].kind != "cjk" or tokens[t1].kind == "cjk")
            and not ends
        ):
            t1 += 1
        got["target"] = clean(text[tokens[t0].start : tokens[t1].end])
        probs["target"] = min(tagged.role_probs(j).get("target", 0.0) for j in range(t0, t1 + 1))
    return tokens[start - 1].end if start < rec.lo else None
