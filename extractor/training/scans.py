"""Make scanned and photographed versions of text reports (OCR test material).

A report's text (tab rows, one-cell-a-line tables, prose) is laid out as a
PDF with a CJK font and real ruled tables, merged cells included, then
rasterised and degraded like a scan or a phone photo (skew, 90/180/270
rotation, blur, noise, JPEG artefacts). The text itself stays the ground
truth: the merges drawn are exactly the empty slots of the text rows, so the
OCR'd table rendered back to tab rows should read like the original.

    python -m extractor.training.scans examples/000_x.txt -o /tmp/scans --format png
"""

from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from extractor.ingest.layout_text import text_to_pages
from extractor.types import Block, BlockKind

FONT_PATHS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
)
FONT_NAME = "ScanCJK"
ROWS_PER_CHUNK = 6
MIN_COL_WIDTH = 32.0


@dataclass(frozen=True)
class Degradation:
    """How a rendered page is spoiled; the defaults are a fair office scan."""

    dpi: int = 200
    skew_degrees: float = 0.0
    rotate: int = 0  # 0, 90, 180, 270 (counter-clockwise, as a page fed sideways)
    blur: float = 0.6
    noise: float = 6.0  # standard deviation of grey-level noise
    jpeg_quality: int | None = 70
    seed: int = 0


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    for path, index in FONT_PATHS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            return FONT_NAME
    raise RuntimeError("no CJK font: apt-get install fonts-wqy-microhei (scripts/setup.sh)")


def table_grid(block: Block) -> list[list[str]]:
    """The table's rows as equal-length lists of strings (trailing blanks padded)."""
    width = max(block.n_cols, 1)
    grid = [["" for _ in range(width)] for _ in block.rows]
    for r, row in enumerate(block.rows):
        for cell in row.cells:
            grid[r][cell.col] = cell.text
    return grid


def merge_spans(grid: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Spans (col0, row0, col1, row1) to draw as merged cells.

    Leading empty slots of a row continue the cell above (category columns
    merged downwards); an empty slot between two filled ones continues the
    cell on its left (a header spanning two columns). Everything else stays
    a plain, possibly empty, cell.
    """
    spans: list[tuple[int, int, int, int]] = []
    n_rows = len(grid)
    if not n_rows:
        return spans
    n_cols = len(grid[0])
    covered = [[False] * n_cols for _ in range(n_rows)]
    # Downward merges in the leading columns.
    for c in range(n_cols):
        r = 0
        while r < n_rows:
            if grid[r][c] and not covered[r][c]:
                end = r
                while (
                    end + 1 < n_rows
                    and not grid[end + 1][c]
                    and all(not grid[end + 1][k] for k in range(c + 1))
                    and any(grid[end + 1][c + 1 :])
                    and (c == 0 or _same_span_above(spans, c - 1, end + 1, r))
                ):
                    end += 1
                if end > r:
                    spans.append((c, r, c, end))
                    for k in range(r + 1, end + 1):
                        covered[k][c] = True
                r = end + 1
            else:
                r += 1
    # Rightward merges for interior gaps.
    for r in range(n_rows):
        filled = [c for c in range(n_cols) if grid[r][c]]
        for a, b in zip(filled, filled[1:], strict=False):
            gap = [c for c in range(a + 1, b) if not covered[r][c]]
            if gap and len(gap) == b - a - 1 and not covered[r][a]:
                spans.append((a, r, b - 1, r))
    return spans


def _same_span_above(spans: list[tuple[int, int, int, int]], col: int, row: int, top: int) -> bool:
    # A category cell may only run down as far as the category to its left.
    return any(s[0] == col and s[1] <= top and s[3] >= row for s in spans)


def _col_widths(grid: list[list[str]], total: float) -> list[float]:
    n_cols = len(grid[0])
    weight = []
    for c in range(n_cols):
        longest = max((len(row[c]) for row in grid), default=0)
        weight.append(min(max(longest, 2), 24))
    s = sum(weight)
    # Never narrower than two characters plus padding (reportlab's 6 pt a side).
    return [max(total * w / s, MIN_COL_WIDTH) for w in weight]


def report_pdf(text: str) -> bytes:
    """Lay out a report's text as a PDF with ruled tables (ground truth: ``text``)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A3, A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    font = _register_font()
    blocks = [b for p in text_to_pages(text) for b in p.blocks]
    widest = max((b.n_cols for b in blocks if b.kind == BlockKind.table), default=0)
    pagesize = A4 if widest <= 6 else landscape(A4) if widest <= 12 else landscape(A3)
    margin = 36.0
    # A table wider than the page widens the page (as a wide spreadsheet
    # printed to fit), so no column is cut off.
    base_width = pagesize[0] - 2 * margin
    needed = max(
        (sum(_col_widths(table_grid(b), base_width)) for b in blocks if b.rows), default=0.0
    )
    pagesize = (max(pagesize[0], needed + 2 * margin + 12), pagesize[1])
    size = 10 if widest <= 12 else 8
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.4, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, leading=size * 1.25)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin
    )
    story: list[object] = []
    for block in blocks:
        if block.kind == BlockKind.paragraph:
            story.append(Paragraph(_escape(block.text), body))
            continue
        grid = table_grid(block)
        widths = _col_widths(grid, base_width)
        story.append(Spacer(1, 4))
        # Row chunks so a tall merged cell never outgrows a page; a merge
        # cut at a chunk edge restarts below, as a table continued overleaf.
        for start in range(0, len(grid), ROWS_PER_CHUNK):
            chunk = grid[start : start + ROWS_PER_CHUNK]
            data = [[Paragraph(_escape(t), cell) if t else "" for t in row] for row in chunk]
            style = [
                ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), font),
            ]
            style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in merge_spans(chunk)]
            story.append(Table(data, colWidths=widths, style=style))
        story.append(Spacer(1, 4))
    if not story:
        story.append(PageBreak())
    doc.build(story)
    return buf.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf_doc]
    finally:
        pdf_doc.close()


