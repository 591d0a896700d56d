"""Budget lines (资金来源 × 年初预算数 / 调整后预算数 / 实际支出数 / 预算执行率) from tables.

A budget header row is one with an initial-or-adjusted column and an actual
column; the rows under it that carry numbers are the lines. Columns are found
by header words, and a data row whose label sits left of the header's label
column (a merged cell dropped by the converter: "其他资金\t2486.51…") is shifted
back into place.

With no budget table at all, one overall line is read from a sentence of prose.

Which tables count: when some budget table has an execution-rate column (the
self-evaluation form's own budget block), only those are read; supporting
tables (收入决算明细表) are read only when the form has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.types import Block, BlockKind, BudgetLine, Document, Row

# Order matters: the first matching role wins (预算执行率 also contains 预算).
_COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("execution_rate", re.compile(r"执行率")),
    ("skip", re.compile(r"调整数|调增|调减|分值|得分|权重")),
    ("adjusted", re.compile(r"调整后|调整预算|全年预算")),
    ("actual", re.compile(r"实际支出|执行数|决算数|支出数|实际执行|实际完成")),
    ("initial", re.compile(r"年初预算|预算数|预算金额|批复数")),
)
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
_UNIT = re.compile(r"单位[：:]\s*(万元|元)|[（(](万元|元)[)）]")
CONFIDENCE = 0.9
SHIFTED_CONFIDENCE = 0.75  # a realigned row is right less often


@dataclass(frozen=True)
class _Header:
    row_index: int
    label_col: int
    columns: dict[str, int]


def parse_amount(text: str) -> float | None:
    """ "27,799.22" -> 27799.22, "100.00%" -> 100.0; None for anything else."""
    cleaned = text.replace(" ", "").replace("，", ",")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.rstrip("%").replace(",", ""))


def _column_role(text: str) -> str | None:
    for role, pattern in _COLUMN_ROLES:
        if pattern.search(text):
            return role
    return None


def _header(row: Row) -> _Header | None:
    columns: dict[str, int] = {}
    for cell in row.cells:
        role = _column_role(cell.text)
        if role and role != "skip" and role not in columns:
            columns[role] = cell.col
    has_base = "initial" in columns or "adjusted" in columns
    if not (has_base and "actual" in columns):
        return None
    label_col = min(columns.values()) - 1
    return _Header(row_index=row.index, label_col=max(label_col, 0), columns=columns)


def _label_col(row: Row) -> int | None:
    for cell in row.cells:
        if cell.text and parse_amount(cell.text) is None:
            return cell.col
    return None


def _values(row: Row, header: _Header, shift: int) -> dict[str, float | None]:
    by_col = {c.col + shift: c.text for c in row.cells}
    return {role: parse_amount(by_col.get(col, "")) for role, col in header.columns.items()}


def _filled(values: dict[str, float | None]) -> int:
    return sum(v is not None for v in values.values())


def _line(row: Row, header: _Header, unit: str | None) -> BudgetLine | None:
    label_col = _label_col(row)
    if label_col is None or label_col > header.label_col:
        return None
    # The label may sit left of the header's label column either because a merged
    # cell was dropped (values moved left too: realign) or because the form has an
    # empty spacer column (values in place: keep). The reading that puts more
    # numbers under the header's columns decides; in place wins a tie.
    shift = header.label_col - label_col
    values = _values(row, header, 0)
    if shift:
        shifted = _values(row, header, shift)
        if _filled(shifted) > _filled(values):
            values = shifted
        else:
            shift = 0
    if not _filled(values):
        return None
    return BudgetLine(
        label=re.sub(r"\s+", "", next(c.text for c in row.cells if c.col == label_col)),
        initial=values.get("initial"),
        adjusted=values.get("adjusted"),
        actual=values.get("actual"),
        execution_rate=values.get("execution_rate"),
        unit=unit,
        confidence=SHIFTED_CONFIDENCE if shift else CONFIDENCE,
        evidence=row.evidence,
    )


def _unit(doc: Document, block: Block, header_row: Row) -> str | None:
    """The last 单位：万元 / (万元) written before the header row ends, near the table."""
    end = header_row.evidence.char_end or 0
    start = max(0, (block.evidence.char_start or 0) - 200)
    found = _UNIT.findall(doc.text[start:end])
    return (found[-1][0] or found[-1][1]) if found else None


def _table_lines(doc: Document, block: Block) -> tuple[list[BudgetLine], bool]:
    """Lines of every budget header in ``block``, and whether one had a rate column."""
    lines: list[BudgetLine] = []
    has_rate = False
    rows = block.rows
    i = 0
    while i < len(rows):
        header = _header(rows[i])
        if header is None:
            i += 1
            continue
        has_rate = has_rate or "execution_rate" in header.columns
        unit = _unit(doc, block, rows[i])
        i += 1
        while i < len(rows) and (line := _line(rows[i], header, unit)) is not None:
            lines.append(line)
            i += 1
    return lines, has_rate


_AMOUNT = r"[为是达:：]?\s*(?P<{name}>\d[\d,]*(?:\.\d+)?)\s*(?P<{name}_unit>万元|元)"
_PROSE_FIELDS: tuple[tuple[str, str], ...] = (
    ("initial", r"年初预算(?:数|总额)?"),
    ("adjusted", r"调整后(?:预算)?(?:数|收入总额|总额)?"),
    ("actual", r"(?:决算|实际)?支出(?:数|总额|总金额)"),
)
_PROSE_RATE = re.compile(r"执行率\s*[为是达:：]?\s*(?P<rate>\d+(?:\.\d+)?)\s*%")
PROSE_CONFIDENCE = 0.6
PROSE_LABEL = "合计"


def read_prose_budget(doc: Document) -> list[BudgetLine]:
    """One overall line from a sentence such as "年初预算为27,799.22万元,调整后预算数为
    23,367.00万元，…决算支出数为23,367.00万元，执行率达100.00%" (first such paragraph)."""
    for block in doc.blocks():
        if block.kind != BlockKind.paragraph:
            continue
        found: dict[str, float] = {}
        units: set[str] = set()
        for field, words in _PROSE_FIELDS:
            m = re.search(words + _AMOUNT.format(name=field), block.text)
            if m:
                found[field] = float(m.group(field).replace(",", ""))
                units.add(m.group(f"{field}_unit"))
        rate = _PROSE_RATE.search(block.text)
        if len(found) < 2 or len(units) != 1:
            continue
        return [
            BudgetLine(
                label=PROSE_LABEL,
                initial=found.get("initial"),
                adjusted=found.get("adjusted"),
                actual=found.get("actual"),
                execution_rate=float(rate.group("rate")) if rate else None,
                unit=units.pop(),
                confidence=PROSE_CONFIDENCE,
                evidence=block.evidence,
            )
        ]
    return []


def read_budget_lines(doc: Document) -> list[BudgetLine]:
    """Table lines (the form's own budget block first); a prose sentence if no table has one."""
    found = [_table_lines(doc, b) for b in doc.blocks() if b.kind == BlockKind.table]
    with_rate = [lines for lines, has_rate in found if has_rate and lines]
    chosen = with_rate or [lines for lines, _ in found if lines]
    return [line for lines in chosen for line in lines] or read_prose_budget(doc)
