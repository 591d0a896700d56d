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
