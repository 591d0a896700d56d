"""The one data model that flows through the pipeline.

ingest -> ``Document`` (pages -> blocks -> rows -> cells, each with provenance)
engine -> ``IndicatorRecord`` and the document fields
output -> ``Extraction`` (the output contract, schema_version "1").

Every stage takes one of these types and returns the next; nothing else
crosses a stage boundary.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"

Number = int | float


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


# --------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------


class Evidence(Model):
    """Where something was read: 1-based page and line numbers in the
    extracted text, character offsets into ``Document.text``, and a PDF/OCR
    bounding box [x0, top, x1, bottom] in points where the input has geometry."""

    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    bbox: list[float] | None = None

    @classmethod
    def union(cls, items: list[Evidence]) -> Evidence:
        """The smallest evidence covering all of ``items`` (same page assumed first)."""
        items = [e for e in items if e is not None]
        if not items:
            return cls()

        def lo(vals: list[int | None]) -> int | None:
            got = [v for v in vals if v is not None]
            return min(got) if got else None

        def hi(vals: list[int | None]) -> int | None:
            got = [v for v in vals if v is not None]
            return max(got) if got else None

        boxes = [e.bbox for e in items if e.bbox and e.page == items[0].page]
        bbox = None
        if boxes:
            bbox = [
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            ]
        return cls(
            page=lo([e.page for e in items]),
            line_start=lo([e.line_start for e in items]),
            line_end=hi([e.line_end for e in items]),
            char_start=lo([e.char_start for e in items]),
            char_end=hi([e.char_end for e in items]),
            bbox=bbox,
        )


# --------------------------------------------------------------------------
# The ingested document
# --------------------------------------------------------------------------


class Cell(Model):
    """One table cell. ``row``/``col`` are 0-based grid positions; a merged
    cell keeps its span and is *also* repeated in the grid by the table
    builder only where the caller asks (see ``Table.grid``)."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    evidence: Evidence = Field(default_factory=Evidence)
    ocr_confidence: float | None = None
    # 1.0 where the cell was rebuilt from a PDF viewer's interleaved lines or a
    # converter's column runs by a guess among explanations (ingest.reading_order,
    # ingest.column_runs), 0.0 where explained.
    order_guess: float | None = None


class Row(Model):
    index: int
    cells: list[Cell]
    evidence: Evidence = Field(default_factory=Evidence)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class BlockKind(StrEnum):
    paragraph = "paragraph"
    table = "table"


class Block(Model):
    """A paragraph (``text``) or a table (``rows``)."""

    kind: BlockKind
    index: int
    page: int = 1
    text: str = ""
    rows: list[Row] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=Evidence)
    ocr_confidence: float | None = None

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for r in self.rows for c in r.cells), default=0)


class Page(Model):
    number: int
    width: float | None = None
    height: float | None = None
    needs_ocr: bool = False
    ocr: bool = False
    blocks: list[Block] = Field(default_factory=list)


class DocWarning(Model):
    code: str
    message: str
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


class SourceInfo(Model):
    filename: str
    sha256: str
    media_type: str
    pages: int | None = None
    ocr: bool = False


class Document(Model):
    """The ingested document: ``text`` is the full extracted text that every
    ``Evidence.char_start``/``char_end`` indexes into."""

    source: SourceInfo
    text: str = ""
    pages: list[Page] = Field(default_factory=list)
    warnings: list[DocWarning] = Field(default_factory=list)

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]


# --------------------------------------------------------------------------
# Segmentation: where the indicators are
# --------------------------------------------------------------------------

RegionKind = Literal["indicator", "wide"]


class TableRegion(Model):
    """An indicator table found by segmentation, possibly spanning several
    blocks (page breaks). ``columns`` holds the role each column's header
    names (None where it names none); ``rows`` are the data rows in order,
    group-label rows included."""

    kind: RegionKind
    columns: list[str | None]
    header_rows: list[Row] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    block_indices: list[int] = Field(default_factory=list)
    # For wide project tables: the level-2 label of each (content, status) column pair.
    pair_labels: list[str | None] = Field(default_factory=list)
    # The project (项目名称) stated above the table, which its indicators sit under.
    project: Cell | None = None


# --------------------------------------------------------------------------
# Values (the contract's value object)
# --------------------------------------------------------------------------

ValueKind = Literal["numeric", "range", "deadline", "boolean", "qualitative", "missing"]
Op = Literal[">=", "<=", ">", "<", "=", "range"]


