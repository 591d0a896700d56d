"""Extraction over many files: collection, parallel workers, outputs, summary.

One bad file never stops the others: its error is printed as one line on
stderr naming the file and the reason, and the exit code says so at the end.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.errors import ExtractionError
from extractor.export import FLAT_WRITERS, atomic_write, field_confidences, flat_rows
from extractor.settings import settings
from extractor.types import Extraction


@dataclass
class Outcome:
    path: Path
    extraction: Extraction | None = None
    error: str | None = None
    # The JSON bytes and summary line, when the worker renders them: a worker
    # then sends back a few kilobytes instead of pickled records, and the
    # parent, which writes every file, does not serialise them all itself.
    payload: bytes | None = None
    summary: str | None = None


def collect_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and every non-hidden file under named folders."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            files.append(p)
    return files


def render_json(extraction: Extraction) -> bytes:
    return json.dumps(extraction.to_json_dict(), ensure_ascii=False, indent=1).encode()


def extract_one(path: Path, model_dir: Path | None = None, render: bool = False) -> Outcome:
    """One file's extraction (or its JSON and summary line when ``render``)."""
    from extractor.pipeline import extract

    try:
        if not path.exists():
            return Outcome(path, error=f"{path}: no such file")
        extraction = extract(path, model_dir=model_dir)
        if render:
            return Outcome(path, payload=render_json(extraction), summary=summary_line(extraction))
        return Outcome(path, extraction=extraction)
    except ExtractionError as exc:
        return Outcome(
            path, error=f"{path}: {exc.reason}" + (f" ({exc.detail})" if exc.detail else "")
        )
    except OSError as exc:
        return Outcome(path, error=f"{path}: cannot read ({exc.strerror})")
    except Exception as exc:  # a bug must not take the other files down
        return Outcome(path, error=f"{path}: internal error ({type(exc).__name__}: {exc})")


def _warm(model_dir: Path | None, parallel: bool) -> None:
    """Import the engine and load the models before the workers fork, so that
    they share them (copy-on-write) instead of each loading its own copy.
    The index of jieba's dictionary too, but only for workers: one file
    builds it when (if) the stream reader first cuts a text."""
    try:
        from extractor.engine.models import load_models
        from extractor.pipeline import extract  # noqa: F401  (the import is the point)

        load_models(model_dir)
        if parallel:
            from extractor.engine.stream.tokens import tokenize

            tokenize("产出指标")  # the dictionary index, built once
    except Exception:  # noqa: S110  (a broken model is reported per file by the workers)
        pass
    # The models and the dictionary live as long as the process: out of the
    # collector's sight, full collections stop walking them (7% of a batch's
    # CPU), and forked workers stop touching (copying) their pages.
    gc.freeze()


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _parallel(
    files: list[Path], model_dir: Path | None, workers: int, render: bool
) -> Iterator[Outcome]:
    """Outcomes in input order, at most a few files per worker in flight, so
    memory stays flat however many files there are."""
    with _pool(workers) as pool:
        pending: deque[Future[Outcome]] = deque()
        todo = iter(files)
        for f in todo:
            pending.append(pool.submit(extract_one, f, model_dir, render))
            if len(pending) >= 4 * workers:
                break
        while pending:
            outcome = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(extract_one, nxt, model_dir, render))
            yield outcome


def _outcomes(
    files: list[Path], model_dir: Path | None, jobs: int, progress: bool, render: bool = False
) -> Iterator[Outcome]:
    workers = jobs or (os.cpu_count() or 1)
    _warm(model_dir, parallel=workers > 1 and len(files) > 1)
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr)
    try:
        if workers <= 1 or len(files) <= 1:
            for f in files:
                yield extract_one(f, model_dir, render)
                if bar:
                    bar.update()
        else:
            for outcome in _parallel(files, model_dir, min(workers, len(files)), render):
                yield outcome
                if bar:
                    bar.update()
    finally:
        if bar:
            bar.close()


def review_count(extraction: Extraction, threshold: float | None = None) -> int:
    """Fields a reviewer should look at: below the threshold or with a failed check."""
    limit = settings.review_threshold if threshold is None else threshold
    n = 0
    for rec in extraction.indicators:
        n += sum(1 for c in field_confidences(rec).values() if c < limit)
        n += sum(1 for c in rec.checks if c.result == "fail")
    return n


def summary_line(extraction: Extraction) -> str:
    return (
        f"{extraction.source.filename}: {extraction.form_type.value}, "
        f"{extraction.department.value or '?'}, {extraction.year.value or '?'}, "
        f"{len(extraction.indicators)} indicators, {review_count(extraction)} fields to review"
    )


def _json_target(out: Path | None, n_inputs: int) -> str:
    if out is None:
        return "stdout"
    if out.is_dir() or (n_inputs > 1 and out.suffix.lower() != ".jsonl"):
        return "dir"
    return "file"


def run_extract(
    paths: list[Path],
    fmt: str = "json",
    out: Path | None = None,
    model_dir: Path | None = None,
    jobs: int = 0,
    summary: bool = True,
) -> int:
    files = collect_files(paths)
    if not files:
        print("extractor: no input files", file=sys.stderr)
        return 1
    if fmt == "xlsx" and out is None:
        print("extractor: --format xlsx needs -o FILE", file=sys.stderr)
        return 2
    target = _json_target(out, len(files))
    progress = len(files) > 1 and sys.stderr.isatty()
    failed = 0
    done: list[Extraction] = []
    for outcome in _outcomes(files, model_dir, jobs, progress, render=fmt == "json"):
        if outcome.error or (outcome.extraction is None and outcome.payload is None):
            failed += 1
            print(f"extractor: {outcome.error}", file=sys.stderr)
            continue
        ex = outcome.extraction
        if summary:
            line = outcome.summary if ex is None else summary_line(ex)
            print(line, file=sys.stderr)
        if fmt == "json":
            payload = outcome.payload if ex is None else render_json(ex)
            assert payload is not None
            if target == "stdout":
                sys.stdout.write(payload.decode() + "\n")
            elif target == "file":
                assert out is not None
                atomic_write(out, payload)
            else:
                assert out is not None
                atomic_write(out / f"{outcome.path.stem}.json", payload)
        else:
            assert ex is not None
            done.append(ex)
    if fmt != "json":
        rows = [r for ex in done for r in flat_rows(ex)]
        data = FLAT_WRITERS[fmt](rows)
        if out is None:
            sys.stdout.buffer.write(data)
        else:
            atomic_write(out, data)
    if failed:
        print(f"extractor: {failed} of {len(files)} files failed", file=sys.stderr)
    return 1 if failed else 0
