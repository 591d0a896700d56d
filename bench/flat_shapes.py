"""Flattened and damaged text: row F1, field accuracy and ECE per shape, held out by layout.

For each layout of the corpus (``training_data/manifest``), the stream reader
is trained without that layout's documents (``fit_stream_reader``), and that
layout's documents are rendered into every shape (``render_flat`` with a
seed the training never uses) and extracted by the full engine: the shipped
models of ``models/default`` with the fold's stream reader, and without any
stream reader (the engine before it) for comparison. ``blind`` documents
are only ever test documents, and only their totals are printed.

Then speed: a 100-row form flattened onto one line, read by the stream
reader alone, against tokenising the same text (the baseline in the same
process), and in seconds of one core; ``--speed`` times only that, with the
shipped models, and the whole extraction of the same text beside it.

Every reading is also scored by a calibrator fitted on the other groups'
readings (stream records included): what the training folds' calibrator
does now that they read flattened text. ``--groups K`` holds layouts out in K
groups (one CRF each) instead of one by one; ``--blind-only`` trains
nothing and reads the blind layouts with the shipped models (totals only).

    .venv/bin/python bench/flat_shapes.py                 # all layouts, ~10 min on one core
    .venv/bin/python bench/flat_shapes.py --groups 3 --per-shape 1 --no-baseline
    .venv/bin/python bench/flat_shapes.py --blind-only    # ~5 min
    .venv/bin/python bench/flat_shapes.py --speed         # the 100-row form only
    .venv/bin/python bench/flat_shapes.py --blind-only --stream /tmp/reader/stream   # another reader
    .venv/bin/python bench/flat_shapes.py --layouts sample-dept-self-eval-tabbed --per-shape 1
    .venv/bin/python bench/flat_shapes.py --blind-only --shapes fused received   # a subset
    .venv/bin/python bench/flat_shapes.py --sweep 0 1 2 4 --layouts g1-glued-self-eval-form

``--sweep`` reads the training documents (the flattened ones as received, the
tables rendered fused with the evaluation seed; ``--layouts`` narrows) with
the shipped models once for each weight of the fused-number plausibility
(``stream.numbers``) and prints row F1 and the weight, score and actual
accuracy: the figures the weight is chosen by (blind documents are never
read here).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from extractor.engine.models import EngineModels, load_models
from extractor.engine.stream import load_stream_reader
from extractor.engine.stream.fit import document_text, fit_stream_reader
from extractor.engine.stream.tokens import tokenize
from extractor.errors import ExtractionError
from extractor.ingest import load_bytes, load_document
from extractor.pipeline import extract_with_models
from extractor.training.corpus import GoldDocument, load_corpus
from extractor.training.scoring import score_documents
from extractor.training.train import FoldOutput, fit_fold_calibrator, outcomes, rescore
from extractor.training.variants.flat import render_flat
from extractor.types import Document

SHAPES = ("original", "one_line", "cell_lines", "pipe", "fused", "ocr")
# The flattened reports of the corpus as received (their own text, not re-rendered).
ALL_SHAPES = (*SHAPES, "received")
EVAL_SEED = 7919  # never a training seed
Triple = tuple[str, dict[str, Any], dict[str, Any]]


def rendered(doc: GoldDocument, shape: str) -> str:
    rng = random.Random(f"{EVAL_SEED}/{doc.stem}/{shape}")
    return render_flat(document_text(doc), doc.gold, shape, rng).text


def _document(doc: GoldDocument, shape: str) -> Document:
    if shape in ("original", "received"):
        return load_document(doc.path)
    return load_bytes(rendered(doc, shape).encode("utf-8"), f"{doc.stem}.txt")


def read(doc: GoldDocument, shape: str, models: EngineModels) -> FoldOutput:
    """The uncalibrated reading and every field's outcome (as the training folds do)."""
    return outcomes(doc.stem, _document(doc, shape), doc.gold, models, doc.layout)


