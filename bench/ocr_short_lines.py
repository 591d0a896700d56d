"""Fit ``extractor.ocr.engine.SHORT_LINE_MIN_PROB`` on scans of training reports.

    .venv/bin/python bench/ocr_short_lines.py [--docs 'n_0[1-4]*.txt'] [--pages 2]

Scans (bench/ocr.py's degradation) of training reports other than the
benchmark's (examples/ 000-002), first ``--pages`` pages each. Every line
crop our pipeline reads that is shorter than the recogniser's padded width
is read twice: at its own width and padded (RapidOCR's way, the reference).
Prints the readings that differ (whitespace ignored, as bench/ocr.py's CER does) with their least sure
character's probability; the fitted threshold is the smallest probability,
in hundredths, above all of them (a short line is read padded again when its
own-width reading is less sure than that), and the share of short lines that
threshold sends to a second read.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr import DEGRADE, ROOT, scan_pdf  # noqa: E402  (bench/ocr.py)

import extractor.ocr.engine as engine  # noqa: E402
from extractor.ocr.pdf import render_page  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", default="n_0[1-6]*.txt", help="glob in training_data/docs")
    ap.add_argument("--pages", type=int, default=2, help="first N pages of each scan")
    args = ap.parse_args()
    pieces: list[np.ndarray] = []
    original = engine._recognise

    def capture(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        pieces.extend(crops)
        return original(crops)

    engine._recognise = capture  # type: ignore[assignment]
    docs = sorted((ROOT / "training_data" / "docs").glob(args.docs))
    for doc in docs:
        pdf = pdfium.PdfDocument(scan_pdf(doc, args.pages, DEGRADE))
        for n in range(1, len(pdf) + 1):
            engine.read_page(render_page(pdf, n)[0])
    engine._recognise = original  # type: ignore[assignment]
    height, padded = engine.ocr_engine().text_rec.rec_image_shape[1:3]
    short: list[tuple[float, bool]] = []
    for crop in pieces:
        h, w = crop.shape[:2]
        own = math.ceil(height * w / h)
        if own >= padded:
            continue
        text, _, weakest = engine._read_line(crop, own)
        ref, _, _ = engine._read_line(crop, padded)
        differs = "".join(text.split()) != "".join(ref.split())
        short.append((weakest, differs))
        if differs:
            print(f"  own width {text.strip()!r} vs padded {ref.strip()!r}: weakest {weakest:.3f}")
    worst = max((p for p, d in short if d), default=0.0)
    fitted = math.floor(worst * 100) / 100 + 0.01
    again = sum(p < fitted for p, _ in short)
    print(
        f"{len(docs)} reports, {len(pieces)} line crops, {len(short)} short;"
        f" {sum(d for _, d in short)} read differently at their own width"
    )
    print(
        f"fitted SHORT_LINE_MIN_PROB {fitted:.2f}: {again}/{len(short)} short lines read again"
        f" (now {engine.SHORT_LINE_MIN_PROB})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
