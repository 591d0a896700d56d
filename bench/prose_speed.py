"""Speed of reading a long narrative report (自评报告), against ingest.

Joins the narrative replicas of training_data (plain text of every report
written by training_data/replicas/build_narratives.py) into one report of
about ``--pages`` A4 pages (1,000 characters a page, the density of a
typeset report), renders it as a text PDF, and in this one process, on one
core, times:

* ingest:  ``extractor.ingest.load_document`` on the PDF;
* extract: ``extractor.pipeline.extract`` on the same PDF (ingest + engine,
  with the prose model loaded beforehand, as a running service has it).

Prints seconds (CPU and wall), paragraphs, records read, and the ratio
extract / ingest.

    .venv/bin/python bench/prose_speed.py [--pages 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training_data" / "replicas"))
CHARS_PER_PAGE = 1000


def narrative_text(pages: int) -> str:
    from build_narratives import parse  # type: ignore[import-not-found]
    from narratives import REPORTS  # type: ignore[import-not-found]

    # prose only: an attached table beside the prose makes it commentary
    # (engine.merge), which is not what this bench is about
    texts = ["\n".join(ln for ln in parse(str(r["text"])).lines if "\t" not in ln) for r in REPORTS]
    out: list[str] = []
    k = 0
    while sum(len(t) for t in out) < pages * CHARS_PER_PAGE:
        out.append(texts[k % len(texts)])
        k += 1
    return "\n".join(out)


def timed(fn: object, rounds: int) -> tuple[float, float, object]:
    best_cpu = best_wall = float("inf")
    result: object = None
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()  # type: ignore[operator]
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from extractor.engine.models import load_models
    from extractor.ingest import load_document
    from extractor.ingest.testing import pdf_bytes
    from extractor.pipeline import extract

    text = narrative_text(args.pages)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "narrative.pdf"
        path.write_bytes(pdf_bytes(lines, page_size=(595, 842), font_size=10))
        models = load_models(None)
        if models.prose is not None:  # load spaCy and jieba outside the timing
            models.prose.read(load_document(path))
        ing_cpu, ing_wall, doc = timed(lambda: load_document(path), args.rounds)
        ext_cpu, ext_wall, result = timed(lambda: extract(path), args.rounds)
    pages = getattr(getattr(doc, "source", None), "pages", None)
    records = len(getattr(result, "indicators", []) or [])
    print(f"narrative: {len(text)} characters, {pages} PDF pages, {len(lines)} lines")
    print(f"ingest : cpu {ing_cpu:.2f} s  wall {ing_wall:.2f} s")
    print(f"extract: cpu {ext_cpu:.2f} s  wall {ext_wall:.2f} s  ({records} records)")
    print(f"extract / ingest (cpu): {ext_cpu / max(ing_cpu, 1e-9):.2f}x")


if __name__ == "__main__":
    main()