def nested_calibration(
    reads: list[tuple[int, str, GoldDocument, FoldOutput]], k: int
) -> dict[str, list[Triple]]:
    """Each group's readings scored by a calibrator fitted on the other groups' readings
    (stream records included), layouts as its inner folds: what a calibrator whose
    folds hold stream readings does on layouts it never saw."""
    out: dict[str, list[Triple]] = defaultdict(list)
    for g in range(k):
        mats: dict[str, FoldOutput] = {}
        for i, _, doc, fo in reads:
            if i != g and doc.split != "blind":
                m = mats.setdefault(doc.layout, FoldOutput("", {}, doc.layout, {}))
                m.field_data += fo.field_data
                m.row_data += fo.row_data
        if not mats:
            continue
        cal = fit_fold_calibrator(list(mats.values()))
        for i, shape, doc, fo in reads:
            if i == g and doc.split != "blind":
                out[shape].append((doc.stem, doc.gold, rescore(fo, cal)))
    return out


def extract(doc: GoldDocument, shape: str, models: EngineModels) -> dict[str, Any]:
    """The document in ``shape`` read as the command line reads it: a report in
    traditional characters through its simplified view (the bare engine would read
    its traditional words as unknown ones)."""
    return extract_with_models(_document(doc, shape), models).to_json_dict()


def has_table_rows(doc: GoldDocument) -> bool:
    """Does the document have indicator rows in tables (what the shapes re-render)?"""
    try:
        spans = render_flat(document_text(doc), doc.gold, "one_line", random.Random(0)).spans
    except ExtractionError:
        return False
    return any(role == "name" for _, _, role in spans)


