"""ProseReader: a trained spaCy span model + assembly into IndicatorRecords."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import SpanCategorizer

from extractor.engine.prose.assemble import (
    LINE_NAME_SHARE,
    Draft,
    Found,
    borrow_level2,
    merge_passes,
    walk,
)
from extractor.engine.prose.decode import (
    ScoredSpan,
    coordinated_names,
    decode_spans,
    joined,
    recover_names,
    recover_values,
    shares_value,
    split_level_leads,
    widen_comparators,
)
from extractor.engine.prose.gate import (
    MAX_HEADING,
    STATING,
    ParagraphGate,
    load_gate,
    states_indicators,
)
from extractor.engine.prose.gate import THRESHOLD as GATE_THRESHOLD
from extractor.engine.prose.name_floor import UNFITTED_FLOOR, load_name_floor
from extractor.engine.prose.normalise import (
    claim_label,
    level1_of_level2,
    level1_under,
    normalise_level1,
    normalise_level2,
)
from extractor.engine.prose.norms import number_norms
from extractor.engine.prose.pairing import VALUE_LABELS, PairingModel, SpanRef, load_pairing
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

_REGISTERED = (build_clause_ngram_suggester, number_norms)  # saved pipelines name these

# Uncalibrated stand-ins: the calibration stage replaces every confidence.
ABSENT_CONFIDENCE = 0.7
INFERRED_LEVEL1_FACTOR = 0.9
NO_VALUE_ROW_FACTOR = 0.7
# A name with no target, actual or claim is kept only when the model is sure:
# lone weak names are mostly headings or notes (备注) mistaken for indicators.
MIN_BARE_NAME_SCORE = 0.7
SATISFACTION = "满意度指标"


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
    return parsed.model_copy(
        update={"confidence": round(found.score, 4), "evidence": found.evidence}
    )


def _status(found: Found | None) -> StatusField:
    if found is None:
        return StatusField(text=None, label=None, confidence=ABSENT_CONFIDENCE)
    label, prob = claim_label(found.text)
    return StatusField(
        text=found.text,
        label=label,
        confidence=round(found.score * prob, 4),
        evidence=found.evidence,
    )


def _levels(draft: Draft) -> tuple[ScalarField, ScalarField]:
    level2 = normalise_level2(draft.level2.text) if draft.level2 else None
    level2_field = _scalar(draft.level2, level2) if level2 else _scalar(None)
    level1 = normalise_level1(draft.level1.text) if draft.level1 else None
    if level1 == SATISFACTION and level2 is None and draft.level1 is not None:
        # the framework has one level 2 under 满意度: a heading naming only
        # the level 1 still places the row
        conf = round(draft.level1.score * INFERRED_LEVEL1_FACTOR, 4)
        return _scalar(draft.level1, level1), ScalarField(value=SATISFACTION, confidence=conf)
    if level1 and level1_under(level1, level2) == level1:
        return _scalar(draft.level1, level1), level2_field
    inferred = level1_of_level2(level2) if level2 else None
    if inferred and draft.level2:
        conf = round(draft.level2.score * INFERRED_LEVEL1_FACTOR, 4)
        return ScalarField(value=inferred, confidence=conf), level2_field
    return _scalar(None), level2_field


def _deviation(found: Found | None) -> TextField:
    if found is None:
        return TextField(text=None, confidence=ABSENT_CONFIDENCE)
    return TextField(text=found.text, confidence=round(found.score, 4), evidence=found.evidence)


def to_record(draft: Draft) -> IndicatorRecord:
    target, actual, claim, deviation = (
        draft.fields.get(k) for k in ("TARGET", "ACTUAL", "CLAIM", "DEVIATION")
    )
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
        deviation=_deviation(deviation),
        evidence=Evidence.union(same_page),
        confidence=round(row_conf, 4),
        source="prose",
    )


Signals = dict[str, dict[str, float]]  # field name -> calibration signals
_FIELD_OF = {"TARGET": "target", "ACTUAL": "actual", "CLAIM": "status", "DEVIATION": "deviation"}


def record_signals(draft: Draft) -> Signals:
    """How each field was read, for the calibrator: span probabilities, the
    pairing's probability and margin, and the name-value distance."""
    out: Signals = {"name": {"span_prob": draft.name.score}, "row": {}}
    for label, fld in _FIELD_OF.items():
        found = draft.fields.get(label)
        sig: dict[str, float] = {}
        if found is not None:
            sig["span_prob"] = found.score
            for key in ("pair_prob", "pair_margin", "pair_dist"):
                if f"{label}_{key}" in draft.pair_signals:
                    sig[key] = draft.pair_signals[f"{label}_{key}"]
        out[fld] = sig
    out["row"] = {"gate_prob": draft.pair_signals.get("gate_prob", 1.0)}
    probs = [v for k, v in draft.pair_signals.items() if k.endswith("_pair_prob")]
    if probs:
        out["row"]["pair_prob_min"] = min(probs)
    return out


