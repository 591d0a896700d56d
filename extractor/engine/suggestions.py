"""The reviewer's next keystroke: runners-up for doubtful table fields.

For a field whose calibrated confidence is below the review threshold, the
readings a reviewer most likely wants instead, each with a probability:

- the next and the previous cell of the row (a drifted or merged column);
- the value read again with the OCR repairs (``extractor.ocr.repair``);
- for an empty field, the row's cells no field took.

Probabilities: the calibrated error probability of the field (1 -
confidence) is shared among the runners-up in proportion to the cell-role
model's probability that each cell holds this field. Computed after the
records are assembled, from the document's rows, so the readers are untouched.
"""

from __future__ import annotations

import math
from typing import Any

from extractor.engine.roles import ROLE_INDEX, RoleScorer, best_offset, shift_columns
from extractor.ocr.repair import repair
from extractor.segment import find_table_regions
from extractor.types import (
    Cell,
    Document,
    Evidence,
    IndicatorRecord,
    Suggestion,
    SuggestionKind,
    TableRegion,
)
from extractor.values import parse_value
from extractor.vocab import squash

# The fields a runner-up is offered for: those read from one cell of the row.
SUGGESTED = ("name", "target", "actual", "weight", "score")
MAX_SUGGESTIONS = 9  # keys 1-9 on the review page


def field_text(record: IndicatorRecord, field: str) -> str:
    if field in ("target", "actual"):
        return getattr(record, field).text or ""
    value = getattr(record, field).value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def field_confidence(record: IndicatorRecord, field: str) -> float:
    return float(getattr(record, field).confidence)


def parsed(field: str, text: str) -> Any:
    """The field as the contract would hold ``text`` (None: it cannot hold it)."""
    if field in ("target", "actual"):
        return parse_value(text).model_dump(mode="json")
    if field in ("weight", "score"):
        v = parse_value(text)
        if v.kind == "numeric" and v.value is not None and not v.unit and v.op in (None, "="):
            return v.value
        return None
    return text.strip() or None


def _rows_by_cell(regions: list[TableRegion]) -> dict[Any, tuple[list[Cell], TableRegion]]:
    """Each indicator-table row under the evidence of each of its cells."""
    out: dict[Any, tuple[list[Cell], TableRegion]] = {}
    for region in regions:
        if region.kind != "indicator":
            continue
        for row in region.rows:
            cells = [c for c in row.cells if c.text.strip()]
            for c in cells:
                out.setdefault(_key(c.evidence), (cells, region))
    return out


class _Columns:
    """The header order each region was read under (shifted as the table reader shifts it)."""

    def __init__(self, scorer: RoleScorer) -> None:
        self.scorer = scorer
        self.done: dict[int, list[str | None]] = {}

    def of(self, region: TableRegion) -> list[str | None]:
        if id(region) not in self.done:
            rows = [[c for c in r.cells if c.text.strip()] for r in region.rows]
            offset = best_offset([r for r in rows if r], region.columns, self.scorer)
            self.done[id(region)] = shift_columns(region.columns, offset)
        return self.done[id(region)]


def _key(ev: Evidence | None) -> Any:
    if ev is None:
        return None
    return (ev.page, ev.line_start, ev.char_start, ev.char_end, tuple(ev.bbox or ()))


def suggest(
    doc: Document, records: list[IndicatorRecord], scorer: RoleScorer, threshold: float
) -> dict[str, dict[str, list[Suggestion]]]:
    """record id -> field -> runners-up, most probable first (doubtful fields only)."""
    doubtful = [
        (r, [f for f in SUGGESTED if field_confidence(r, f) < threshold])
        for r in records
        if r.source == "table"
    ]
    doubtful = [(r, fs) for r, fs in doubtful if fs and r.name.evidence is not None]
    if not doubtful:
        return {}
    rows = _rows_by_cell(find_table_regions(doc))
    columns = _Columns(scorer)
    out: dict[str, dict[str, list[Suggestion]]] = {}
    for record, fields in doubtful:
        found = rows.get(_key(record.name.evidence))
        if found is None:
            continue
        cells, region = found
        logp = scorer.log_probs(cells, columns.of(region))
        probs = [[math.exp(float(x)) for x in row] for row in logp]
        taken = _taken(record)
        for field in fields:
            runners = _runners_up(record, field, cells, probs, taken)
            if runners:
                out.setdefault(record.id, {})[field] = runners
    return out


def _taken(record: IndicatorRecord) -> set[str]:
    """Texts some field of the record already holds (not offered for another)."""
    texts = [field_text(record, f) for f in SUGGESTED]
    texts += [str(getattr(record, f).value or "") for f in ("group", "level1", "level2")]
    texts += [record.status.text or "", record.deviation.text or ""]
    return {squash(t) for t in texts} - {""}


def _runners_up(
    record: IndicatorRecord,
    field: str,
    cells: list[Cell],
    probs: list[list[float]],
    taken: set[str],
) -> list[Suggestion]:
    role = ROLE_INDEX[field]
    current = squash(field_text(record, field))
    at = next((i for i, c in enumerate(cells) if current and squash(c.text) == current), None)
    options: list[tuple[str, SuggestionKind, int]] = []
    if at is not None:
        sides: tuple[tuple[int, SuggestionKind], ...] = (
            (at + 1, "next_cell"),
            (at - 1, "previous_cell"),
        )
        for k, kind in sides:
            if 0 <= k < len(cells):
                options.append((cells[k].text.strip(), kind, k))
        fixed = repair(cells[at].text, context=str(record.name.value or "")).text.strip()
        options.append((fixed, "ocr_repair", at))
    else:
        options += [
            (c.text.strip(), "unassigned_cell", k)
            for k, c in enumerate(cells)
            if squash(c.text) not in taken
        ]
    seen = {current}
    kept: list[tuple[str, SuggestionKind, int, Any, float]] = []
    for text, kind, k in options:
        value = parsed(field, text)
        if not text or squash(text) in seen or value is None:
            continue
        seen.add(squash(text))
        kept.append((text, kind, k, value, probs[k][role]))
    # The field's error probability, shared by how much the role model sees
    # the field in each cell of the row (the current one included).
    total = sum(row[role] for row in probs)
    if not kept or total <= 0:
        return []
    wrong = 1.0 - field_confidence(record, field)
    ranked = sorted(kept, key=lambda x: -x[4])[:MAX_SUGGESTIONS]
    return [
        Suggestion(
            text=text,
            value=value,
            probability=round(wrong * p / total, 4),
            kind=kind,
            evidence=cells[k].evidence,
        )
        for text, kind, k, value, p in ranked
    ]
