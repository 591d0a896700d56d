"""Labelled tokens -> indicator candidates, under the form's column order.

The CRF's labels give the structure: header cells, group and level labels
(merged labels are written once, so they hold for the rows after them) and
indicator names, each opening a record. What follows a name up to the next
structural span is cut into units (at separators, and where the CRF's label
changes), and the units are assigned to the value fields by a small dynamic
programme: each unit takes a field or none, the fields follow the order of
the last header read (年度指标值 分值 实际完成值 得分 ...), each field is
filled once (a target split over comparator, number and unit continues),
and the assignment maximises the CRF's marginals. Without a header the
order is free. Every field keeps the characters it was read from and the
marginal of its role, which goes to the calibrator as the reader's
probability.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value, looks_like_claim
from extractor.engine.stream.model import VALUE_ROLES, Tagged
from extractor.engine.stream.numbers import (
    TailSplit,
    choose_totals,
    is_unit,
    points_run,
    split_tail,
)
from extractor.engine.stream.repair import repair_value
from extractor.engine.stream.tokens import Token
from extractor.types import Evidence, IndicatorRecord, ScalarField, StatusField, TextField
from extractor.vocab import (
    LEVEL1,
    LEVEL2,
    header_role,
    level1_of,
    normalize_level1,
    normalize_level2,
)

_BREAKS = re.compile(r"\s*[\n|｜]+\s*")
_STRUCTURE = frozenset({"header", "group", "level1", "level2", "name"})
_CONTINUES = frozenset({"target", "actual", "deviation"})
_EPS = 1e-4
_HAS_DIGIT = re.compile(r"\d")
_MIN_CELLS = 3  # separated cells after a name: the separators survived
_MAX_TARGET_NAME = 30  # a wide table's indicator cell that states its target is short


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


class TextIndex:
    """Line and page numbers of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.feeds = [i for i, ch in enumerate(text) if ch == "\f"]

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(
            page=bisect.bisect_right(self.feeds, start) + 1,
            line_start=bisect.bisect_right(self.newlines, start - 1) + 1,
            line_end=bisect.bisect_right(self.newlines, max(start, end - 1) - 1) + 1,
            char_start=start,
            char_end=end,
        )


def clean(text: str) -> str:
    """A span's text without the line breaks and bars that cut through its cell."""
    return _BREAKS.sub("", text).strip()


@dataclass
class Unit:
    first: int  # token indices
    last: int
    probs: dict[str, float]


def _role_of(label: str) -> str:
    return "O" if label == "O" else label.split("-", 1)[1]


def _units(tokens: list[Token], tagged: Tagged, lo: int, hi: int) -> list[Unit]:
    """Tokens ``lo..hi`` cut into the units fields are assigned to.

    Where separators survive (three cells or more after the name) a unit is what lies
    between two separators: a cell. Where they do not (fused text), the CRF's labels cut:
    a unit starts where the CRF starts another field, except inside a number it cut
    between target and actual (one number)."""
    chunks: list[list[int]] = []
    for j in range(lo, hi + 1):
        if not chunks or tokens[j].sep:
            chunks.append([j])
        else:
            chunks[-1].append(j)
    cuts = chunks if len(chunks) >= _MIN_CELLS else _label_cuts(tokens, tagged, lo, hi)
    units = []
    for idx in cuts:
        probs: dict[str, float] = {}
        for j in idx:
            for role, p in tagged.role_probs(j).items():
                probs[role] = probs.get(role, 0.0) + p / len(idx)
        units.append(Unit(idx[0], idx[-1], probs))
    return units


def _label_cuts(tokens: list[Token], tagged: Tagged, lo: int, hi: int) -> list[list[int]]:
    cuts: list[list[int]] = []
    for j in range(lo, hi + 1):
        tok, label = tokens[j], tagged.labels[j]
        new = not cuts or bool(tok.sep)
        if not new and (
            label.startswith("B-") or _role_of(label) != _role_of(tagged.labels[j - 1])
        ):
            both_digits = tok.kind == "digit" and tokens[j - 1].kind == "digit"
            pair = {_role_of(label), _role_of(tagged.labels[j - 1])}
            new = not (both_digits and pair <= {"target", "actual", "O"})
        if new:
            cuts.append([j])
        else:
            cuts[-1].append(j)
    return cuts


