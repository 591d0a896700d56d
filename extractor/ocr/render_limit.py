"""The one pixel cap for every page render: OCR of PDF pages and scans, and
the page images the review page shows.

A page is drawn at the scale asked for unless that makes a side longer than
``MAX_RENDER_SIDE`` pixels; then the scale drops so the longer side is
exactly that. A 14400 pt square page (PDF's largest) thus costs at most
3400 x 3400 pixels, whatever scale a caller asks for.
"""

from __future__ import annotations

# 3400 px: an A4 page at 200 dpi is 1654 x 2339, an A3 page at 200 dpi 2339 x
# 3307; bigger pages drop below 200 dpi instead of growing the cost.
MAX_RENDER_SIDE = 3400


def capped_scale(width: float, height: float, scale: float) -> float:
    """The scale to draw a ``width`` x ``height`` page (points or pixels) at:
    ``scale``, or less so that neither side exceeds ``MAX_RENDER_SIDE`` pixels."""
    longest = max(width, height, 1.0)
    return min(scale, MAX_RENDER_SIDE / longest)


def capped_size(width: float, height: float, scale: float) -> tuple[int, int]:
    """The pixel size of that render (each side at least one pixel)."""
    k = capped_scale(width, height, scale)
    return max(1, round(width * k)), max(1, round(height * k))