def _row(label: str, rep: dict[str, Any]) -> str:
    ece = "-" if rep["ece"] is None else f"{rep['ece']:.3f}"
    r = rep["rows"]
    return f"{label:<12} {rep['f1']:>6.3f} {rep['all_fields']:>7.3f} {ece:>6} {r['gold']:>5} {r['pred']:>5}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("training_data"))
    ap.add_argument("--model", type=Path, default=Path("models/default"))
    ap.add_argument("--layouts", nargs="*", help="only these layouts (default: all)")
    ap.add_argument("--per-shape", type=int, default=2, help="training renderings per shape")
    ap.add_argument("--no-baseline", action="store_true", help="skip the engine without stream")
    ap.add_argument(
        "--groups",
        type=int,
        default=0,
        help="hold layouts out in this many groups (one CRF each) instead of one by one",
    )
    ap.add_argument("--shapes", nargs="*", help="with --blind-only: only these shapes")
    ap.add_argument(
        "--stream",
        type=Path,
        help="with --blind-only or --sweep: this stream reader (a folder fit_stream_reader "
        "wrote) in place of the shipped one",
    )
    ap.add_argument(
        "--sweep",
        nargs="*",
        type=float,
        help="plausibility weights to read the flattened training documents with",
    )
    ap.add_argument(
        "--blind-only",
        action="store_true",
        help="no training: the shipped stream reader on the blind layouts only (totals)",
    )
    ap.add_argument(
        "--speed",
        action="store_true",
        help="no training: time the shipped models on a 100-row one-line form",
    )
    args = ap.parse_args()
    if args.speed:
        corpus = [d for d in load_corpus(args.data) if d.path.suffix == ".txt"]
        speed(args.model / "stream", corpus, models_with(args.model, args.stream))
        return
    if args.sweep:
        sweep_plausibility(args.data, args.model, args.sweep, args.layouts, args.stream)
        return
    if args.blind_only:
        blind_totals(args.data, args.model, tuple(args.shapes or ALL_SHAPES), args.stream)
        return

    corpus = load_corpus(args.data)
    # Layouts whose documents hold table rows; prose-only reports look the same in every shape.
    tested = [d for d in corpus if has_table_rows(d)]
    layouts = sorted({d.layout for d in tested if not args.layouts or d.layout in args.layouts})
    shipped = load_models(args.model)
    without = dataclasses.replace(shipped, stream=None)
    with_stream: dict[str, list[Triple]] = defaultdict(list)
    before: dict[str, list[Triple]] = defaultdict(list)
    blind: dict[str, list[Triple]] = defaultdict(list)
    # Every reading with its field outcomes, for a calibrator fitted out of group.
    reads: list[tuple[int, str, GoldDocument, FoldOutput]] = []
    work = Path(tempfile.mkdtemp(prefix="flat-shapes-"))
    k = args.groups or len(layouts)
    received = [d for d in corpus if d.kind == "flattened"]
    for i, held in enumerate(layouts[g::k] for g in range(k)):
        t0 = time.perf_counter()
        train = [d for d in corpus if d.layout not in held and d.split != "blind"]
        fit_stream_reader(train, work / f"g{i}", per_shape=args.per_shape)
        fold = dataclasses.replace(shipped, stream=load_stream_reader(work / f"g{i}"))
        todo = [(d, s) for d in tested if d.layout in held for s in SHAPES]
        todo += [(d, "received") for d in received if d.layout in held]
        for doc, shape in todo:
            out = read(doc, shape, fold)
            reads.append((i, shape, doc, out))
            got = (doc.stem, doc.gold, rescore(out, shipped.calibrator))
            (blind if doc.split == "blind" else with_stream)[shape].append(got)
            if not args.no_baseline and doc.split != "blind":
                before[shape].append((doc.stem, doc.gold, extract(doc, shape, without)))
        print(
            f"# {', '.join(held)}: trained and read in {time.perf_counter() - t0:.0f} s", flush=True
        )
    nested = nested_calibration(reads, k)

    print("\nheld out by layout (stream reader trained without the layout), shipped calibrator")
    print(f"{'shape':<12} {'F1':>6} {'fields':>7} {'ECE':>6} {'gold':>5} {'pred':>5}")
    for shape in ALL_SHAPES:
        if with_stream[shape]:
            print(_row(shape, score_documents(with_stream[shape])))
    print("\nsame readings, calibrator fitted on the other groups' readings (stream included)")
    for shape in ALL_SHAPES:
        if nested[shape]:
            print(_row(shape, score_documents(nested[shape])))
    print(_row("all", score_documents([t for v in nested.values() for t in v])))
    if before:
        print("\nthe engine without the stream reader, same texts")
        for shape in SHAPES:
            print(_row(shape, score_documents(before[shape])))
    if blind:
        print("\nblind layouts (totals only)")
        for shape in ALL_SHAPES:
            print(_row(shape, score_documents(blind[shape])))
    samples = {d.stem for d in tested if d.stem[:3] in ("000", "001", "002")}
    print("\nthe three samples (held out with their layouts)")
    for shape in SHAPES:
        rows = [t for t in with_stream[shape] if t[0] in samples]
        if rows:
            print(_row(shape, score_documents(rows)))
    print("\nper layout, with the stream reader (F1 / fields)")
    for layout in layouts:
        stems = {d.stem for d in tested if d.layout == layout and d.split != "blind"}
        cells = []
        for shape in SHAPES:
            rep = score_documents([t for t in with_stream[shape] if t[0] in stems])
            cells.append(f"{rep['f1']:.2f}/{rep['all_fields']:.2f}")
        if stems:
            print(f"{layout[:34]:<34} " + " ".join(f"{c:>10}" for c in cells))
    speed(work / "g0", [d for d in tested if d.path.suffix == ".txt"])


def models_with(model: Path, stream: Path | None) -> EngineModels:
    """The models of ``model``, with the stream reader saved in ``stream`` if given."""
    models = load_models(model)
    return dataclasses.replace(models, stream=load_stream_reader(stream)) if stream else models


