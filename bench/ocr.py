"""OCR benchmark on generated scans of the example reports.

For each report: make a scan (extractor.training.scans; cached in a tmp dir),
then in the same run and on the same pages
  * RapidOCR with its defaults (its own pipeline and ONNX Runtime options,
    render included) vs our pipeline (render + upright/deskew + OCR + ruled
    tables + layout + repair + text), CPU seconds per page (all threads of
    the process: other processes' load counts little) and their ratio,
    also per page kind (a table page: most of its characters in ruled
    tables; a prose page: the rest);
  * character error rate of our OCR'd text against the report's text;
  * extraction on the scan vs on the text version (the text version's output
    taken as gold, scored with /work/shared/eval/score_extraction.py's logic),
    field accuracy also per page kind (of the page each indicator was read on);
  * share of the text version's table cells found verbatim among OCR cells.
``--tesseract`` adds Tesseract (chi_sim, psm 6) against RapidOCR alone.

    .venv/bin/python bench/ocr.py [--reports 000 001] [--max-pages 3] [--tesseract]
"""

from __future__ import annotations

import argparse
import collections
import functools
import hashlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import extractor.ocr.pdf as ocr_pdf
from extractor.ingest import load_bytes
from extractor.ocr import ocr_pdf_pages, render_pages
from extractor.ocr.engine import ocr_engine, read_page_plain
from extractor.ocr.pdf import render_page
from extractor.pipeline import extract_document
from extractor.training.scans import Degradation, images_to_pdf, scan_pages
from extractor.types import Extraction, Page

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path("/work/shared/eval/score_extraction.py")
CACHE = Path(tempfile.gettempdir()) / "extractor-bench-scans"
DEGRADE = Degradation(dpi=200, skew_degrees=0.8, blur=0.6, noise=6.0, jpeg_quality=70, seed=11)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions via a running minimum)."""
    if not a or not b:
        return max(len(a), len(b))
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    prev = np.arange(len(b) + 1, dtype=np.int64)
    idx = np.arange(len(b) + 1, dtype=np.int64)
    for i, ch in enumerate(a, start=1):
        sub = prev[:-1] + (bb != ord(ch))
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        cur = np.minimum.accumulate(cur - idx) + idx
        prev = cur
    return int(prev[-1])


def squeeze(text: str) -> str:
    return "".join(text.split())


def scan_pdf(report: Path, max_pages: int | None, how: Degradation = DEGRADE) -> bytes:
    text = report.read_text(encoding="utf-8")
    key = hashlib.sha256(f"{text}{how}{max_pages}".encode()).hexdigest()[:16]
    path = CACHE / f"{report.stem}-{key}.pdf"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(images_to_pdf(scan_pages(text, how, max_pages), how.dpi))
    return path.read_bytes()


class Clock:
    """Wall and CPU seconds (CPU: all threads of this process; robust to other load)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._w
        self.cpu += time.process_time() - self._c


@functools.cache
def rapidocr_defaults() -> Any:
    """A RapidOCR instance exactly as the library ships it (the baseline)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def page_kind(page: Page) -> str:
    """'table' when most of the page's characters sit in table cells, else 'prose'."""
    in_tables = sum(len(c.text) for b in page.blocks for r in b.rows for c in r.cells)
    in_text = sum(len(b.text) for b in page.blocks if not b.rows)
    return "table" if in_tables >= in_text else "prose"


@dataclass
class KindTimes:
    """CPU seconds of our pipeline and of RapidOCR's defaults on pages of one kind."""

    pages: int = 0
    ours: float = 0.0
    defaults: float = 0.0


def time_engine_vs_pipeline(
    pdf: bytes, n_pages: int, kinds: dict[str, KindTimes]
) -> tuple[Clock, Clock, str, dict[int, str]]:
    """RapidOCR's defaults and our pipeline on the same pages, interleaved
    page by page so machine load hits both alike."""
    import pypdfium2 as pdfium

    engine, ours = Clock(), Clock()
    pages = []
    kind_of: dict[int, str] = {}
    doc = pdfium.PdfDocument(pdf)
    for n in range(1, n_pages + 1):
        before_engine, before_ours = engine.cpu, ours.cpu
        with engine:
            pixels, _ = render_page(doc, n)
            rapidocr_defaults()(pixels)
        with ours:
            pages += ocr_pdf_pages(pdf, [n], "scan.pdf")
        kind_of[n] = page_kind(pages[-1])
        k = kinds[kind_of[n]]
        k.pages += 1
        k.ours += ours.cpu - before_ours
        k.defaults += engine.cpu - before_engine
    doc.close()
    with ours:
        text = render_pages(pages)
    return engine, ours, text, kind_of


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def as_gold(ex: Extraction) -> list[dict[str, Any]]:
    """The text version's indicators in the scorer's gold format."""
    gold = []
    for rec in ex.model_dump(mode="json")["indicators"]:
        gold.append(
            {
                "group": rec["group"]["value"],
                "level1": rec["level1"]["value"],
                "level2": rec["level2"]["value"],
                "name": rec["name"]["value"],
                "target": rec["target"],
                "actual": rec["actual"],
                "weight": rec["weight"]["value"],
                "score": rec["score"]["value"],
                "status": rec["status"]["label"],
            }
        )
    return gold


