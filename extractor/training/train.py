"""``extractor train``: every model from ``training_data/``, with honest figures.

1. Leave one layout out: for each layout of the manifest, train the
   cell-role model and the block classifier on the documents of the *other*
   layouts (and their generated variants), extract every document of the
   held-out layout, and record how each field came out. Those out-of-fold
   extractions are the only material the calibrator learns from, and the
   only source of the figures in ``metrics.json`` (per layout, per
   document and overall).
2. Calibration figures are nested: the calibrator used to score layout L
   is fitted on the out-of-fold material of the other layouts, so its
   confidence is what it would be on a layout it has never seen.
3. Finally every model is fitted on every training document and written,
   with the data hash and library versions, to a versioned model folder.
4. Documents whose manifest line says ``split: blind`` are never trained
   on; the final model extracts them and only aggregate figures (per
   layout) are written, under ``blind``.
"""

from __future__ import annotations

import json
import platform
import sys
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
from extractor.engine.docfields import read_document_fields
from extractor.engine.models import EngineModels
from extractor.engine.novelty import header_words
from extractor.engine.role_model import TrainedRoleScorer, fit_role_model, save_role_model
from extractor.engine.run import build_extraction, read_candidates, values_as_targets
from extractor.errors import ExtractionError
from extractor.ingest import load_bytes, load_document
from extractor.segment import find_table_regions
from extractor.segment.blocks import (
    BlockClassifier,
    block_labels,
    fit_block_classifier,
    save_block_classifier,
)
from extractor.settings import PACKAGE_DIR
from extractor.training.corpus import GoldDocument, corpus_hash, load_corpus
from extractor.training.labels import labelled_cells
from extractor.training.report import blind_report, held_out_report
from extractor.training.scoring import field_outcomes, match
from extractor.training.traditional import learning_view
from extractor.types import Document

VARIANTS_PER_DOC = 6
# The stream reader inside the folds: one reader per group of layouts (trained
# without them), so every fold reads flattened text with a reader that never saw
# its layout; a CRF per layout would cost an hour.
STREAM_FOLDS = 3
# Flattened renderings of each held-out document added as calibration material, so
# the calibrator learns how often the stream reader's records are right.
FLAT_RENDERINGS = 2
# Variants per document used inside the held-out folds: fewer than for the
# final model, to keep one fold per layout affordable on two cores.
FOLD_VARIANTS_PER_DOC = 2
SEED = 20261126
# The lead's first run of the engine on the blind layouts, copied into metrics.
BLIND_FIRST_RUN = "blind_first_run.json"


@dataclass
class Sample:
    """A document to learn from: a real one or a generated variant of one."""

    source: str  # the stem of the real document it comes from
    doc: Document
    gold: dict[str, Any]
    variant: bool
    layout: str = ""
    rank: int = 0  # the variant's number (0 for the real document)


@dataclass
class FoldOutput:
    stem: str
    gold: dict[str, Any]
    layout: str
    pred: dict[str, Any]
    cands: list[Candidate] = field(default_factory=list)
    block_accuracy: float | None = None
    field_data: list[tuple[dict[str, float], bool]] = field(default_factory=list)
    row_data: list[tuple[dict[str, float], bool]] = field(default_factory=list)


def build_samples(corpus: list[GoldDocument], n_variants: int = VARIANTS_PER_DOC) -> list[Sample]:
    samples: list[Sample] = []
    for gd in corpus:
        if gd.split == "blind":
            continue  # never trained on, never read here (see score_blind)
        doc = load_document(gd.path)
        samples.append(Sample(gd.stem, doc, gd.gold, variant=False, layout=gd.layout))
        if n_variants <= 0 or gd.path.suffix.lower() not in (".txt", ".tsv", ".csv"):
            continue
        from extractor.training.variants import generate_variants

        for k, (text, gold) in enumerate(
            generate_variants(doc.text, gd.gold, n=n_variants, seed=SEED + len(samples))
        ):
            vdoc = load_bytes(text.encode("utf-8"), f"{gd.stem}.v{k}.txt")
            samples.append(Sample(gd.stem, vdoc, gold, variant=True, layout=gd.layout, rank=k + 1))
    return samples


