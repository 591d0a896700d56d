"""Rebuild an indicator table that a converter wrote out column by column.

Some XLSX and PDF converters walk a table by column (or by block): after the
header words come every indicator name, then every target, every actual,
every weight and every score, each run as long as the table has rows; or
every row's values one after the other, then the names in a run of their
own. Read in text order such a table has no rows at all. This module finds
the header, then the explanation of the items after it as runs of equal
length N (one per header column) whose every item looks like what its
column holds, and writes the table back as N rows.

What a column holds is learned, not listed: each item's kind
(``cell_kinds.cell_kind``, which reads values with ``extractor.values``) is
scored under the column's role with the training tables' kind
distributions (``column_kinds.json``); an explanation is taken only when no
item falls below the learned row floor and reading the same items row by
row does not explain them too (such text is left to the other readers).
Runs must have equal length; text that has none is left alone.

Level labels standing between the names where a group starts are given to
the rows that follow them; labels written in a run of their own cannot be
paired with rows and are left out. Each cell keeps the character span of its
item in the original text. Where more than one run order explains the items,
rows carry ``order_guess`` = 1 so the calibrator lowers their confidence
(every rebuilt row also carries the ``order_rebuilt`` signal).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractor.ingest.cell_kinds import ColumnKinds, cell_kind, load_column_kinds
from extractor.ingest.layout_text import split_lines
from extractor.types import Block, BlockKind, Cell, Evidence, Page, Row
from extractor.vocab import header_role

_VALUE_ROLES = ("target", "actual", "weight", "score")
_LEVEL_KINDS = ("level1", "level2")
# A line holding this many items or more is a whole table flattened onto one
# line (a PDF page's text): its items are its space-separated tokens.
_TOKEN_LINE = 24
# How far after a header a table is looked for (keeps the search linear).
_MAX_BODY = 400
# Header words with no role of their own inside a header run (年度 指标值 /
# 实际 完成值: a header word wrapped in its cell): short, skipped.
_HEADER_GAP = 2
# How many items above the header the form's 项目名称 is looked for.
_PROJECT_REACH = 40
_CLOSING = re.compile(r"^(总分|合计|总计|小计)$")


@dataclass(frozen=True)
class Item:
    """One cell's text as the converter wrote it, and where."""

    text: str
    start: int
    end: int
    line: int
    page: int


@dataclass(frozen=True)
class Explanation:
    """The body's items as N rows: per row, its name and values items."""

    rows: list[dict[str, Item]]
    used: int  # body items explained
    mode: str


def items_of(text: str) -> list[Item]:
    """The text's items: one a line, or one a token on a flattened line."""
    out: list[Item] = []
    for line in split_lines(text):
        if line.blank:
            continue
        tokens = list(re.finditer(r"\S+", line.text))
        if len(tokens) >= _TOKEN_LINE:
            for m in tokens:
                out.append(
                    Item(
                        m.group(),
                        line.start + m.start(),
                        line.start + m.end(),
                        line.number,
                        line.page,
                    )
                )
        else:
            body = line.text.strip()
            at = line.start + line.text.index(body)
            out.append(Item(body, at, at + len(body), line.number, line.page))
    return out


def _header_at(items: list[Item], i: int) -> tuple[list[tuple[str, Item]], int] | None:
    """The header run starting at ``items[i]``: its (role, item) columns and
    the index after it, when it names a name column and two value columns."""
    cols: list[tuple[str, Item]] = []
    j = i
    end = i
    while j < len(items):
        role = header_role(items[j].text)
        if role is not None and role not in (r for r, _ in cols):
            cols.append((role, items[j]))
            end = j + 1
        elif not (role is None and cols and len(items[j].text) <= _HEADER_GAP):
            break
        j += 1
    j = end  # a gap word counts only between header words
    roles = [r for r, _ in cols]
    if "name" not in roles or sum(r in _VALUE_ROLES for r in roles) < 2:
        return None
    return cols, j


def _fits(kinds: ColumnKinds, role: str, item: Item) -> float | None:
    """The log-probability of the item's kind under the role, or None where
    the training tables never showed that kind there: its probability is no
    more than the smoothing prior gives a kind never seen (twice the
    distribution's least value: a kind's count above its pseudo-count)."""
    table = kinds.by_role.get(role, kinds.by_role["other"])
    p = table[cell_kind(item.text)]
    return p if p > min(table.values()) + math.log(2) else None


