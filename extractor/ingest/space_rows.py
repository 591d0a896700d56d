"""Rows of a table whose cells are joined by single spaces, cut back into cells.

A web table copied as text often keeps one row a line but loses the column
breaks: ``产出指标 数量指标 培训人数 ≥200人 212人 10 10``. Merged labels are
written once, empty cells simply vanish and a cell may itself hold spaces
(a scoring rule, an explanation). The header line names the columns; each
row below it is cut by the monotone alignment of its words to those columns
that the training tables make most likely (``cell_kinds``): every column is
either skipped (its cell empty) or filled with a run of adjacent words, the
header order kept. A line whose best cut is less likely than nearly every
real row of the training tables ends the table.

The same alignment places pre-cut cells (pipe rows whose merged cells are
absent) under their columns: there the cells are atoms that never join.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractor.ingest.cell_kinds import ColumnKinds, cell_kind, column_role, load_column_kinds

_WORD = re.compile(r"[^\s\u3000\xa0]+")
_DIGIT = re.compile(r"\d")
_BRACKETED = re.compile(r"^[（(][^）)]*[）)]$")
_CORE = {"level1", "level2", "name", "target", "actual", "weight", "score"}
_HEADER_OK = _CORE | {"label", "note", "op", "unit", "deviation", "status", "group"}
# A cell joins at most this many words (bounds the cost of a row: linear in its length).
MAX_JOIN = 16
# Lines with more words than this are whole tables on a line: the stream reader's input.
MAX_ROW_WORDS = 80


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class Header:
    prefix_end: int  # the header starts here; text before it is not part of the table
    cells: list[tuple[int, int]]  # (start, end) of each header cell in the line
    texts: list[str]  # each header cell's text


def find_header(text: str) -> Header | None:
    """The header at the end of a line (``…目标 一级指标 二级指标 三级指标 指标值 …``).

    The header runs to the end of the line, names at least three indicator
    fields and holds no values; words before its first header word stay text.
    """
    spans = words(text)
    if len(spans) < 3 or len(spans) > MAX_ROW_WORDS:
        return None
    # A word holding a digit names no column (and skipping it keeps prose cheap).
    roles = ["other" if _DIGIT.search(text[a:b]) else column_role(text[a:b]) for a, b in spans]
    for start, role in enumerate(roles):
        if role not in _HEADER_OK:
            continue
        suffix = roles[start:]
        if len({r for r in suffix if r in _CORE}) < 3:
            return None
        texts = [text[a:b] for a, b in spans[start:]]
        if any(cell_kind(t) in ("number", "value") for t in texts):
            return None
        if sum(r == "other" for r in suffix) * 3 > len(suffix):
            continue
        cells: list[tuple[int, int]] = []
        for (a, b), r in zip(spans[start:], suffix, strict=True):
            # A bracketed unit or note after a header word belongs to it: 指标值 （万元）.
            if cells and r == "other" and _BRACKETED.match(text[a:b]):
                cells[-1] = (cells[-1][0], b)
                continue
            cells.append((a, b))
        return Header(spans[start][0], cells, [text[a:b] for a, b in cells])
    return None


def header_continuation(text: str, header: Header) -> list[int] | None:
    """Columns of a header's second line (年度 / 实际 above, 指标值 / 完成值 below):
    every word of the line a header word, as many as the header's columns
    that name no role, which they complete in order."""
    spans = words(text)
    open_cols = [k for k, t in enumerate(header.texts) if column_role(t) == "other"]
    if not spans or len(spans) != len(open_cols):
        return None
    if any(column_role(text[a:b]) == "other" for a, b in spans):
        return None
    return open_cols


def gaps_are_columns(text: str, header: Header) -> bool:
    """The header's words are set apart by runs of spaces and single spaces
    never separate two header words: the line keeps its columns by width."""
    between = [
        text[header.cells[k][1] : header.cells[k + 1][0]] for k in range(len(header.cells) - 1)
    ]
    return bool(between) and all(len(g) >= 2 or "\u3000" in g for g in between)


@dataclass(frozen=True)
class Cut:
    cells: list[tuple[int, int, int]]  # (column, start, end) in the line
    score: float  # log-likelihood per column


def align(
    text: str,
    pieces: list[tuple[int, int]],
    columns: list[dict[str, float]],
    join_cost: float = 0.0,
    joinable: bool = True,
) -> Cut | None:
    """The most likely monotone cut of ``pieces`` into ``columns`` (each the
    log-probability of every kind of cell text under that column).

    Every piece lands in exactly one column; adjacent pieces may share a
    column only when ``joinable`` (words of a line, not pre-cut cells), each
    joined piece costing ``join_cost``.
    """
    n, m = len(pieces), len(columns)
    if n == 0 or m == 0:
        return None
    neg = -math.inf
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    span = MAX_JOIN if joinable else 1
    for j, column in enumerate(columns):
        empty = column["empty"]
        for i in range(n + 1):
            cur = best[i][j]
            if cur == neg:
                continue
            if cur + empty > best[i][j + 1]:
                best[i][j + 1] = cur + empty
                back[(i, j + 1)] = (i, j)
            for k in range(i + 1, min(n, i + span) + 1):
                a, b = pieces[i][0], pieces[k - 1][1]
                s = cur + column[cell_kind(text[a:b])] - join_cost * (k - i - 1)
                if s > best[k][j + 1]:
                    best[k][j + 1] = s
                    back[(k, j + 1)] = (i, j)
    if best[n][m] == neg:
        return None
    cells: list[tuple[int, int, int]] = []
    state = (n, m)
    while state != (0, 0):
        i, j = back[state]
        if i < state[0]:
            cells.append((j, pieces[i][0], pieces[state[0] - 1][1]))
        state = (i, j)
    cells.reverse()
    return Cut(cells, best[n][m] / m)


def row_score(texts_by_col: list[str], columns: list[dict[str, float]]) -> float:
    """The per-column log-likelihood of a row already in its columns (the
    same quantity ``align`` maximises), for the training tables' rows."""
    total = sum(column[cell_kind(t)] for t, column in zip(texts_by_col, columns, strict=True))
    return total / len(columns)


def columns_of(header_texts: list[str], model: ColumnKinds) -> list[dict[str, float]]:
    return [model.table(t) for t in header_texts]


def cut_line(
    text: str, header: Header, model: ColumnKinds | None = None, strict: bool = True
) -> Cut | None:
    """A data line's cut under ``header``, or None when the line is no row
    (``strict=False``: the best cut whatever its likelihood)."""
    model = model or load_column_kinds()
    spans = words(text)
    if not spans or len(spans) > MAX_ROW_WORDS:
        return None
    cut = align(text, spans, columns_of(header.texts, model), model.join_cost)
    if cut is None or not strict:
        return cut
    if cut.score < model.row_floor:
        return None
    # One cell alone is a row only when it is a level label (a merged label's
    # own line); other lone lines are wrapped tails or the table's notes and
    # footers, which the caller tells apart by what follows them.
    if len(cut.cells) == 1 and cell_kind(text) not in ("level1", "level2"):
        return None
    return cut


def place_cells(
    texts: list[str], header_texts: list[str], model: ColumnKinds | None = None
) -> list[int] | None:
    """Columns for a row's pre-cut cells (in order) under a header, or None."""
    model = model or load_column_kinds()
    joined = ""
    pieces = []
    for t in texts:
        start = len(joined)
        joined += t
        pieces.append((start, len(joined)))
        joined += "\n"
    cut = align(joined, pieces, columns_of(header_texts, model), joinable=False)
    if cut is None:
        return None
    return [col for col, _, _ in cut.cells]
