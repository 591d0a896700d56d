"""``extractor train``: every model from ``training_data/``, with honest figures.

1. Leave one document out: for each gold document, train the cell-role
   model on the *other* documents (and their generated variants), extract
   the held-out document, and record how each field came out. Those
   out-of-fold extractions are the only material the calibrator learns
   from, and the only source of the figures in ``metrics.json``.
2. Calibration figures are nested: the calibrator used to score document
   d is fitted on the out-of-fold material of the other documents.
3. Finally every model is fitted on everything and written, with the data
   hash and library versions, to a versioned model folder.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from extractor.calibration import (
    Calibrator,
    apply_calibration,
    field_features,
    fit_calibrator,
    row_features,
    save_calibrator,
)
from extractor.checks import run_checks
from extractor.engine.candidates import Candidate
from extractor.engine.models import EngineModels
from extractor.engine.role_model import TrainedRoleScorer, fit_role_model, save_role_model
from extractor.engine.run import build_extraction, read_candidates
from extractor.ingest import load_bytes, load_document
from extractor.segment.blocks import (
    BlockClassifier,
    block_labels,
    fit_block_classifier,
    save_block_classifier,
)
from extractor.settings import PACKAGE_DIR
from extractor.training.corpus import GoldDocument, corpus_hash, load_corpus
from extractor.training.labels import labelled_cells
from extractor.training.scoring import field_outcomes, match, score_documents
from extractor.types import Document

VARIANTS_PER_DOC = 6
SEED = 20261126


@dataclass
class Sample:
    """A document to learn from: a real one or a generated variant of one."""

    source: str  # the stem of the real document it comes from
    doc: Document
    gold: dict[str, Any]
    variant: bool


@dataclass
class FoldOutput:
    stem: str
    gold: dict[str, Any]
    pred: dict[str, Any]
    cands: list[Candidate] = field(default_factory=list)
    block_accuracy: float | None = None
    field_data: list[tuple[dict[str, float], bool]] = field(default_factory=list)
    row_data: list[tuple[dict[str, float], bool]] = field(default_factory=list)


def build_samples(corpus: list[GoldDocument], n_variants: int = VARIANTS_PER_DOC) -> list[Sample]:
    samples: list[Sample] = []
    for gd in corpus:
        doc = load_document(gd.path)
        samples.append(Sample(gd.stem, doc, gd.gold, variant=False))
        if n_variants <= 0 or gd.path.suffix.lower() not in (".txt", ".tsv", ".csv"):
            continue
        from extractor.training.variants import generate_variants

        for k, (text, gold) in enumerate(
            generate_variants(doc.text, gd.gold, n=n_variants, seed=SEED + len(samples))
        ):
            vdoc = load_bytes(text.encode("utf-8"), f"{gd.stem}.v{k}.txt")
            samples.append(Sample(gd.stem, vdoc, gold, variant=True))
    return samples


def train_roles(samples: list[Sample]) -> TrainedRoleScorer:
    feats: list[dict[str, float]] = []
    labels: list[str] = []
    for s in samples:
        for f, lab in labelled_cells(s.doc, s.gold):
            feats.append(f)
            labels.append(lab)
    return fit_role_model(feats, labels)


def extract_candidates(doc: Document, models: EngineModels) -> list[Candidate]:
    cands = read_candidates(doc, models)
    for c in cands:
        c.record.checks = run_checks(c.record)
    return cands


def outcomes(stem: str, doc: Document, gold: dict[str, Any], models: EngineModels) -> FoldOutput:
    """Extract with ``models`` (no calibration) and pair every field with its correctness."""
    cands = extract_candidates(doc, models)
    pred = build_extraction(doc, cands, models).to_json_dict()
    out = FoldOutput(stem, gold, pred, cands)
    for f, _, pi, ok, _ in field_outcomes(gold, pred):
        out.field_data.append((field_features(cands[pi], f), ok))
    predicted: list[dict[str, Any]] = list(pred["indicators"])  # type: ignore[call-overload]
    matched = {pi for _, pi, _ in match(gold["indicators"], predicted)}
    for j, c in enumerate(cands):
        out.row_data.append((row_features(c), j in matched))
    return out


def _rescore(fold: FoldOutput, calibrator: Calibrator) -> dict[str, Any]:
    """The fold's prediction with confidences from ``calibrator``."""
    apply_calibration(fold.cands, calibrator)
    pred = dict(fold.pred)
    pred["indicators"] = [c.record.model_dump(mode="json") for c in fold.cands]
    return pred


