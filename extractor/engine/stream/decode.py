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

Where cells are fused, ``fused_digits`` cuts the run-together numbers again
and ``implied`` adds the names the labeller missed; ``parts`` holds the spans,
units and records they share.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value, looks_like_claim
from extractor.engine.stream.fused_digits import COMPARATOR_WORDS, resplit_head, resplit_tail
from extractor.engine.stream.implied import implied_names
from extractor.engine.stream.model import VALUE_ROLES, Tagged
from extractor.engine.stream.numbers import (
    TailSplit,
    choose_totals,
    is_unit,
)
from extractor.engine.stream.parts import (
    CONTINUES,
    Record,
    RowLabels,
    Span,
    Unit,
    clean,
    label_spans,
)
from extractor.engine.stream.repair import repair_value
from extractor.engine.stream.tokens import Token
from extractor.types import Evidence, IndicatorRecord, ScalarField, StatusField, TextField
from extractor.vocab import (
    header_role,
    level1_of,
    normalize_level1,
    normalize_level2,
)

_STRUCTURE = frozenset({"header", "group", "level1", "level2", "name"})
_EPS = 1e-4
_HAS_DIGIT = re.compile(r"\d")
_MIN_CELLS = 3  # separated cells after a name: the separators survived
_MAX_TARGET_NAME = 30  # a wide table's indicator cell that states its target is short


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
    return [_unit(tagged, idx) for idx in cuts]


def _unit(tagged: Tagged, idx: list[int]) -> Unit:
    probs: dict[str, float] = {}
    n = len(idx)
    for j in idx:
        for role, p in tagged.role_probs(j).items():
            probs[role] = probs.get(role, 0.0) + p / n
    return Unit(idx[0], idx[-1], probs)


# Words a value cell ends in after its number (95%以上, 30天以内).
_VALUE_SUFFIX = frozenset({"以上", "以下", "以内", "及以上", "及以下"})


def _cut_at_values(tokens: list[Token], tagged: Tagged, units: list[Unit]) -> list[Unit]:
    """``units`` with each run of glued words the labeller left outside every field cut
    where a value starts and ends (伙食满意度|95%以上|学生对学校…): a comparator and number,
    with the unit or 以上 after it, is a cell of its own in glued text."""
    out: list[Unit] = []
    for u in units:
        idx = list(range(u.first, u.last + 1))
        if any(tokens[j].sep for j in idx[1:]) or any(tagged.labels[j] != "O" for j in idx):
            out.append(u)
            continue
        pieces: list[list[int]] = []
        words = False  # the last piece is a run of words (a value's piece holds a number)
        k = 0
        while k < len(idx):
            j = idx[k]
            starts = _is_number(tokens[j]) or (
                tokens[j].text in COMPARATOR_WORDS
                and k + 1 < len(idx)
                and _is_number(tokens[idx[k + 1]])
            )
            if not starts:
                if words and pieces[-1][-1] == j - 1:
                    pieces[-1].append(j)
                else:
                    pieces.append([j])
                    words = True
                k += 1
                continue
            piece = [j]
            k += 1
            while k < len(idx) and (_is_number(tokens[idx[k]]) or tokens[idx[k]].text == "%"):
                piece.append(idx[k])
                k += 1
            if k < len(idx) and (
                tokens[idx[k]].text in _VALUE_SUFFIX or is_unit(tokens[idx[k]].text)
            ):
                piece.append(idx[k])
                k += 1
            if k < len(idx) and tokens[idx[k]].text in _VALUE_SUFFIX:
                piece.append(idx[k])
                k += 1
            pieces.append(piece)
            words = False
        out += [_unit(tagged, piece) for piece in pieces]
    return out


def _is_number(tok: Token) -> bool:
    return tok.kind == "digit" or tok.text == "."


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
    if not isinstance(order, ClosedOrder):
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
        return _free(scores, joins, roles)
    declared = set(order)
    return _ordered(scores, joins, roles, [_DECLARED if r in declared else 0.0 for r in roles])