def train_roles(samples: list[Sample]) -> TrainedRoleScorer:
    feats: list[dict[str, float]] = []
    labels: list[str] = []
    headers: set[str] = set()
    for s in samples:
        doc, gold = learning_view(s.doc, s.gold)
        for f, lab in labelled_cells(doc, gold):
            feats.append(f)
            labels.append(lab)
        for region in find_table_regions(doc):
            headers.update(header_words(region.header_rows))
    return fit_role_model(feats, labels, headers)


def extract_candidates(doc: Document, models: EngineModels) -> list[Candidate]:
    cands = read_candidates(doc, models)
    values_as_targets(cands, read_document_fields(doc, models.form_types).form_type.value)
    for c in cands:
        c.record.checks = run_checks(c.record)
    return cands


def outcomes(
    stem: str, doc: Document, gold: dict[str, Any], models: EngineModels, layout: str = ""
) -> FoldOutput:
    """Extract with ``models`` (no calibration) and pair every field with its correctness.

    A report in traditional characters is read as the engine reads it: through
    its simplified view, its texts given back as written."""
    from extractor.chinese_script import restore_written, simplified_view

    view = simplified_view(doc)
    cands = extract_candidates(view or doc, models)
    ex = build_extraction(view or doc, cands, models)
    pred = (ex if view is None else restore_written(ex, doc, view)).to_json_dict()
    out = FoldOutput(stem, gold, layout or stem, pred, cands)
    for f, _, pi, ok, _ in field_outcomes(gold, pred):
        out.field_data.append((field_features(cands[pi], f), ok))
    predicted: list[dict[str, Any]] = list(pred["indicators"])  # type: ignore[call-overload]
    matched = {pi for _, pi, _ in match(gold["indicators"], predicted)}
    for j, c in enumerate(cands):
        out.row_data.append((row_features(c), j in matched))
    return out


def rescore(fold: FoldOutput, calibrator: Calibrator) -> dict[str, Any]:
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
    views = [learning_view(s.doc, s.gold) for s in samples]
    return fit_block_classifier([(doc, block_labels(doc, gold)) for doc, gold in views])


def block_accuracy(clf: BlockClassifier, sample: Sample) -> float:
    doc, gold = learning_view(sample.doc, sample.gold)
    got = [label for label, _ in clf.classify(doc)]
    truth = block_labels(doc, gold)
    return sum(a == b for a, b in zip(got, truth, strict=True)) / max(1, len(truth))


def stream_fold_readers(
    corpus: list[GoldDocument], work: Path, k: int = STREAM_FOLDS
) -> dict[str, Any]:
    """A stream reader for every layout, trained without that layout (and without the
    other layouts of its group)."""
    from extractor.engine.stream import load_stream_reader
    from extractor.engine.stream.fit import fit_stream_reader

    layouts = sorted({d.layout for d in corpus})
    out: dict[str, Any] = {}
    for i in range(min(k, len(layouts))):
        group = set(layouts[i::k])
        print(f"stream reader {i + 1}/{k}: without {len(group)} layouts", file=sys.stderr)
        folder = work / f"stream-fold-{i}"
        fit_stream_reader([d for d in corpus if d.layout not in group], folder, per_shape=1)
        reader = load_stream_reader(folder)
        out.update({layout: reader for layout in group})
    return out


def flattened_documents(
    corpus: list[GoldDocument], n: int = FLAT_RENDERINGS
) -> dict[str, list[tuple[Document, dict[str, Any]]]]:
    """``n`` flattened renderings (shape drawn per document, seeded) of every document
    whose tables hold indicator rows: calibration material for the stream reader's
    records. Reports already flattened are read as they are in the folds."""
    import random

    from extractor.engine.stream.fit import document_text
    from extractor.training.variants.flat import SHAPES, render_flat

    out: dict[str, list[tuple[Document, dict[str, Any]]]] = {}
    for gd in corpus:
        if gd.split == "blind" or gd.kind == "flattened":
            continue
        rng = random.Random(f"{SEED}/{gd.stem}/flat")
        try:
            text = document_text(gd)
            items = [render_flat(text, gd.gold, shape, rng) for shape in rng.sample(SHAPES, n)]
        except ExtractionError:
            continue
        if not any(role == "name" for _, _, role in items[0].spans):
            continue
        out[gd.stem] = [
            (load_bytes(it.text.encode("utf-8"), f"{gd.stem}.{it.shape}.txt"), gd.gold)
            for it in items
        ]
        out[gd.stem] += interleaved_documents(gd)
    return out


