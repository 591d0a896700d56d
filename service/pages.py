"""Page images for the review page: drawn under the shared pixel cap, kept
in the file store.

Every render goes through ``capped_scale`` (``extractor.ocr.render_limit``,
the rule OCR uses), so no page, however large its MediaBox or image, costs
more than ``MAX_RENDER_SIDE`` pixels a side. The scale asked for is rounded
to a quarter, and each (file, page, scale) is drawn once: the PNG is stored
under ``pages/`` in the data folder, by the file's sha256, and served from
there afterwards. At most ``RENDER_SLOTS`` renders run at once.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from PIL import Image

from extractor.export import atomic_write
from extractor.ocr.render_limit import capped_scale
from service.errors import ApiError

RENDER_SLOTS = 2
_slots = threading.BoundedSemaphore(RENDER_SLOTS)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def rounded_scale(scale: float) -> float:
    """The scale asked for, to a quarter: a bounded number of cached renders per page."""
    return max(0.25, round(scale * 4) / 4)


def _render_pdf(data: bytes, number: int, scale: float) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= number <= len(pdf):
            raise ApiError(404, "not_found", f"no page {number}")
        page = pdf[number - 1]
        width, height = page.get_size()
        return page.render(scale=capped_scale(width, height, scale)).to_pil()
    finally:
        pdf.close()


def _render_image(data: bytes, number: int, scale: float) -> Image.Image:
    image = Image.open(io.BytesIO(data))  # reads the header only
    frames = getattr(image, "n_frames", 1)
    if not 1 <= number <= frames:
        raise ApiError(404, "not_found", f"no page {number}")
    image.seek(number - 1)
    limit = Image.MAX_IMAGE_PIXELS  # Pillow's own decompression-bomb bound
    if limit and image.width * image.height > limit:
        raise ApiError(
            422, "image_too_large", f"page {number} has {image.width}x{image.height} pixels"
        )
    k = capped_scale(image.width, image.height, scale)
    if k < 1.0:
        # thumbnail() decodes a JPEG at the reduced size (draft) before resizing.
        target = (max(1, round(image.width * k)), max(1, round(image.height * k)))
        image.thumbnail(target)
    return image.convert("RGB")


def render_page(data: bytes, media_type: str, number: int, scale: float) -> bytes:
    """Page ``number`` (1-based) as PNG: PDF pages at ``scale`` x 72 dpi, images as
    stored; either way no side longer than ``MAX_RENDER_SIDE``."""
    if is_pdf(data):
        render = _render_pdf
    elif media_type.startswith("image/"):
        # An image is shown at its own size; the cap still applies.
        render, scale = _render_image, 1.0
    else:
        raise ApiError(404, "not_found", "this document has no page images (a text format)")
    with _slots:
        image = render(data, number, scale)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
    return out.getvalue()


class PageCache:
    """Rendered pages in the data folder: ``pages/ab/<sha256>/<page>@<scale>.png``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, number: int, scale: float) -> Path:
        return self.root / sha256[:2] / sha256 / f"{number}@{scale:g}.png"

    def get(self, sha256: str, number: int, scale: float) -> bytes | None:
        path = self.path_for(sha256, number, scale)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def put(self, sha256: str, number: int, scale: float, png: bytes) -> None:
        atomic_write(self.path_for(sha256, number, scale), png)