def _ordered(
    scores: list[dict[str, float]], joins: list[bool], roles: list[str], bonus: list[float]
) -> list[str]:
    """The best assignment whose fields follow ``roles``, by dynamic programming.

    A state is a column (0 before any field, i for ``roles[i - 1]``) and whether the last
    unit is in that column's field (open: the field may continue over the next unit) or
    outside it (closed). The two are kept apart: a closed path that scores higher must not
    hide an open one that a continuing unit makes the better. Ties go to the earlier
    column, then to an opening over an "O" and an "O" over a continuation."""
    size = len(roles) + 1
    cont = [False] + [r in CONTINUES for r in roles]
    neg = -math.inf
    shut = [0.0] + [neg] * (size - 1)  # best score per column, last unit closed / open
    held = [neg] * size
    open_first = [False] * size  # on a tie between a column's two states, open ranks first
    back: list[tuple[list[int], list[int]]] = []  # per unit: the state before, closed / open
    for sc, join in zip(scores, joins, strict=True):
        o = sc["O"]
        n_shut, n_held, n_first = [neg] * size, [neg] * size, [False] * size
        b_shut, b_held = [0] * size, [0] * size
        run, run_at = neg, 0  # the best state of the columns before this one
        for i in range(size):
            # the column's better state (state ids: 2 * column + open)
            if open_first[i]:
                top, top_at = held[i], 2 * i + 1
                if shut[i] > top:
                    top, top_at = shut[i], 2 * i
            else:
                top, top_at = shut[i], 2 * i
                if held[i] > top:
                    top, top_at = held[i], 2 * i + 1
            n_shut[i], b_shut[i] = top + o, top_at
            if i:
                v = sc[roles[i - 1]]
                best, at, opening = run + v + bonus[i - 1], run_at, True
                if join and cont[i] and held[i] + v > best:
                    best, at, opening = held[i] + v, 2 * i + 1, False
                n_held[i], b_held[i] = best, at
                n_first[i] = best > n_shut[i] or (best == n_shut[i] and opening)
            if top > run:
                run, run_at = top, top_at
        shut, held, open_first = n_shut, n_held, n_first
        back.append((b_shut, b_held))
    state, top = 0, neg
    for i in range(size):
        for s in (2 * i + 1, 2 * i) if open_first[i] else (2 * i, 2 * i + 1):
            v = held[i] if s & 1 else shut[i]
            if v > top:
                state, top = s, v
    path: list[str] = []
    for b_shut, b_held in reversed(back):
        i, is_open = divmod(state, 2)
        path.append(roles[i - 1] if is_open else "O")
        state = b_held[i] if is_open else b_shut[i]
    return path[::-1]


def _free(scores: list[dict[str, float]], joins: list[bool], roles: list[str]) -> list[str]:
    """The best assignment without a column order: each field filled once, in any order.

    A state is the set of fields filled (a bit mask) and the field the last unit is in
    where it may continue (-1 if none). Ties go to the state reached first, "O" first and
    the fields in ``roles`` order after it."""
    bits = {r: 1 << k for k, r in enumerate(roles)}
    cont = {r: k if r in CONTINUES else -1 for k, r in enumerate(roles)}
    best: dict[tuple[int, int], float] = {(0, -1): 0.0}
    back: list[dict[tuple[int, int], tuple[tuple[int, int], str]]] = []
    for sc, join in zip(scores, joins, strict=True):
        nxt: dict[tuple[int, int], float] = {}
        step: dict[tuple[int, int], tuple[tuple[int, int], str]] = {}
        o = sc["O"]
        for state, score in best.items():
            mask, held = state
            moves = [((mask, -1), "O", score + o)]
            moves += [
                ((mask | bits[r], cont[r]), r, score + sc[r]) for r in roles if not mask & bits[r]
            ]
            if join and held >= 0:
                r = roles[held]
                moves.append((state, r, score + sc[r]))
            for key, role, total in moves:
                if key not in nxt or total > nxt[key]:
                    nxt[key] = total
                    step[key] = (state, role)
        best = nxt
        back.append(step)
    state = max(best, key=best.__getitem__)
    path: list[str] = []
    for step in reversed(back):
        state, role = step[state]
        path.append(role)
    return path[::-1]


