"""Cell roles: which field of an indicator each table cell holds.

``RoleScorer`` gives every non-empty cell of a row a log-probability for
each role. ``align_row`` then assigns roles under the header's column order
(a monotone alignment, solved by dynamic programming), so a row whose cells
drifted one or two columns to the left (a merged cell dropped, a wrapped
label) still lands in the right fields: the content pulls each cell to the
role it looks like, the header pulls it to the column it sits in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from extractor.engine.features import content_features
from extractor.types import Cell

ROLE_LABELS = [
    "group", "level1", "level2", "name", "op", "target", "unit", "weight", "actual",
    "score", "status", "deviation", "other",
]  # fmt: skip
ROLE_INDEX = {r: i for i, r in enumerate(ROLE_LABELS)}


class RoleScorer(Protocol):
    def log_probs(self, cells: list[Cell], columns: list[str | None]) -> np.ndarray:
        """(n_cells, len(ROLE_LABELS)) log-probabilities."""
        ...


def position_features(cell: Cell, columns: list[str | None]) -> dict[str, float]:
    """The header roles at the cell's column and its neighbours."""
    f: dict[str, float] = {}
    for off in (-2, -1, 0, 1, 2):
        k = cell.col + off
        role = columns[k] if 0 <= k < len(columns) else "edge"
        f[f"hdr{off:+d}={role}"] = 1.0
    f["col_rel"] = cell.col / max(1, len(columns) - 1)
    return f


class HeuristicScorer:
    """Hand-weighted content scores: the fallback when no trained model is
    available (a fresh checkout before ``extractor train``)."""

    _WEIGHTS: dict[str, dict[str, float]] = {
        "level1": {"level1_vocab": 4.0, "short": 0.5},
        "level2": {"level2_vocab": 4.0, "exact_level": 1.0},
        "name": {"long": 1.5, "cjk_share": 1.5, "ends_rate": 0.8, "kind=qualitative": 0.8},
        "target": {"has_op": 2.5, "has_unit": 1.2, "kind=range": 2.0, "kind=deadline": 1.5,
                   "kind=boolean": 1.0, "percent": 0.8, "kind=qualitative": 0.3},
        "weight": {"small_number": 2.0, "numeric_only": 1.0},
        "actual": {"kind=numeric": 1.2, "claim": 0.6, "has_unit": 0.6, "kind=boolean": 1.0},
        "score": {"small_number": 2.0, "numeric_only": 1.0, "decimal": 0.3},
        "status": {"claim": 3.0, "na_word": 1.0},
        "op": {"op_word": 5.0},
        "unit": {"unit_word": 4.0},
        "deviation": {"na_word": 1.0, "long": 0.5, "has_sentence_punct": 0.5},
        "group": {"long": 0.5},
        "other": {},
    }  # fmt: skip

    def log_probs(self, cells: list[Cell], columns: list[str | None]) -> np.ndarray:
        out = np.zeros((len(cells), len(ROLE_LABELS)))
        for i, cell in enumerate(cells):
            out[i] = _content_log_probs(cell.text)
        return out


@lru_cache(maxsize=20000)
def _content_log_probs(text: str) -> np.ndarray:
    """The fallback's row for one cell text: it depends on the text alone, and
    the trained scorer asks for it once per header reading and shift."""
    f = content_features(text)
    weights = HeuristicScorer._WEIGHTS
    logits = np.array([sum(w * f.get(k, 0.0) for k, w in weights[r].items()) for r in ROLE_LABELS])
    logits -= logits.max()
    row = logits - math.log(np.exp(logits).sum())
    row.flags.writeable = False  # shared between calls
    return row


@dataclass
class Assignment:
    cell: Cell
    role: str
    log_prob: float  # the scorer's log-probability of the assigned role
    # How far the assigned role is ahead of the cell's best other role (log
    # scale; negative when the alignment overrode the scorer's first choice).
    margin: float = 0.0


# Log-penalty per column a cell sits away from the column whose role it takes.
DISPLACEMENT_PENALTY = 1.2
# Cost of leaving a cell unassigned ("other") beyond its own "other" score.
SKIP_PENALTY = 2.0