def _fits(text: str) -> dict[str, float]:
    """How well a unit's text fits each field's type: weights and scores are bare numbers,
    a claim is short and reads like one; targets and actuals take anything."""
    v = cached_value(text)
    bare = v.kind == "numeric" and not v.unit and v.op == "="
    claim = looks_like_claim(text)
    return {
        "target": 1.0,
        "actual": 1.0,
        "weight": 1.0 if bare else 0.05,
        "score": 1.0 if bare else 0.05,
        "status": 1.0 if claim else 0.05,
        "deviation": 0.3 if v.kind in ("qualitative", "missing") else 0.05,
    }


def _scores(u: Unit, text: str) -> dict[str, float]:
    """log P(field) of a unit: the CRF's belief that it is a field at all, shared out by the
    CRF's own choice of field and by how the text fits each field's type."""
    field = max(_EPS, 1.0 - u.probs.get("O", 0.0))
    q = {r: u.probs.get(r, 0.0) / field for r in VALUE_ROLES}
    fit = _fits(text)
    norm = sum(fit.values())
    out = {"O": math.log(u.probs.get("O", 0.0) + _EPS)}
    for r in VALUE_ROLES:
        out[r] = math.log(field * (0.4 * q[r] + 0.6 * fit[r] / norm) + _EPS)
    return out


# A column the header declares is more likely filled than not (empty cells are dropped in
# flattened text, so this is a lean, not a rule).
_DECLARED = 1.0


def assign(units: list[Unit], order: list[str] | None, texts: list[str] | None = None) -> list[str]:
    """A field (or "O") for each unit: fields in ``order`` (free if None), each filled once
    except that a target, actual or deviation may continue over adjacent units."""
    roles = list(order) if order else list(VALUE_ROLES)
    roles += [r for r in VALUE_ROLES if r not in roles]
    texts = texts or [""] * len(units)
    scores = [_scores(u, t) for u, t in zip(units, texts, strict=True)]
    # A field continues over the next unit only where one of them is not a whole value
    # (≥ | 1200 | 公里); two numbers in a row are two fields.
    if not units:
        return []
    joins = [False] + [
        not (_HAS_DIGIT.search(texts[i - 1]) and _HAS_DIGIT.search(texts[i]))
        for i in range(1, len(units))
    ]
    if order is None:
        out: list[str] = []
        used: set[str] = set()
        for sc, join in zip(scores, joins, strict=True):
            allowed = ["O"] + [
                r
                for r in roles
                if r not in used or (join and out and out[-1] == r and r in _CONTINUES)
            ]
            pick = max(allowed, key=lambda r: sc[r])
            out.append(pick)
            used.add(pick)
        return out
    declared = set(order)
    # best[c] = (score, path) where c is the column index of the last filled field (-1 none)
    n_cols = len(roles)
    best: dict[int, tuple[float, list[str]]] = {-1: (0.0, [])}
    for sc, join in zip(scores, joins, strict=True):
        nxt: dict[int, tuple[float, list[str]]] = {}
        for c, (score, path) in best.items():
            options = [(c, "O", 0.0)] + [
                (k, roles[k], _DECLARED if roles[k] in declared else 0.0)
                for k in range(c + 1, n_cols)
            ]
            if join and c >= 0 and path and path[-1] == roles[c] and roles[c] in _CONTINUES:
                options.append((c, roles[c], 0.0))
            for k, role, bonus in options:
                total = score + sc[role] + bonus
                if k not in nxt or total > nxt[k][0]:
                    nxt[k] = (total, path + [role])
        best = nxt
    return max(best.values(), key=lambda x: x[0])[1]


def _header_order(text: str, run: list[Span]) -> list[str] | None:
    roles = [header_role(clean(text[s.start : s.end])) for s in run]
    order = list(dict.fromkeys(r for r in roles if r in VALUE_ROLES))
    # A header naming the target alone (指标值) is a target table's: no actual column.
    return order if len(order) >= 2 or order == ["target"] else None