# Value kinds a cell states a target or actual in (a number, a range, a deadline).
_STATED_KINDS = frozenset({"numeric", "range", "deadline"})


def _row_score(units: list[Unit], texts: list[str], roles: list[str]) -> float:
    return sum(_scores(u, t)[r] for u, t, r in zip(units, texts, roles, strict=True))


def assign_stating(
    units: list[Unit], order: list[str] | None, texts: list[str]
) -> list[str] | None:
    """The best assignment in which the first cell stating a value is the target or the
    actual (with a comparator cell before it and a unit cell after it: ≥ | 24 | 场).

    A name opens an indicator row, and an indicator row states its target or actual:
    where the labeller read every cell after a name as outside the row (a form it never
    saw, its value columns split or placed after an explanation), the row's best reading
    under that condition. None if no cell states a value."""
    i = next((k for k, t in enumerate(texts) if cached_value(t).kind in _STATED_KINDS), None)
    if i is None:
        return None
    lo, hi = i, i
    while lo > 0 and texts[lo - 1] in COMPARATOR_WORDS:
        lo -= 1
    while hi + 1 < len(texts) and is_unit(texts[hi + 1]):
        hi += 1
    best: tuple[float, list[str]] | None = None
    for role in ("target", "actual"):
        forced = [
            Unit(u.first, u.last, {role: 1.0}) if lo <= k <= hi else u for k, u in enumerate(units)
        ]
        roles = assign(forced, order, texts)
        if roles[i] != role:
            continue
        score = _row_score(units, texts, roles)
        if best is None or score > best[0]:
            best = (score, roles)
    return None if best is None else best[1]


class ClosedOrder(list[str]):
    """A header row's value columns where the row was read to its end: no other
    value column exists (a 完成值 | 分值-less form's lone digit is its actual, not a score)."""


def _header_cells_after(tokens: list[Token], i: int) -> tuple[list[str], int]:
    """Header cells the labeller left out at the end of a header row (…指标值 完成值): the
    separated cells after it on its line that are header words, and the token after them."""
    out: list[str] = []
    while i < len(tokens) and tokens[i].sep in ("space", "tab", "bar"):
        j = i + 1
        while j < len(tokens) and not tokens[j].sep:
            j += 1
        cell = "".join(t.text for t in tokens[i:j])
        if not header_role(cell):
            break
        out.append(cell)
        i = j
    return out, i


_ROW_ENDS = frozenset({"line", "blank", "barline"})


def _one_line_header(tokens: list[Token], run: list[Span], cells: list[str], end: int) -> bool:
    """Is the header row read whole: from its name column (三级指标) to its last cell on one
    line, and the line ending there? Then it names every value column the rows have. (One
    cell a line, a line says nothing of where a row ends.)"""
    names = [k for k, c in enumerate(cells) if header_role(c) == "name"]
    if not names:
        return False
    first = run[names[-1]].first
    if any(tokens[j].sep in _ROW_ENDS for j in range(first + 1, end)):
        return False
    return end >= len(tokens) or tokens[end].sep in _ROW_ENDS


def _header_order(cells: list[str], whole: bool = False) -> list[str] | None:
    """The value columns a header row's cells name, in order; closed when the row was
    read whole and names two value columns or more."""
    roles = [header_role(c) for c in cells]
    order = list(dict.fromkeys(r for r in roles if r in VALUE_ROLES))
    if whole and len(order) >= 2:
        return ClosedOrder(order)
    # A header naming the target alone (指标值) is a target table's: no actual column.
    return order if len(order) >= 2 or order == ["target"] else None


