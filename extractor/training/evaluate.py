"""``extractor evaluate GOLD_DIR``: extract every gold document and score it.

Scoring is ``training.scoring``, the project's scorer restated, so the
figures printed here are the figures the hidden reports get. Where the gold
folder sits in a training-data folder with a manifest, figures are also
given per layout, and blind documents are scored apart, in aggregate only
(no line, file or prediction of a blind document is shown or kept).
``--held-out`` retrains per layout and scores leave-one-layout-out instead.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from extractor.batch import extract_one
from extractor.export import atomic_write, to_json_bytes
from extractor.training.corpus import load_manifest
from extractor.training.report import Triple, blind_report, held_out_report, layout_table
from extractor.training.scoring import summary_line


def _document_for(gold_file: Path, gold: dict[str, Any], docs_dir: Path | None) -> Path:
    name = gold.get("doc") or f"{gold_file.stem}.txt"
    candidates = [docs_dir / name] if docs_dir else []
    candidates += [gold_file.parent.parent / "docs" / name, gold_file.parent / name]
    for c in candidates:
        if c.exists():
            return c
    raise FileNotFoundError(f"{gold_file}: document {name} not found (use --docs)")


def evaluate_dir(
    gold_dir: Path,
    model_dir: Path | None = None,
    docs_dir: Path | None = None,
    pred_dir: Path | None = None,
    out: Any = sys.stdout,
) -> dict[str, Any]:
    work = pred_dir or Path(tempfile.mkdtemp(prefix="extractor-eval-"))
    manifest = load_manifest(gold_dir.parent) if (gold_dir.parent / "manifest").is_dir() else {}
    layout_of = {stem: str(e.get("layout", stem)) for stem, e in manifest.items()}
    triples: list[Triple] = []
    blind: list[Triple] = []
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        is_blind = manifest.get(gf.stem, {}).get("split") == "blind"
        outcome = extract_one(_document_for(gf, gold, docs_dir), model_dir)
        if outcome.extraction is None:
            print(f"extractor: {'a blind document' if is_blind else outcome.error}", file=out)
            pred: dict[str, Any] = {"indicators": []}
        else:
            pred = outcome.extraction.to_json_dict()
            if not is_blind:
                atomic_write(work / gf.name, to_json_bytes(outcome.extraction))
        (blind if is_blind else triples).append((gf.stem, gold, pred))
    report = held_out_report(triples, layout_of)
    for stem, d in report["docs"].items():
        print(f"{stem}: {d}", file=out)
    print("fields:", report["field_accuracy"], file=out)
    if manifest:
        print(layout_table(report["per_layout"], report), file=out)
    print(summary_line(report), file=out)
    if blind:
        report["blind"] = blind_report(blind, layout_of)
        print("blind:", file=out)
        print(layout_table(report["blind"]["per_layout"], report["blind"]["overall"]), file=out)
    return report


def evaluate_held_out(data_dir: Path, fold_variants: int, out: Any = sys.stdout) -> dict[str, Any]:
    """Leave one layout out over ``data_dir``: models retrained per fold, nothing written."""
    from extractor.training.corpus import load_corpus
    from extractor.training.train import build_samples, leave_one_out, lodo_metrics, print_metrics

    work = Path(tempfile.mkdtemp(prefix="extractor-heldout-"))
    samples = build_samples(load_corpus(data_dir), fold_variants)
    report = lodo_metrics(leave_one_out(samples, data_dir, work, fold_variants))
    print_metrics(report, out)
    print(summary_line(report), file=out)
    return report
