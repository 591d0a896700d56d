"""Short table cells, the ones padding decides, are read as written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extractor.ocr.engine import recognise_crops


def _cell(text: str, size: int = 30) -> np.ndarray:
    """``text`` drawn as a table cell's ink crop (BGR, white margins)."""
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
    cells = ["0", "无", "已完成", "≤2300张", "100.00%", "14845.77", "部门预算安排资金（万元）"]
    read = recognise_crops([_cell(t) for t in cells])
    assert [t for t, _ in read] == cells
    assert all(score > 0.8 for _, score in read)


def test_short_cells_read_at_their_own_width_keep_the_padded_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Short lines are read unpadded when sure; what they read is what the
    padded read (every line padded, the threshold above any probability) gives."""
    from extractor.ocr import engine

    cells = ["0", "无", "≤2300张", "≥95%", "100.00%", "已完成", "（万元）", "20", "是"]
    crops = [_cell(t) for t in cells]
    fast = recognise_crops(crops)
    monkeypatch.setattr(engine, "SHORT_LINE_MIN_PROB", 1.01)
    padded = recognise_crops(crops)
    assert [t.strip() for t, _ in fast] == [t.strip() for t, _ in padded]
    assert [t for t, _ in padded] == cells