def decode_records(
    text: str, tokens: list[Token], tagged: Tagged, index: TextIndex | None = None
) -> list[Candidate]:
    """Candidates from labelled tokens, in text order."""
    index = index or TextIndex(text)
    spans = implied_names(text, tokens, tagged, label_spans(tokens, tagged))
    spans = [s for s in spans if s.role in _STRUCTURE]
    labels = RowLabels()
    order: list[str] | None = None
    header_run: list[Span] = []
    records: list[Record] = []
    for k, span in enumerate(spans):
        nxt = spans[k + 1].first - 1 if k + 1 < len(spans) else len(tokens) - 1
        if span.role == "header":
            # A header is a run of header cells with nothing else between them.
            header_run.append(span)
            after = spans[k + 1] if k + 1 < len(spans) else None
            if after is None or after.role != "header" or after.first > span.last + 1:
                cells = [clean(text[s.start : s.end]) for s in header_run]
                more, end = _header_cells_after(tokens, span.last + 1)
                whole = _one_line_header(tokens, header_run, cells, end)
                order = _header_order(cells + more, whole) or order
                header_run = []
            continue
        if span.role == "group":
            labels = RowLabels(group=span)
        elif span.role == "level1":
            labels = RowLabels(group=labels.group, level1=span)
        elif span.role == "level2":
            labels = RowLabels(group=labels.group, level1=labels.level1, level2=span)
        elif (
            records
            and records[-1].hi < records[-1].lo
            and records[-1].name[-1].last + 1 == span.first
            and not tokens[span.first].numbered
        ):
            records[-1].name.append(span)  # a name cut in two by the CRF
            records[-1].lo, records[-1].hi = span.last + 1, _before_total(tokens, span, nxt)
        else:
            records.append(
                Record([span], labels, order, span.last + 1, _before_total(tokens, span, nxt))
            )
    read = [_candidate(text, tokens, tagged, rec, index) for rec in records]
    for k, rec in enumerate(records):
        if (got := read[k]) is not None and (cut := _target_in_name(tokens, rec, got[0])):
            redone = _candidate(text, tokens, tagged, cut, index)
            if redone is not None and redone[0].record.target.kind != "missing":
                records[k], read[k] = cut, redone
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
        cand.row_signals["footnote"] = float(_in_footnote(text, cand.record.evidence.char_start))
        fits = float(k in choices) if choices else 0.5
        for role in ("weight", "score", "actual"):
            cand.signal(role, totals_fit=fits)
        out.append(cand)
    return out


# The cell opening a form's total row (总分 | 100 | 94): its figures are the form's.
_TOTAL_CELLS = frozenset({"总分", "合计", "总计"})


def _before_total(tokens: list[Token], span: Span, hi: int) -> int:
    """The last token of a row running to ``hi`` that stops before a total row's cell."""
    for j in range(span.last + 1, hi + 1):
        if not tokens[j].sep:
            continue
        k = j + 1
        while k <= hi and not tokens[k].sep:
            k += 1
        if "".join(t.text for t in tokens[j:k]) in _TOTAL_CELLS:
            return j - 1
    return hi


_INLINE = frozenset({"space", "tab", "bar"})
# A line opened by a note marker (注:1.一级指标分值统一设置为…) is a form's footnote: the
# figures it lists are rules, not a row.
_FOOTNOTE = re.compile(r"\s*(?:注|备注|说明)\s*[:：]")


def _in_footnote(text: str, start: int | None) -> bool:
    if start is None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _FOOTNOTE.match(text, line_start, start) is not None