@dataclass
class _Labels:
    group: Span | None = None
    level1: Span | None = None
    level2: Span | None = None


@dataclass
class _Record:
    name: list[Span]
    labels: _Labels
    order: list[str] | None
    lo: int  # value tokens
    hi: int


def decode_records(
    text: str, tokens: list[Token], tagged: Tagged, index: TextIndex | None = None
) -> list[Candidate]:
    """Candidates from labelled tokens, in text order."""
    index = index or TextIndex(text)
    spans = implied_names(text, tokens, tagged, label_spans(tokens, tagged))
    spans = [s for s in spans if s.role in _STRUCTURE]
    labels = _Labels()
    order: list[str] | None = None
    header_run: list[Span] = []
    records: list[_Record] = []
    for k, span in enumerate(spans):
        nxt = spans[k + 1].first - 1 if k + 1 < len(spans) else len(tokens) - 1
        if span.role == "header":
            # A header is a run of header cells with nothing else between them.
            header_run.append(span)
            after = spans[k + 1] if k + 1 < len(spans) else None
            if after is None or after.role != "header" or after.first > span.last + 1:
                order = _header_order(text, header_run) or order
                header_run = []
            continue
        if span.role == "group":
            labels = _Labels(group=span)
        elif span.role == "level1":
            labels = _Labels(group=labels.group, level1=span)
        elif span.role == "level2":
            labels = _Labels(group=labels.group, level1=labels.level1, level2=span)
        elif (
            records
            and records[-1].hi < records[-1].lo
            and records[-1].name[-1].last + 1 == span.first
        ):
            records[-1].name.append(span)  # a name cut in two by the CRF
            records[-1].lo, records[-1].hi = span.last + 1, nxt
        else:
            records.append(_Record([span], labels, order, span.last + 1, nxt))
    read = [_candidate(text, tokens, tagged, rec, index) for rec in records]
    choices = _choose_cuts(text, records, read)
    out = []
    for k, (rec, got) in enumerate(zip(records, read, strict=True)):
        if got is None:
            continue
        if choices.get(k):
            got = _candidate(text, tokens, tagged, rec, index, choices[k])
            if got is None:
                continue
        cand = got[0]
        fits = float(k in choices) if choices else 0.5
        for role in ("weight", "score", "actual"):
            cand.signal(role, totals_fit=fits)
        out.append(cand)
    return out


_LEVEL_POINTS = re.compile(r"[（(](\d+(?:\.\d+)?)分[)）]")
_STATED_TOTAL = re.compile(r"(?:合计|总计|总分|满分)[:：]?\s*(100)(?![\d.])")


def _choose_cuts(
    text: str,
    records: list[_Record],
    read: list[tuple[Candidate, TailSplit | None] | None],
) -> dict[int, int]:
    """Which allowed cut each record with fused points takes (its index among
    ``TailSplit.alternatives``) so that the weights add up to what the form states:
    the points a level-1 label carries (产出指标（50分）) over its rows, else a stated
    100 (合计100) over all rows. Records of groups that add up are keys of the result;
    a group that cannot add up keeps each record's own best cut."""
    groups: dict[object, tuple[float, list[int]]] = {}
    stated = _STATED_TOTAL.search(text)
    for k, (rec, got) in enumerate(zip(records, read, strict=True)):
        if got is None:
            continue
        l1 = rec.labels.level1
        m = _LEVEL_POINTS.search(text[l1.start : l1.end]) if l1 is not None else None
        if m is not None and l1 is not None:
            key: object = l1.start
            total = float(m.group(1))
        elif stated is not None:
            key, total = "all", 100.0
        else:
            continue
        groups.setdefault(key, (total, []))[1].append(k)
    out: dict[int, int] = {}
    for total, members in groups.values():
        options = []
        for k in members:
            cand, split = read[k]  # type: ignore[misc]
            w = cand.record.weight.value
            alts = split.alternatives if split is not None and split.valid else []
            if alts and "weight" in alts[0][1]:
                options.append([(sc, wt) for sc, _, wt in alts])
            else:
                options.append([(0.0, float(w) if isinstance(w, (int, float)) else None)])
        picks = choose_totals(options, total)
        if picks is not None:
            out.update(dict(zip(members, picks, strict=True)))
    return out


