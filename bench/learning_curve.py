"""Does the corrections-to-training loop work? A learning curve on an unseen layout.

1. A group of documents in one layout the model has never seen: variants of
   the real table reports in training_data/ (``extractor.training.variants.apply``
   with a preset list of transformations: another department's vocabulary,
   damaged or re-rendered tables).
2. A model trained without that layout: the real documents only (no variants).
3. One, then two documents of the layout are "corrected" (their gold is what
   a reviewer's approved corrections export), written in the format
   ``extractor training-data export`` writes, read back by ``load_corpus``,
   and the model is retrained.
4. F1 (rows found) and field accuracy on the rest of the group, before and after,
   scored exactly as the project's scorer does.

Retrained: the cell-role model (``train_roles``, from docs/ + gold/) and the
claim classifier (``train_claims``, from claims/ plus each corrected row's
status words and label, as the export's ``claims/review_<stem>.jsonl``); a
full ``train_all`` takes several minutes here. Prose, form types and
calibration are the shipped ones. Every step, "before" included, trains the
same way, so the difference is the corrected documents alone.

    .venv/bin/python bench/learning_curve.py                  # preset "damaged", ~1-2 min
    .venv/bin/python bench/learning_curve.py --layout cells_ocr --per-source 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.engine.claims import load_claims, train_claims
from extractor.engine.models import EngineModels, load_models
from extractor.engine.run import run_with_models
from extractor.ingest import load_bytes, load_document
from extractor.training.corpus import load_corpus
from extractor.training.labels import labelled_cells
from extractor.training.scoring import FIELDS, match, score_documents
from extractor.training.train import Sample, build_samples, train_roles
from extractor.training.variants import apply

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS: dict[str, list[str]] = {
    # Another department's words, labels not repeated, cells drifted and merged,
    # long cells wrapped, separators lost: a badly converted spreadsheet.
    "damaged": [
        "swap_department_vocabulary",
        "blank_repeated_labels",
        "shift_rows_left",
        "merge_adjacent_cells",
        "wrap_long_cells",
        "drop_separators",
    ],
    # One cell a line with OCR look-alike characters: a scanned table read line by line.
    "cells_ocr": [
        "swap_department_vocabulary",
        "blank_repeated_labels",
        "merge_adjacent_cells",
        "to_cell_lines",
        "inject_ocr_confusions",
    ],
    # HTML tables with labels filled down and merged cells.
    "html": ["swap_department_vocabulary", "fill_down_labels", "merge_adjacent_cells", "to_html"],
}


@dataclass
class LayoutDoc:
    stem: str
    text: str
    gold: dict[str, Any]


def table_reports(data: Path) -> list[str]:
    """Reports with an indicator table the cell-role model reads (wide project
    tables and prose have their own readers, which corrections do not retrain)."""
    stems = []
    for gd in load_corpus(data):
        doc = load_document(gd.path)
        if any(label in ("name", "target") for _, label in labelled_cells(doc, gd.gold)):
            stems.append(gd.stem)
    return stems


def layout_group(
    data: Path, names: list[str], per_source: int, sources: list[str]
) -> list[LayoutDoc]:
    """``per_source`` documents of the layout from each source report."""
    out: list[LayoutDoc] = []
    for gd in load_corpus(data):
        if gd.stem not in sources:
            continue
        text = load_document(gd.path).text
        for seed in range(1, per_source + 1):
            vtext, vgold = apply(text, gd.gold, names, seed=seed)
            stem = f"{gd.stem}_layout{seed}"
            out.append(LayoutDoc(stem, vtext, {**vgold, "doc": f"{stem}.txt"}))
    return out


def corrections_folder(docs: list[LayoutDoc], out: Path) -> Path:
    """The corrected documents as ``extractor training-data export`` writes them."""
    for d in docs:
        (out / "docs").mkdir(parents=True, exist_ok=True)
        (out / "gold").mkdir(parents=True, exist_ok=True)
        (out / "docs" / f"{d.stem}.txt").write_text(d.text, encoding="utf-8")
        (out / "gold" / f"{d.stem}.json").write_text(
            json.dumps(d.gold, ensure_ascii=False), encoding="utf-8"
        )
    return out


def review_claims(docs: list[LayoutDoc], models: EngineModels) -> list[dict[str, Any]]:
    """What the export's claims/ file holds for corrected documents: each row's
    status words as extracted, with the label the reviewer left (the gold)."""
    out = []
    for d in docs:
        pred = run_with_models(load_bytes(d.text.encode("utf-8"), f"{d.stem}.txt"), models)
        records: list[dict[str, Any]] = pred.model_dump(mode="json")["indicators"]
        for gi, pi, _ in match(d.gold["indicators"], records):
            text = (records[pi].get("status") or {}).get("text")
            if text and "status" in d.gold["indicators"][gi]:
                label = d.gold["indicators"][gi]["status"]
                out.append({"text": text, "label": label, "group": f"review-{d.stem}"})
    return out


def claims_model(data: Path, extra: list[dict[str, Any]], work: Path) -> Any:
    """The claim classifier retrained on the shipped examples plus ``extra``."""
    (work / "claims").mkdir(parents=True, exist_ok=True)
    for f in sorted((data / "claims").glob("*.jsonl")):
        shutil.copy(f, work / "claims" / f.name)
    lines = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in extra)
    (work / "claims" / "review.jsonl").write_text(lines, encoding="utf-8")
    train_claims(work / "claims", work / "model")
    return load_claims(work / "model")


def models_with_roles(samples: list[Sample], base: EngineModels, claims: Any) -> EngineModels:
    return EngineModels(
        folder=None,
        roles=train_roles(samples),
        claims=claims,
        prose=base.prose,
        calibrator=base.calibrator,
        form_types=base.form_types,
    )


def evaluate(models: EngineModels, docs: list[LayoutDoc]) -> dict[str, Any]:
    triples = []
    for d in docs:
        pred = run_with_models(load_bytes(d.text.encode("utf-8"), f"{d.stem}.txt"), models)
        triples.append((d.stem, d.gold, pred.to_json_dict()))
    return score_documents(triples)


def _row(label: str, s: dict[str, Any], seconds: float) -> str:
    fields = " ".join(f"{(s['field_accuracy'][f] or 0):.3f}" for f in FIELDS)
    return (
        f"{label:<22} {s['f1']:.3f} {s['precision']:.3f} {s['recall']:.3f} "
        f"{s['all_fields']:.3f}  {fields}  {seconds:5.1f}s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "training_data")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="damaged")
    parser.add_argument("--per-source", type=int, default=2, help="layout documents per report")
    parser.add_argument("--corrected", type=int, default=2, help="documents corrected, at most")
    args = parser.parse_args(argv)

    started = time.time()
    sources = table_reports(args.data)
    group = layout_group(args.data, LAYOUTS[args.layout], args.per_source, sources)
    # Corrected candidates alternate between the source reports; the rest is scored.
    by_source = [[d for d in group if d.stem.startswith(src)] for src in sources]
    candidates = [docs[i] for i in range(args.per_source) for docs in by_source][: args.corrected]
    held_out = [d for d in group if d not in candidates]
    base = load_models(None)
    real = build_samples(load_corpus(args.data), n_variants=0)
    print(
        f"layout {args.layout!r}: {' + '.join(LAYOUTS[args.layout])}\n"
        f"{len(group)} documents of the layout (from {', '.join(sources)}); "
        f"{len(held_out)} scored, "
        f"up to {len(candidates)} corrected; base training: {len(real)} real documents, "
        f"no variants; retrained: cell-role model and claim classifier"
    )
    print(
        f"{'':<22} {'F1':>5} {'P':>5} {'R':>5} {'fields':>6}  "
        + " ".join(f"{f[:5]:>5}" for f in FIELDS)
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="learning-curve-") as tmp:
        for k in range(len(candidates) + 1):
            t = time.time()
            folder = Path(tmp) / f"corrections{k}"
            extra: list[Sample] = []
            if k:
                extra = build_samples(load_corpus(corrections_folder(candidates[:k], folder)), 0)
            claims = claims_model(args.data, review_claims(candidates[:k], base), folder)
            scores = evaluate(models_with_roles(real + extra, base, claims), held_out)
            results.append(scores)
            label = "before (no corrections)" if k == 0 else f"after {k} corrected"
            print(_row(label, scores, time.time() - t), flush=True)
            shutil.rmtree(folder, ignore_errors=True)
    first, last = results[0], results[-1]
    print(
        f"F1 {first['f1']:.3f} -> {last['f1']:.3f} ({last['f1'] - first['f1']:+.3f}); "
        f"field accuracy {first['all_fields']:.3f} -> {last['all_fields']:.3f} "
        f"({last['all_fields'] - first['all_fields']:+.3f}); {time.time() - started:.0f}s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