def sweep_plausibility(
    data: Path,
    model: Path,
    weights: list[float],
    layouts: list[str] | None,
    stream: Path | None = None,
) -> None:
    """Training documents read once per plausibility weight: the flattened ones as
    received, the others rendered fused (no separator between cells)."""
    from extractor.engine.stream import numbers

    docs = [
        d for d in load_corpus(data) if d.split != "blind" and (not layouts or d.layout in layouts)
    ]
    todo = [(d, "received") for d in docs if d.kind == "flattened"]
    todo += [(d, "fused") for d in docs if d.kind != "flattened" and has_table_rows(d)]
    shipped = models_with(model, stream)
    print(f"{len(todo)} training documents (flattened as received, tables fused), shipped models")
    print(f"{'weight':<8} {'F1':>6} {'fields':>7} {'weight':>7} {'score':>7} {'actual':>7}")
    for w in weights:
        numbers.PLAUSIBILITY_WEIGHT = w
        rep = score_documents([(d.stem, d.gold, extract(d, shape, shipped)) for d, shape in todo])
        f = {k: v or 0.0 for k, v in rep["field_accuracy"].items()}
        print(
            f"{w:<8g} {rep['f1']:>6.3f} {rep['all_fields']:>7.3f} {f['weight']:>7.3f} "
            f"{f['score']:>7.3f} {f['actual']:>7.3f}",
            flush=True,
        )


def blind_totals(
    data: Path, model: Path, shapes: tuple[str, ...] = ALL_SHAPES, stream: Path | None = None
) -> None:
    """The shipped models (stream reader included) on the blind documents, every shape
    and the flattened ones as received: neither the reader nor the calibrator was ever
    fitted on them, so no fold is needed. Totals only."""
    corpus = [d for d in load_corpus(data) if d.split == "blind"]
    shipped = models_with(model, stream)
    tested = [d for d in corpus if has_table_rows(d)]
    received = [d for d in corpus if d.kind == "flattened"] if "received" in shapes else []
    got: dict[str, list[Triple]] = defaultdict(list)
    for doc, shape in [(d, s) for d in tested for s in SHAPES if s in shapes] + [
        (d, "received") for d in received
    ]:
        got[shape].append((doc.stem, doc.gold, extract(doc, shape, shipped)))
    print(
        f"blind layouts, shipped models ({len(tested)} table documents, {len(received)} flattened)"
    )
    print(f"{'shape':<12} {'F1':>6} {'fields':>7} {'ECE':>6} {'gold':>5} {'pred':>5}")
    for shape in ALL_SHAPES:
        if got[shape]:
            print(_row(shape, score_documents(got[shape])))


def speed(model_dir: Path, corpus: list[GoldDocument], models: EngineModels | None = None) -> None:
    """A 100-row form on one line: the stream reader's time against tokenising alone,
    and (given ``models``) the whole extraction's CPU time on the same text."""
    reader = load_stream_reader(model_dir)
    doc = next((d for d in corpus if d.stem.startswith("000")), corpus[0])
    rng = random.Random(EVAL_SEED)
    one = render_flat(document_text(doc), doc.gold, "one_line", rng).text
    copies = -(-100 // max(1, len(reader.read_text(one))))
    form = " ".join(
        render_flat(document_text(doc), doc.gold, "one_line", rng).text.replace("\n", " ")
        for _ in range(copies)
    )
    n_rows = len(reader.read_text(form))
    # Cut to about 100 rows: the reader is linear in the text.
    text = form[: int(len(form) * 100 / max(1, n_rows))]
    tokenize(text)  # warm caches
    # CPU seconds of this process (one core): on a shared machine, wall time counts the
    # other work too.
    t0 = time.process_time()
    for _ in range(3):
        tokenize(text)
    base = (time.process_time() - t0) / 3
    t0 = time.process_time()
    for _ in range(3):
        got = reader.read_text(text)
    took = (time.process_time() - t0) / 3
    print(
        f"\nspeed: {len(got)} rows, {len(text)} chars on one line: {took:.3f} CPU s per read "
        f"({took / base:.1f}x tokenising alone)"
    )
    if models is None:
        return
    data = text.encode("utf-8")
    extract_with_models(load_bytes(data, "form.txt"), models)  # warm caches
    t0 = time.process_time()
    for _ in range(3):
        rows = len(extract_with_models(load_bytes(data, "form.txt"), models).indicators)
    whole = (time.process_time() - t0) / 3
    print(f"whole extraction: {rows} rows, {whole:.3f} CPU s ({whole / took:.2f}x the reader)")


if __name__ == "__main__":
    main()
