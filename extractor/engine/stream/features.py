"""Features of each token for the sequence labeller.

What a token is (its word, kind, whether it is a comparator, a unit, a
level or header word, a claim), what separated it from its neighbours, its
place inside a run of digits (fused numbers are split there), and the same
about the tokens around it. Vocabulary comes from ``extractor.vocab`` and
``extractor.values``: the model learns how much each cue counts.
"""

from __future__ import annotations

from functools import lru_cache

from extractor.engine.features import cached_value, looks_like_claim
from extractor.engine.stream.tokens import Token
from extractor.values.comparators import prefix_op, suffix_op
from extractor.values.units import KNOWN_UNITS
from extractor.vocab import header_role, normalize_level1, normalize_level2

_WINDOW = (-2, -1, 1, 2)


@lru_cache(maxsize=65536)
def _word_features(text: str, kind: str) -> tuple[str, ...]:
    f = [f"k={kind}"]
    if kind == "digit":
        f.append("w=<D>")
    else:
        f.append(f"w={text.lower()}")
    if kind == "cjk":
        f += [f"len={min(len(text), 4)}", f"c0={text[0]}", f"c-1={text[-1]}"]
        if header_role(text):
            f.append(f"hdr={header_role(text)}")
        if looks_like_claim(text):
            f.append("claim")
        if normalize_level1(text):
            f.append("l1")
        if normalize_level2(text):
            f.append("l2")
    op, word, rest = prefix_op(text)
    if op and not rest:
        f.append(f"cmp={op}")
    sop, sword = suffix_op(text)
    if sop and sword == text:
        f.append(f"scmp={sop}")
    if text in KNOWN_UNITS:
        f.append("unit")
    return tuple(f)


def _digit_runs(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """For each token: (position in its run of digits and dots, run length, run text)."""
    out: list[tuple[int, int, str]] = [(0, 0, "")] * len(tokens)
    i = 0
    while i < len(tokens):
        if tokens[i].kind != "digit":
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and not tokens[j].sep
            and (tokens[j].kind == "digit" or tokens[j].text == ".")
        ):
            j += 1
        run = "".join(t.text for t in tokens[i:j])
        for k in range(i, j):
            out[k] = (k - i, j - i, run)
        i = j
    return out


# A run between separators longer than this is no cell: a glued row, a prose line or a
# whole glued page. What value it would parse to says nothing of its tokens (a glued
# page read as a range or a number turned every token of it into O).
_MAX_CELL_CHARS = 60


@lru_cache(maxsize=65536)
def _chunk_features(chunk: str) -> tuple[str, ...]:
    """What a run of tokens between two separators reads as (a cell, where separators survive)."""
    n = len(chunk)
    f = [f"ch:len={n if n < 4 else 4 if n < 8 else 8 if n < 16 else 16}"]
    if n > _MAX_CELL_CHARS:
        return (*f, "ch:long")
    v = cached_value(chunk)
    f.append(f"ch:kind={v.kind}")
    if v.kind == "numeric":
        f.append(f"ch:op={v.op}")
        if v.unit:
            f.append("ch:unit")
        if not v.unit and v.op == "=" and chunk.replace(".", "").isdigit():
            f.append("ch:bare" + ("<=10" if v.value is not None and v.value <= 10 else ""))
    if looks_like_claim(chunk):
        f.append("ch:claim")
    if normalize_level1(chunk):
        f.append("ch:l1")
    if normalize_level2(chunk):
        f.append("ch:l2")
    role = header_role(chunk)
    if role:
        f.append(f"ch:hdr={role}")
    return tuple(f)


def _chunks(tokens: list[Token], text_of: list[str]) -> list[tuple[int, int]]:
    """(first, last) token index of the separator-delimited run each token is in."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].sep:
            out += [(start, i - 1)] * (i - start)
            start = i
    return out


def _pair_features(a: Token, b: Token) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two-token word across a boundary (产出+指标), when no separator splits it: its
    features seen from the first token and (prefixed ``p``) from the second."""
    if b.sep or a.kind != "cjk" or b.kind != "cjk":
        return (), ()
    return _word_pair_features(a.text + b.text)


