"""Character-level noise: full-/half-width swaps and OCR look-alike confusions.

Both replace one character by one character, so offsets never move, and both
leave HTML tags alone (a rowspan must stay a number).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from extractor.training.variants.model import Variant, map_gold_strings

_TAG = re.compile(r"<[^<>\n]*>")

_HALF = "0123456789%():"
_FULL = "０１２３４５６７８９％（）："
WIDTH_CLASSES: dict[str, str] = {
    "digits": "0123456789",
    "percent": "%",
    "parens": "()",
    "colon": ":",
}

# Look-alikes seen in OCR output of these forms; each maps one character to one character.
OCR_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "完": ("先", "元"),
    "成": ("戍", "戌"),
    "已": ("己", "巳"),
    "未": ("末",),
    "0": ("O", "o"),
    "1": ("l", "I"),
    "≥": (">",),
    "≤": ("<",),
    "目": ("日",),
    "值": ("直",),
    "率": ("卒",),
    "人": ("入",),
}
_MAX_SHARE_OF_NAME = 0.25  # one slip in four characters keeps a name >= 0.75 similar


def _outside_tags(text: str, fn: Callable[[str], str]) -> str:
    out, pos = [], 0
    for m in _TAG.finditer(text):
        out += [fn(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def swap_width(v: Variant, rng: random.Random) -> Variant:
    """Digits, %, parentheses or colons flip between half and full width (text and printed gold)."""
    classes = [k for k in WIDTH_CLASSES if rng.random() < 0.6] or [rng.choice(list(WIDTH_CLASSES))]
    half = "".join(WIDTH_CLASSES[k] for k in classes)
    full = "".join(_FULL[_HALF.index(ch)] for ch in half)
    # Towards full width, unless the text already has full-width characters to undo.
    has_full = any(ch in v.text for ch in full)
    to_half = has_full and rng.random() < 0.5
    table = str.maketrans(full, half) if to_half else str.maketrans(half, full)

    def swap(s: str) -> str:
        return _outside_tags(s, lambda part: part.translate(table))

    text = swap(v.text)
    return Variant(text, map_gold_strings(v.gold, swap)) if text != v.text else v


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        start = text.find(name)
        while name and start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


_SEGMENT_BREAK = re.compile(r"[\t\n|]")


def _segment_of(text: str) -> list[tuple[int, int]]:
    """For each position, the span of the cell-like segment (between tabs, newlines, pipes) it is in."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SEGMENT_BREAK.finditer(text + "\n"):
        out += [(start, m.start())] * (m.end() - start)
        start = m.end()
    return out[: len(text)]


def _tag_positions(text: str) -> set[int]:
    return {i for m in _TAG.finditer(text) for i in range(m.start(), m.end())}


def inject_ocr_confusions(v: Variant, rng: random.Random) -> Variant:
    """A few characters become OCR look-alikes (完/先, 0/O, ≥/>...); the gold keeps the truth."""
    rate = rng.uniform(0.005, 0.03)
    # The department and the year stay legible: a report states them once or twice, and a
    # gold that cannot be read from its text teaches nothing.
    doc_fields = [str(v.gold.get(k)) for k in ("department", "year") if v.gold.get(k)]
    protected = _tag_positions(v.text) | {
        k for a, b in _name_spans(v.text, doc_fields) for k in range(a, b)
    }
    chars = list(v.text)
    hits = [
        i for i, ch in enumerate(chars)
        if ch in OCR_CONFUSIONS and i not in protected and rng.random() < rate
    ]  # fmt: skip
    segments = _segment_of(v.text)
    names = [
        str(r.get("name") or "") for r in v.gold.get("indicators") or [] if isinstance(r, dict)
    ]
    spans = _name_spans(v.text, names)
    kept: list[int] = []
    for i in hits:
        # A confusion may not take a name (or a cell, which may hold part of a wrapped name)
        # below the similarity the scorer needs.
        limits = [((a, b), (b - a) * _MAX_SHARE_OF_NAME) for a, b in spans if a <= i < b]
        seg = segments[i]
        limits.append((seg, max(1.0, (seg[1] - seg[0]) * _MAX_SHARE_OF_NAME)))  # 已完成 -> 己完成
        if all(sum(a <= k < b for k in kept) + 1 <= limit for (a, b), limit in limits):
            kept.append(i)
    for i in kept:
        chars[i] = rng.choice(OCR_CONFUSIONS[chars[i]])
    return v.with_text("".join(chars)) if kept else v
