"""Second look at ruled cells the detector left empty.

The text detector, run on a downscaled page, now and then misses a lone
short token in a wide cell (a weight of "5"). A ruled cell that has ink but
no text box is cropped to its ink and read by the recogniser directly.
"""

from __future__ import annotations

import cv2
import numpy as np

from extractor.ocr.engine import TextBox, recognise_crops
from extractor.ocr.grid import RuledTable

# Stay this many pixels inside the rules (they are thick, and may be skewed).
INSET = 7
# Fewer dark pixels than this is noise or a rule's stray end.
MIN_INK = 12
MIN_SCORE = 0.6


def _ink_box(
    grey: np.ndarray, x0: int, y0: int, x1: int, y1: int
) -> tuple[int, int, int, int] | None:
    region = grey[y0 + INSET : y1 - INSET, x0 + INSET : x1 - INSET]
    if region.size == 0:
        return None
    ink = (region < 128).astype(np.uint8)
    if int(ink.sum()) < MIN_INK:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = [s for s in stats[1:n] if s[4] >= 4]
    if not keep:
        return None
    ax0 = min(int(s[0]) for s in keep)
    ay0 = min(int(s[1]) for s in keep)
    ax1 = max(int(s[0] + s[2]) for s in keep)
    ay1 = max(int(s[1] + s[3]) for s in keep)
    return x0 + INSET + ax0, y0 + INSET + ay0, x0 + INSET + ax1, y0 + INSET + ay1


def recover_empty_cells(
    grey: np.ndarray, tables: list[RuledTable], boxes: list[TextBox]
) -> list[TextBox]:
    """Text boxes for ruled cells with ink but no detected text."""
    wanted: list[tuple[int, int, int, int]] = []
    for table in tables:
        for cell in table.cells:
            if any(cell.contains(b.cx, b.cy) for b in boxes):
                continue
            found = _ink_box(grey, int(cell.x0), int(cell.y0), int(cell.x1), int(cell.y1))
            if found:
                wanted.append(found)
    if not wanted:
        return []
    pad = 6
    crops = []
    for x0, y0, x1, y1 in wanted:
        crop = grey[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    out = []
    for (x0, y0, x1, y1), (text, score) in zip(wanted, recognise_crops(crops), strict=True):
        if text.strip() and score >= MIN_SCORE:
            out.append(TextBox(text.strip(), score, x0, y0, x1, y1))
    return out
