"""Does the corrections-to-training loop work? A learning curve on an unseen layout.

Steps: before, then after 1, 2 and 4 corrected documents (``--steps``).

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
calibration are the shipped ones, except for ``--layout narrative``, where
the prose model is what corrections retrain (``prose_update``, as
``extractor train --incremental`` does). Every step, "before" included, trains the
same way, so the difference is the corrected documents alone.

Flattened layouts (``flat_fused``, ``flat_one_line``): the layout's documents
are the source reports rendered in one flattened shape (``render_flat``), and
the stream reader is retrained too: before, on the sources rendered in every
other shape; after, with the token roles of the corrected documents added
(what a reviewer's corrections give the reader: their gold aligned to their
text, ``flat_labels.align_flattened``, as ``extractor train`` aligns an
exported ``kind: flattened`` document).

    .venv/bin/python bench/learning_curve.py                  # preset "damaged", ~2-4 min
    .venv/bin/python bench/learning_curve.py --layout flat_fused
    .venv/bin/python bench/learning_curve.py --layout cells_ocr --per-source 3
    .venv/bin/python bench/learning_curve.py --layout narrative --per-source 6
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.engine.claims import load_claims, train_claims
from extractor.engine.models import EngineModels, load_models
from extractor.engine.stream import load_stream_reader
from extractor.engine.stream.fit import (
    TRAIN_SHAPES,
    header_cells,
    labelled_renderings,
    sequences_of,
)
from extractor.engine.stream.model import train_crf
from extractor.ingest import load_bytes, load_document
from extractor.pipeline import extract_with_models
from extractor.training.corpus import gold_value, load_corpus
from extractor.training.flat_labels import align_flattened
from extractor.training.labels import labelled_cells
from extractor.training.scoring import FIELDS, match, score_documents
from extractor.training.train import Sample, build_samples, train_roles
from extractor.training.variants import apply
from extractor.training.variants.flat import render_flat
from extractor.values import parse_value

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
# Flattened layouts: the reports' own content changed, then the tables flattened.
FLAT: dict[str, str] = {"flat_fused": "fused", "flat_one_line": "one_line"}
FLAT_CONTENT = ["swap_department_vocabulary", "change_numbers"]


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
            stem = f"{gd.stem}_layout{seed}"
            if names[0] in FLAT:
                ctext, cgold = apply(text, gd.gold, FLAT_CONTENT, seed=seed)
                item = render_flat(ctext, cgold, FLAT[names[0]], random.Random(f"{stem}"))
                gold = {**item.gold, "doc": f"{stem}.txt"}
                out.append(LayoutDoc(stem, item.text, gold))
                continue
            vtext, vgold = apply(text, gd.gold, names, seed=seed)
            out.append(LayoutDoc(stem, vtext, {**vgold, "doc": f"{stem}.txt"}))
    return out


def stream_model(
    data: Path, sources: list[str], shape: str, docs: list[LayoutDoc], work: Path
) -> Any:
    """The stream reader trained on the sources in every shape but the held-out
    one (and the OCR shape, which may draw it), plus the corrected documents."""
    shapes = tuple(s for s in TRAIN_SHAPES if s not in (shape, "ocr"))
    items = [
        x
        for gd in load_corpus(data)
        if gd.stem in sources
        for x in labelled_renderings(gd, 1, 0, shapes)
    ]
    # What the export gives the reader: each corrected document's gold aligned to its
    # text (``extractor train`` does the same for a ``kind: flattened`` document).
    cells = header_cells(items)
    items += [x for d in docs if (x := align_flattened(d.text, d.gold, cells)) is not None]
    train_crf(sequences_of(items), work / "stream")
    return load_stream_reader(work / "stream")


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
        pred = extract_with_models(load_bytes(d.text.encode("utf-8"), f"{d.stem}.txt"), models)
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


def models_with_roles(
    samples: list[Sample], base: EngineModels, claims: Any, stream: Any = None
) -> EngineModels:
    return EngineModels(
        folder=None,
        roles=train_roles(samples),
        claims=claims,
        prose=base.prose,
        calibrator=base.calibrator,
        form_types=base.form_types,
        stream=stream or base.stream,
    )


def evaluate(models: EngineModels, docs: list[LayoutDoc]) -> dict[str, Any]:
    triples = []
    for d in docs:
        pred = extract_with_models(load_bytes(d.text.encode("utf-8"), f"{d.stem}.txt"), models)
        triples.append((d.stem, d.gold, pred.to_json_dict()))
    return score_documents(triples)


def _row(label: str, s: dict[str, Any], seconds: float) -> str:
    fields = " ".join(f"{(s['field_accuracy'][f] or 0):.3f}" for f in FIELDS)
    return (
        f"{label:<24} {s['f1']:.3f} {s['precision']:.3f} {s['recall']:.3f} "
        f"{s['all_fields']:.3f}  {fields}  {seconds:5.1f}s"
    )


def learning_curve(
    data: Path,
    layout: str,
    per_source: int = 2,
    steps: tuple[int, ...] = (1, 2, 4),
    sources: list[str] | None = None,
    out: Any = print,
) -> list[dict[str, Any]]:
    """Scores on the layout's uncorrected documents: before, then after each step."""
    names = [layout] if layout in FLAT else LAYOUTS[layout]
    sources = sources or table_reports(data)
    group = layout_group(data, names, per_source, sources)
    # Corrected candidates alternate between the source reports; the rest is scored.
    by_source = [[d for d in group if d.stem.startswith(src)] for src in sources]
    order = [docs[i] for i in range(per_source) for docs in by_source if i < len(docs)]
    candidates = order[: max(steps)]
    held_out = [d for d in group if d not in candidates]
    base = load_models(None)
    real = build_samples([g for g in load_corpus(data) if g.split != "blind"], n_variants=0)
    out(
        f"layout {layout!r}: {' + '.join(names)}\n"
        f"{len(group)} documents of the layout (from {', '.join(sources)}); "
        f"{len(held_out)} scored, up to {len(candidates)} corrected; base training: "
        f"{len(real)} real documents, no variants; retrained: cell-role model and claim "
        f"classifier" + (", stream reader" if layout in FLAT else "")
    )
    out(
        f"{'':<24} {'F1':>5} {'P':>5} {'R':>5} {'fields':>6}  "
        + " ".join(f"{f[:5]:>5}" for f in FIELDS)
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="learning-curve-") as tmp:
        for k in (0, *steps):
            t = time.time()
            folder = Path(tmp) / f"corrections{k}"
            corrected = candidates[:k]
            extra: list[Sample] = []
            if k:
                extra = build_samples(load_corpus(corrections_folder(corrected, folder)), 0)
            claims = claims_model(data, review_claims(corrected, base), folder)
            stream = None
            if layout in FLAT:
                stream = stream_model(data, sources, FLAT[layout], corrected, folder)
            scores = evaluate(models_with_roles(real + extra, base, claims, stream), held_out)
            results.append(scores)
            label = "before (no corrections)" if k == 0 else f"after {k} corrected"
            out(_row(label, scores, time.time() - t))
            shutil.rmtree(folder, ignore_errors=True)
    return results


