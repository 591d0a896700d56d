"""Where extraction spends its time: a cProfile summary per kind of input.

For each input (text-PDF forms, a narrative PDF, a scanned PDF: training
documents of the ``train`` split, never blind ones), one untimed run warms
imports and models, then the profiled runs print

* the share of CPU time per stage (cumulative time of the stage's entry
  function over the whole ``extract``; stages nest, e.g. the PDF parse is
  inside ingest), against bare pdfplumber ``extract_words`` on the same pages
  profiled in the same process;
* the functions with the most own time (the flame's widest leaves).

``--cold`` profiles one ``extractor extract`` on a small file in a fresh
process instead (imports and model loading included).

    .venv/bin/python bench/profile_stages.py [--top 12] [--cold]

bench/profile.md keeps the output with what was changed after reading it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "training_data" / "docs"
INPUTS = {
    "text-PDF forms": ["ra_06_a2_edu.pdf", "ra_14_a6_emergency.pdf", "ra_22_a6_citymgmt.pdf"],
    "narrative PDF": ["n_03_交通.pdf", "n_15_商务.pdf"],
    "scanned PDF": ["ra_15_a6_medical_scan.pdf"],
}
# (stage, file substring, function name): a stage is its entry point's cumulative time.
STAGES = [
    ("ingest (all)", "extractor/ingest/__init__.py", "load_bytes"),
    ("  pdfplumber parse", "pdfplumber/page.py", "parse_objects"),
    ("  find_tables", "pdfplumber/page.py", "find_tables"),
    ("  text lines outside tables", "extractor/ingest/pdf.py", "_lines"),
    ("  cell texts", "extractor/ingest/pdf.py", "cell_text"),
    ("  OCR", "extractor/ingest/ocr_seam.py", "ocr_pages"),
    ("engine (all)", "extractor/engine/run.py", "run_with_models"),
    ("  segment tables", "extractor/segment/__init__.py", "find_table_regions"),
    ("  table reader", "extractor/engine/table_reader.py", "read_indicator_region"),
    ("  stream reader", "extractor/engine/stream/reader.py", "read"),
    ("  prose gate", "extractor/engine/run.py", "_states_prose_indicators"),
    ("  prose reader", "extractor/engine/models.py", "read_with_signals"),
    ("  claims", "extractor/engine/run.py", "_classify_claims"),
    ("  document fields", "extractor/engine/docfields.py", "read_document_fields"),
    ("  calibration", "extractor/calibration.py", "apply_calibration"),
]


def bare_words(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()


def cumulative(stats: pstats.Stats, where: str, name: str) -> float:
    raw = stats.stats  # type: ignore[attr-defined]
    return sum(v[3] for (f, _, fn), v in raw.items() if fn == name and f.endswith(where))


def profile_kind(kind: str, files: list[Path], top: int) -> None:
    from extractor.pipeline import extract

    for f in files:  # warm: imports, models (the prose model loads on first use)
        extract(f)
    base = cProfile.Profile()
    base.runcall(lambda: [bare_words(f) for f in files])
    base_s = pstats.Stats(base).total_tt  # type: ignore[attr-defined]
    prof = cProfile.Profile()
    prof.runcall(lambda: [extract(f) for f in files])
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    names = ", ".join(f.name for f in files)
    print(f"\n## {kind}: {names}\n")
    print(f"extract {total:.2f} s under cProfile = {total / base_s:.2f}x bare extract_words")
    print(f"({base_s:.2f} s, same pages, same process)\n")
    print("| stage | share of extract |\n|---|---:|")
    for stage, where, name in STAGES:
        t = cumulative(stats, where, name)
        if t > 0:
            print(f"| {stage} | {100 * t / total:.1f}% |")
    print(f"\nTop {top} by own time:\n\n| own s | share | function |\n|---:|---:|---|")
    stats.sort_stats("tottime")
    for func in stats.fcn_list[:top]:  # type: ignore[attr-defined]
        tt = stats.stats[func][2]  # type: ignore[attr-defined]
        path, line, name = func
        short = path.split("site-packages/")[-1].replace(str(REPO) + "/", "")
        print(f"| {tt:.2f} | {100 * tt / total:.1f}% | {short}:{line} {name} |")


def cold(top: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cold.prof"
        small = DOCS / "ra_14_a6_emergency.pdf"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "extractor.cli"]
        subprocess.run([*cmd, "extract", str(small), "-q"], check=True, capture_output=True)
        stats = pstats.Stats(str(out))
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"\n## cold start: extractor extract {small.name}\n")
        print(f"{total:.2f} s under cProfile\n\n| step | share |\n|---|---:|")
        for step, where, name in [
            ("import extractor.engine.run", "extractor/engine/run.py", "<module>"),
            ("import sklearn", "sklearn/__init__.py", "<module>"),
            ("import skops.io", "skops/io/__init__.py", "<module>"),
            ("import spacy", "spacy/__init__.py", "<module>"),
            ("load models (skops)", "extractor/modelio.py", "load_skops"),
            ("jieba dictionary", "jieba/__init__.py", "initialize"),
            ("ingest", "extractor/ingest/__init__.py", "load_bytes"),
            ("engine", "extractor/engine/run.py", "run_with_models"),
        ]:
            print(f"| {step} | {100 * cumulative(stats, where, name) / total:.1f}% |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--cold", action="store_true", help="one fresh `extractor extract`")
    args = parser.parse_args(argv)
    if args.cold:
        cold(args.top)
        return 0
    for kind, names in INPUTS.items():
        profile_kind(kind, [DOCS / n for n in names], args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
