"""Peak memory and time of ``load_bytes`` on hostile inputs (extractor.ingest.hostile).

Each case runs in a fresh subprocess under ``RLIMIT_AS`` (``--limit-mb``) and
a wall-clock timeout. The child imports every backend, reads the file, notes
its peak RSS (the baseline: interpreter, imports and the input bytes), runs ``load_bytes`` and
reports the peak RSS above that baseline, the ratio of that growth to the
input size, the time and the outcome (error code and message, or the pages
and warnings of a partial result).

    .venv/bin/python bench/ingest_memory.py [--cases docx_bomb ...] [--limit-mb 3072]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from extractor.ingest import hostile, testing

CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from extractor.errors import ExtractionError
from extractor.ingest import load_bytes
import extractor.ingest.docx, extractor.ingest.image, extractor.ingest.pdf, extractor.ingest.xlsx
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    doc = load_bytes(data, sys.argv[1].rsplit("/", 1)[-1])
    out = {"outcome": "ok", "pages": len(doc.pages), "chars": len(doc.text),
           "warnings": [w.code for w in doc.warnings]}
except ExtractionError as exc:
    out = {"outcome": exc.code, "message": exc.message[:160]}
except MemoryError:
    out = {"outcome": "MemoryError"}
out["seconds"] = round(time.perf_counter() - t0, 2)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out["base_mb"] = round(base / 1024, 1)
out["growth_mb"] = round((peak - base) / 1024, 1)
print(json.dumps(out))
"""


def _sample() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in testing.sample_paths())


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx_bomb_bzip2": ("bomb.docx", lambda: hostile.docx_bomb(2 << 30, zipfile.ZIP_BZIP2)),
    "docx_bomb_deflate": ("bomb.docx", lambda: hostile.docx_bomb(1 << 30)),
    "xlsx_bomb_bzip2": ("bomb.xlsx", lambda: hostile.xlsx_bomb(2 << 30, zipfile.ZIP_BZIP2)),
    "xlsx_bomb_deflate": ("bomb.xlsx", lambda: hostile.xlsx_bomb(1 << 30)),
    "xlsx_far_cells": ("far.xlsx", hostile.xlsx_far_cells),
    "pdf_2000_image_pages": ("pages.pdf", lambda: hostile.pdf_image_pages(2000)),
    "tiff_100_frames": ("frames.tiff", lambda: hostile.tiff_frames(100)),
    "text_8mb": ("big.txt", lambda: hostile.big_text(8 << 20, _sample())),
}


def run_case(path: Path, limit_mb: int, timeout: float) -> dict[str, object]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(limit_mb)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": round(time.perf_counter() - t0, 1)}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"outcome": f"crash rc={proc.returncode}", "stderr": tail[0][:160]}
    result: dict[str, object] = json.loads(lines[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", nargs="*", default=list(CASES))
    ap.add_argument("--limit-mb", type=int, default=3072, help="RLIMIT_AS of each child")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases:
            filename, build = CASES[name]
            t0 = time.perf_counter()
            path = Path(tmp) / filename
            path.write_bytes(build())
            built = time.perf_counter() - t0
            result = run_case(path, args.limit_mb, args.timeout)
            size = path.stat().st_size
            growth = result.get("growth_mb")
            ratio = (
                f"{float(growth) * 1024 * 1024 / size:.1f}x input"
                if isinstance(growth, int | float)
                else "-"
            )
            print(
                f"{name:22} {size / 1024:9.1f} KB (built {built:4.1f}s)  "
                f"growth {growth} MB ({ratio})  {json.dumps(result, ensure_ascii=False)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