def _arrangements(value_roles: list[str], n: int) -> dict[str, list[list[tuple[str, int]]]]:
    """Per mode, per row, the (role, body index) of its cells for N rows."""
    roles = ["name", *value_roles]
    k = len(roles)
    v = len(value_roles)
    return {
        # every column a run, names first (in header order)
        "columns": [[(r, c * n + i) for c, r in enumerate(roles)] for i in range(n)],
        # value runs first, names last
        "columns_names_last": [
            [(r, c * n + i) for c, r in enumerate([*value_roles, "name"])] for i in range(n)
        ],
        # each row's values one after the other, then the names
        "values_then_names": [
            [*((r, i * v + c) for c, r in enumerate(value_roles)), ("name", v * n + i)]
            for i in range(n)
        ],
        # the text already in rows: left to the other readers
        "rows": [[(r, i * k + c) for c, r in enumerate(roles)] for i in range(n)],
    }


def explain(body: list[Item], value_roles: list[str], kinds: ColumnKinds) -> Explanation | None:
    """``body`` as runs of one equal length N (one run per column), or None
    when no arrangement explains every item or reading it row by row does."""
    k = 1 + len(value_roles)
    n, rest = divmod(len(body), k)
    if rest or n < 2:
        return None
    found: list[tuple[float, str, list[list[tuple[str, int]]]]] = []
    for mode, arrangement in _arrangements(value_roles, n).items():
        total = _score(body, arrangement, kinds)
        if total is not None:
            found.append((total, mode, arrangement))
    if not found or any(mode == "rows" for _, mode, _ in found):
        return None
    _, mode, arrangement = max(found, key=lambda f: f[0])
    rows = [{role: body[at] for role, at in row} for row in arrangement]
    return Explanation(rows, n * k, mode if len(found) == 1 else f"{mode}?")


def _score(
    body: list[Item], arrangement: list[list[tuple[str, int]]], kinds: ColumnKinds
) -> float | None:
    """The arrangement's log-likelihood, or None where a cell's kind is one
    its column does not hold or a row is less likely than the training rows
    (the learned per-column floor)."""
    total = 0.0
    for row in arrangement:
        scores = [_fits(kinds, role, body[at]) for role, at in row]
        got = [p for p in scores if p is not None]
        if len(got) < len(scores) or sum(got) / len(got) < kinds.row_floor:
            return None
        total += sum(got)
    return total


def _labels(levels: list[tuple[int, Item]], names: list[int]) -> list[dict[str, Item]]:
    """Level labels for each row: a label standing just before a row's name
    opens its group; several labels of one level at one place are a run of
    their own and pair with no row."""
    out: list[dict[str, Item]] = [{} for _ in names]
    placed: dict[tuple[int, str], list[Item]] = {}
    for pos, item in levels:
        row = next((r for r, at in enumerate(names) if at >= pos), None)
        if row is not None:
            placed.setdefault((row, cell_kind(item.text)), []).append(item)
    current: dict[str, Item] = {}
    for r in range(len(names)):
        for level in _LEVEL_KINDS:
            got = placed.get((r, level), [])
            if len(got) == 1:
                current[level] = got[0]
                if level == "level1":
                    current.pop("level2", None)
            elif got:
                current.pop(level, None)
        out[r] = dict(current)
    return out


def _evidence(items: list[Item]) -> Evidence:
    return Evidence(
        page=items[0].page,
        line_start=min(i.line for i in items),
        line_end=max(i.line for i in items),
        char_start=min(i.start for i in items),
        char_end=max(i.end for i in items),
    )


def _project_row(before: list[Item]) -> Row | None:
    """The form's ``项目名称 | X`` pair above the table, as the segmenter reads a
    project form's name (the group of its rows): the item after the label."""
    for k in range(len(before) - 2, -1, -1):
        if header_role(before[k].text) == "group" and before[k].text.strip("：: ") == "项目名称":
            label, value = before[k], before[k + 1]
            if header_role(value.text) is not None:
                return None
            cells = [
                Cell(text=label.text, row=0, col=0, evidence=_evidence([label])),
                Cell(text=value.text, row=0, col=1, evidence=_evidence([value])),
            ]
            return Row(index=0, cells=cells, evidence=_evidence([label, value]))
    return None