# Log-penalty per column for a whole row drifting left (or right) of its header.
ROW_SHIFT_PENALTY = 0.8
ROW_SHIFTS = (0, 1, 2, -1)


def align_row(cells: list[Cell], columns: list[str | None], logp: np.ndarray) -> list[Assignment]:
    """Assign each non-empty cell a header column (strictly increasing) or skip it.

    A row may have drifted as a whole (a merged cell dropped at its left), so
    displacement is measured against the best whole-row shift: one drifted
    row pays once for its drift, not once per cell.
    """
    return align_row_with_score(cells, columns, logp)[0]


def align_row_with_score(
    cells: list[Cell], columns: list[str | None], logp: np.ndarray
) -> tuple[list[Assignment], float]:
    """``align_row`` and the log-score of its alignment (to compare header readings)."""
    logp = _vocabulary_constraints(cells, logp)
    rows = logp.tolist()
    bound = _score_bound(columns, rows)
    best: tuple[list[Assignment], float] | None = None
    for shift in ROW_SHIFTS:
        if best is not None and bound - ROW_SHIFT_PENALTY * abs(shift) + _SLACK < best[1]:
            continue  # cannot beat the best shift so far, even with no displacement
        assigned, score = _align([c.col + shift for c in cells], columns, rows)
        score -= ROW_SHIFT_PENALTY * abs(shift)
        if best is None or score > best[1]:
            best = (
                [
                    Assignment(cells[i], role, lp, _margin(rows[i], role))
                    for i, role, lp in assigned
                ],
                score,
            )
    assert best is not None
    return best


# Rounding room when an upper bound of an alignment's score rules it out (the
# dynamic programme adds the same terms in another order).
_SLACK = 1e-6


def _score_bound(columns: list[str | None], rows: list[list[float]]) -> float:
    """An upper bound of ``_align``'s score under any placement of the cells:
    each cell at its best role among the header's, or skipped, with no
    displacement. Shifts and offsets whose bound is below the best score
    found need no alignment."""
    roles = sorted({ROLE_INDEX[r] for r in columns if r is not None})
    other = ROLE_INDEX["other"]
    total = 0.0
    for row in rows:
        skip = row[other] - SKIP_PENALTY
        total += max(skip, max(row[r] for r in roles)) if roles else skip
    return total


def _margin(row: list[float], role: str) -> float:
    k = ROLE_INDEX[role]
    return row[k] - max(row[:k] + row[k + 1 :])


def _vocabulary_constraints(cells: list[Cell], logp: np.ndarray) -> np.ndarray:
    """Level labels come from a closed vocabulary: other text cannot fill them."""
    from extractor.vocab import is_level_label, normalize_level1, normalize_level2

    out = logp.copy()
    for i, c in enumerate(cells):
        if is_level_label(c.text):  # 质量指标 alone labels rows; it is no indicator's name
            out[i, ROLE_INDEX["name"]] = -30.0
        if normalize_level1(c.text) is None:
            out[i, ROLE_INDEX["level1"]] = -30.0
        if normalize_level2(c.text) is None:
            out[i, ROLE_INDEX["level2"]] = -30.0
    return out


def shift_columns(columns: list[str | None], offset: int) -> list[str | None]:
    """The header roles moved ``offset`` columns right (negative: left)."""
    if offset >= 0:
        return [None] * offset + columns
    return columns[-offset:]


def rows_log_probs(
    rows: list[list[Cell]], columns: list[str | None], scorer: RoleScorer
) -> list[np.ndarray]:
    """``scorer.log_probs`` for many rows in one call (models predict in batches)."""
    flat = [c for r in rows for c in r]
    if not flat:
        return [np.zeros((0, len(ROLE_LABELS))) for _ in rows]
    logp = scorer.log_probs(flat, columns)
    out, k = [], 0
    for r in rows:
        out.append(logp[k : k + len(r)])
        k += len(r)
    return out


