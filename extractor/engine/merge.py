"""One record per indicator: prose mentions merged into table rows.

Narrative reports state an indicator in prose and again in an attached
table; the table gives the cleaner target and actual, the prose often the
only completion claim. A prose candidate whose name matches a table row
(the scorer's 0.75 name similarity, same group when both name one) fills
that row's empty fields.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from extractor.engine.candidates import Candidate
from extractor.training.scoring import norm, sim

NAME_MATCH = 0.75


def _groups_compatible(a: Candidate, b: Candidate) -> bool:
    ga, gb = a.record.group.value, b.record.group.value
    return not ga or not gb or sim(ga, gb) >= 0.6


def _chars(c: Candidate) -> tuple[int, int] | None:
    ev = c.record.evidence
    if ev is None or ev.char_start is None or ev.char_end is None:
        return None
    return ev.char_start, ev.char_end


def _lines(c: Candidate) -> tuple[int, int] | None:
    """The lines a read covers, as a half-open range over (page, line)."""
    ev = c.record.evidence
    if ev is None or ev.line_start is None or ev.line_end is None:
        return None
    page = ev.page or 0
    return (page << 32) + ev.line_start, (page << 32) + ev.line_end + 1


def _passages(table: list[Candidate], prose: list[Candidate]) -> list[tuple[list[int], int]]:
    """Stream rows (their indices in ``table``) and how many prose records overlap
    them, one entry per passage of overlapping reads. Reads are compared by
    the lines they cover when all of them say (a stream row and the prose
    statements of one line read the same paragraph two ways, whichever words
    each took), else by their characters."""
    stream = [(k, c) for k, c in enumerate(table) if c.record.source == "stream"]
    where = _lines if all(_lines(c) for c in [*prose, *(c for _, c in stream)]) else _chars
    reads: list[tuple[tuple[int, int], int | None]] = [
        (span, k) for k, c in stream if (span := where(c)) is not None
    ] + [(span, None) for p in prose if (span := where(p)) is not None]
    reads.sort(key=lambda r: r[0])
    out: list[tuple[list[int], int]] = []
    passage: list[int | None] = []
    end = -1
    for (start, stop), row in [*reads, ((1 << 62, 1 << 62), None)]:
        if start >= end and passage:  # the passage before this read is complete
            rows = [k for k in passage if k is not None]
            out.append((rows, len(passage) - len(rows)))
            passage = []
        passage.append(row)
        end = max(end, stop)
    return out


def split_stream_from_prose(
    table: list[Candidate], prose: list[Candidate]
) -> tuple[list[Candidate], bool]:
    """``table`` without the stream rows that the prose reading explains better,
    and whether the document has an indicator table.

    The stream reader can read narrative sentences as a flattened row
    (年度目标≥95%，实际达到96.3%…) while the prose reader reads the same
    characters as its statements: overlapping stream rows and prose records are
    one passage read two ways. Table rows, and stream rows no prose record
    overlaps, make the document a tabled one. A passage keeps its prose reading
    when it finds more indicators there than the stream reading, or as many in
    a document without a table; otherwise its stream rows stand and the prose
    fills them. Table rows are never dropped.
    """
    passages = _passages(table, prose)
    tabled = any(c.record.source != "stream" for c in table) or any(
        rows and not statements for rows, statements in passages
    )
    dropped = {
        k
        for rows, statements in passages
        if rows and (statements > len(rows) or (statements == len(rows) and not tabled))
        for k in rows
    }
    return [c for k, c in enumerate(table) if k not in dropped], tabled


def merge_prose(table: list[Candidate], prose: list[Candidate]) -> list[Candidate]:
    """Prose mentions fill their table rows; unmatched ones stand alone only
    when the document has no indicator table (a purely narrative report):
    beside a table, a prose sentence that names no table row is commentary."""
    table, tabled = split_stream_from_prose(table, prose)
    out = list(table)
    # ``sim`` with each name normalised once and SequenceMatcher's cheap upper
    # bounds tried first: the same matches, without a full ratio for every
    # pair (the pairs grow with the square of a long document).
    table_names = [norm(t.record.name.value) for t in table]
    for p in prose:
        best, best_sim = None, NAME_MATCH
        matcher = SequenceMatcher(None)
        matcher.set_seq2(norm(p.record.name.value))
        for t, name in zip(table, table_names, strict=True):
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() < best_sim or matcher.quick_ratio() < best_sim:
                continue
            s = matcher.ratio()
            if s >= best_sim and _groups_compatible(t, p):
                best, best_sim = t, s
        if best is None:
            if not tabled:
                out.append(p)
            continue
        rec, pr = best.record, p.record
        if not rec.status.text and pr.status.text:
            rec.status = pr.status.model_copy()
            best.signal("status", from_prose=1.0)
        if rec.actual.kind == "missing" and pr.actual.kind != "missing":
            rec.actual = pr.actual.model_copy()
            best.signal("actual", from_prose=1.0)
        if rec.target.kind == "missing" and pr.target.kind != "missing":
            rec.target = pr.target.model_copy()
            best.signal("target", from_prose=1.0)
        best.row_signals["prose_confirms"] = 1.0
    return out
