"""ProseReader: a trained spaCy span model + assembly into IndicatorRecords."""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from extractor.engine.prose.assemble import (
    Draft,
    Found,
    borrow_level2,
    collect_drafts,
    merge_passes,
)
from extractor.engine.prose.decode import decode_spans
from extractor.engine.prose.normalise import (
    claim_label,
    level1_of_level2,
    normalise_level1,
    normalise_level2,
)
from extractor.engine.prose.suggester import build_clause_ngram_suggester
from extractor.types import (
    Block,
    BlockKind,
    Document,
    Evidence,
    IndicatorRecord,
    ScalarField,
    StatusField,
    TextField,
    Value,
)
from extractor.values import parse_value

_REGISTERED = build_clause_ngram_suggester  # saved pipelines name this suggester

# Uncalibrated stand-ins: the calibration stage replaces every confidence.
ABSENT_CONFIDENCE = 0.7
INFERRED_LEVEL1_FACTOR = 0.9
NO_VALUE_ROW_FACTOR = 0.7
# A name with no target, actual or claim is kept only when the model is sure:
# lone weak names are mostly headings or notes (备注) mistaken for indicators.
MIN_BARE_NAME_SCORE = 0.7


def _scalar(found: Found | None, value: str | None = None) -> ScalarField:
    if found is None:
        return ScalarField(value=None, confidence=ABSENT_CONFIDENCE)
    return ScalarField(
        value=value if value is not None else found.text,
        confidence=round(found.score, 4),
        evidence=found.evidence,
    )


def _value(found: Found | None) -> Value:
    if found is None:
        return Value(text=None, kind="missing", confidence=ABSENT_CONFIDENCE)
    parsed = parse_value(found.text)
    return parsed.model_copy(update={"confidence": round(found.score, 4)})


def _status(found: Found | None) -> StatusField:
    if found is None:
        return StatusField(text=None, label=None, confidence=ABSENT_CONFIDENCE)
    label, prob = claim_label(found.text)
    return StatusField(text=found.text, label=label, confidence=round(found.score * prob, 4))


def _levels(draft: Draft) -> tuple[ScalarField, ScalarField]:
    level2 = normalise_level2(draft.level2.text) if draft.level2 else None
    level2_field = _scalar(draft.level2, level2) if level2 else _scalar(None)
    level1 = normalise_level1(draft.level1.text) if draft.level1 else None
    if level1:
        return _scalar(draft.level1, level1), level2_field
    inferred = level1_of_level2(level2) if level2 else None
    if inferred and draft.level2:
        conf = round(draft.level2.score * INFERRED_LEVEL1_FACTOR, 4)
        return ScalarField(value=inferred, confidence=conf), level2_field
    return _scalar(None), level2_field


def to_record(draft: Draft) -> IndicatorRecord:
    target, actual, claim = (draft.fields.get(k) for k in ("TARGET", "ACTUAL", "CLAIM"))
    level1, level2 = _levels(draft)
    pieces = [f.evidence for f in (draft.name, target, actual, claim) if f is not None]
    same_page = [e for e in pieces if e.page == draft.name.evidence.page]
    row_conf = draft.name.score * (1.0 if (target or claim) else NO_VALUE_ROW_FACTOR)
    return IndicatorRecord(
        id="",
        group=_scalar(draft.group),
        level1=level1,
        level2=level2,
        name=_scalar(draft.name),
        target=_value(target),
        actual=_value(actual),
        status=_status(claim),
        deviation=TextField(text=None, confidence=ABSENT_CONFIDENCE),
        evidence=Evidence.union(same_page),
        confidence=round(row_conf, 4),
        source="prose",
    )


class ProseReader:
    """Reads indicators out of a document's paragraph blocks (tables are left
    to the table reader)."""

    def __init__(self, nlp: Language, threshold: float = 0.5) -> None:
        self.nlp = nlp
        self.threshold = threshold

    def paragraphs(self, doc: Document) -> list[Block]:
        return [b for b in doc.blocks() if b.kind == BlockKind.paragraph and b.text.strip()]

    def read(self, doc: Document) -> list[IndicatorRecord]:
        blocks = self.paragraphs(doc)
        spans = [
            decode_spans(parsed, self.threshold) for parsed in self.nlp.pipe(b.text for b in blocks)
        ]
        drafts = borrow_level2(merge_passes(collect_drafts(blocks, spans)))
        kept = [d for d in drafts if d.fields or d.name.score >= MIN_BARE_NAME_SCORE]
        kept.sort(key=lambda d: d.name.evidence.char_start or 0)
        return [to_record(d) for d in kept]


def load_prose(model_dir: Path) -> ProseReader:
    """Load a pipeline written by ``train_prose`` (spaCy ``to_disk`` format)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary build at INFO
    nlp = spacy.load(Path(model_dir))
    nlp.make_doc("载入词典")  # jieba builds its dictionary on first use: pay it at load time
    return ProseReader(nlp)