def _number(text: str) -> float | int | None:
    v = cached_value(text)
    if v.kind == "numeric" and v.value is not None and not v.unit:
        return v.value
    return None


def _label_field(text: str, span: Span | None, value: str | None, index: TextIndex) -> ScalarField:
    if span is None:
        return ScalarField(value=None)
    return ScalarField(value=value, evidence=index.evidence(span.start, span.end))


def _candidate(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: _Record,
    index: TextIndex,
    choice: int = 0,
) -> tuple[Candidate, TailSplit | None] | None:
    name_start, name_end = rec.name[0].start, rec.name[-1].end
    name = clean(text[name_start:name_end])
    units = _units(tokens, tagged, rec.lo, rec.hi) if rec.lo <= rec.hi else []
    texts = [clean(text[tokens[u.first].start : tokens[u.last].end]) for u in units]
    roles = assign(units, rec.order, texts)
    fields: dict[str, list[Unit]] = {}
    for u, role in zip(units, roles, strict=True):
        if role != "O":
            fields.setdefault(role, []).append(u)
    if not name or (header_role(name) and not fields):
        return None
    got = {
        role: "".join(clean(text[tokens[u.first].start : tokens[u.last].end]) for u in us)
        for role, us in fields.items()
    }
    probs = {role: min(u.probs.get(role, 0.0) for u in us) for role, us in fields.items()}
    # A name never ends in a comparator: one the labeller left there opens the target
    # right after it (农村低保资金<= | 4758万元).
    last = rec.name[-1].last
    if (
        last > rec.name[0].first
        and tokens[last].text in _COMPARATOR_WORDS
        and "target" in fields
        and fields["target"][0].first == last + 1
        and not tokens[last + 1].sep
    ):
        got["target"] = tokens[last].text + got["target"]
        name_end = tokens[last - 1].end
        name = clean(text[name_start:name_end])
    # A unit alone states no value: it ends the target before it (≥18 | 座 | 181010).
    if "target" in got and is_unit(got.get("actual", "")):
        got["target"] += got.pop("actual")
        probs.pop("actual", None)
        fields["target"] = fields.get("target", []) + fields.pop("actual", [])
        roles = ["target" if r == "actual" else r for r in roles]
    # Cells with no separator between them: the fused numbers at the row's end are cut
    # again, by the CRF and the arithmetic together (stream.numbers).
    # (up to the last field read: page chrome or a 总分 line after the row is no cell of it)
    read_to = max((u.last for u, r in zip(units, roles, strict=True) if r != "O"), default=rec.hi)
    n_cells = sum(1 for j in range(rec.lo, read_to + 1) if tokens[j].sep or j == rec.lo)
    fused = bool(units) and n_cells < _MIN_CELLS
    split = None
    if fused:
        head = _resplit_head(text, tokens, tagged, rec, units, roles, got, probs)
        if head is not None and head > name_start:
            name_end = head
            name = clean(text[name_start:name_end])
        split = _resplit(text, tokens, tagged, rec, units, roles, got, probs, choice)
    name_prob = min(s.prob for s in rec.name)
    from_name = "target" not in got and len(name) <= _MAX_TARGET_NAME
    if from_name and cached_value(name).kind in ("numeric", "range", "deadline"):
        # A wide table's indicator cell states its target in its words (购置设备不少于50件).
        got["target"], probs["target"] = name, name_prob
    lab = rec.labels
    l1 = normalize_level1(clean(text[lab.level1.start : lab.level1.end])) if lab.level1 else None
    l2 = normalize_level2(clean(text[lab.level2.start : lab.level2.end])) if lab.level2 else None
    if l1 is None and l2 is not None:
        l1 = level1_of(l2)
    order = rec.order or []
    if "actual" in order and "status" not in order and "status" in got and "actual" not in got:
        # No 完成情况 column: a claim written where the actual goes is the actual too.
        got["actual"], probs["actual"] = got["status"], probs["status"]
    target, target_fixed = repair_value(got.get("target", ""), got.get("actual"))
    actual, actual_fixed = repair_value(got.get("actual", ""))
    status_text = got.get("status")
    if not status_text and actual.kind == "qualitative" and looks_like_claim(actual.text or ""):
        status_text = actual.text
    ends = [tokens[u.last].end for us in fields.values() for u in us] + [name_end]
    group = clean(text[lab.group.start : lab.group.end]) if lab.group else None
    record = IndicatorRecord(
        id="",
        group=_label_field(text, lab.group, group, index),
        level1=_label_field(text, lab.level1, l1, index),
        level2=_label_field(text, lab.level2, l2, index),
        name=ScalarField(value=name, evidence=index.evidence(name_start, name_end)),
        target=target,
        actual=actual,
        weight=ScalarField(value=_number(got.get("weight", ""))),
        score=ScalarField(value=_number(got.get("score", ""))),
        status=StatusField(text=status_text),
        deviation=TextField(text=got.get("deviation") or None),
        evidence=index.evidence(name_start, max(ends)),
        source="stream",
    )
    cand = Candidate(record)
    _stream_signals(cand, units, roles, texts, fused, split)
    cand.signal("name", role_prob=name_prob, present=1.0, stream=1.0)
    cand.signal("target", ocr_repaired=float(target_fixed))
    cand.signal("actual", ocr_repaired=float(actual_fixed))
    for role, p in probs.items():
        cand.signal(role, role_prob=p, present=1.0, stream=1.0)
    for role, span in (("group", lab.group), ("level1", lab.level1), ("level2", lab.level2)):
        if span is not None:
            cand.signal(role, role_prob=span.prob, present=1.0, carried=1.0, stream=1.0)
    for role in (*VALUE_ROLES, "group"):
        if role not in probs and not (role == "group" and lab.group):
            cand.signal(role, present=0.0, stream=1.0)
    cand.row_signals |= {
        "n_roles": float(len(fields) + 1),
        "has_target": float("target" in got),
        "has_actual": float("actual" in got),
        "name_prob": name_prob,
        "stream": 1.0,
    }
    return cand, split