def _target_in_name(tokens: list[Token], rec: Record, cand: Candidate) -> Record | None:
    """The record with its name's last cell given back to the values, where the labeller
    read (part of) a qualitative target into the name, in a row whose cells are separated
    and whose name is two cells or more on one line: the values start inside the name's
    last cell (提交报告及时性 在项目计划完成时间|内完成), or the header declares a target before
    the actual and the row has an actual and no target (经费支出合规性 严格执行相关制度规定 |
    达成预期指标). None where that does not hold."""
    r = cand.record
    order = rec.order or []
    if len(rec.name) != 1 or rec.lo > rec.hi:
        return None
    span = rec.name[0]
    # Only where the row's cells are separated: a glued page's wrapped name (名称前半
    # 名称后半≥95%…) is one name whose values follow it with no separator.
    if sum(tokens[j].sep in _INLINE for j in range(rec.lo, rec.hi + 1)) < 2:
        return None
    glued_on = not tokens[rec.lo].sep  # the values start inside the name's last cell
    if not glued_on:
        if not (r.target.kind == "missing" and r.actual.kind != "missing"):
            return None
        if "target" not in order or "actual" not in order:
            return None
        if order.index("target") > order.index("actual"):
            return None
    inner = range(span.first + 1, span.last + 1)
    if any(tokens[j].sep in _ROW_ENDS for j in inner):
        return None  # a name wrapped over lines, not a row's cells
    cuts = [j for j in inner if tokens[j].sep in _INLINE]
    if not cuts:
        return None
    k = cuts[-1]
    head = Span(span.role, span.start, tokens[k - 1].end, span.prob, span.first, k - 1)
    return Record([head], rec.labels, rec.order, k, rec.hi)


_LEVEL_POINTS = re.compile(r"[（(](\d+(?:\.\d+)?)分[)）]")
_STATED_TOTAL = re.compile(r"(?:合计|总计|总分|满分)[:：]?\s*(100)(?![\d.])")


