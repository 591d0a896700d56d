"""Indicator tables -> candidates, one per indicator row.

Labels of merged cells (一级指标, 二级指标, the goal or project a row sits
under) are carried down to the rows below them until a new label appears.
"""

from __future__ import annotations

import math

import numpy as np

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value, looks_like_claim
from extractor.engine.novelty import annotate_region, is_marker_only
from extractor.engine.roles import (
    ROLE_INDEX,
    ROW_SHIFT_PENALTY,
    Assignment,
    RoleScorer,
    align_row_with_score,
    best_offset,
    rows_log_probs,
    shift_columns,
)
from extractor.segment.tables import is_header_row
from extractor.types import (
    Cell,
    Evidence,
    IndicatorRecord,
    ScalarField,
    StatusField,
    TableRegion,
    TextField,
    Value,
)
from extractor.vocab import (
    header_role,
    header_unit,
    is_group_label,
    is_note_header,
    is_row_label,
    level1_of,
    normalize_level1,
    normalize_level2,
    squash,
)

# Rows that close an indicator table or carry its totals, not indicators.
_NON_INDICATOR = ("偏差大或", "原因分析", "改进措施", "自评得分", "总分", "合计", "备注")


class LabelState:
    """The merged-cell labels in force at the current row."""

    def __init__(self) -> None:
        self.group: Cell | None = None
        self.level1: Cell | None = None
        self.level2: Cell | None = None

    def set_level1(self, cell: Cell) -> None:
        if self.level1 is None or normalize_level1(cell.text) != normalize_level1(self.level1.text):
            self.level2 = None
        self.level1 = cell


def _number(text: str | None) -> float | int | None:
    if not text:
        return None
    v = cached_value(text)
    if v.kind == "numeric" and v.value is not None and not v.unit:
        return v.value
    return None


def read_indicator_region(
    region: TableRegion, scorer: RoleScorer, state: LabelState
) -> list[Candidate]:
    out: list[Candidate] = []
    lone: set[int] = set()  # candidates read from a row of one cell
    if region.project is not None:
        # A project's form: its indicators sit under the project (a goal
        # label inside the table still takes over below it).
        state.group, state.level1, state.level2 = region.project, None, None
    # A 指标1:/指标2: placeholder in a column of its own is never a field,
    # nor is the text under an explanation or scoring-rule header.
    notes = _note_columns(region)
    data_rows = [
        [c for c in r.cells if c.text.strip() and not is_marker_only(c.text) and c.col not in notes]
        for r in region.rows
    ]
    data_rows = join_cut_rows(data_rows)
    offset = best_offset([r for r in data_rows if r], region.columns, scorer)
    # Most rows drifted by ``offset``, yet a full row (the one holding the merged
    # labels) or a row that lost fewer cells fits a smaller shift: each row takes
    # the best reading between the header as written and the region's shift.
    # A target form with a mid-term and an annual column group writes each indicator
    # twice on its row; the later copy, the year's, is the row's.
    repeated = sum(role == "name" for role in region.columns) > 1
    readings = [
        _HeaderReading(region, off, data_rows, scorer)
        for off in range(min(0, offset, _shortfall(data_rows)), max(0, offset) + 1)
    ]
    for k, (row, cells) in enumerate(zip(region.rows, data_rows, strict=True)):
        if not cells:
            continue
        first = squash(cells[0].text)
        if len(cells) == 1 and is_group_label(first):
            state.group, state.level1, state.level2 = cells[0], None, None
            continue
        if is_header_row(row) or first.startswith(_NON_INDICATOR):
            continue
        assignments, units = _best_reading(cells, k, readings, offset, state)
        by_role: dict[str, Assignment] = {}
        for a in assignments:
            if a.role not in by_role or repeated:
                by_role[a.role] = a
        if "group" in by_role and len(squash(by_role["group"].cell.text)) > 3:
            state.group = by_role["group"].cell
        carried = {"level1": "level1" not in by_role, "level2": "level2" not in by_role}
        if "level1" in by_role:
            state.set_level1(by_role["level1"].cell)
        if "level2" in by_role:
            state.level2 = by_role["level2"].cell
            if carried["level1"] and _leaves_level1(state.level1, state.level2):
                state.level1 = None  # the row's own level 2 says its level 1
        if "name" not in by_role or not _plausible_indicator(by_role):
            continue
        cand = _candidate(by_role, state, carried, units)
        # Share of the row's cells the role model left unexplained (0 where a
        # reader has no such notion, so an absent signal is the neutral one).
        cand.row_signals["unexplained"] = sum(a.role == "other" for a in assignments) / len(cells)
        out.append(cand)
        if len(cells) == 1:
            lone.add(id(cand))
    out = _without_trailing_labels(out, lone)
    annotate_region(region, out, getattr(scorer, "known_headers", None))
    return out


