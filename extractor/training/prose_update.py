"""The prose model updated from newly annotated narrative reports, in minutes.

A full ``train_prose`` trains the span model from scratch on every annotated
and generated report (800 steps; the slow part of ``extractor train``).
``extractor train --incremental`` instead resumes the base's trained
pipeline: a few passes over the new reports' paragraphs, mixed with as many
paragraphs drawn from the reports it was trained on (so it does not forget
them), and refits the paragraph gate and the pairing model, which are quick
logistic regressions, on the whole annotated material.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import minibatch

from extractor.engine.prose.annotations import AnnotatedParagraph, load_annotations
from extractor.engine.prose.gate import fit_gate, save_gate
from extractor.engine.prose.pairing import fit_pairing, save_pairing
from extractor.engine.prose.suggester import build_clause_ngram_suggester
from extractor.engine.prose.train import (
    MIXED_DOCS,
    VARIANTS_PER_DEPARTMENT,
    oversampled,
    training_and_test_docs,
)
from extractor.engine.prose.variants_sentences import ascii_twin

_REGISTERED = build_clause_ngram_suggester  # the saved pipeline names this suggester
PASSES = 12
REPLAY = 2  # old paragraphs drawn per new one, each pass
BATCH = 8
SEED = 20261130


def _examples(nlp: spacy.Language, paragraphs: list[AnnotatedParagraph]) -> list[Example]:
    out = []
    for para in paragraphs:
        doc = nlp.make_doc(para.text)
        ref = nlp.make_doc(para.text)
        spans = [
            ref.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            for s in para.spans
        ]
        ref.spans["sc"] = [s for s in spans if s is not None]
        out.append(Example(doc, ref))
    return out


def annotated_ids(data_dir: Path) -> set[str]:
    return {d.doc_id for d in load_annotations(data_dir)}


def update_prose(base: Path, data_dir: Path, new_docs: set[str], out: Path) -> dict[str, float]:
    """Write to ``out`` the prose model of ``base`` updated with the annotated reports
    ``new_docs`` (doc ids in ``data_dir``); return how much it was fed."""
    annotated = load_annotations(data_dir)
    new = [d for d in annotated if d.doc_id in new_docs]
    old = [p for d in annotated if d.doc_id not in new_docs for p in d.paragraphs]
    # Rare labels repeated as train_prose repeats them (a goal heading is one a goal).
    fresh = oversampled([p for d in new for p in (*d.paragraphs, *ascii_twin(d.paragraphs))])
    old = oversampled(old)
    nlp = spacy.load(base)
    rng = random.Random(SEED)
    optimizer = nlp.resume_training()
    losses: dict[str, float] = {}
    for _ in range(PASSES if fresh else 0):
        drawn = rng.sample(old, min(len(old), REPLAY * len(fresh)))
        batch_items = _examples(nlp, fresh + drawn)
        rng.shuffle(batch_items)
        for batch in minibatch(batch_items, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # The gate and the pairing model, refitted as train_prose fits them.
    train_docs, _ = training_and_test_docs(data_dir, set(), VARIANTS_PER_DEPARTMENT, MIXED_DOCS)
    gate = fit_gate(train_docs)
    pairing = fit_pairing([d for d in train_docs if not d.doc_id.startswith("gen-")])
    if gate is not None:
        save_gate(gate, out)
    if pairing is not None:
        save_pairing(pairing, out)
    return {
        "new_paragraphs": float(len(fresh)),
        "passes": float(PASSES if fresh else 0),
        "loss": round(losses.get("spancat", 0.0), 3),
    }