def _table(
    header: list[tuple[str, Item]],
    value_roles: list[str],
    rows: list[dict[str, Item]],
    labels: list[dict[str, Item]],
    guess: bool,
    project: Row | None,
) -> Block:
    by_role = dict(header)
    h = 0 if project is None else 1
    head_ev = _evidence([it for _, it in header])
    columns = ["level1", "level2", "name", *value_roles]
    words = {"level1": "一级指标", "level2": "二级指标"}
    head = Row(
        index=h,
        cells=[
            Cell(
                text=by_role[c].text if c in by_role else words.get(c, c),
                row=h,
                col=k,
                evidence=_evidence([by_role[c]]) if c in by_role else head_ev,
            )
            for k, c in enumerate(columns)
        ],
        evidence=head_ev,
    )
    out = [head] if project is None else [project, head]
    for r, (row, own) in enumerate(zip(rows, labels, strict=True), start=h + 1):
        cells = [
            Cell(
                text=(own | row)[c].text,
                row=r,
                col=k,
                evidence=_evidence([(own | row)[c]]),
                order_guess=1.0 if guess else 0.0,
            )
            for k, c in enumerate(columns)
            if c in own or c in row
        ]
        out.append(Row(index=r, cells=cells, evidence=Evidence.union([c.evidence for c in cells])))
    return Block(
        kind=BlockKind.table,
        index=0,
        page=head_ev.page or 1,
        rows=out,
        evidence=Evidence.union([r.evidence for r in out]),
    )


def find_tables(text: str, kinds: ColumnKinds | None = None) -> list[Block]:
    """Every column-run table of ``text`` rebuilt as a table block."""
    kinds = kinds or load_column_kinds()
    items = items_of(text)
    tables: list[Block] = []
    i = 0
    while i < len(items):
        found = _header_at(items, i)
        if found is None:
            i += 1
            continue
        header, j = found
        value_roles = [r for r, _ in header if r in _VALUE_ROLES]
        body: list[Item] = []
        levels: list[tuple[int, Item]] = []
        end = j
        while end < len(items) and len(body) < _MAX_BODY and not _CLOSING.match(items[end].text):
            if _header_at(items, end) is not None:
                break
            if cell_kind(items[end].text) in _LEVEL_KINDS:
                levels.append((len(body), items[end]))
            else:
                body.append(items[end])
            end += 1
        got = explain(body, value_roles, kinds)
        # every item up to the table's end explained, or the text is left alone
        if got is None or got.used != len(body):
            i = j
            continue
        names = [body.index(row["name"]) for row in got.rows]
        inside = [(p, it) for p, it in levels if p <= max(names)]
        project = _project_row(items[max(0, i - _PROJECT_REACH) : i])
        guess = got.mode.endswith("?")
        block = _table(header, value_roles, got.rows, _labels(inside, names), guess, project)
        tables.append(block)
        i = j + got.used
    return tables


def rebuild_column_runs(text: str, pages: list[Page]) -> list[Page]:
    """``pages`` with each column-run table of ``text`` as one table block:
    blocks lying within the table's lines are replaced; a table read out of
    one flattened line is put after that line's block."""
    tables = find_tables(text)
    for table in tables:
        first, last = table.evidence.line_start or 0, table.evidence.line_end or 0
        for page in pages:
            kept: list[Block] = []
            placed = False
            for block in page.blocks:
                ls, le = block.evidence.line_start or 0, block.evidence.line_end or 0
                within = first <= ls and le <= last and first < last
                if within:
                    if not placed:
                        kept.append(table)
                        placed = True
                    continue
                kept.append(block)
                if not placed and ls <= first <= le and ls <= last <= le:
                    kept.append(table)
                    placed = True
            for k, block in enumerate(kept):
                block.index = k
            page.blocks = kept
    return pages


__all__ = ["Explanation", "Item", "explain", "find_tables", "items_of", "rebuild_column_runs"]