def compare_extractions(
    gold_ex: Extraction, pred_ex: Extraction, kind_of: dict[int, str] | None = None
) -> dict[str, Any]:
    """Indicator F1 and field accuracy of ``pred_ex`` against ``gold_ex``;
    ``by_kind``: [right, total] fields per kind of the page each predicted
    indicator was read on (``kind_of``: page number -> kind)."""
    sc = _scorer()
    gold = as_gold(gold_ex)
    pred: list[dict[str, Any]] = pred_ex.model_dump(mode="json")["indicators"]
    pairs = sc.match(gold, pred)
    right = total = 0
    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for a, b, _ in pairs:
        kind = (kind_of or {}).get((pred[b].get("evidence") or {}).get("page") or 0, "?")
        for f in sc.FIELDS:
            ok = sc.field_ok(f, gold[a], pred[b])
            per[f][0] += ok
            per[f][1] += 1
            by_kind[kind][0] += ok
            by_kind[kind][1] += 1
            right += ok
            total += 1
    p = len(pairs) / len(pred) if pred else 0.0
    r = len(pairs) / len(gold) if gold else 0.0
    return {
        "gold": len(gold),
        "pred": len(pred),
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "fields": right / total if total else 0.0,
        "worst": sorted(((v[0] / v[1], f) for f, v in per.items() if v[1]))[:3],
        "by_kind": dict(by_kind),
    }


def cell_recall(text_doc_text: str, ocr_cells: list[str]) -> float:
    from extractor.ingest.layout_text import text_to_pages

    gold = [
        c.text
        for p in text_to_pages(text_doc_text)
        for b in p.blocks
        for r in b.rows
        for c in r.cells
        if c.text
    ]
    have = collections.Counter(ocr_cells)
    hit = 0
    for t in gold:
        if have[t] > 0:
            have[t] -= 1
            hit += 1
    return hit / len(gold) if gold else 1.0


