"""Image backend: PNG, JPEG, TIFF (every frame a page), BMP, WEBP -> OCR'd ``Document``."""

from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractor.errors import CorruptFile, EmptyDocument
from extractor.ocr import ocr_page_image, render_pages
from extractor.ocr.render_limit import MAX_RENDER_SIDE, capped_scale
from extractor.types import Document, SourceInfo

# Images without a resolution tag are taken as 200 dpi scans (bbox in points).
DEFAULT_DPI = 200.0
# Bigger photos are scaled down (the pixel cap every page render shares):
# phone photos reach 4000 px and more, and recognition time grows with pixels
# while text stays legible at this size.
MAX_SIDE = MAX_RENDER_SIDE


def _dpi(img: Image.Image) -> float:
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else DEFAULT_DPI


def _pixels(frame: Image.Image) -> tuple[np.ndarray, float]:
    """Upright grey pixels of one frame (EXIF orientation applied) and points per pixel."""
    dpi = _dpi(frame)
    img = ImageOps.exif_transpose(frame) or frame
    img = img.convert("L")
    scale = capped_scale(img.width, img.height, 1.0)
    if scale < 1.0:
        img = img.resize(
            (round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS
        )
    return np.asarray(img), 72.0 / dpi / scale


def load_image(data: bytes, filename: str, media_type: str | None = None) -> Document:
    """OCR an image file (all frames of a multi-page TIFF) into a ``Document``.

    ``media_type`` defaults to what Pillow recognises the image as.
    """
    try:
        img = Image.open(io.BytesIO(data))
        media_type = media_type or Image.MIME.get(img.format or "", "image/unknown")
        frames = [_pixels(frame.copy()) for frame in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CorruptFile(filename, f"unreadable image: {exc}") from exc
    if not frames:
        raise EmptyDocument(filename)
    pages = [ocr_page_image(px, n, k) for n, (px, k) in enumerate(frames, start=1)]
    text = render_pages(pages)
    if not text.strip():
        raise EmptyDocument(filename, "no text found by OCR")
    source = SourceInfo(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type or "image/unknown",
        pages=len(pages),
        ocr=True,
    )
    return Document(source=source, text=text, pages=pages)