# Narrative layout: a report held aside from training (the shipped prose model never
# read it) and the same report again with other numbers, as a department files it
# year after year; corrections teach the prose model (its spans and pairings).
NARRATIVE = "narrative"
NARRATIVE_SOURCES = ["n_b2_人社"]


def _renumbered(text: str, gold: dict[str, Any], seed: int) -> tuple[str, dict[str, Any]]:
    """Every digit mapped through a seeded permutation; the gold's values re-read."""
    digits = list("0123456789")
    random.Random(seed).shuffle(digits)
    table = str.maketrans("0123456789", "".join(digits))
    gold = json.loads(json.dumps(gold))
    for row in gold["indicators"]:
        for key in ("group", "name", "deviation"):  # words as written, numbers in them too
            if isinstance(row.get(key), str):
                row[key] = row[key].translate(table)
        for key in ("target", "actual"):
            if (row.get(key) or {}).get("text"):
                row[key] = gold_value(parse_value(row[key]["text"].translate(table)))
        for key in ("weight", "score"):  # numbers, not read from prose here
            row.pop(key, None)
    return text.translate(table), gold


def narrative_group(data: Path, sources: list[str], per_source: int) -> list[LayoutDoc]:
    out = []
    for gd in load_corpus(data):
        if gd.stem in sources:
            text = load_document(gd.path).text
            for seed in range(1, per_source + 1):
                t, g = _renumbered(text, gd.gold, seed)
                out.append(LayoutDoc(f"{gd.stem}_layout{seed}", t, {**g, "doc": f"{seed}.txt"}))
    return out


