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
process), and in seconds of one core.

    .venv/bin/python bench/flat_shapes.py                 # all layouts, ~10 min on one core
    .venv/bin/python bench/flat_shapes.py --layouts sample-dept-self-eval-tabbed --per-shape 1
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
from extractor.engine.run import run_with_models
from extractor.engine.stream import load_stream_reader
from extractor.engine.stream.fit import fit_stream_reader
from extractor.engine.stream.tokens import tokenize
from extractor.ingest import load_bytes
from extractor.training.corpus import GoldDocument, load_corpus
from extractor.training.scoring import score_documents
from extractor.training.variants.flat import render_flat

SHAPES = ("original", "one_line", "cell_lines", "pipe", "fused", "ocr")
EVAL_SEED = 7919  # never a training seed
Triple = tuple[str, dict[str, Any], dict[str, Any]]


def rendered(doc: GoldDocument, shape: str) -> str:
    text = doc.path.read_text(encoding="utf-8", errors="replace")
    if shape == "original":
        return text
    return render_flat(text, doc.gold, shape, random.Random(f"{EVAL_SEED}/{doc.stem}/{shape}")).text


def extract(text: str, name: str, models: EngineModels) -> dict[str, Any]:
    doc = load_bytes(text.encode("utf-8"), name)
    return run_with_models(doc, models).to_json_dict()


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
    args = ap.parse_args()

    corpus = [d for d in load_corpus(args.data) if d.path.suffix.lower() == ".txt"]
    layouts = sorted({d.layout for d in corpus if not args.layouts or d.layout in args.layouts})
    shipped = load_models(args.model)
    without = dataclasses.replace(shipped, stream=None)
    with_stream: dict[str, list[Triple]] = defaultdict(list)
    before: dict[str, list[Triple]] = defaultdict(list)
    blind: dict[str, list[Triple]] = defaultdict(list)
    work = Path(tempfile.mkdtemp(prefix="flat-shapes-"))
    for layout in layouts:
        t0 = time.perf_counter()
        train = [d for d in corpus if d.layout != layout and d.split != "blind"]
        fit_stream_reader(train, work / layout, per_shape=args.per_shape)
        fold = dataclasses.replace(shipped, stream=load_stream_reader(work / layout))
        for doc in (d for d in corpus if d.layout == layout):
            for shape in SHAPES:
                text = rendered(doc, shape)
                name = f"{doc.stem}.txt"
                got = (doc.stem, doc.gold, extract(text, name, fold))
                (blind if doc.split == "blind" else with_stream)[shape].append(got)
                if not args.no_baseline and doc.split != "blind":
                    before[shape].append((doc.stem, doc.gold, extract(text, name, without)))
        print(
            f"# layout {layout}: trained and read in {time.perf_counter() - t0:.0f} s", flush=True
        )

    print("\nheld out by layout (stream reader trained without the layout)")
    print(f"{'shape':<12} {'F1':>6} {'fields':>7} {'ECE':>6} {'gold':>5} {'pred':>5}")
    for shape in SHAPES:
        if with_stream[shape]:
            print(_row(shape, score_documents(with_stream[shape])))
    if before:
        print("\nthe engine without the stream reader, same texts")
        for shape in SHAPES:
            print(_row(shape, score_documents(before[shape])))
    if blind:
        print("\nblind layouts (totals only)")
        for shape in SHAPES:
            print(_row(shape, score_documents(blind[shape])))
    print("\nper layout, with the stream reader (F1 / fields)")
    for layout in layouts:
        stems = {d.stem for d in corpus if d.layout == layout and d.split != "blind"}
        cells = []
        for shape in SHAPES:
            rep = score_documents([t for t in with_stream[shape] if t[0] in stems])
            cells.append(f"{rep['f1']:.2f}/{rep['all_fields']:.2f}")
        if stems:
            print(f"{layout[:34]:<34} " + " ".join(f"{c:>10}" for c in cells))
    speed(work / layouts[-1], corpus)


def speed(model_dir: Path, corpus: list[GoldDocument]) -> None:
    """A 100-row form on one line: the stream reader's time against tokenising alone."""
    reader = load_stream_reader(model_dir)
    doc = max(corpus, key=lambda d: len(d.gold.get("indicators") or []))
    rows = []
    rng = random.Random(EVAL_SEED)
    while len(rows) < 100:
        text = render_flat(doc.path.read_text(encoding="utf-8"), doc.gold, "one_line", rng).text
        rows.append(text)
    form = " ".join(rows)
    n_rows = len(reader.read_text(form))
    # Cut to about 100 rows: the reader is linear in the text.
    text = form[: int(len(form) * 100 / max(1, n_rows))]
    tokenize(text)  # warm caches
    t0 = time.perf_counter()
    for _ in range(3):
        tokenize(text)
    base = (time.perf_counter() - t0) / 3
    t0 = time.perf_counter()
    for _ in range(3):
        got = reader.read_text(text)
    took = (time.perf_counter() - t0) / 3
    print(
        f"\nspeed: {len(got)} rows, {len(text)} chars on one line: {took:.3f} s per read "
        f"({took / base:.1f}x tokenising alone)"
    )


if __name__ == "__main__":
    main()