@lru_cache(maxsize=65536)
def _word_pair_features(both: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Cached: pairs recur across lines.
    f = [f"bi={both}"] if len(both) <= 6 else []
    if header_role(both):
        f.append(f"bihdr={header_role(both)}")
    if normalize_level1(both):
        f.append("bil1")
    if normalize_level2(both):
        f.append("bil2")
    if looks_like_claim(both):
        f.append("biclaim")
    return tuple(f), tuple("p" + x for x in f)


@lru_cache(maxsize=65536)
def _word(text: str, kind: str) -> tuple[tuple[str, ...], ...]:
    """A word's features, then the same seen from each distance of ``_WINDOW`` (cached:
    every token is a neighbour four times, and words recur)."""
    word = _word_features(text, kind)
    return (word, *(_neighbour_features(d, word) for d in _WINDOW))


def _neighbour_features(d: int, word: tuple[str, ...]) -> tuple[str, ...]:
    """A neighbour's word features seen from ``d`` tokens away."""
    return tuple(
        [f"{d}:{x}" for x in word[:2]]
        + [f"{d}:{x}" for x in word[2:] if not x.startswith(("c0", "c-1", "len"))]
    )


@lru_cache(maxsize=4096)
def _run_features(pos: int, length: int, run: str) -> tuple[str, ...]:
    """A digit's place in its run of digits and dots."""
    f = [f"rpos={min(pos, 6)}", f"rlen={min(length, 8)}", f"rleft={min(length - pos, 6)}"]
    if length <= 4:
        f.append(f"run={run}")
    if "." in run:
        f.append("rdot")
    return tuple(f)


def _cell_features(chunk_f: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """What each cell's neighbours read as, seen from inside it (the same for all its tokens)."""
    out: list[tuple[str, ...]] = []
    for k in range(len(chunk_f)):
        f: list[str] = []
        if k > 0:
            prev = chunk_f[k - 1]
            f += ["pch:" + x for x in prev[1:3]]
            f += ["pch:" + x for x in prev[3:] if x.startswith(("ch:hdr", "ch:l1", "ch:l2"))]
        if k + 1 < len(chunk_f):
            f += ["nch:" + x for x in chunk_f[k + 1][1:3]]
        out.append(tuple(f))
    return out


_SEPS = ("", "space", "tab", "line", "blank", "bar", "barline")
_SEP = {s: f"sep={s}" for s in _SEPS}
_NEXT_SEP = {s: f"sep+1={s}" for s in _SEPS}
_SEP_AT = [{s: f"{d}:sep={s}" for s in _SEPS} for d in _WINDOW]
_SINCE = tuple(f"since={k}" for k in range(7))
_UNTIL = tuple(f"until={k}" for k in range(7))


def stream_features(tokens: list[Token]) -> list[list[str]]:
    """One list of feature strings per token.

    Everything a token's list is made of is computed once per word, cell, pair or run
    of digits and joined per token: the lists are what the tagger reads, in this order."""
    words = [_word(t.text, t.kind) for t in tokens]
    runs = _digit_runs(tokens)
    n = len(tokens)
    seps = [t.sep for t in tokens]
    # Tokens since the last separator and until the next: how long this cell is so far.
    since = [0] * n
    for i in range(1, n):
        since[i] = 0 if seps[i] else since[i - 1] + 1
    until = [0] * n
    for i in range(n - 2, -1, -1):
        until[i] = 0 if seps[i + 1] else until[i + 1] + 1
    texts = [t.text for t in tokens]
    chunks = _chunks(tokens, texts)
    spans = sorted(set(chunks))
    chunk_f = [_chunk_features("".join(texts[a : b + 1])) for a, b in spans]
    cell = dict(zip(spans, zip(chunk_f, _cell_features(chunk_f), strict=True), strict=True))
    pairs = [_pair_features(tokens[i], tokens[i + 1]) for i in range(n - 1)]
    out: list[list[str]] = []
    for i, sep in enumerate(seps):
        a, b = chunks[i]
        own, around = cell[(a, b)]
        at = "ch:at=" + ("one" if a == b else "first" if i == a else "last" if i == b else "mid")
        f = [*own, at, *around, "bias", _SEP[sep], _SINCE[min(since[i], 6)]]
        f += [_UNTIL[min(until[i], 6)], *words[i][0]]
        pos, length, run = runs[i]
        if length:
            f += _run_features(pos, length, run)
        if i + 1 < n:
            f.append(_NEXT_SEP[seps[i + 1]])
            f += pairs[i][0]
        else:
            f.append("EOS")
        if i > 0:
            f += pairs[i - 1][1]
        else:
            f.append("BOS")
        for k, d in enumerate(_WINDOW):
            j = i + d
            if 0 <= j < n:
                f += words[j][k + 1]
                f.append(_SEP_AT[k][seps[j]])
        out.append(f)
    return out
