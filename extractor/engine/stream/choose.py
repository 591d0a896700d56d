"""Which reader reads which part of a document.

The table reader reads the tables segmentation found; the stream reader
reads the whole text. Outside the found tables the stream's records stand
(flattened tables the segmenter cannot see); inside a found table both
readings exist, and the better-explained one is kept: the one whose records
state more of an indicator (a name with a target or actual, weight, score,
a claim, a level) in numbers that agree with each other (``coherence``).
"""

from __future__ import annotations

from extractor.engine.candidates import Candidate
from extractor.types import TableRegion

# The stream's reading of a found table must explain clearly more to replace the table
# reader's: on real tables the table reader (trained on cells) is the stronger.
_MARGIN = 1.25


def region_chars(region: TableRegion) -> tuple[int, int]:
    """The character range a table region covers in ``Document.text``."""
    evs = [r.evidence for r in region.header_rows + region.rows]
    starts = [e.char_start for e in evs if e.char_start is not None]
    ends = [e.char_end for e in evs if e.char_end is not None]
    return (min(starts), max(ends)) if starts and ends else (0, 0)


def explained(cands: list[Candidate]) -> float:
    """How much of a set of indicator rows a reading states."""
    total = 0.0
    for c in cands:
        r = c.record
        if not r.name.value:
            continue
        stated = (
            (r.target.kind != "missing")
            + (r.actual.kind != "missing")
            + 0.5 * (r.weight.value is not None)
            + 0.5 * (r.score.value is not None)
            + 0.5 * bool(r.status.text)
            + 0.5 * (r.level2.value is not None)
        )
        # Readers' own probabilities are not on one scale: only what is stated counts,
        # and only as far as it holds together.
        total += min(1.0, 0.4 + 0.2 * stated) * coherence(c)
    return total


# How much a row that contradicts itself still counts (its numbers are likely shifted).
_CONTRADICTION = 0.3


def coherence(c: Candidate) -> float:
    """1 for a row whose numbers agree with each other, less for each contradiction:
    a score above its weight, points above the form's 100, an actual in another unit
    than its target (cells shifted by one read the next cell's number)."""
    r = c.record
    w, s = r.weight.value, r.score.value
    out = 1.0
    if isinstance(w, (int, float)) and isinstance(s, (int, float)) and s > w:
        out *= _CONTRADICTION
    if any(isinstance(x, (int, float)) and x > 100 for x in (w, s)):
        out *= _CONTRADICTION
    t, a = r.target, r.actual
    if t.kind == a.kind == "numeric" and t.unit and a.unit and t.unit != a.unit:
        out *= _CONTRADICTION
    return out


def _inside(c: Candidate, span: tuple[int, int]) -> bool:
    start = c.record.evidence.char_start
    return start is not None and span[0] <= start < span[1]


# Indicator names are short; a "name" longer than this outside any table is a paragraph.
_MAX_NAME = 80


def _stands_alone(c: Candidate) -> bool:
    """A stream row outside every found table must state a target or an actual: prose
    and page chrome the labeller took for a name state neither."""
    r = c.record
    name = str(r.name.value or "")
    if c.row_signals.get("footnote"):
        return False  # a form's footnote listing points (注:1.…10分、…) is no row
    return len(name) <= _MAX_NAME and (r.target.kind != "missing" or r.actual.kind != "missing")


# How many stream rows away a numbered row without values may sit from a row with values.
_NUMBERED_REACH = 2


def _numbered_rows_standing(stream: list[Candidate], free: list[int]) -> set[int]:
    """Rows among ``free`` (indices into ``stream``, in text order) that state no value but
    were numbered as indicators (指标4.不合格产品处置率, a form's row left empty) next to
    rows that state one: an empty row of a table the stream reads, not a stray label."""
    stating = [_stands_alone(stream[i]) for i in free]
    out: set[int] = set()
    for k, i in enumerate(free):
        c = stream[i]
        if stating[k] or not c.row_signals.get("numbered"):
            continue
        if len(str(c.record.name.value or "")) > _MAX_NAME:
            continue
        near = stating[max(0, k - _NUMBERED_REACH) : k + _NUMBERED_REACH + 1]
        if any(near):
            out.add(i)
    return out


def _indicator_key(c: Candidate) -> tuple[object, ...]:
    r = c.record
    return (r.evidence.page, r.evidence.line_start, r.name.value, r.level2.value)


def once_per_indicator(stream: list[Candidate]) -> list[Candidate]:
    """One record per indicator of a line: a target form with a mid-term and an annual
    column writes each indicator twice on its row (名称 ≥57个 | 名称 ≥57个); the later
    copy, the year's target, is the row's. Only a copy straight after it counts: a
    page pasted onto one line may hold two projects' tables, each with its own
    服务对象满意度, and those are two indicators."""
    out = []
    for i, c in enumerate(stream):
        after = stream[i + 1] if i + 1 < len(stream) else None
        if after is not None and c.record.name.value and _indicator_key(after) == _indicator_key(c):
            continue
        out.append(c)
    return out


def choose_readings(
    readings: list[tuple[tuple[int, int], list[Candidate]]], stream: list[Candidate]
) -> list[Candidate]:
    """The table reader's candidates per region, or the stream's where they explain more,
    plus the stream's candidates outside every region that state a value; in text order."""
    stream = once_per_indicator(stream)
    out: list[tuple[int, int, Candidate]] = []
    used: set[int] = set()
    for k, (span, table) in enumerate(readings):
        mine = [i for i, c in enumerate(stream) if _inside(c, span)]
        used.update(mine)
        theirs = [stream[i] for i in mine]
        keep = theirs if explained(theirs) > _MARGIN * explained(table) else table
        out += [(span[0], k, c) for c in keep]
    free = [i for i in range(len(stream)) if i not in used]
    numbered = _numbered_rows_standing(stream, free)
    for i in free:
        c = stream[i]
        if _stands_alone(c) or i in numbered:
            out.append((c.record.evidence.char_start or 0, -1, c))
    # Regions in document order keep their own reader's order inside.
    out.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in out]