_POINTS = ("weight", "score")
_DEFAULT_ORDER = ("target", "actual", "weight", "score")


def _resplit(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: _Record,
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
    got.update({r: t for r, t in kept.items() if r in _CONTINUES})
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


def _stream_signals(
    cand: Candidate,
    units: list[Unit],
    roles: list[str],
    texts: list[str],
    fused: bool,
    split: TailSplit | None,
) -> None:
    """How the row was decoded, for the calibrator: the assignment's mean log score,
    whether cells were fused and how sure the cut of fused numbers was, and whether
    the row's numbers agree (score within weight, actual in the target's unit)."""
    scores = [_scores(u, t)[r] for u, t, r in zip(units, texts, roles, strict=True)]
    logp = sum(scores) / len(scores) if scores else 0.0
    rec = cand.record
    w, sc = rec.weight.value, rec.score.value
    within = float(not (isinstance(w, (int, float)) and isinstance(sc, (int, float)) and sc > w))
    same_unit = float(
        rec.target.kind != "numeric"
        or rec.actual.kind != "numeric"
        or not rec.actual.unit
        or rec.target.unit == rec.actual.unit
    )
    margin = 5.0 if split is None or math.isinf(split.margin) else min(5.0, split.margin)
    valid = 1.0 if split is None else float(split.valid)
    row = {"stream_logp": max(-10.0, logp), "stream_fused": float(fused)}
    row |= {"stream_cut_margin": margin, "stream_cut_valid": valid}
    cand.row_signals.update(row)
    for role in ("weight", "score"):
        cand.signal(role, within_weight=within, fused=float(fused), cut_margin=margin)
        cand.signal(role, cut_valid=valid)
    cand.signal("actual", same_unit=same_unit, fused=float(fused))
    cand.signal("target", fused=float(fused), assign_logp=max(-10.0, logp))


_COMPARATORS = frozenset("≥≤<>=＞＜＝≧≦")
_COMPARATOR_WORDS = _COMPARATORS | {">=", "<=", "＞＝", "＜＝", "> =", "< ="}


def _digit(tok: Token) -> bool:
    return tok.kind == "digit" or tok.text == "."


def _resplit_head(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: _Record,
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