def degrade(image: Image.Image, how: Degradation) -> Image.Image:
    """Skew, blur, noise, sideways rotation and JPEG artefacts, reproducibly."""
    rng = np.random.default_rng(how.seed)
    img = image.convert("L")
    if how.skew_degrees:
        img = img.rotate(
            how.skew_degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    if how.blur:
        img = img.filter(ImageFilter.GaussianBlur(how.blur))
    if how.noise:
        arr = np.asarray(img, dtype=np.float32) + rng.normal(0, how.noise, (img.height, img.width))
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if how.rotate:
        img = img.rotate(how.rotate, expand=True)
    if how.jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=how.jpeg_quality)
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
    return img


def scan_pages(
    text: str, how: Degradation | None = None, max_pages: int | None = None
) -> list[Image.Image]:
    """The report as degraded page images, first ``max_pages`` only if given."""
    how = how or Degradation()
    pages = rasterise(report_pdf(text), how.dpi)[:max_pages]
    rnd = random.Random(how.seed)
    out = []
    for i, page in enumerate(pages):
        skew = how.skew_degrees * (1 if rnd.random() < 0.5 else -1) if how.skew_degrees else 0.0
        out.append(
            degrade(
                page, Degradation(**{**how.__dict__, "skew_degrees": skew, "seed": how.seed + i})
            )
        )
    return out


def images_to_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer), one image a page."""
    buf = io.BytesIO()
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(buf, format="PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi))
    return buf.getvalue()


def images_to_tiff(images: list[Image.Image], dpi: int) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--format", choices=("pdf", "png", "jpg", "tiff"), default="pdf")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--skew", type=float, default=0.8)
    ap.add_argument("--rotate", type=int, default=0, choices=(0, 90, 180, 270))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    how = Degradation(dpi=args.dpi, skew_degrees=args.skew, rotate=args.rotate)
    for path in args.paths:
        images = scan_pages(path.read_text(encoding="utf-8"), how)
        stem = args.out / path.stem
        if args.format == "pdf":
            stem.with_suffix(".pdf").write_bytes(images_to_pdf(images, args.dpi))
        elif args.format == "tiff":
            stem.with_suffix(".tiff").write_bytes(images_to_tiff(images, args.dpi))
        else:
            for i, img in enumerate(images, start=1):
                img.save(f"{stem}-p{i}.{args.format}")
        print(f"{path.name}: {len(images)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
