"""A text as a stream of tokens: the unit the stream reader labels.

Chinese runs are cut as jieba cuts them (its dictionary, no HMM: wordcut); every digit is a token of its own, so that
numbers fused together by a lost separator (``44`` = weight 4, score 4) can
be split by the labels; comparator symbols, units and punctuation are
tokens too. Whitespace and bars are not tokens: what separated a token from
the one before it (nothing, a space, a line break, a blank line, a bar, a
tab) is kept on the token as ``sep``, the strongest cue where cells end.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from extractor.engine.stream.wordcut import cut

# Runs the tokenizer treats alike; anything else is one character a token.
_RUN = re.compile(
    r"(?P<cmp>[<>＜＞]\s?[=＝])"  # an ASCII comparator is one token, like ≥ (>=24500人)
    r"|(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)"
    r"|(?P<digit>[0-9０-９])"
    r"|(?P<latin>[A-Za-z]+)"
    r"|(?P<space>[ \t\u3000\u00a0\r\f\n|｜]+)"
    r"|(?P<other>.)",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # char offset into the text the stream was cut from
    end: int
    sep: str  # what came before: "" | space | tab | line | blank | bar | barline
    kind: str  # "cjk" | "digit" | "latin" | "other"
    numbered: bool = False  # the first word after a dropped ordinal (指标3.): a name starts


def _sep_kind(gap: str) -> str:
    if not gap:
        return ""
    newlines = gap.count("\n")
    if "|" in gap or "｜" in gap:
        return "barline" if newlines else "bar"
    if newlines >= 2:
        return "blank"
    if newlines == 1:
        return "line"
    return "tab" if "\t" in gap else "space"


@lru_cache(maxsize=65536)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(cut(run))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``; offsets index into ``text``."""
    stop = len(text) if end is None else end
    out: list[Token] = []
    gap = ""
    for m in _RUN.finditer(text, start, stop):
        kind = m.lastgroup or "other"
        if kind == "space":
            gap += m.group()
            continue
        sep = _sep_kind(gap) if out or gap else "line"
        gap = ""
        if kind == "cjk":
            pos = m.start()
            for i, word in enumerate(_cut(m.group())):
                out.append(Token(word, pos, pos + len(word), sep if i == 0 else "", "cjk"))
                pos += len(word)
        else:
            kind = "other" if kind == "cmp" else kind
            out.append(Token(m.group(), m.start(), m.end(), sep, kind))
    return out


# A page that wraps its text at a fixed width: at least this many lines of one width,
# and at least this share of the non-empty lines.
_MIN_WRAPPED_LINES = 3
_MIN_WRAPPED_SHARE = 0.5
_MIN_WRAP_WIDTH = 20


def unwrap_fixed_width(text: str, tokens: list[Token]) -> list[Token]:
    """Tokens of a text a page hard-wrapped at a fixed width (most lines exactly as
    long, cutting words and numbers: ``…≥45处46⏎1010``): a line break after a line of
    that width separates nothing. Other texts' tokens are returned as they are."""
    lines = text.split("\n")
    widths = Counter(len(line) for line in lines if line.strip())
    if not widths:
        return tokens
    width, count = widths.most_common(1)[0]
    if (
        width < _MIN_WRAP_WIDTH
        or count < _MIN_WRAPPED_LINES
        or count < _MIN_WRAPPED_SHARE * sum(widths.values())
    ):
        return tokens
    wraps: set[int] = set()
    at = 0
    for line in lines:
        at += len(line)
        if len(line) == width:
            wraps.add(at)  # the offset of the line break after it
        at += 1
    return [replace(t, sep="") if t.sep == "line" and t.start - 1 in wraps else t for t in tokens]


_ORDINAL_MARKS = frozenset(".．:：、")
_CIRCLED = frozenset("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")


def _ordinal_end(tokens: list[Token], i: int) -> int:
    """The index after an ordinal marker starting at token ``i`` (指标1. / 指标2： at any
    place, 1. / 2、/ (3) / ① where a cell starts), or ``i`` when there is none. The
    marker must run straight into the words it numbers."""
    n = len(tokens)
    tok = tokens[i]
    j = i
    if tok.text == "指标" and tok.kind == "cjk":
        j = i + 1
    elif tok.sep == "" and i > 0:
        return i  # a bare number inside a cell is a value, not an ordinal
    if tok.text in _CIRCLED and j == i:
        end = i + 1
    elif j < n and tokens[j].text in "(（" and j == i:
        k = j + 1
        while k < n and tokens[k].kind == "digit" and not tokens[k].sep and k - j < 3:
            k += 1
        if k == j + 1 or k >= n or tokens[k].text not in ")）" or tokens[k].sep:
            return i
        end = k + 1
    else:
        k = j
        while k < n and tokens[k].kind == "digit" and (k == i or not tokens[k].sep) and k - j < 2:
            k += 1
        if k == j or (j > i and tokens[j].sep):
            return i
        if k < n and tokens[k].text in _ORDINAL_MARKS and not tokens[k].sep:
            end = k + 1
        else:
            return i
    if end < n and tokens[end].kind == "cjk" and not tokens[end].sep:
        return end
    return i


def _empty_placeholder_end(tokens: list[Token], i: int) -> int:
    """The index after a cell holding nothing but an item number (指标2：, a template's
    row left blank), or ``i`` when the cell at ``i`` is none."""
    n = len(tokens)
    if tokens[i].text != "指标" or (i > 0 and not tokens[i].sep):
        return i
    k = i + 1
    while k < n and tokens[k].kind == "digit" and not tokens[k].sep and k - i <= 2:
        k += 1
    if k == i + 1 or k >= n or tokens[k].text not in _ORDINAL_MARKS or tokens[k].sep:
        return i
    return k + 1 if k + 1 == n or tokens[k + 1].sep else i


def drop_ordinals(tokens: list[Token]) -> list[Token]:
    """Tokens without the ordinals that number indicator names (指标1.药品抽验品种,
    2、培训人数, ①…): a name's number is no part of it, and the labeller learned names
    without them. The first word after a dropped ordinal takes its separator and is
    marked ``numbered``: whatever it is labelled, it starts a new cell. A cell that is
    only a number (指标2： of a row the form left blank) is an empty cell: dropped."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        empty = _empty_placeholder_end(tokens, i)
        if empty > i:
            i = empty  # a numbered cell left empty (指标2： of a blank template row)
            continue
        end = _ordinal_end(tokens, i)
        if end > i:
            out.append(replace(tokens[end], sep=tokens[i].sep, numbered=True))
            i = end + 1
        else:
            out.append(tokens[i])
            i += 1
    return out
