"""Peak memory and time of ``load_bytes`` on hostile inputs (extractor.ingest.hostile).

Each case runs in a fresh subprocess (``hostile.load_limited``) under
``RLIMIT_AS`` (``--limit-mb``) and a wall-clock timeout. The child imports
every backend and reads the file; its peak RSS then is the baseline (the
same process holding the input bytes). Printed per case: input size, the
peak RSS growth over that baseline and its ratio to the input size, the time
and the outcome (error code and message, or pages and warnings of a partial
result).

    .venv/bin/python bench/ingest_memory.py [--cases docx_bomb_deflate ...] [--limit-mb 3072]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from extractor.ingest import hostile, testing


def _sample() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in testing.sample_paths())


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx_bomb_deflate_1g": ("bomb.docx", lambda: hostile.docx_bomb(1 << 30)),
    "docx_bomb_bzip2_512m": ("bomb.docx", lambda: hostile.docx_bomb(512 << 20, zipfile.ZIP_BZIP2)),
    "xlsx_bomb_deflate_1g": ("bomb.xlsx", lambda: hostile.xlsx_bomb(1 << 30)),
    "xlsx_bomb_bzip2_512m": ("bomb.xlsx", lambda: hostile.xlsx_bomb(512 << 20, zipfile.ZIP_BZIP2)),
    "xlsx_far_cells": ("far.xlsx", hostile.xlsx_far_cells),
    "pdf_2000_image_pages": ("pages.pdf", lambda: hostile.pdf_image_pages(2000)),
    "pdf_400_image_pages": ("pages.pdf", lambda: hostile.pdf_image_pages(400)),
    "tiff_100_frames": ("frames.tiff", lambda: hostile.tiff_frames(100)),
    "text_8mb": ("big.txt", lambda: hostile.big_text(8 << 20, _sample())),
    "text_1mb": ("big.txt", lambda: hostile.big_text(1 << 20, _sample())),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", nargs="*", default=list(CASES))
    ap.add_argument("--limit-mb", type=int, default=3072, help="RLIMIT_AS of each child")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--max-ocr-pages", help="EXTRACTOR_MAX_OCR_PAGES for the children")
    args = ap.parse_args()
    env = {"EXTRACTOR_MAX_OCR_PAGES": args.max_ocr_pages} if args.max_ocr_pages else None
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases:
            filename, build = CASES[name]
            t0 = time.perf_counter()
            path = Path(tmp) / filename
            path.write_bytes(build())
            built = time.perf_counter() - t0
            result = hostile.load_limited(path, args.limit_mb, args.timeout, env)
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
