"""Lines are recognised at their own width (not padded to RapidOCR's 320 px),
narrow crops still padded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extractor.ocr import engine
from extractor.ocr.engine import recognise_crops


def _cell(text: str, size: int = 30) -> np.ndarray:
    """``text`` drawn as a table cell's ink crop is (BGR, white margins)."""
    from PIL import Image, ImageDraw, ImageFont

    from extractor.training.scans import FONT_PATHS

    path, index = next(((p, i) for p, i in FONT_PATHS if Path(p).exists()), (None, 0))
    if path is None:
        pytest.skip("no CJK font")
    font = ImageFont.truetype(path, size, index=index)
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("RGB", (right - left + 12, bottom - top + 12), "white")
    ImageDraw.Draw(img).text((6 - left, 6 - top), text, fill="black", font=font)
    return np.asarray(img)[:, :, ::-1].copy()


def test_short_cells_and_a_lone_zero_read_as_written() -> None:
    cells = ["0", "无", "已完成", "100.00%", "14845.77", "部门预算安排资金（万元）"]
    read = recognise_crops([_cell(t) for t in cells])
    assert [t for t, _ in read] == cells
    assert all(score > 0.8 for _, score in read)


def test_a_wide_line_is_fed_at_its_own_width_and_a_lone_digit_padded() -> None:
    widths: list[int] = []
    rec = engine.ocr_engine().text_rec
    inner = rec.session

    class Spy:
        def __call__(self, x: np.ndarray) -> object:
            widths.append(x.shape[3])
            return inner(x)

        def __getattr__(self, name: str) -> object:
            return getattr(inner, name)

    rec.session = Spy()
    try:
        recognise_crops([_cell("0"), _cell("已完成")])
    finally:
        rec.session = inner
    assert widths[0] == engine.REC_PADDED_WIDTH
    assert widths[1] < engine.REC_PADDED_WIDTH / 2
