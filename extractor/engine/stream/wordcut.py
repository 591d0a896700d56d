"""jieba's dictionary cut (``jieba.lcut(text, HMM=False)``) without importing
jieba or building its whole prefix table.

Importing jieba imports pkg_resources (over a second), and its first cut
builds a table of every dictionary word and word prefix (~500,000 entries,
or loads it from a marshal cache in the temp dir when one can be written
there). A cut only ever looks up fragments of its own text. So jieba's own
``dict.txt`` is read as bytes and its lines indexed by first character
(numpy, ~0.1 s CPU with the frequency total, kept beside the
package's bytecode for later runs); the lines of a
character are split into a word -> frequency map the first time a text
holds it; and a fragment's entry is what jieba's table says of it: the
word's frequency (its last line's), 0 for a prefix of a longer word, absent
otherwise. The cut itself is jieba's (0.42.1, MIT licence) line for line:
the word DAG, the maximum log-frequency route, the block split and the
buffered ASCII letters. ``bench/wordcut_identity.py`` checks it against
jieba on the corpus.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import zlib
from bisect import bisect_left
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
    last = len(arr) - 1
    b0, b1, b2, b3 = (arr[np.minimum(starts + i, last)].astype(np.int32) for i in range(4))
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


#: Lines' first characters, starts and ends (ordered by character), and jieba's total.
Index = tuple[np.ndarray, np.ndarray, np.ndarray, int]


def _index_file(path: Path) -> Path:
    """Where the index of this dictionary file, as it is now, is kept: beside
    the package's bytecode, named by the file's path, size and change time."""
    stat = path.stat()
    key = f"{zlib.crc32(str(path.resolve()).encode()):08x}-{stat.st_size}-{stat.st_mtime_ns}"
    return Path(__file__).resolve().parent / "__pycache__" / f"wordcut-index.{key}.npy"


def _stored_index(path: Path, size: int) -> Index | None:
    """The index kept by an earlier run (indexing dict.txt costs ~0.1 s of CPU a start)."""
    try:
        stored = np.load(_index_file(path), allow_pickle=False)
    except (OSError, ValueError):
        return None
    if stored.dtype != np.int64 or stored.ndim != 1 or len(stored) < 2:
        return None
    total, n = int(stored[0]), int(stored[1])
    if len(stored) != 2 + 3 * n:
        return None
    chars, starts, ends = (stored[2 + i * n : 2 + (i + 1) * n] for i in range(3))
    if n and int(ends.max()) > size:  # not this file's
        return None
    return chars, starts, ends, total


def _store_index(path: Path, index: Index) -> None:
    chars, starts, ends, total = index
    target = _index_file(path)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp.npy")
    with contextlib.suppress(OSError):
        target.parent.mkdir(exist_ok=True)
        np.save(temporary, np.concatenate(([total, len(chars)], chars, starts, ends)))
        os.replace(temporary, target)  # whole, for a process reading it meanwhile
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


class PrefixDictionary:
    """jieba's ``total``, and its ``FREQ`` (word or word prefix -> frequency)
    for the fragments looked up so far."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        index = _stored_index(path, len(self.data))
        if index is None:
            index = self._index(path)
            _store_index(path, index)
        self._chars, self._starts, self._ends, self.total = index
        self.freq: dict[str, int] = {}  # the entries looked up so far
        self._absent: set[str] = set()  # fragments looked up that are not in jieba's table
        self._buckets: dict[str, tuple[dict[bytes, bytes], list[bytes]]] = {}

    def _index(self, path: Path) -> Index:
        """Every line's first character, start and end, ordered by character; and the total."""
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
        # int64 throughout: searchsorted would cast the characters per call.
        return (
            chars[order].astype(np.int64),
            starts[order].astype(np.int64),
            ends[order].astype(np.int64),
            self._total(starts, ends),
        )

    def _total(self, starts: np.ndarray, ends: np.ndarray) -> int:
        """jieba's ``total``: the sum of every line's frequency (duplicates too).
        Lines of ``word frequency tag`` (two spaces each) are summed with
        numpy; any other layout from the fields, as jieba reads them."""
        arr = np.frombuffer(self.data, dtype=np.uint8)
        spaces = np.flatnonzero(arr == 0x20)
        if len(spaces) == 2 * len(starts):
            begin, stop = spaces[0::2] + 1, spaces[1::2]
            width = stop - begin
            if (begin > starts).all() and (stop < ends).all() and (width >= 1).all():
                value = np.zeros(len(starts), dtype=np.int64)
                digits_only = True
                for col in range(int(width.max())):
                    inside = col < width
                    digit = arr[np.where(inside, begin + col, begin)].astype(np.int64) - 0x30
                    digits_only &= bool((((digit >= 0) & (digit <= 9)) | ~inside).all())
                    value = np.where(inside, value * 10 + digit, value)
                if digits_only:
                    return int(value.sum())
        lines = zip(starts.tolist(), ends.tolist(), strict=True)
        return sum(int(self.data[s:e].strip().split(b" ")[1]) for s, e in lines)

    def load(self, text: str) -> None:
        """Put into ``freq`` every entry jieba's table holds that the cut of
        ``text`` (or of any part of it) looks up: from each position, the
        longer and longer fragments while they are a word or a word's prefix
        (jieba's DAG walk)."""
        freq, absent = self.freq, self._absent
        n = len(text)
        for k in range(n):
            for i in range(k + 1, n + 1):
                frag = text[k:i]
                if frag in freq:
                    continue
                if frag in absent:
                    break
                value = self._entry(frag)
                if value is None:
                    absent.add(frag)
                    break
                freq[frag] = value

    def _entry(self, frag: str) -> int | None:
        """jieba's ``FREQ.get(frag)``: a word's frequency (its last line's),
        0 for a prefix of a word that is no word itself, else None."""
        counts, ordered = self._bucket(frag[0])
        key = frag.encode("utf-8")
        if key in counts:
            return int(counts[key])
        at = bisect_left(ordered, key)
        return 0 if at < len(ordered) and ordered[at].startswith(key) else None

    def _bucket(self, ch: str) -> tuple[dict[bytes, bytes], list[bytes]]:
        """The words starting with ``ch`` (UTF-8) -> frequency, and the words sorted."""
        if ch in self._buckets:
            return self._buckets[ch]
        code = ord(ch)
        lo = int(np.searchsorted(self._chars, code, "left"))
        hi = int(np.searchsorted(self._chars, code, "right"))
        counts: dict[bytes, bytes] = {}
        if hi > lo:
            starts, ends = self._starts[lo:hi], self._ends[lo:hi]
            # The character's lines in file order: runs of adjacent lines, one slice each.
            breaks = np.flatnonzero(starts[1:] != ends[:-1] + 1) + 1
            firsts = np.concatenate(([0], breaks)).tolist()
            lasts = np.concatenate((breaks - 1, [hi - lo - 1])).tolist()
            block = b"\n".join(
                self.data[int(starts[f]) : int(ends[t])] for f, t in zip(firsts, lasts, strict=True)
            )
            fields = block.split()
            if len(fields) == 3 * (hi - lo):  # word, frequency, tag on every line
                counts = dict(zip(fields[0::3], fields[1::3], strict=True))  # a later line wins
            else:
                for line in block.split(b"\n"):
                    word, count = line.strip().split(b" ")[:2]
                    counts[word] = count
        self._buckets[ch] = counts, sorted(counts)
        return self._buckets[ch]


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