def tesseract_vs_rapidocr(pdf: bytes, n_pages: int, gold_text: str) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    if not shutil.which("tesseract"):
        print("  tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
        return
    doc = pdfium.PdfDocument(pdf)
    gold = collections.Counter(squeeze(gold_text))
    for name in ("rapidocr", "tesseract"):
        out, t0 = [], time.perf_counter()
        for n in range(1, n_pages + 1):
            pixels, _ = render_page(doc, n)
            if name == "rapidocr":
                out += [t for t, _ in read_page_plain(pixels)]
            else:
                buf = io.BytesIO()
                Image.fromarray(pixels).save(buf, format="PNG")
                run = subprocess.run(
                    ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6"],
                    input=buf.getvalue(),
                    capture_output=True,
                    check=True,
                )
                out.append(run.stdout.decode("utf-8", "replace"))
        secs = (time.perf_counter() - t0) / n_pages
        got = collections.Counter(squeeze("".join(out)))
        common = sum((got & gold).values())
        prec, rec = common / max(1, sum(got.values())), common / max(1, sum(gold.values()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"  {name:9s}: char-bag F1 {f1:.3f} (P {prec:.3f} R {rec:.3f}), {secs:.2f} s/page")
    doc.close()


def _times(engine: Clock, ours: Clock, n: int) -> str:
    return (
        f"pipeline {ours.cpu / n:.2f} CPU-s/page ({ours.wall / n:.2f} s wall);"
        f" RapidOCR defaults {engine.cpu / n:.2f} CPU-s/page ({engine.wall / n:.2f} s wall);"
        f" ratio {ours.cpu / engine.cpu:.2f}x CPU"
    )


def _kind_lines(kinds: dict[str, KindTimes], fields: dict[str, list[int]]) -> list[str]:
    out = []
    for kind, k in kinds.items():
        if not k.pages:
            continue
        right, total = fields.get(kind, [0, 0])
        acc = f"field accuracy {right / total:.3f} ({total} fields)" if total else "no indicators"
        out.append(
            f"  {kind} pages: {k.pages}, pipeline {k.ours / k.pages:.2f} CPU-s/page,"
            f" RapidOCR defaults {k.defaults / k.pages:.2f} ({k.ours / k.defaults:.2f}x); {acc}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="OCR benchmark on generated scans")
    ap.add_argument(
        "--reports", nargs="*", default=["000", "001", "002"], help="report name prefixes"
    )
    ap.add_argument("--max-pages", type=int, default=None, help="first N pages of each scan")
    ap.add_argument("--tesseract", action="store_true", help="also compare Tesseract (chi_sim)")
    ap.add_argument(
        "--scan-dpi", type=int, default=DEGRADE.dpi, help="resolution of the scans made"
    )
    ap.add_argument(
        "--render-dpi", type=int, default=None, help="override the OCR render resolution"
    )
    ap.add_argument("--dump", type=Path, default=None, help="write each OCR'd text here")
    args = ap.parse_args(argv)
    how = Degradation(**{**DEGRADE.__dict__, "dpi": args.scan_dpi})
    if args.render_dpi:
        ocr_pdf.RENDER_DPI = args.render_dpi
    print(
        f"scans at {how.dpi} dpi, rendered for OCR at {ocr_pdf.RENDER_DPI} dpi;"
        f" load average {os.getloadavg()[0]:.1f} at the start"
    )
    reports = [
        p
        for p in sorted((ROOT / "examples").glob("*.txt"))
        if any(p.name.startswith(r) for r in args.reports)
    ]
    import pypdfium2 as pdfium

    ocr_engine()
    rapidocr_defaults()
    kinds = {"table": KindTimes(), "prose": KindTimes()}
    kind_fields: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    tot_engine, tot_ours = Clock(), Clock()
    tot_pages = 0
    tot_err = tot_len = 0
    for report in reports:
        text = report.read_text(encoding="utf-8")
        pdf = scan_pdf(report, args.max_pages, how)
        n_pages = len(pdfium.PdfDocument(pdf))
        pixels, _ = render_page(pdfium.PdfDocument(pdf), 1)  # warm-up: first calls are slow
        read_page_plain(pixels)
        rapidocr_defaults()(pixels)
        ocr_pdf_pages(pdf, [1], "warmup.pdf")
        doc_kinds = {"table": KindTimes(), "prose": KindTimes()}
        engine, ours, ocr_text, kind_of = time_engine_vs_pipeline(pdf, n_pages, doc_kinds)
        for name, one in doc_kinds.items():
            k = kinds[name]
            k.pages, k.ours, k.defaults = (
                k.pages + one.pages,
                k.ours + one.ours,
                k.defaults + one.defaults,
            )
        for tot, one in ((tot_engine, engine), (tot_ours, ours)):
            tot.wall, tot.cpu = tot.wall + one.wall, tot.cpu + one.cpu
        tot_pages += n_pages
        gold_text = text
        if args.max_pages:  # only the pages scanned: compare against a prefix of similar length
            gold_text = text[: int(len(text) * 1.0)]
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / report.name).write_text(ocr_text, encoding="utf-8")
        g, o = squeeze(gold_text), squeeze(ocr_text)
        if args.max_pages:
            g = g[: len(o)]
        err = edit_distance(o, g)
        tot_err, tot_len = tot_err + err, tot_len + len(g)
        print(f"{report.name}: {n_pages} pages")
        print(
            f"  CER {err / max(1, len(g)):.4f} ({err} edits / {len(g)} chars, whitespace ignored)"
        )
        print(f"  time: {_times(engine, ours, n_pages)}")
        print(f"  page kinds: {' '.join(f'p{n} {k}' for n, k in kind_of.items())}")
        scan_doc = load_bytes(pdf, report.stem + ".pdf")
        cells = [c.text for b in scan_doc.blocks() for r in b.rows for c in r.cells if c.text]
        print(f"  table cells of the text version found verbatim: {cell_recall(text, cells):.3f}")
        ex_text = extract_document(load_bytes(text.encode("utf-8"), report.name))
        if not ex_text.indicators:
            print("  extraction: the engine returns no indicators yet (cells compared above)")
        elif args.max_pages:
            print("  extraction: skipped (--max-pages scans only part of the report)")
        else:
            ex_scan = extract_document(scan_doc)
            c = compare_extractions(ex_text, ex_scan, kind_of)
            for kind, (right, total) in c["by_kind"].items():
                kind_fields[kind][0] += right
                kind_fields[kind][1] += total
            worst = ", ".join(f"{f} {v:.2f}" for v, f in c["worst"])
            print(
                f"  extraction scan vs text: F1 {c['f1']:.3f} ({c['pred']} vs {c['gold']} indicators),"
                f" field accuracy {c['fields']:.3f} (weakest: {worst})"
            )
        if args.tesseract:
            tesseract_vs_rapidocr(pdf, n_pages, gold_text)
    print(f"ALL: {tot_pages} pages, CER {tot_err / max(1, tot_len):.4f}")
    print(f"ALL time: {_times(tot_engine, tot_ours, tot_pages)}")
    print(*_kind_lines(kinds, kind_fields), sep="\n")
    print(f"load average {os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