def _states_nothing(cand: Candidate) -> bool:
    r = cand.record
    return all(getattr(r, f).value is None for f in ("weight", "score")) and (
        r.target.kind == "missing" and r.actual.kind == "missing" and not r.status.text
    )


def _without_trailing_labels(out: list[Candidate], lone: set[int]) -> list[Candidate]:
    """A table whose rows state values ends at its last row that states one: a lone
    cell after it (财政部门审核意见 under the indicators, a sign-off line) is the form's
    text, not an indicator without values (a row of its own level and name is one)."""
    stating = sum(not _states_nothing(c) for c in out)
    if stating < 2:
        return out
    end = len(out)
    while end > 0 and id(out[end - 1]) in lone and _states_nothing(out[end - 1]):
        end -= 1
    return out[:end]


def _leaves_level1(level1: Cell | None, level2: Cell) -> bool:
    """A level 2 written in a row under another level 1 than the one carried down
    (服务对象满意度指标 after 效益指标's rows: a merged 满意度指标 cell lost, or the level 2
    written across both level columns): the carried level 1 ends there. A level 2 that
    is a level 1's name too (成本指标) may sit under either and ends nothing."""
    carried = normalize_level1(level1.text) if level1 is not None else None
    implied = level1_of(normalize_level2(level2.text))
    if carried is None or implied is None or normalize_level1(level2.text) is not None:
        return False
    return implied != carried


class _HeaderReading:
    """The header's roles shifted by ``offset``, and every row's role log-probabilities under them."""

    def __init__(
        self, region: TableRegion, offset: int, rows: list[list[Cell]], scorer: RoleScorer
    ) -> None:
        self.offset = offset
        self.columns = shift_columns(region.columns, offset)
        self.units = shift_columns(_header_units(region), offset)
        self.logp = rows_log_probs(rows, self.columns, scorer)


def _shortfall(rows: list[list[Cell]]) -> int:
    """The left shift a row that lost its merged cells may need: up to the two
    level columns where rows differ in length, none where all are alike."""
    lengths = {len(r) for r in rows if r}
    return -2 if len(lengths) > 1 else 0


def _best_reading(
    cells: list[Cell], k: int, readings: list[_HeaderReading], offset: int, state: LabelState
) -> tuple[list[Assignment], list[str | None]]:
    """Row ``k``'s alignment under the reading that explains it best; leaving the
    region's shift costs what a drifted row pays for each column."""
    # A shift that leaves fewer columns than the row has cells cannot be how the
    # row lost its merged cells.
    fitting = [r for r in readings if len(cells) <= len(r.columns)] or readings
    best: tuple[float, list[Assignment], list[str | None]] | None = None
    for r in fitting:
        assigned, score = align_row_with_score(
            cells, r.columns, _cost_level(cells, r.logp[k], state)
        )
        score -= ROW_SHIFT_PENALTY * abs(r.offset - offset)
        if best is None or score > best[0]:
            best = (score, assigned, r.units)
    assert best is not None
    return best[1], best[2]


# A fragment this short, alone under a cell of the row above, is that cell's
# wrapped tail (监测率 under 规模以上取水户计量在线) or a row cut by a page break.
_FRAGMENT_CHARS = 4