def interleaved_documents(gd: GoldDocument) -> list[tuple[Document, dict[str, Any]]]:
    """The document's tables as a PDF viewer copies them (wrapped cells
    interleaved), when the reader rebuilds them: calibration material for the
    rebuilt rows' signals (order_rebuilt, order_guess)."""
    from extractor.training.interleave import interleaved_text

    try:
        text = interleaved_text(load_document(gd.path))
    except ExtractionError:
        return []
    doc = load_bytes(text.encode("utf-8"), f"{gd.stem}.interleaved.txt")
    cells = (c for b in doc.blocks() for r in b.rows for c in r.cells)
    return [(doc, gd.gold)] if any(c.order_guess is not None for c in cells) else []


def leave_one_out(
    samples: list[Sample],
    data_dir: Path,
    work: Path,
    fold_variants: int = FOLD_VARIANTS_PER_DOC,
    stream: dict[str, Any] | None = None,
    flattened: dict[str, list[tuple[Document, dict[str, Any]]]] | None = None,
) -> list[FoldOutput]:
    """One fold per layout: models trained without any document of it.

    ``stream`` gives each layout its stream reader (trained without it) and
    ``flattened`` the flattened renderings of each document, read in its fold as
    calibration material."""
    layouts = sorted({s.layout for s in samples})
    stems = sorted({s.source for s in samples if not s.variant})
    shared: EngineModels | None = None
    folds: list[FoldOutput] = []
    started = time.time()
    for n, layout in enumerate(layouts, 1):
        print(
            f"fold {n}/{len(layouts)}: {layout} held out ({time.time() - started:.0f}s)",
            file=sys.stderr,
        )
        train = [s for s in samples if s.layout != layout and s.rank <= fold_variants]
        roles = train_roles(train)
        blocks = train_blocks(train)
        if shared is None:
            # The prose model never sees any real document's prose at this point.
            shared = base_models(data_dir, work, roles, prose_held_out=set(stems))
        models = EngineModels(
            folder=None,
            roles=roles,
            claims=shared.claims,
            prose=shared.prose,
            blocks=blocks,
            stream=(stream or {}).get(layout),
        )
        for real in (s for s in samples if s.layout == layout and not s.variant):
            fold = outcomes(real.source, real.doc, real.gold, models, layout)
            fold.block_accuracy = block_accuracy(blocks, real)
            # Held-out variants add calibration material (never scored as figures).
            for s in samples:
                if s.source == real.source and s.variant and s.rank <= fold_variants:
                    extra = outcomes(real.source, s.doc, s.gold, models, layout)
                    fold.field_data += extra.field_data
                    fold.row_data += extra.row_data
            for doc, gold in (flattened or {}).get(real.source, []) if models.stream else []:
                extra = outcomes(real.source, doc, gold, models, layout)
                fold.field_data += extra.field_data
                fold.row_data += extra.row_data
            folds.append(fold)
    return folds


def by_layout(folds: list[FoldOutput]) -> dict[str, list[FoldOutput]]:
    out: dict[str, list[FoldOutput]] = {}
    for f in folds:
        out.setdefault(f.layout, []).append(f)
    return out


def fit_fold_calibrator(folds: list[FoldOutput]) -> Calibrator:
    """A calibrator from out-of-fold material, grouped by layout (its inner folds)."""
    groups = by_layout(folds).values()
    return fit_calibrator(
        [[x for f in g for x in f.field_data] for g in groups],
        [[x for f in g for x in f.row_data] for g in groups],
    )


def lodo_metrics(folds: list[FoldOutput]) -> dict[str, Any]:
    """Scores of every held-out layout, with nested (layout-grouped) calibration."""
    triples = []
    layout_of: dict[str, str] = {}
    for layout, members in by_layout(folds).items():
        cal = fit_fold_calibrator([f for f in folds if f.layout != layout])
        for fold in members:
            triples.append((fold.stem, fold.gold, rescore(fold, cal)))
            layout_of[fold.stem] = layout
    report = held_out_report(triples, layout_of)
    report["evaluation"] = "leave-one-layout-out"
    report["blocks_accuracy"] = {f.stem: round(f.block_accuracy or 0.0, 3) for f in folds}
    return report


