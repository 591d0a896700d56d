"""OCR engine settings side by side on the same scanned pages, in one process.

    .venv/bin/python bench/ocr_settings.py [--pages 1] [--reports 000 001]

The scans are bench/ocr.py's (generated from the example reports, cached).
Each page goes through our whole OCR pipeline (``ocr_page_image``) once per
setting, the settings interleaved page by page so machine load hits them
alike; prints CPU seconds per page (all threads of this process, so other
processes' load counts little) split into detector, angle classifier and
recogniser, the ratio to the first setting, and whether the page text is
identical to the first setting's (the same text means the same fields).

Settings compared:
  * ``rapidocr-default``: RapidOCR's own ONNX Runtime options (threads spin
    while waiting for work);
  * ``no-spin, padded``: the sessions built as ``extractor.ocr.engine.ocr_engine``
    builds them (no spinning), every line padded to the recogniser's 320 px
    (the pipeline before short lines were read at their own width);
  * ``no-spin``: as shipped (short lines at their own width when sure,
    ``engine._recognise``).
Ratios are to ``--base`` (default ``no-spin, padded``). Our pipeline reads
one line a call: RapidOCR's batch size does not change it, so ``--batches``
(``no-spin, batch N``) only matters for RapidOCR's own pipeline
(``read_page_plain``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pypdfium2 as pdfium  # noqa: E402
from ocr import DEGRADE, ROOT, scan_pdf  # noqa: E402  (bench/ocr.py)

import extractor.ocr.engine as engine  # noqa: E402
from extractor.ocr import render_pages  # noqa: E402
from extractor.ocr.page import ocr_page_image  # noqa: E402
from extractor.ocr.pdf import render_page  # noqa: E402


class Timed:
    """Wraps an ONNX session callable, adding its CPU seconds to ``spent[name]``."""

    def __init__(self, inner: Any, name: str, spent: dict[str, float]) -> None:
        self.inner, self.name, self.spent = inner, name, spent

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return self.inner(*args, **kwargs)
        finally:
            self.spent[self.name] += time.process_time() - t

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.inner, attr)


def build(spin: bool, batch: int, spent: dict[str, float]) -> Any:
    from rapidocr_onnxruntime import RapidOCR

    if spin:
        inst = RapidOCR(rec_batch_num=batch)
    else:
        with engine._quiet_sessions():
            inst = RapidOCR(rec_batch_num=batch)
    inst.text_det.infer = Timed(inst.text_det.infer, "det", spent)
    inst.text_cls.infer = Timed(inst.text_cls.infer, "cls", spent)
    inst.text_rec.session = Timed(inst.text_rec.session, "rec", spent)
    return inst


def read_padded(pieces: list[Any]) -> list[tuple[str, float]]:
    """Every line read padded to the recogniser's width (the pipeline before)."""
    height, padded = engine.ocr_engine().text_rec.rec_image_shape[1:3]
    out = []
    for crop in pieces:
        width = int(height * max(padded / height, crop.shape[1] / crop.shape[0]))
        text, score, _ = engine._read_line(crop, width)
        out.append((text, score))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", nargs="*", default=["000", "001"], help="example prefixes")
    ap.add_argument("--pages", type=int, default=1, help="first N pages of each scan")
    ap.add_argument(
        "--batches",
        type=int,
        nargs="*",
        default=[],
        help="no-spin batch sizes (RapidOCR's own pipeline only)",
    )
    ap.add_argument("--base", default="no-spin, padded", help="setting the ratios are to")
    args = ap.parse_args()
    reports = [
        p
        for p in sorted((ROOT / "examples").glob("*.txt"))
        if any(p.name.startswith(r) for r in args.reports)
    ]
    pages = []
    for report in reports:
        pdf = pdfium.PdfDocument(scan_pdf(report, None, DEGRADE))
        for n in range(1, min(len(pdf), args.pages) + 1):
            pages.append((f"{report.stem[:3]} p{n}", *render_page(pdf, n)))
    shipped = engine._recognise
    settings = [
        ("rapidocr-default", True, 6, read_padded),
        ("no-spin, padded", False, 6, read_padded),
        ("no-spin", False, 6, shipped),
    ] + [(f"no-spin, batch {b}", False, b, shipped) for b in args.batches]
    spent = {name: {"det": 0.0, "cls": 0.0, "rec": 0.0, "all": 0.0} for name, *_ in settings}
    engines = {name: build(spin, b, spent[name]) for name, spin, b, _ in settings}
    readers = {name: reader for name, *_, reader in settings}
    texts: dict[str, list[str]] = {name: [] for name in engines}
    load = os.getloadavg()[0]
    for i, (_label, pixels, k) in enumerate(pages):
        for name, inst in engines.items():
            engine.ocr_engine = lambda inst=inst: inst  # type: ignore[assignment]
            engine._recognise = readers[name]  # type: ignore[assignment]
            if i == 0:  # first calls allocate: warm each setting on a strip
                ocr_page_image(pixels[: pixels.shape[0] // 6], 1, k)
                spent[name].update(det=0.0, cls=0.0, rec=0.0)
            t = time.process_time()
            page = ocr_page_image(pixels, i + 1, k)
            spent[name]["all"] += time.process_time() - t
            texts[name].append(render_pages([page]))
    n = len(pages)
    first = args.base
    print(
        f"{n} pages ({', '.join(p[0] for p in pages)}); {os.cpu_count()} cores; "
        f"load {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    for name, s in spent.items():
        same = sum(a == b for a, b in zip(texts[name], texts[first], strict=True))
        print(
            f"{name:18s} {s['all'] / n:6.2f} CPU-s/page ({s['all'] / spent[first]['all']:.2f}x); "
            f"det {s['det'] / n:.2f}, cls {s['cls'] / n:.2f}, rec {s['rec'] / n:.2f}; "
            f"text identical to {first}'s on {same}/{n} pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
