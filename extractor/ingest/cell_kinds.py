"""What a table cell's text looks like, and how likely each look is under a column.

A row that lost its grid (cells joined by spaces, or cells on lines of their
own) is cut back into cells by scoring each possible cell against the column
its header names (``space_rows``). The scores come from the training tables:
``extractor.training.column_kinds`` counts, over every table of the training
split read with its grid intact, which kind of text (a level word, a
comparator, a bare number, a value with a unit, a claim, a short word, a
sentence...) sits under which header role, how often the column is empty and
how often its cells hold a space; it writes ``column_kinds.json`` next to
this module.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.values import parse_value
from extractor.values.numerals import MAGNITUDES
from extractor.values.units import BASE_UNITS
from extractor.vocab import (
    header_role,
    is_note_header,
    is_row_label,
    normalize_level1,
    normalize_level2,
    squash,
)

COLUMN_KINDS = Path(__file__).with_name("column_kinds.json")

KINDS = (
    "empty",
    "level1",
    "level2",
    "op",
    "number",
    "value",
    "deadline",
    "claim",
    "unit",
    "word",
    "text",
    "text_digits",
    "field_label",
)

_OP = re.compile(
    r"^(≥|≤|>|<|=|＞|＜|＝|>=|<=|≧|≦|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过"
    r"|定性|定量|正向|反向|中性)$"
)
_NUMBER = re.compile(r"^[+-]?\d[\d,，]*(?:\.\d+)?$")
_CLAIM = re.compile(
    r"^(已|未|基本|部分|全额|全部|按时|按期|如期|及时|超额|尚未|没有)?(完成|达成|达到|实现)"
    r"|^(不适用|无|—+|-+|/|／|不涉及)$"
)
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SHORT_WORD = 6
# An item number before a name (指标1: / 1. / （2） / ③) says nothing of its kind.
_ITEM_MARKER = re.compile(r"^(指标\d+[:：]|[（(]?\d{1,2}[)）.、](?!\d)|[①-⑳])")


# Kinds a cell of its own has: two of them set apart by a space are two cells.
_ATOMIC = {"level1", "level2", "op", "number", "value", "deadline", "claim", "unit"}


@lru_cache(maxsize=50000)
def cell_kind(text: str) -> str:
    """One of ``KINDS`` for a cell's text."""
    parts = text.split()
    if len(parts) > 1 and sum(_kind(p) in _ATOMIC for p in parts) > 1:
        return "text_digits" if _DIGIT.search(text) else "text"
    return _kind(text)


def _is_unit(t: str) -> bool:
    """A unit the value reader knows (万元, 人次, 元/亩, %), alone."""
    for magnitude in sorted(MAGNITUDES, key=len, reverse=True):
        if t.startswith(magnitude) and t not in BASE_UNITS and len(t) > len(magnitude):
            t = t[len(magnitude) :]
            break
    pieces = t.replace("％", "%").split("/")
    return all(p in BASE_UNITS for p in pieces)


@lru_cache(maxsize=50000)
def _kind(text: str) -> str:
    t = _ITEM_MARKER.sub("", squash(text)) or squash(text)
    if not t:
        return "empty"
    # 填表人： / 附件下载: — a form's field label, waiting for its value.
    if t.endswith((":", "：")):
        return "field_label"
    level1, level2 = normalize_level1(t), normalize_level2(t)
    if level2 and level2 != level1:
        return "level2"
    if level1:
        return "level1"
    if _OP.match(t):
        return "op"
    if _NUMBER.match(t):
        return "number"
    if _CLAIM.search(t) and len(t) <= 14:
        return "claim"
    has_digit = bool(_DIGIT.search(t))
    # Two numbers set apart by a space are two cells run together (≥300天 312天).
    if sum(bool(_DIGIT.search(part)) for part in text.split()) > 1:
        return "text_digits"
    if not has_digit and _is_unit(t):
        return "unit"
    if has_digit and len(t) <= 24:
        value = parse_value(t)
        if value.kind == "deadline":
            return "deadline"
        # A value opens with its number or its comparator (≥95%, 不低于90%), not
        # with words that merely contain a number (结案率=结案数/受理数×100%).
        opens = not _CJK.match(t) or value.op not in (None, "=")
        if value.kind in ("numeric", "range") and opens:
            return "value"
    if has_digit:
        return "text_digits"
    return "word" if len(t) <= _SHORT_WORD else "text"


_BRACKETS = re.compile(r"[（(][^）)]*[）)]|^[*＊]")


@lru_cache(maxsize=50000)
def column_role(header_text: str) -> str:
    """The role a header cell gives its column for cutting: a field role, a
    note (explanations, scoring rules), a label spanning the rows, or other.
    Bracketed insertions and required-field stars are read past: *评(扣)分标准."""
    plain = _BRACKETS.sub("", squash(header_text)) or squash(header_text)
    if is_note_header(plain):
        return "note"
    if is_row_label(plain):
        return "label"
    return header_role(plain) or "other"


@dataclass(frozen=True)
class ColumnKinds:
    """Log-probabilities of each kind of cell text under a column, learned
    from the training tables: per header text seen there (shrunk toward its
    role's distribution), else per role."""

    by_role: dict[str, dict[str, float]]  # role -> kind -> log P(kind | role)
    by_header: dict[str, dict[str, float]]  # squashed header text -> kind -> log P
    row_floor: float  # a line whose best cut scores below this per column is no row
    join_cost: float  # log-odds against a space inside a cell (fit on training text)

    def table(self, header_text: str) -> dict[str, float]:
        own = self.by_header.get(squash(header_text))
        if own is not None:
            return own
        return self.by_role.get(column_role(header_text)) or self.by_role["other"]


def _log_table(
    counts: Mapping[str, float], prior: dict[str, float], strength: float
) -> dict[str, float]:
    total = sum(counts.values()) + strength
    return {k: math.log((counts.get(k, 0) + strength * prior[k]) / total) for k in KINDS}


def fit_column_kinds(
    by_role: dict[str, dict[str, int]],
    by_header: dict[str, dict[str, int]],
    header_roles: dict[str, str],
    row_scores: list[float],
) -> dict[str, object]:
    """The JSON payload from counts. A role's distribution is smoothed toward
    uniform, a header's toward its role's, each prior weighing as much as
    one cell of every kind; the row floor is the 2nd percentile of the
    training rows' per-column scores."""
    uniform = {k: 1 / len(KINDS) for k in KINDS}
    roles = {r: _log_table(c, uniform, len(KINDS)) for r, c in by_role.items()}
    headers = {
        h: _log_table(c, {k: math.exp(v) for k, v in roles[header_roles[h]].items()}, len(KINDS))
        for h, c in by_header.items()
    }
    ordered = sorted(row_scores)
    floor = ordered[int(0.02 * (len(ordered) - 1))] if ordered else -math.inf
    return {"by_role": roles, "by_header": headers, "row_floor": floor, "join_cost": 0.0}


@lru_cache(maxsize=1)
def load_column_kinds(path: Path = COLUMN_KINDS) -> ColumnKinds:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ColumnKinds(data["by_role"], data["by_header"], data["row_floor"], data["join_cost"])
