"""Role spans of an already flattened report, found by aligning its gold to its text.

A report that reached us flattened (one line, one cell a line, pipe rows,
cells run together, OCR damage) has no table the renderer can re-render, so
``render_flat`` gives it no labels. Its gold states every field as written,
so the fields can be found in the text instead: the names in document
order, then each row's values between its name and the next name (longest
first, so a score never lands inside a target), weight before score, and
the level labels in the gap before the name. Whitespace is ignored while
matching (OCR inserts stray spaces; converters wrap lines), offsets stay
those of the text. A document whose names mostly cannot be found gives
no labels rather than wrong ones.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.training.variants.flat import Labelled, Span
from extractor.training.variants.model import Gold
from extractor.vocab import header_role

_WS = re.compile(r"[\s|｜]")
# OCR look-alikes of digits, one char for one: matched as the digit they stand for.
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
# A points suffix a level label carries: 产出指标（50分）. (Matched at a position with
# ``match``: a ``^`` there would only ever match at the text's start.)
_POINTS = re.compile(r"[（(]\d+(?:\.\d+)?分?[)）]|\d+(?:\.\d+)?分")
# Below this share of names found, the alignment is not trusted.
MIN_FOUND = 0.7
_MAX_TAIL = 400  # chars after the last row's name its values may sit in
_NEAR_NAME = 16  # chars between a name and its row's first value, at most


def _fmt(x: object) -> str | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return str(int(x)) if float(x).is_integer() else str(x)


class _Squashed:
    """The text without whitespace and bars, with the offset of every kept char."""

    def __init__(self, text: str) -> None:
        self.pos = [i for i, ch in enumerate(text) if not _WS.match(ch)]
        self.s = "".join(text[i] for i in self.pos).translate(_DIGITS)

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.pos[a], self.pos[b - 1] + 1


def _key(text: str | None) -> str:
    return _WS.sub("", text or "").translate(_DIGITS)


class _Row:
    def __init__(self, ind: dict[str, Any]) -> None:
        self.ind = ind
        self.name = _key(ind.get("name"))
        self.start = -1
        self.end = -1


def _digit_bounded(s: str, a: int, b: int) -> bool:
    return not (a > 0 and s[a - 1].isdigit()) and not (b < len(s) and s[b].isdigit())


def _free(taken: list[tuple[int, int]], a: int, b: int) -> bool:
    return all(b <= x or a >= y for x, y in taken)


def _occurrences(s: str, needle: str, lo: int, hi: int) -> list[int]:
    out, k = [], s.find(needle, lo, hi)
    while k >= 0:
        out.append(k)
        k = s.find(needle, k + 1, hi)
    return out


def _place(
    s: str, needle: str, lo: int, hi: int, taken: list[tuple[int, int]], last: bool = False
) -> tuple[int, int] | None:
    """A free occurrence of ``needle`` in ``s[lo:hi]``, one not cutting a number first."""
    if not needle:
        return None
    hits = [k for k in _occurrences(s, needle, lo, hi) if _free(taken, k, k + len(needle))]
    if last:
        hits.reverse()
    bounded = [k for k in hits if _digit_bounded(s, k, k + len(needle))]
    for k in bounded or hits:
        return k, k + len(needle)
    return None


def _name_place(s: str, row: _Row, next_name: str, cursor: int) -> int:
    """Where a row's name is written, from ``cursor`` on: the first place its target or
    actual follows closely, before the next row's name; else its first place. (A
    report's summary names the indicators too: 维修养护小型泵站、渠道和山塘 comes
    before the row 维修养护小型泵站≥18座18.)"""
    first = s.find(row.name, cursor) if row.name else -1
    if first < 0:
        return -1
    stop = s.find(next_name, first + len(row.name)) if next_name else -1
    # The value written first after a name: its target (the actual where it has none).
    value = next(
        (v for role in ("target", "actual") if (v := _key((row.ind.get(role) or {}).get("text")))),
        "",
    )
    for k in _occurrences(s, row.name, first, stop if stop >= 0 else len(s)) if value else []:
        if value in s[k + len(row.name) : k + len(row.name) + _NEAR_NAME + len(value)]:
            return k
    return first


def _value_spans(sq: _Squashed, row: _Row, lo: int, hi: int) -> list[tuple[int, int, str]]:
    ind = row.ind
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, int, str]] = []
    texts = [
        (role, _key((ind.get(role) or {}).get("text")))
        for role in ("target", "actual")
        if isinstance(ind.get(role), dict)
    ]
    texts.append(("deviation", _key(ind.get("deviation"))))
    # Longest first: a short number must not take a place inside a longer value.
    for role, needle in sorted(texts, key=lambda x: -len(x[1])):
        after = lo
        if role == "actual":  # the actual follows the target where both are written alike
            after = next((b for a, b, r in out if r == "target"), lo)
        got = _place(sq.s, needle, after, hi, taken) or _place(sq.s, needle, lo, hi, taken)
        if got:
            taken.append(got)
            out.append((*got, role))
    weight, score = _fmt(ind.get("weight")), _fmt(ind.get("score"))
    w = _place(sq.s, weight or "", lo, hi, taken)
    if w:
        taken.append(w)
        out.append((*w, "weight"))
    # The score follows its weight: the first place after it (a last row's window also
    # holds the 总分 line, 总分10098.8, whose 10 is no score). Without a weight, the
    # last place (a points column the gold leaves empty comes before the score).
    sc = _place(sq.s, score or "", w[1] if w else lo, hi, taken, last=not w)
    if sc:
        out.append((*sc, "score"))
    return out


def _label_spans(
    sq: _Squashed, ind: dict[str, Any], lo: int, hi: int
) -> list[tuple[int, int, str]]:
    """The level labels written in the gap before a row (merged labels: written once)."""
    out: list[tuple[int, int, str]] = []
    # Level 2 first: its name may contain level 1's (社会效益指标 holds 效益指标), and
    # level 1 is written before it.
    for role in ("level2", "level1"):
        label = _key(ind.get(role))
        for needle in (label, label.removesuffix("指标")):
            k = sq.s.rfind(needle, lo, out[0][0] if out and role == "level1" else hi)
            if k < 0 and out and role == "level1":  # written after level 2 (a centred cell)
                k = sq.s.rfind(needle, out[0][1], hi)
            if k >= 0 and len(needle) >= 2:
                end = k + len(needle)
                m = _POINTS.match(sq.s, end) if role == "level1" else None
                if label.endswith("指标") and needle != label and sq.s.startswith("指标", end):
                    end += 2
                out.append((k, m.end() if m else end, role))
                break
    return out


def _glued_cells(word: str, cells: frozenset[str]) -> list[tuple[int, int]]:
    """A word that is several header cells run together (一级指标二级指标…分值得分), cut
    where the cells the corpus's tables head their columns with begin (the longest
    known cell at each place); [] where fewer than two cells are found."""
    if word in cells:
        return []
    longest = max(map(len, cells), default=0)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(word):
        n = next(
            (n for n in range(min(longest, len(word) - i), 1, -1) if word[i : i + n] in cells), 0
        )
        if n:
            out.append((i, i + n))
        i += n or 1
    return out if len(out) >= 2 else []


def _header_spans(text: str, lo: int, hi: int, cells: frozenset[str]) -> list[Span]:
    """Header cells before the first row: whitespace-separated words naming a column,
    or the known header cells a word of glued cells is made of."""
    out: list[Span] = []
    for m in re.finditer(r"[^\s|｜]+", text[lo:hi]):
        at = lo + m.start()
        glued = _glued_cells(m.group(), cells)
        if glued:
            out += [(at + a, at + b, "header") for a, b in glued]
        elif header_role(m.group()):
            out.append((at, lo + m.end(), "header"))
    # Only a run of several header cells is a header (one word can be prose).
    return out if len(out) >= 3 else []


def align_flattened(
    text: str, gold: Gold, header_cells: frozenset[str] = frozenset()
) -> Labelled | None:
    """The role spans of ``text`` from its gold, or None where the gold cannot be found.

    ``header_cells`` are the header cells of the corpus's tables (``fit.header_cells``):
    a header whose cells lost their separators is cut into them."""
    rows = [_Row(ind) for ind in gold.get("indicators", []) if ind.get("name")]
    if not rows:
        return None
    sq = _Squashed(text)
    cursor = 0
    for i, row in enumerate(rows):
        k = _name_place(sq.s, row, rows[i + 1].name if i + 1 < len(rows) else "", cursor)
        if k >= 0:
            row.start, row.end = k, k + len(row.name)
            cursor = row.end
    found = [r for r in rows if r.start >= 0]
    if len(found) < MIN_FOUND * len(rows):
        return None
    spans: list[tuple[int, int, str]] = []
    prev_end = 0
    group = None
    for i, row in enumerate(found):
        if row.ind.get("group") and row.ind["group"] != group:
            # The project (or goal) a row sits under, written once above its rows.
            group = row.ind["group"]
            k = sq.s.rfind(_key(group), prev_end, row.start)
            if k >= 0:
                spans.append((k, k + len(_key(group)), "group"))
        hi = found[i + 1].start if i + 1 < len(found) else min(len(sq.s), row.end + _MAX_TAIL)
        spans.append((row.start, row.end, "name"))
        values = _value_spans(sq, row, row.end, hi)
        spans += values
        spans += _label_spans(sq, row.ind, prev_end, row.start)
        prev_end = max([row.end, *(b for _, b, _ in values)])
    out = [(*sq.span(a, b), role) for a, b, role in spans if b > a]
    first = sq.span(found[0].start, found[0].end)[0]
    taken = [(a, b) for a, b, _ in out]
    out += [
        h
        for h in _header_spans(text, max(0, first - 300), first, header_cells)
        if _free(taken, h[0], h[1])
    ]
    return Labelled(text, sorted(out), gold, "aligned")
