"""Speed and memory of extraction on text PDFs, against bare pdfplumber.

Renders the sample reports to PDF (reportlab, STSong-Light, ruled tables
with merged cells), then in this one process times on the same files:

* baseline: ``pdfplumber`` ``page.extract_words()`` on every page;
* ingest:   ``extractor.ingest.load_document`` (tables, spans, evidence);
* pipeline: ``extractor.pipeline.extract`` (ingest + engine).

Prints pages per CPU second (and per wall second) of each, the ratio to the
baseline and peak memory
(tracemalloc peak per stage, measured in a separate untimed pass, and the
process's max RSS). The engine may still be a placeholder or fail: the
pipeline row then says so and the rest still prints.

    .venv/bin/python bench/extract_speed.py [--copies 5] [--rounds 3] [--corpus]

``--corpus`` times the text PDFs of the training corpus (``train`` split,
real layouts: replicas and narrative reports) instead of the rendered samples.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from extractor.ingest import load_document
from extractor.ingest.testing import sample_paths, sample_pdf_bytes


def make_pdfs(folder: Path, copies: int) -> list[Path]:
    out = []
    for sample in sample_paths():
        data = sample_pdf_bytes(sample.read_text(encoding="utf-8"))
        for i in range(copies):
            path = folder / f"{sample.stem}_{i}.pdf"
            path.write_bytes(data)
            out.append(path)
    return out


def corpus_pdfs(copies: int) -> list[Path]:
    from batch_speed import train_pdfs

    return [p for p in train_pdfs() for _ in range(copies)]


def count_pages(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            total += len(pdf.pages)
    return total


def baseline(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def ingest(path: Path) -> None:
    load_document(path)


def pipeline(path: Path) -> None:
    from extractor.pipeline import extract

    extract(path)


def best_times(fn: Callable[[Path], None], paths: list[Path], rounds: int) -> tuple[float, float]:
    """Best CPU seconds and best wall seconds over ``rounds`` passes.

    CPU time is the figure to compare: on a shared machine the wall clock
    mostly measures the other processes."""
    cpu = wall = float("inf")
    for _ in range(rounds):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for path in paths:
            fn(path)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return cpu, wall


def peak_bytes(fn: Callable[[Path], None], paths: list[Path]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    for path in paths:
        fn(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of each sample PDF")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; best is kept")
    parser.add_argument("--corpus", action="store_true", help="the corpus' train-split PDFs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus_pdfs(args.copies) if args.corpus else make_pdfs(Path(tmp), args.copies)
        pages = count_pages(paths)
        what = "train-split corpus PDFs" if args.corpus else "samples"
        print(f"{len(paths)} PDFs, {pages} pages ({what} x{args.copies}); best of {args.rounds}")
        stages: list[tuple[str, Callable[[Path], None]]] = [
            ("pdfplumber extract_words", baseline),
            ("extractor ingest", ingest),
            ("extractor.pipeline.extract", pipeline),
        ]
        for warm in (ingest, pipeline):  # warm imports and model loading, untimed
            try:
                for path in paths[:: args.copies]:  # every distinct file: the prose model too
                    warm(path)
            except Exception as exc:  # the engine may be unfinished
                print(f"  warm-up of {warm.__name__} failed: {type(exc).__name__}: {exc}")
        base_rate = 0.0
        print(
            f"{'stage':28} {'CPU pages/s':>11} {'x baseline':>10} {'wall pages/s':>12} {'peak MiB':>8}"
        )
        for name, fn in stages:
            try:
                cpu, wall = best_times(fn, paths, args.rounds)
                peak = peak_bytes(fn, paths[:: args.copies])  # one copy of each sample
            except Exception as exc:
                print(f"{name:28} failed: {type(exc).__name__}: {exc}")
                continue
            rate = pages / cpu
            base_rate = base_rate or rate
            print(
                f"{name:28} {rate:11.1f} {rate / base_rate:10.3f} {pages / wall:12.1f}"
                f" {peak / 2**20:8.1f}"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MiB (tracemalloc peak: one copy of each sample)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