def _layout_counts(samples: list[Sample]) -> dict[str, int]:
    from collections import Counter

    from extractor.layout_key import layout_key

    return dict(Counter(layout_key(s.doc) for s in samples if not s.variant))


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("extractor", "scikit-learn", "spacy", "jieba", "numpy", "pdfplumber", "skops"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            continue
    return out


def score_blind(corpus: list[GoldDocument], model_dir: Path) -> dict[str, Any]:
    """The final model on the blind documents: aggregate figures per layout only,
    stamped with the blind set's hash."""
    from extractor.engine.models import load_models
    from extractor.pipeline import extract_with_models

    blind = [gd for gd in corpus if gd.split == "blind"]
    if not blind:
        return {}
    load_models.cache_clear()  # the folder was just (re)written
    models = load_models(model_dir)
    triples = []
    for gd in blind:
        pred = extract_with_models(load_document(gd.path), models).to_json_dict()
        triples.append((gd.stem, gd.gold, pred))
    from extractor.registry import blind_set_hash

    report = blind_report(triples, {gd.stem: gd.layout for gd in blind})
    # Which blind set: the registry compares versions on one set only.
    report["blind_set_sha256"] = blind_set_hash(blind)
    return report


def _blind_first_run(out: Path) -> Any:
    for path in (out.parent / BLIND_FIRST_RUN, PACKAGE_DIR.parent / "models" / BLIND_FIRST_RUN):
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return None


def print_metrics(metrics: dict[str, Any], out: Any = None) -> None:
    """The held-out table per layout, and the blind figures in aggregate."""
    import sys

    from extractor.training.report import layout_table

    stream = out or sys.stdout
    print(f"{metrics.get('evaluation', 'held out')}:", file=stream)
    print(layout_table(metrics["per_layout"], metrics), file=stream)
    blind = metrics.get("blind") or {}
    if blind:
        print("blind (final model):", file=stream)
        print(layout_table(blind["per_layout"], blind["overall"]), file=stream)
    first = metrics.get("blind_first_run")
    if isinstance(first, dict):
        layouts = first.get("per_layout", first.get("layouts"))
        overall = first.get("overall", first.get("all"))
        if isinstance(layouts, dict) and isinstance(overall, dict):
            print(f"blind, {first.get('label', 'first run')}:", file=stream)
            print(layout_table(layouts, overall), file=stream)


def train_all(
    data_dir: Path,
    out: Path | None = None,
    variants: int = VARIANTS_PER_DOC,
    fold_variants: int = FOLD_VARIANTS_PER_DOC,
) -> Path:
    started = time.time()
    out = out or PACKAGE_DIR.parent / "models" / "default"
    work = out.with_name(out.name + ".work")
    # "blind" reports are set aside: scored by script, never trained on
    everything = load_corpus(data_dir)
    corpus = [g for g in everything if g.split != "blind"]
    samples = build_samples(corpus, variants)
    stream = stream_fold_readers(corpus, work)
    folds = leave_one_out(
        samples,
        data_dir,
        work,
        min(fold_variants, variants),
        stream=stream,
        flattened=flattened_documents(corpus),
    )
    metrics = lodo_metrics(folds)
    metrics["fold_variants_per_document"] = min(fold_variants, variants)

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
    save_calibrator(fit_fold_calibrator(folds), out)
    from extractor.training.calibration_material import save_material

    # Kept so that ``--incremental`` can refit the calibrator with new corrections.
    save_material(
        {
            layout: ([x for f in g for x in f.field_data], [x for f in g for x in f.row_data])
            for layout, g in by_layout(folds).items()
        },
        out,
    )
    metrics["blind"] = score_blind(everything, out)
    first_run = _blind_first_run(out)
    if first_run is not None:
        metrics["blind_first_run"] = first_run
    metrics["seconds"] = round(time.time() - started, 1)
    (out / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    meta = {
        "name": out.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "training_data_sha256": corpus_hash(data_dir),
        "documents": [g.stem for g in corpus],
        "blind_documents": sum(1 for g in everything if g.split == "blind"),
        "variants_per_document": variants,
        # How many training documents of each layout (the review queue's "seen").
        "layouts": _layout_counts(samples),
        "versions": _versions(),
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return out