def best_offset(rows: list[list[Cell]], columns: list[str | None], scorer: RoleScorer) -> int:
    """The header shift that best explains all rows of a region together.

    A header row that lost or gained a leading cell (a merged label column
    dropped by the converter) moves every data row against it by the same
    amount; one shift for the whole region is far more reliable than
    fixing each row on its own.
    """
    rows = [r for r in rows if len(r) >= 2]
    if not rows:
        return 0
    scores: dict[int, float] = {}
    top = -math.inf
    # The header as written first: a shift whose bound falls short of the best
    # score so far cannot be chosen (nor tie), so it is not aligned.
    for off in (0, -1, 1, -2, 2):
        cols = shift_columns(columns, off)
        if not any(cols):
            continue
        penalty = 0.5 * abs(off) * len(rows)
        row_lists = [logp.tolist() for logp in rows_log_probs(rows, cols, scorer)]
        if sum(_score_bound(cols, r) for r in row_lists) - penalty + _SLACK < top:
            continue
        total = 0.0
        for cells, lp in zip(rows, row_lists, strict=True):
            total += _align([c.col for c in cells], cols, lp)[1]
        # A shift must earn its keep: prefer the header as written on ties.
        scores[off] = total - penalty
        top = max(top, scores[off])
    return max(sorted(scores), key=lambda k: scores[k])


def align_row_scored(
    cells: list[Cell], columns: list[str | None], logp: np.ndarray
) -> tuple[list[Assignment], float]:
    assigned, total = _align([c.col for c in cells], columns, logp.tolist())
    return [Assignment(cells[i], role, lp) for i, role, lp in assigned], total


def _align(
    cols: list[int], columns: list[str | None], logp: list[list[float]]
) -> tuple[list[tuple[int, str, float]], float]:
    """The alignment's dynamic programme over plain floats (numpy scalars
    made it the engine's widest leaf): cell ``i`` sits at column ``cols[i]``;
    returns (cell index, role, log-prob) per placed or skipped cell."""
    slots = [k for k, r in enumerate(columns) if r is not None]
    n, m = len(cols), len(slots)
    other = ROLE_INDEX["other"]
    slot_roles = [ROLE_INDEX[columns[k]] for k in slots] if n else []  # type: ignore[index]
    neg = -1e9
    half = neg / 2
    # best[i][j]: best score with cells[:i] placed and the last used slot < j;
    # back[i][j]: the state it came from and the slot cell i-1 took (-1: skipped,
    # None: slot j-1 left unused). Lists, not a dict: this loop is the engine's
    # widest leaf; the order of updates (and so every tie) is unchanged.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        here = best[i]
        here_back = back[i]
        if i < n:
            nxt = best[i + 1]
            nxt_back = back[i + 1]
            row = logp[i]
            skip = row[other]
            col = cols[i]
            place = [row[r] for r in slot_roles]
            # (sums in the original order: cur + log-prob - penalty)
            pen = [DISPLACEMENT_PENALTY * abs(col - k) for k in slots]
        for j in range(m + 1):
            cur = here[j]
            if cur <= half:
                continue
            # advance slot without using it
            if j < m and cur > here[j + 1]:
                here[j + 1] = cur
                here_back[j + 1] = (i, j, None)
            if i == n:
                continue
            # skip cell i
            s = cur + skip - SKIP_PENALTY
            if s > nxt[j]:
                nxt[j] = s
                nxt_back[j] = (i, j, -1)
            # place cell i at slot j
            if j < m:
                s = cur + place[j] - pen[j]
                if s > nxt[j + 1]:
                    nxt[j + 1] = s
                    nxt_back[j + 1] = (i, j, slots[j])
    # trace back from the best end state (the first of equal ends, as argmax)
    last = best[n]
    j_end = last.index(max(last))
    total = last[j_end]
    state = (n, j_end)
    out: list[tuple[int, str, float]] = []
    while state != (0, 0):
        step = back[state[0]][state[1]]
        assert step is not None
        pi, pj, slot = step
        if slot is not None and pi < state[0]:
            if slot == -1:
                out.append((pi, "other", logp[pi][other]))
            else:
                role = columns[slot]
                assert role is not None
                out.append((pi, role, logp[pi][ROLE_INDEX[role]]))
        state = (pi, pj)
    out.reverse()
    return out, total