def prose_step(
    data: Path, corrected: list[LayoutDoc], base: EngineModels, work: Path
) -> EngineModels:
    """The shipped prose model trained further on the corrected documents' spans (what
    ``extractor training-data export`` writes for them), as ``--incremental`` does."""
    from dataclasses import replace

    from extractor.engine.prose import load_prose
    from extractor.settings import DEFAULT_MODEL_DIR
    from extractor.training.prose_update import update_prose
    from extractor.training.review_parts import prose_annotations

    shutil.copytree(data / "prose", work / "prose", ignore=shutil.ignore_patterns("*.md"))
    for d in corrected:
        doc = load_bytes(d.text.encode("utf-8"), f"{d.stem}.txt")
        records = extract_with_models(doc, base).model_dump(mode="json")["indicators"]
        lines = prose_annotations(doc, d.gold, records, d.stem)
        text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
        (work / "prose" / f"review_{d.stem}.jsonl").write_text(text, encoding="utf-8")
    new = {d.stem for d in corrected}
    update_prose(DEFAULT_MODEL_DIR / "prose", work / "prose", new, work / "model-prose")
    return replace(base, prose=load_prose(work / "model-prose"))


def narrative_curve(
    data: Path, per_source: int, steps: tuple[int, ...], sources: list[str], out: Any = print
) -> list[dict[str, Any]]:
    group = narrative_group(data, sources, per_source)
    candidates, held_out = group[: max(steps)], group[max(steps) :]
    base = load_models(None)
    out(
        f"layout 'narrative': {', '.join(sources)} with its numbers re-drawn\n"
        f"{len(group)} documents; {len(held_out)} scored, up to {len(candidates)} corrected; "
        "retrained: the prose model (spans, paragraph gate, pairing), as --incremental does"
    )
    out(
        f"{'':<24} {'F1':>5} {'P':>5} {'R':>5} {'fields':>6}  "
        + " ".join(f"{f[:5]:>5}" for f in FIELDS)
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="learning-curve-") as tmp:
        for k in (0, *steps):
            t = time.time()
            folder = Path(tmp) / f"corrections{k}"
            folder.mkdir()
            models = prose_step(data, candidates[:k], base, folder) if k else base
            scores = evaluate(models, held_out)
            results.append(scores)
            label = "before (no corrections)" if k == 0 else f"after {k} corrected"
            out(_row(label, scores, time.time() - t))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "training_data")
    parser.add_argument("--layout", choices=sorted([*LAYOUTS, *FLAT, NARRATIVE]), default="damaged")
    parser.add_argument("--per-source", type=int, default=3, help="layout documents per report")
    parser.add_argument("--steps", default="1,2,4", help="corrected documents at each step")
    parser.add_argument("--sources", help="source reports (comma-separated stems)")
    args = parser.parse_args(argv)

    started = time.time()
    steps = tuple(int(x) for x in args.steps.split(","))
    sources = args.sources.split(",") if args.sources else None
    if args.layout == NARRATIVE:
        results = narrative_curve(args.data, args.per_source, steps, sources or NARRATIVE_SOURCES)
    else:
        results = learning_curve(args.data, args.layout, args.per_source, steps, sources)
    first, last = results[0], results[-1]
    print(
        f"F1 {first['f1']:.3f} -> {last['f1']:.3f} ({last['f1'] - first['f1']:+.3f}); "
        f"field accuracy {first['all_fields']:.3f} -> {last['all_fields']:.3f} "
        f"({last['all_fields'] - first['all_fields']:+.3f}); {time.time() - started:.0f}s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