class Normalized(Model):
    value: Number | None = None
    unit: str | None = None


class Value(Model):
    text: str | None = None
    kind: ValueKind = "missing"
    op: Op | None = None
    value: Number | None = None
    upper: Number | None = None
    unit: str | None = None
    normalized: Normalized | None = None
    parts: list[Value] = Field(default_factory=list)
    confidence: float = 1.0
    # Where the value was read (its cell, or its characters), for the review page's
    # box; not part of the contract's value object, so omitted when unknown.
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


# --------------------------------------------------------------------------
# Records (the output contract)
# --------------------------------------------------------------------------


class ScalarField(Model):
    """A scalar field: ``value`` plus calibrated ``confidence``."""

    value: str | int | float | None = None
    confidence: float = 1.0
    # Omitted from output when unknown: the contract's evidence is an object.
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


class TextField(Model):
    text: str | None = None
    confidence: float = 1.0
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


StatusLabel = Literal["completed", "partial", "not_completed", "not_applicable"]


class StatusField(Model):
    text: str | None = None
    label: StatusLabel | None = None
    confidence: float = 1.0
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


CheckResult = Literal["pass", "fail", "unknown"]


class Check(Model):
    rule: str
    result: CheckResult
    detail: str | None = None


# The fields of a record that carry a calibrated confidence, in output order.
RECORD_FIELDS = [
    "group", "level1", "level2", "name", "target", "actual",
    "weight", "score", "status", "deviation",
]  # fmt: skip


class IndicatorRecord(Model):
    id: str
    group: ScalarField = Field(default_factory=ScalarField)
    level1: ScalarField = Field(default_factory=ScalarField)
    level2: ScalarField = Field(default_factory=ScalarField)
    name: ScalarField = Field(default_factory=ScalarField)
    target: Value = Field(default_factory=Value)
    actual: Value = Field(default_factory=Value)
    weight: ScalarField = Field(default_factory=ScalarField)
    score: ScalarField = Field(default_factory=ScalarField)
    status: StatusField = Field(default_factory=StatusField)
    deviation: TextField = Field(default_factory=TextField)
    checks: list[Check] = Field(default_factory=list)
    evidence: Evidence = Field(default_factory=Evidence)
    confidence: float = 1.0
    source: Literal["table", "wide_table", "stream", "prose"] = "table"


SuggestionKind = Literal["next_cell", "previous_cell", "ocr_repair", "unassigned_cell"]


class Suggestion(Model):
    """A runner-up reading of a doubtful field (``engine.suggestions``): its
    text, the field's value as the contract would hold it, its probability."""

    text: str
    value: Any = None
    probability: float
    kind: SuggestionKind
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


class BudgetLine(Model):
    label: str
    initial: Number | None = None
    adjusted: Number | None = None
    actual: Number | None = None
    execution_rate: Number | None = None
    unit: str | None = None
    confidence: float = 1.0
    evidence: Evidence | None = Field(default=None, exclude_if=lambda v: v is None)


FormType = Literal[
    "department_self_evaluation",
    "project_self_evaluation",
    "target_approval",
    "evaluation_report",
    "unknown",
]


class Extraction(Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: SourceInfo
    form_type: ScalarField = Field(default_factory=lambda: ScalarField(value="unknown"))
    department: ScalarField = Field(default_factory=ScalarField)
    year: ScalarField = Field(default_factory=ScalarField)
    budget: list[BudgetLine] = Field(default_factory=list)
    indicators: list[IndicatorRecord] = Field(default_factory=list)
    warnings: list[DocWarning] = Field(default_factory=list)
    # The sums the document states (its total self-evaluation score and the
    # budget-execution score): not contract output, but what the checks re-run
    # after a correction compare against.
    stated_total_score: float | None = Field(default=None, exclude=True)
    budget_execution_score: float | None = Field(default=None, exclude=True)
    # Runners-up of doubtful fields, record id -> field -> most probable first:
    # offered to the reviewer by the service, not contract output.
    suggestions: dict[str, dict[str, list[Suggestion]]] = Field(default_factory=dict, exclude=True)
    # The document's layout (``extractor.layout_key``): the review queue puts
    # layouts the model has seen least first. Not contract output.
    layout: str | None = Field(default=None, exclude=True)

    def to_json_dict(self) -> dict[str, object]:
        """The contract JSON (plain dict)."""
        return self.model_dump(mode="json")