class ProseReader:
    """Reads indicators out of a document's paragraph blocks (tables are left
    to the table reader): spans by the spaCy model, paragraphs that state no
    indicator dropped by the gate, values given to names by the pairing model
    (or, without one, to the latest name)."""

    def __init__(
        self,
        nlp: Language,
        threshold: float = 0.5,
        gate: ParagraphGate | None = None,
        pairing: PairingModel | None = None,
        name_floor: float = UNFITTED_FLOOR,
    ) -> None:
        self.nlp = nlp
        self.threshold = threshold
        self.gate = gate
        self.pairing = pairing
        # The lowest span score of a name taken for a statement that has a value
        # and no name (decode.recover_names), fitted on folds (name_floor.py).
        self.name_floor = name_floor

    def paragraphs(self, doc: Document) -> list[Block]:
        return [b for b in doc.blocks() if b.kind == BlockKind.paragraph and b.text.strip()]

    def read(self, doc: Document) -> list[IndicatorRecord]:
        return [rec for rec, _ in self.read_with_signals(doc)]

    def states_indicators(self, doc: Document) -> bool:
        return self.gate is not None and states_indicators(self.gate, doc)

    def _spans(self, texts: list[str]) -> tuple[list[list[ScoredSpan]], list[float]]:
        """Decoded spans per paragraph and the gate's probability. A paragraph
        the gate rejects keeps only heading spans (levels, goals) and is not
        parsed at all unless it is short enough to be a heading: the span
        model is most of the reading time."""
        gate = self.gate.probabilities(texts) if self.gate is not None else [1.0] * len(texts)
        wanted = [
            k for k, t in enumerate(texts) if gate[k] >= GATE_THRESHOLD or len(t) <= MAX_HEADING
        ]
        spans: list[list[ScoredSpan]] = [[] for _ in texts]
        for k, parsed in zip(wanted, self.nlp.pipe(texts[k] for k in wanted), strict=True):
            found = recover_names(parsed, decode_spans(parsed, self.threshold), self.name_floor)
            found = recover_values(parsed, found, self.name_floor)
            found = split_level_leads(coordinated_names(found, texts[k]), texts[k])
            found = widen_comparators(found, texts[k])
            if gate[k] < GATE_THRESHOLD and not level_led(found, texts[k]):
                # a name on a line of its own ("②培训养护人员") looks like a
                # heading to the gate; it stands when the analysis below passes
                below = k + 1 < len(texts) and gate[k + 1] >= GATE_THRESHOLD
                keep = {"NAME"} if below else set()
                found = [s for s in found if s.label not in STATING or s.label in keep]
            spans[k] = found
        return spans, gate

    def read_with_signals(self, doc: Document) -> list[tuple[IndicatorRecord, Signals]]:
        blocks = self.paragraphs(doc)
        texts = [b.text for b in blocks]
        spans, gate = self._spans(texts)
        drafts, name_map = walk(blocks, spans, attach=self.pairing is None)
        if self.pairing is not None:
            self._pair(blocks, spans, drafts, name_map)
        share_joined_values(blocks, spans, drafts, name_map)
        for d in drafts:
            d.pair_signals["gate_prob"] = gate[d.paragraph]
        drafts = borrow_level2(merge_passes(drafts))
        kept = [d for d in drafts if d.fields or d.name.score >= MIN_BARE_NAME_SCORE]
        kept.sort(key=lambda d: d.name.evidence.char_start or 0)
        return [(to_record(d), record_signals(d)) for d in kept]

    def _pair(
        self,
        blocks: list[Block],
        spans: list[list[ScoredSpan]],
        drafts: list[Draft],
        name_map: dict[tuple[int, int], int],
    ) -> None:
        assert self.pairing is not None
        names: list[SpanRef] = []
        values: list[tuple[SpanRef, Found]] = []
        for k, (block, block_spans) in enumerate(zip(blocks, spans, strict=True)):
            for s in block_spans:
                ref = SpanRef(k, s.start, s.end, s.label, s.score)
                if s.label == "NAME":
                    names.append(ref)
                elif s.label in VALUE_LABELS:
                    values.append((ref, _found_in(block, s)))
        texts = [b.text for b in blocks]
        paired: set[int] = set()
        for p in self.pairing.pair(texts, names, [v for v, _ in values]):
            name = names[p.name]
            index = name_map.get((name.paragraph, name.start))
            if index is None or index < 0:
                continue
            draft = drafts[index]
            ref, found = values[p.value]
            paired.add(p.value)
            if ref.label in draft.fields:
                continue
            draft.fields[ref.label] = found
            draft.pair_signals[f"{ref.label}_pair_prob"] = p.prob
            draft.pair_signals[f"{ref.label}_pair_margin"] = p.margin
            draft.pair_signals[f"{ref.label}_pair_dist"] = min(p.distance, 300) / 300
        # A value the model gave to no name goes to the latest name before it
        # in its paragraph, or to a name line just above (the analysis under
        # "⑤name"), flagged by a zero pairing probability for the calibrator.
        for k, (ref, found) in enumerate(values):
            if k in paired:
                continue
            latest = _latest_draft(ref, names, drafts, name_map, texts)
            if latest is not None and ref.label not in latest.fields:
                latest.fields[ref.label] = found
                latest.pair_signals[f"{ref.label}_pair_prob"] = 0.0