def _choose_cuts(
    text: str,
    records: list[Record],
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


_BRACKETS = frozenset("()（）[]【】")


def _name_word(tok: Token) -> bool:
    """A token a name's cell may go on with: words and brackets, never a number or a
    comparator (in fused text those are the neighbouring row's cells)."""
    return tok.kind == "cjk" or tok.text in _BRACKETS


def _to_cell_end(
    tokens: list[Token], rec: Record, fields: dict[str, list[Unit]], name_end: int
) -> int:
    """Where the name ends: at the end of its cell when no field took the rest of it.

    The labeller can stop a name inside its cell (受益 | 脱贫(监测)人口数, one line of a
    one-cell-a-line page); a separator ends a cell, so what lies between the name and
    the next separator, unread by any field, is still the name."""
    used = {j for us in fields.values() for u in us for j in range(u.first, u.last + 1)}
    j = rec.name[-1].last + 1
    while j <= rec.hi and not tokens[j].sep and j not in used and _name_word(tokens[j]):
        j += 1
    at_cell_end = j > rec.hi or bool(tokens[j].sep)
    return tokens[j - 1].end if at_cell_end and j > rec.name[-1].last + 1 else name_end


_WORDED = ("target", "actual")


def _fill_declared(
    tokens: list[Token], units: list[Unit], roles: list[str], order: list[str] | None
) -> list[str]:
    """``roles`` with the separated cells the labeller left outside before a row's first
    labelled value given the declared columns before it, where they are exactly as many
    (单项业务成本 | 符合相关规定 | 达成预期指标 | 10 | 10 under 指标值 完成值 分值 得分): each
    cell of a separated row stands in its column, worded or not."""
    if not order or not units:
        return roles
    first = next((k for k, r in enumerate(roles) if r != "O"), None)
    if first is None or first == 0 or roles[first] not in order:
        return roles
    # The rest of the name's own cell (单项|业务成本, the labeller stopped the name early)
    # is no column; the name's end takes it later.
    rest = int(
        not tokens[units[0].first].sep
        and all(tokens[j].kind == "cjk" for j in range(units[0].first, units[0].last + 1))
    )
    before = order[: order.index(roles[first])]
    if len(before) != first - rest or not set(before) <= set(_WORDED):
        return roles
    if not all(tokens[u.first].sep in _INLINE for u in units[rest : first + 1]):
        return roles  # cells cut by separators on the row's line, not by labels
    return roles[:rest] + before + roles[first:]


def _to_glued_value(
    tokens: list[Token], tagged: Tagged, rec: Record, fields: dict[str, list[Unit]], name_end: int
) -> int:
    """Where the name ends in a glued row read by its first stated value: the words the
    labeller left outside between the name and that value (学生对学校|伙食满意度|95%以上)
    run on from the name, with no separator, so they are the rest of it."""
    firsts = [u.first for role in ("target", "actual") for u in fields.get(role, [])]
    if not firsts:
        return name_end
    first = min(firsts)
    between = range(rec.name[-1].last + 1, first)
    if not between or first > rec.hi:
        return name_end
    if any(tokens[j].sep or tagged.labels[j] != "O" or tokens[j].kind != "cjk" for j in between):
        return name_end
    if tokens[first].sep:
        return name_end
    return tokens[first - 1].end


def _from_cell_start(tokens: list[Token], tagged: Tagged, rec: Record, name_start: int) -> int:
    """Where the name starts: at the start of its cell when the labeller left the cell's
    first words outside every field (解决脱贫(监测)饮水 | 安全问题人数, one cell). A cell
    between blank lines (one cell a line) is the name's whole, numbers included
    (0-6岁儿童…); elsewhere only words join it."""

    def start(word: Callable[[Token], bool]) -> int:
        k = rec.name[0].first
        while k > 0 and not tokens[k].sep and tagged.labels[k - 1] == "O" and word(tokens[k - 1]):
            k -= 1
        return k

    k = start(lambda tok: tok.text not in COMPARATOR_WORDS)
    if tokens[k].sep != "blank":
        k = start(_name_word)
    return tokens[k].start if k < rec.name[0].first and tokens[k].sep else name_start


def _candidate(
    text: str,
    tokens: list[Token],
    tagged: Tagged,
    rec: Record,
    index: TextIndex,
    choice: int = 0,
) -> tuple[Candidate, TailSplit | None] | None:
    name_start, name_end = rec.name[0].start, rec.name[-1].end
    name = clean(text[name_start:name_end])
    units = _units(tokens, tagged, rec.lo, rec.hi) if rec.lo <= rec.hi else []
    texts = [clean(text[tokens[u.first].start : tokens[u.last].end]) for u in units]
    roles = assign(units, rec.order, texts)
    roles = _fill_declared(tokens, units, roles, rec.order)
    stating = None
    if not {"target", "actual"} & set(roles):
        # Glued cells left outside: the value is cut out of its run before it is forced.
        cut_units = _cut_at_values(tokens, tagged, units)
        cut_texts = [clean(text[tokens[u.first].start : tokens[u.last].end]) for u in cut_units]
        stating = assign_stating(cut_units, rec.order, cut_texts)
        if stating is not None:
            units, texts, roles = cut_units, cut_texts, stating
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
    name_start = _from_cell_start(tokens, tagged, rec, name_start)
    name_end = _to_cell_end(tokens, rec, fields, name_end)
    if stating is not None:
        name_end = _to_glued_value(tokens, tagged, rec, fields, name_end)
    name = clean(text[name_start:name_end])
    # A name never ends in a comparator: one the labeller left there opens the target
    # right after it (农村低保资金<= | 4758万元).
    last = rec.name[-1].last
    if (
        last > rec.name[0].first
        and tokens[last].text in COMPARATOR_WORDS
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
        head = resplit_head(text, tokens, tagged, rec, units, roles, got, probs)
        if head is not None and head > name_start:
            name_end = head
            name = clean(text[name_start:name_end])
        split = resplit_tail(text, tokens, tagged, rec, units, roles, got, probs, choice)
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
        "numbered": float(tokens[rec.name[0].first].numbered),
        # Read only by forcing the first stated value into the row (the labeller
        # put every cell outside it): on real pages mostly a sentence, a heading or
        # a budget line, so the calibrator must see it.
        "stream_stating": float(stating is not None),
    }
    if stating is not None:
        for role in ("name", "target", "actual"):
            if role == "name" or role in probs:
                cand.signal(role, stating=1.0)
    return cand, split


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
