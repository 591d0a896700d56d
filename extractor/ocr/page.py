"""One page image -> an OCR'd ``Page`` (the steps in order)."""

from __future__ import annotations

import numpy as np

from extractor.ocr.engine import read_page
from extractor.ocr.fill import recover_empty_cells
from extractor.ocr.grid import find_tables
from extractor.ocr.layout import build_page
from extractor.types import Page


def ocr_page_image(image: np.ndarray, number: int, points_per_pixel: float) -> Page:
    """OCR ``image`` (grey or BGR pixels) as page ``number``.

    ``points_per_pixel`` turns pixel boxes into PDF points (72 / dpi).
    """
    read = read_page(image)
    tables = find_tables(read.image)
    boxes = read.boxes + recover_empty_cells(read.image, tables, read.boxes)
    h, w = read.image.shape[:2]
    return build_page(number, boxes, tables, points_per_pixel, (w, h))
