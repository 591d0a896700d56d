"""Image backend: PNG, JPEG, TIFF (every frame a page), BMP, WEBP -> OCR'd ``Document``.

Frames are decoded one at a time, each OCR'd before the next is read, so
memory holds one frame whatever the count. More frames than
``settings.max_pages`` are refused; after ``settings.max_ocr_pages`` the rest
are left unread with an ``ocr_limit`` warning. Pillow's own pixel limit
(a decompression bomb) is refused as ``DecompressionBomb``.
"""

from __future__ import annotations

import hashlib
import io
import warnings

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractor.deadline import check_time
from extractor.errors import CorruptFile, DecompressionBomb, EmptyDocument
from extractor.ingest.limits import check_pages, ocr_allowance, ocr_limit_warning
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
        # Pillow warns between its two pixel limits; such an image is read (and
        # scaled down), so the warning would only be noise on the user's stderr.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        media_type = media_type or Image.MIME.get(img.format or "", "image/unknown")
        count = int(getattr(img, "n_frames", 1))  # reads frame headers, decodes nothing
    except Image.DecompressionBombError as exc:
        raise DecompressionBomb(filename, str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
        raise CorruptFile(filename, f"unreadable image: {exc}") from exc
    if count < 1:
        raise EmptyDocument(filename)
    check_pages(count, filename, "frames")
    read = min(count, ocr_allowance())
    pages = []
    for index in range(read):
        check_time()
        try:
            img.seek(index)
            pixels, points_per_pixel = _pixels(img)
        except Image.DecompressionBombError as exc:
            raise DecompressionBomb(filename, str(exc)) from exc
        except (OSError, ValueError, EOFError) as exc:
            raise CorruptFile(filename, f"unreadable image frame {index + 1}: {exc}") from exc
        pages.append(ocr_page_image(pixels, index + 1, points_per_pixel))
        del pixels  # one frame in memory at a time
    skipped = list(range(read + 1, count + 1))
    limit_warnings = [ocr_limit_warning(filename, skipped, "frame")] if skipped else []
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
    return Document(source=source, text=text, pages=pages, warnings=limit_warnings)
