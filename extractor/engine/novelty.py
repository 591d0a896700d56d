"""Signals that rise when a table's layout is new to the engine.

The calibrator learns how often a field is right from out-of-fold
extractions; on a layout it has never seen, the reader's own probabilities
are too sure. These signals describe the *reading* rather than the text,
so they carry over to unseen layouts: header words the training data never
showed, how much of a row the role model explained, cells that parse as
values where a name is expected (and the reverse), placeholders, a field
empty where its column is otherwise filled, weights that do not add up.

``junk_row`` marks rows that do not read as indicators (no target and no
level, a header word, a scoring rule, a budget line) and ``junk_warning``
warns when most of a document's output is such rows.
"""

from __future__ import annotations

import re

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value
from extractor.types import DocWarning, IndicatorRecord, Row, TableRegion
from extractor.vocab import header_role, is_row_label, squash

# Fields whose column may be otherwise filled while one row leaves it empty.
_COLUMN_FIELDS = ("target", "actual", "weight", "score", "status")
_MARKER_ONLY = re.compile(r"^(指标\s*[\d一二三四五六七八九十]+\s*[:：]?|…+|\.{3,})$")
_PLACEHOLDER = re.compile(
    r"^(指标\s*[\d一二三四五六七八九十]+\s*[:：]?|[xX×*]+|…+|\.{3,}|待定|暂无)$"
)
_RULE = re.compile(r"扣\d*[.\d]*分|得满分|计分|不得分|每[^，。]{0,12}扣|按比例得分|[×*]分值")
_BUDGET_LINE = re.compile(
    r"^(年度资金总额|资金总额|其中[:：]?|财政拨款|财政资金|上年结转|其他资金|资金来源|年初预算|"
    r"全年预算|预算数|执行数|合计|总计|小计)"
)
JUNK_SHARE = 0.5  # a document whose rows are mostly junk gets a warning
JUNK_MIN_ROWS = 3


def header_words(rows: list[Row]) -> list[str]:
    """The header cells' words (squashed), as the role model's vocabulary keeps them."""
    return [squash(c.text) for r in rows for c in r.cells if squash(c.text)]


def unseen_header_share(region: TableRegion, known: frozenset[str] | None) -> float:
    words = header_words(region.header_rows)
    if known is None or not words:
        return 0.0
    return sum(1 for w in words if w not in known) / len(words)


def is_marker_only(text: str | None) -> bool:
    """指标1： or …… alone in a cell: a template's placeholder, never a name or value."""
    return bool(_MARKER_ONLY.match(squash(text)))


def is_placeholder(text: str | None) -> bool:
    return bool(_PLACEHOLDER.match(squash(text)))


def _is_value_text(text: str | None) -> bool:
    """A cell that parses as a value (number, range, deadline, yes/no), not a name."""
    t = squash(text)
    return bool(t) and cached_value(t).kind in ("numeric", "range", "deadline", "boolean")


def _reads_like_name(text: str | None) -> bool:
    """A target/actual cell that looks like an indicator's name (long words, no digit)."""
    t = squash(text)
    return (
        len(t) >= 8 and not any(ch.isdigit() for ch in t) and t.endswith(("率", "数", "量", "度"))
    )


def annotate_region(
    region: TableRegion, cands: list[Candidate], known_headers: frozenset[str] | None
) -> None:
    """Layout-novelty signals for every candidate read from ``region``."""
    if not cands:
        return
    unseen = unseen_header_share(region, known_headers)
    fill = {
        f: sum(1 for c in cands if c.signals.get(f, {}).get("present")) / len(cands)
        for f in _COLUMN_FIELDS
    }
    weights = [c.record.weight.value for c in cands]
    numbers = [float(w) for w in weights if isinstance(w, (int, float))]
    weights_off = 0.0
    if len(numbers) >= max(2, len(cands) // 2):
        total = sum(numbers)
        weights_off = float(min(abs(total - 100), abs(total - 90)) > 0.5)
    for c in cands:
        c.row_signals.update(unseen_headers=unseen, weights_off=weights_off)
        for f in _COLUMN_FIELDS:
            if not c.signals.get(f, {}).get("present") and fill[f] >= 0.6:
                c.signal(f, empty_in_filled_column=1.0)
        if weights_off:
            c.signal("weight", weights_off=1.0)
            c.signal("score", weights_off=1.0)
        rec = c.record
        name = str(rec.name.value or "")
        if _is_value_text(name) or is_placeholder(name):
            c.signal("name", name_is_value=1.0)
        for f in ("target", "actual"):
            if _reads_like_name(getattr(rec, f).text):
                c.signal(f, value_is_name=1.0)
            if is_placeholder(getattr(rec, f).text):
                c.signal(f, placeholder=1.0)
        if junk_row(rec):
            c.row_signals["junk"] = 1.0


def junk_row(rec: IndicatorRecord) -> bool:
    """A row that does not read as an indicator (issue: output mostly junk)."""
    name = squash(str(rec.name.value or ""))
    if not name:
        return True
    if len(name) <= 8 and (header_role(name) is not None or is_row_label(name)):
        return True
    if _RULE.search(name) or _BUDGET_LINE.match(name) or is_placeholder(name):
        return True
    nothing = (
        rec.target.kind == "missing"
        and rec.actual.kind == "missing"
        and rec.level1.value is None
        and rec.level2.value is None
    )
    return nothing


def junk_warning(records: list[IndicatorRecord]) -> list[DocWarning]:
    if len(records) < JUNK_MIN_ROWS:
        return []
    junk = sum(junk_row(r) for r in records)
    if junk / len(records) < JUNK_SHARE:
        return []
    return [
        DocWarning(
            code="mostly_junk",
            message=f"{junk} of {len(records)} rows do not read as indicators "
            "(no target or level, header words, scoring rules or budget lines)",
        )
    ]
