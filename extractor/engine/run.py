"""The engine: a ``Document`` in, an ``Extraction`` out.

segment (find indicator tables) -> read tables and prose into candidates
-> merge duplicates -> classify claims -> document fields -> checks ->
calibrated confidences -> contract records.
"""

from __future__ import annotations

from pathlib import Path

from extractor.calibration import apply_calibration
from extractor.checks import check_budget, check_scores, run_checks
from extractor.deadline import check_time
from extractor.engine.candidates import Candidate
from extractor.engine.docfields import DocumentFields, read_document_fields
from extractor.engine.merge import merge_prose
from extractor.engine.models import EngineModels, load_models
from extractor.engine.novelty import junk_warning
from extractor.engine.stream.choose import choose_readings, region_chars
from extractor.engine.suggestions import suggest
from extractor.engine.table_reader import LabelState, read_indicator_region
from extractor.engine.wide_reader import read_wide_region
from extractor.layout_key import layout_key
from extractor.segment import find_table_regions
from extractor.segment.prose import has_prose_indicators
from extractor.settings import settings
from extractor.types import Document, DocWarning, Extraction, IndicatorRecord


def read_candidates(doc: Document, models: EngineModels) -> list[Candidate]:
    """Every indicator candidate in the document, before checks and calibration."""
    state = LabelState()
    readings: list[tuple[tuple[int, int], list[Candidate]]] = []
    for region in find_table_regions(doc):
        check_time()
        if region.kind == "indicator":
            found = read_indicator_region(region, models.roles, state)
        else:
            found = read_wide_region(region)
        readings.append((region_chars(region), found))
    table = choose_readings(readings, models.stream.read(doc) if models.stream else [])
    check_time()
    prose: list[Candidate] = []
    if models.prose is not None and _states_prose_indicators(doc, models):
        prose = [_prose_candidate(r, sig) for r, sig in models.prose.read_with_signals(doc)]
    cands = merge_prose(table, prose)
    _classify_claims(cands, models)
    return cands


def _states_prose_indicators(doc: Document, models: EngineModels) -> bool:
    """The rule gate, the prose model's paragraph gate, or the block
    classifier finding indicator paragraphs."""
    if has_prose_indicators(doc):
        return True
    if models.prose is not None and models.prose.states_indicators(doc):
        return True
    if models.blocks is None:
        return False
    found = [p for label, p in models.blocks.classify(doc) if label == "indicator_prose"]
    return sum(1 for p in found if p >= 0.5) >= 2


def _prose_candidate(
    record: IndicatorRecord, signals: dict[str, dict[str, float]] | None = None
) -> Candidate:
    """A prose record with how it was read: span probabilities, the pairing
    model's probability and margin, name-value distance, the paragraph gate."""
    cand = Candidate(record)
    for name in ("name", "target", "actual", "status", "group", "level1", "level2"):
        cand.signal(name, role_prob=float(getattr(record, name).confidence), prose=1.0)
    sig = signals or {}
    for name, values in sig.items():
        if name != "row":
            cand.signal(name, **{f"prose_{k}": float(v) for k, v in values.items()})
    cand.row_signals = {"prose": 1.0, "name_prob": float(record.confidence)}
    cand.row_signals |= {f"prose_{k}": float(v) for k, v in sig.get("row", {}).items()}
    return cand


def _classify_claims(cands: list[Candidate], models: EngineModels) -> None:
    texts = [c.record.status.text for c in cands]
    # An untrained checkout gives no label rather than a guess.
    preds = [(None, 0.0)] * len(texts) if models.claims is None else models.claims.predict(texts)
    for c, (label, prob) in zip(cands, preds, strict=True):
        c.record.status.label = label
        c.signal("status", claim_prob=float(prob))


def run_engine(doc: Document, model_dir: Path | None = None) -> Extraction:
    return run_with_models(doc, load_models(model_dir))


def run_with_models(doc: Document, models: EngineModels) -> Extraction:
    cands = read_candidates(doc, models)
    fields = read_document_fields(doc, models.form_types)
    values_as_targets(cands, fields.form_type.value)
    for c in cands:
        c.record.checks = run_checks(c.record)
    apply_calibration(cands, models.calibrator)
    extraction = build_extraction(doc, cands, models, fields)
    extraction.suggestions = suggest(
        doc, extraction.indicators, models.roles, settings.review_threshold
    )
    extraction.layout = layout_key(doc)
    return extraction


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def values_as_targets(cands: list[Candidate], form_type: object) -> None:
    """A target form (绩效目标表, 批复表) states no achieved values: a row's one value
    read as an actual (a value column with no word saying which, 指标值) is its target."""
    if form_type != "target_approval":
        return
    for c in cands:
        r = c.record
        if r.target.kind == "missing" and r.actual.kind != "missing":
            r.target, r.actual = r.actual, r.target
            c.signals["target"], c.signals["actual"] = (
                c.signals.get("actual", {}),
                c.signals.get("target", {}),
            )


def build_extraction(
    doc: Document,
    cands: list[Candidate],
    models: EngineModels,
    fields: DocumentFields | None = None,
) -> Extraction:
    """Document fields, document-level checks and warnings around the records."""
    fields = fields or read_document_fields(doc, models.form_types)
    records = [c.record for c in cands]
    warnings = list(doc.warnings)
    total = _number(fields.stated_total_score.value)
    budget_score = _number(fields.budget_execution_score.value)
    warnings += check_scores(records, total, budget_score)
    warnings += check_budget(fields.budget)
    warnings += junk_warning(records)
    if models.missing:
        warnings.append(
            DocWarning(
                code="model_incomplete",
                message="untrained parts, using fallbacks: " + ", ".join(models.missing),
            )
        )
    for k, rec in enumerate(records, start=1):
        rec.id = f"i-{k:04d}"
        failed = [ch for ch in rec.checks if ch.result == "fail"]
        if failed:
            warnings.append(
                DocWarning(
                    code="check_failed",
                    message=f"{rec.id} {rec.name.value}: "
                    + "; ".join(f"{ch.rule}: {ch.detail}" for ch in failed),
                    evidence=rec.evidence,
                )
            )
    if not records:
        warnings.append(DocWarning(code="no_indicators", message="no indicators found"))
    return Extraction(
        source=doc.source,
        form_type=fields.form_type,
        department=fields.department,
        year=fields.year,
        budget=fields.budget,
        indicators=records,
        warnings=warnings,
        stated_total_score=total,
        budget_execution_score=budget_score,
    )
