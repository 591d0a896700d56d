"""jieba's dictionary cut (``jieba.lcut(text, HMM=False)``) without importing
jieba or building its whole prefix dictionary.

Importing jieba imports pkg_resources (over a second), and its first cut
builds a frequency table of every dictionary word and word prefix (~580,000
entries, another second and a half, unless a marshal cache in the temp dir
can be read). A form's text needs only the entries that begin with one of
its characters, so jieba's own ``dict.txt`` is read as bytes, its lines are
indexed by their first character once (numpy, a few milliseconds), and a
character's entries are parsed the first time a text contains it: exactly
the entries jieba's table holds for them, since every word and prefix the
cut looks up starts at a character of the text. The cut is jieba's
(0.42.1, MIT licence) line for line: the word DAG, the maximum
log-frequency route, the block split and the buffered ASCII letters.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from functools import lru_cache
from math import log
from pathlib import Path

import numpy as np

# jieba's block patterns (jieba/__init__.py): dictionary-cut blocks, whitespace.
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_SKIP = re.compile("(\r\n|\\s)", re.U)
_ENG = re.compile("[a-zA-Z0-9]", re.U)

_ASCII_SPACE = b" \t\n\r\x0b\x0c"  # what bytes.strip() strips


def jieba_dictionary() -> Path:
    """jieba's default dictionary, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _first_chars(arr: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The code point of the UTF-8 character at each start."""
    pad = np.concatenate((arr, np.zeros(4, np.uint8))).astype(np.int64)
    b0, b1, b2, b3 = (pad[starts + i] for i in range(4))
    return np.where(
        b0 < 0x80,
        b0,
        np.where(
            b0 < 0xE0,
            ((b0 & 0x1F) << 6) | (b1 & 0x3F),
            np.where(
                b0 < 0xF0,
                ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F),
                ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F),
            ),
        ),
    )


class PrefixDictionary:
    """jieba's ``FREQ`` (word and word-prefix -> frequency) and ``total``,
    filled one first character at a time."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        arr = np.frombuffer(self.data, dtype=np.uint8)
        newlines = np.flatnonzero(arr == 0x0A)
        starts = np.concatenate(([0], newlines + 1))
        ends = np.concatenate((newlines, [len(self.data)]))
        if starts[-1] == ends[-1]:  # the file ends with a line break
            starts, ends = starts[:-1], ends[:-1]
        if len(starts) and np.isin(arr[starts], np.frombuffer(_ASCII_SPACE, np.uint8)).any():
            raise ValueError(
                f"{path}: a line starts with a space; its first character is not its word's"
            )
        chars = _first_chars(arr, starts)
        order = np.argsort(chars, kind="stable")  # stable: a character's lines stay in file order
        self._chars = chars[order]
        self._starts = starts[order]
        self._ends = ends[order]
        self.total = self._total(len(starts))
        self.freq: dict[str, int] = {}
        self._loaded: set[str] = set()

    def _total(self, lines: int) -> int:
        """jieba's ``total``: the sum of every line's frequency (duplicates too).
        A file of ``word frequency tag`` lines is summed from its fields at
        once; any other layout line by line, as jieba reads it."""
        fields = self.data.split()
        if len(fields) == 3 * lines:
            return sum(map(int, fields[1::3]))
        pairs = self._lines(0, lines)
        return sum(int(self.data[s:e].strip().split(b" ")[1]) for s, e in pairs)

    def _lines(self, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        return zip(self._starts[lo:hi].tolist(), self._ends[lo:hi].tolist(), strict=True)

    def load(self, text: str) -> None:
        """Add the entries of every character of ``text`` not loaded yet, as
        jieba's ``gen_pfdict`` would: later lines overwrite a word's frequency,
        a prefix that is not a word is 0."""
        freq = self.freq
        for ch in set(text) - self._loaded:
            self._loaded.add(ch)
            code = ord(ch)
            lo = int(np.searchsorted(self._chars, code, "left"))
            hi = int(np.searchsorted(self._chars, code, "right"))
            for s, e in self._lines(lo, hi):
                word, count = self.data[s:e].strip().decode("utf-8").split(" ")[:2]
                freq[word] = int(count)
                for i in range(1, len(word)):
                    freq.setdefault(word[:i], 0)


@lru_cache(maxsize=1)
def prefix_dictionary() -> PrefixDictionary:
    return PrefixDictionary(jieba_dictionary())


def _dag(sentence: str, freq: dict[str, int]) -> dict[int, list[int]]:
    dag: dict[int, list[int]] = {}
    n = len(sentence)
    for k in range(n):
        ends: list[int] = []
        i = k
        frag = sentence[k]
        while i < n and frag in freq:
            if freq[frag]:
                ends.append(i)
            i += 1
            frag = sentence[k : i + 1]
        if not ends:
            ends.append(k)
        dag[k] = ends
    return dag


def _cut_block(sentence: str, words: PrefixDictionary) -> Iterator[str]:
    freq = words.freq
    dag = _dag(sentence, freq)
    n = len(sentence)
    route: dict[int, tuple[float, int]] = {n: (0, 0)}
    logtotal = log(words.total)
    for idx in range(n - 1, -1, -1):
        route[idx] = max(
            (log(freq.get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x)
            for x in dag[idx]
        )
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if _ENG.match(word) and len(word) == 1:
            buf += word
            x = y
        else:
            if buf:
                yield buf
                buf = ""
            yield word
            x = y
    if buf:
        yield buf


def cut(sentence: str) -> list[str]:
    """``jieba.lcut(sentence, HMM=False)`` with jieba's default dictionary."""
    words = prefix_dictionary()
    words.load(sentence)
    out: list[str] = []
    for blk in _HAN.split(sentence):
        if not blk:
            continue
        if _HAN.match(blk):
            out.extend(_cut_block(blk, words))
        else:
            for x in _SKIP.split(blk):
                if _SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out