def _is_fragment(cell: Cell) -> bool:
    t = squash(cell.text)
    if not t or len(t) > _FRAGMENT_CHARS or is_group_label(t):
        return False
    if cached_value(t).kind in ("numeric", "range", "deadline", "boolean"):
        return False
    # 指标 completes a wrapped level name; any other level word starts a row.
    return t == "指标" or not (normalize_level1(t) or normalize_level2(t) or looks_like_claim(t))


def join_cut_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows whose every cell is a short fragment under a cell of the row above are
    joined to it (the cell's text continued); the joined row is left empty."""
    out = [list(r) for r in rows]
    prev: int | None = None
    for k, cells in enumerate(out):
        if not cells:
            continue
        above = {c.col: i for i, c in enumerate(out[prev])} if prev is not None else {}
        if above and all(c.col in above and _is_fragment(c) for c in cells):
            assert prev is not None
            for c in cells:
                i = above[c.col]
                top = out[prev][i]
                out[prev][i] = top.model_copy(
                    update={
                        "text": top.text.rstrip() + c.text.strip(),
                        "evidence": Evidence.union([top.evidence, c.evidence]),
                    }
                )
            out[k] = []
            continue
        prev = k
    return out


def _note_columns(region: TableRegion) -> set[int]:
    """Columns under 指标解释/评分标准 headers (only where no field header is above them)."""
    out: set[int] = set()
    for row in region.header_rows:
        for c in row.cells:
            if is_note_header(c.text):
                out.update(range(c.col, c.col + c.col_span))
    return {k for k in out if k >= len(region.columns) or region.columns[k] is None}


def _cost_level(cells: list[Cell], logp: np.ndarray, state: LabelState) -> np.ndarray:
    """成本指标 names both a level-1 group (newer framework, then followed by 经济成本指标…)
    and the older level-2 group under 产出指标. Under 产出指标, with no level-2 word
    after it in the row, it is the level-2 group."""
    if state.level1 is None or normalize_level1(state.level1.text) != "产出指标":
        return logp
    out = logp
    for i, c in enumerate(cells):
        if normalize_level1(c.text) != "成本指标" or normalize_level2(c.text) != "成本指标":
            continue
        following = cells[i + 1] if i + 1 < len(cells) else None
        if following is not None and normalize_level2(following.text):
            continue
        out = out.copy() if out is logp else out
        out[i, ROLE_INDEX["level1"]] = -30.0
    return out


def _header_units(region: TableRegion) -> list[str | None]:
    """The unit each column's header states (指标值（万元）), aligned with ``columns``."""
    units: list[str | None] = [None] * len(region.columns)
    for row in region.header_rows:
        for c in row.cells:
            unit = header_unit(c.text)
            for k in range(c.col, min(c.col + c.col_span, len(units))):
                units[k] = unit or units[k]
    return units


def _with_header_unit(value: Value, cell: Cell | None, units: list[str | None]) -> Value:
    """A bare number under a header that states its unit takes that unit."""
    if cell is None or value.kind != "numeric" or value.unit or not 0 <= cell.col < len(units):
        return value
    unit = units[cell.col]
    return value.model_copy(update={"unit": unit}) if unit else value


def _plausible_indicator(by_role: dict[str, Assignment]) -> bool:
    """A lone cell is an indicator only if it reads like one (not 无, not a row label)."""
    fields = {"target", "actual", "weight", "score", "status"} & by_role.keys()
    if fields:
        return True
    name = squash(by_role["name"].cell.text)
    return (
        len(name) >= 4
        and header_role(name) is None
        and not is_row_label(name)
        and not looks_like_claim(name)
    )


# Labels a row carries from cells merged over several rows: their box is not the row's.
_CARRIED = ("level1", "level2", "group")


def _cell_evidence(cell: Cell | None) -> Evidence | None:
    return cell.evidence if cell is not None else None


def _row_evidence(by_role: dict[str, Assignment]) -> Evidence:
    """The row's own cells: a label merged down a column (一级指标 spanning the whole
    table) would stretch the box over every row below."""
    own = [a.cell.evidence for role, a in by_role.items() if role not in _CARRIED]
    return Evidence.union(own or [a.cell.evidence for a in by_role.values()])


def _scalar(cell: Cell | None, value: str | int | float | None) -> ScalarField:
    return ScalarField(value=value, evidence=cell.evidence if cell else None)


def _candidate(
    by_role: dict[str, Assignment],
    state: LabelState,
    carried: dict[str, bool],
    units: list[str | None] | None = None,
) -> Candidate:
    def text(role: str) -> str | None:
        a = by_role.get(role)
        return a.cell.text.strip() if a else None

    name_cell = by_role["name"].cell
    target_text = text("target") or ""
    if target_text and ("op" in by_role or "unit" in by_role):
        # Split-target layout: comparator | value | unit in three columns.
        op = text("op") or ""
        target_text = (
            (op if op not in ("定性", "定量") else "") + target_text + (text("unit") or "")
        )
    target = cached_value(target_text).model_copy(deep=True)
    actual = cached_value(text("actual") or "").model_copy(deep=True)
    if units and "unit" not in by_role:
        for role in ("target", "actual"):
            a = by_role.get(role)
            cell = a.cell if a else None
            fixed = _with_header_unit(target if role == "target" else actual, cell, units)
            target, actual = (fixed, actual) if role == "target" else (target, fixed)
    status_text = text("status")
    if not status_text and actual.kind == "qualitative" and looks_like_claim(actual.text or ""):
        status_text = actual.text
    l1 = normalize_level1(state.level1.text) if state.level1 else None
    l2 = normalize_level2(state.level2.text) if state.level2 else None
    if l1 is None and l2 is not None:
        l1 = level1_of(l2)

    def cell_of(role: str) -> Cell | None:
        a = by_role.get(role)
        return a.cell if a else None

    # Each value's own cell: the review page boxes the field, not the row.
    target.evidence = _cell_evidence(cell_of("target"))
    actual.evidence = _cell_evidence(cell_of("actual"))
    record = IndicatorRecord(
        id="",
        group=_scalar(state.group, state.group.text.strip() if state.group else None),
        level1=_scalar(state.level1, l1),
        level2=_scalar(state.level2, l2),
        name=_scalar(name_cell, name_cell.text.strip()),
        target=target,
        actual=actual,
        weight=_scalar(cell_of("weight"), _number(text("weight"))),
        score=_scalar(cell_of("score"), _number(text("score"))),
        # A claim without a status column was read in the actual cell.
        status=StatusField(
            text=status_text,
            evidence=_cell_evidence(
                cell_of("status") or (cell_of("actual") if status_text else None)
            ),
        ),
        deviation=TextField(
            text=_deviation(text("deviation")), evidence=_cell_evidence(cell_of("deviation"))
        ),
        evidence=_row_evidence(by_role),
        source="table",
    )
    cand = Candidate(record)
    for role, a in by_role.items():
        if role == "other":
            continue
        if a.cell.ocr_confidence is not None:
            cand.signal(role, ocr_conf=a.cell.ocr_confidence)
        cand.signal(
            role,
            role_logp=a.log_prob,
            role_prob=math.exp(a.log_prob),
            margin=max(-5.0, min(5.0, a.margin)),
            present=1.0,
        )
    for role in ("level1", "level2"):
        cand.signal(role, carried=float(carried[role]))
    for role in ("target", "actual", "weight", "score", "status", "deviation", "group"):
        if role not in by_role:
            cand.signal(role, present=0.0)
    cand.row_signals = {
        "n_roles": float(len(by_role)),
        "has_target": float("target" in by_role),
        "has_actual": float("actual" in by_role),
        "name_prob": math.exp(by_role["name"].log_prob),
    }
    # A row rebuilt from a PDF viewer's interleaved lines (ingest.reading_order),
    # and whether its cells needed a guess among explanations.
    guesses = [a.cell.order_guess for a in by_role.values() if a.cell.order_guess is not None]
    if guesses:
        cand.row_signals["order_rebuilt"] = 1.0
        cand.row_signals["order_guess"] = max(guesses)
    return cand


def _deviation(text: str | None) -> str | None:
    if text is None:
        return None
    return text if text.strip() else None