_LEVELS = frozenset({"LEVEL1", "LEVEL2"})
_NUMBERING = re.compile(r"[\s（(）)\d.．、①-⑳一二三四五六七八九十]*")


def level_led(spans: list[ScoredSpan], text: str) -> bool:
    """A paragraph that opens with a level word and goes on to state a name
    and its value ("（3）满意度指标：X满意度≥95%" / "7.服务对象满意度指标。X达到
    95%"): the level heading and its statements written as one line. The
    gate, which learnt such heading lines as headings, is overruled."""
    if not spans or spans[0].label not in _LEVELS:
        return False
    if _NUMBERING.fullmatch(text, 0, spans[0].start) is None:
        return False
    labels = {s.label for s in spans[1:]}
    return "NAME" in labels and bool(labels & {"TARGET", "ACTUAL", "CLAIM"})


def share_joined_values(
    blocks: list[Block],
    spans: list[list[ScoredSpan]],
    drafts: list[Draft],
    name_map: dict[tuple[int, int], int],
) -> None:
    """Names joined by 、/和 (A、B均达到100%) share the value one of them was
    given, when 均/都 after the last name says the value is shared: each
    name of the run without a value of that label takes it, with the
    holder's pairing signals."""
    for k, (block, block_spans) in enumerate(zip(blocks, spans, strict=True)):
        text, base = block.text, block.evidence.char_start or 0
        names = [s for s in block_spans if s.label == "NAME"]
        runs: list[list[ScoredSpan]] = []
        for s in names:
            if runs and joined(text, runs[-1][-1].end, s.start):
                runs[-1].append(s)
            else:
                runs.append([s])
        for run in runs:
            members = [name_map.get((k, s.start)) for s in run]
            held = [drafts[i] for i in members if i is not None and i >= 0]
            if len(run) < 2 or len(held) != len(run):
                continue
            for label in VALUE_LABELS:
                holder = next((d for d in held if label in d.fields), None)
                found = holder.fields[label] if holder is not None else None
                if holder is None or found is None:
                    continue
                at = (found.evidence.char_start or 0) - base
                same_block = found.evidence.page == block.evidence.page and run[-1].end <= at
                if not same_block or not shares_value(text, run[-1].end, at):
                    continue
                for d in held:
                    if label not in d.fields:
                        d.fields[label] = found
                        d.pair_signals |= {
                            key: v
                            for key, v in holder.pair_signals.items()
                            if key.startswith(label)
                        }


def _latest_draft(
    value: SpanRef,
    names: list[SpanRef],
    drafts: list[Draft],
    name_map: dict[tuple[int, int], int],
    texts: list[str],
) -> Draft | None:
    before = [n for n in names if (n.paragraph, n.start) < (value.paragraph, value.start)]
    if not before:
        return None
    name = before[-1]
    own_line = name.end - name.start >= LINE_NAME_SHARE * len(texts[name.paragraph])
    if name.paragraph != value.paragraph and not (
        own_line and value.paragraph - name.paragraph == 1
    ):
        return None
    index = name_map.get((name.paragraph, name.start))
    return drafts[index] if index is not None and index >= 0 else None


def _found_in(block: Block, span: ScoredSpan) -> Found:
    base = block.evidence.char_start or 0
    ev = block.evidence.model_copy(
        update={"char_start": base + span.start, "char_end": base + span.end}
    )
    return Found(block.text[span.start : span.end], span.score, ev)


def load_prose(model_dir: Path, candidate_floor: float | None = None) -> ProseReader:
    """Load a pipeline written by ``train_prose`` (spaCy ``to_disk`` format),
    with its paragraph gate, pairing model and fitted name floor when it has
    them. ``candidate_floor`` keeps name candidates below the floor (fitting it)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary build at INFO
    nlp = spacy.load(Path(model_dir))
    floor = load_name_floor(Path(model_dir))
    spancat = nlp.get_pipe("spancat")
    if isinstance(spancat, SpanCategorizer):  # keep candidates for recover_names
        spancat.cfg["threshold"] = floor if candidate_floor is None else min(floor, candidate_floor)
    nlp.make_doc("载入词典")  # jieba builds its dictionary on first use: pay it at load time
    return ProseReader(
        nlp,
        gate=load_gate(Path(model_dir)),
        pairing=load_pairing(Path(model_dir)),
        name_floor=floor,
    )