def base_models(
    data_dir: Path, work: Path, roles: TrainedRoleScorer, prose_held_out: set[str]
) -> EngineModels:
    """Claims and prose models for the folds (trained once, see module docstring)."""
    from extractor.engine.claims import load_claims, train_claims
    from extractor.engine.prose import load_prose, train_prose

    train_claims(data_dir / "claims", work / "claims")
    train_prose(data_dir / "prose", work / "prose", held_out=prose_held_out)
    return EngineModels(
        folder=None,
        roles=roles,
        claims=load_claims(work / "claims"),
        prose=load_prose(work / "prose"),
    )


def train_blocks(samples: list[Sample]) -> BlockClassifier:
    return fit_block_classifier([(s.doc, block_labels(s.doc, s.gold)) for s in samples])


def block_accuracy(clf: BlockClassifier, sample: Sample) -> float:
    got = [label for label, _ in clf.classify(sample.doc)]
    truth = block_labels(sample.doc, sample.gold)
    return sum(a == b for a, b in zip(got, truth, strict=True)) / max(1, len(truth))


def leave_one_out(samples: list[Sample], data_dir: Path, work: Path) -> list[FoldOutput]:
    stems = sorted({s.source for s in samples if not s.variant})
    shared: EngineModels | None = None
    folds: list[FoldOutput] = []
    for stem in stems:
        train = [s for s in samples if s.source != stem]
        roles = train_roles(train)
        blocks = train_blocks(train)
        if shared is None:
            # The prose model never sees any real document's prose at this point.
            shared = base_models(data_dir, work, roles, prose_held_out=set(stems))
        models = EngineModels(
            folder=None, roles=roles, claims=shared.claims, prose=shared.prose, blocks=blocks
        )
        real = next(s for s in samples if s.source == stem and not s.variant)
        fold = outcomes(stem, real.doc, real.gold, models)
        fold.block_accuracy = block_accuracy(blocks, real)
        # Held-out variants add calibration material (never scored as figures).
        for s in samples:
            if s.source == stem and s.variant:
                extra = outcomes(stem, s.doc, s.gold, models)
                fold.field_data += extra.field_data
                fold.row_data += extra.row_data
        folds.append(fold)
    return folds


def lodo_metrics(folds: list[FoldOutput]) -> dict[str, Any]:
    """Scores of every held-out document, with nested calibration."""
    triples = []
    for fold in folds:
        others = [f for f in folds if f is not fold]
        cal = fit_calibrator([f.field_data for f in others], [f.row_data for f in others])
        pred = _rescore(fold, cal)
        triples.append((fold.stem, fold.gold, pred))
    report = score_documents(triples)
    report["blocks_accuracy"] = {f.stem: round(f.block_accuracy or 0.0, 3) for f in folds}
    report["per_document"] = {stem: score_documents([(stem, g, p)]) for stem, g, p in triples}
    return report


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("extractor", "scikit-learn", "spacy", "jieba", "numpy", "pdfplumber", "skops"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            continue
    return out


def train_all(data_dir: Path, out: Path | None = None, variants: int = VARIANTS_PER_DOC) -> Path:
    started = time.time()
    out = out or PACKAGE_DIR.parent / "models" / "default"
    work = out.with_name(out.name + ".work")
    corpus = load_corpus(data_dir)
    samples = build_samples(corpus, variants)
    folds = leave_one_out(samples, data_dir, work)
    metrics = lodo_metrics(folds)

    # Final models: everything, every document.
    from extractor.engine.claims import train_claims
    from extractor.engine.prose import train_prose

    out.mkdir(parents=True, exist_ok=True)
    save_role_model(train_roles(samples), out)
    save_block_classifier(train_blocks(samples), out)
    metrics["claims"] = train_claims(data_dir / "claims", out / "claims")
    from extractor.engine.docfields import train_form_types

    metrics["form_types"] = train_form_types(data_dir / "form_types", out / "form_types")
    metrics["prose"] = train_prose(data_dir / "prose", out / "prose")
    from extractor.engine.stream.fit import fit_stream_reader

    fit_stream_reader(corpus, out / "stream")
    save_calibrator(fit_calibrator([f.field_data for f in folds], [f.row_data for f in folds]), out)
    metrics["seconds"] = round(time.time() - started, 1)
    (out / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    meta = {
        "name": out.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "training_data_sha256": corpus_hash(data_dir),
        "documents": [g.stem for g in corpus],
        "variants_per_document": variants,
        "versions": _versions(),
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return out
