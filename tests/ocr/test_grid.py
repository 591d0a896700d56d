"""Ruled tables from pixels: grid, merged cells, skew tolerance, no false tables."""

from __future__ import annotations

import cv2
import numpy as np

from extractor.ocr.grid import find_tables


def _draw_table(
    xs: list[int], ys: list[int], missing_v: set[tuple[int, int]], missing_h: set[tuple[int, int]]
) -> np.ndarray:
    """White page with a ruled grid; ``missing_v`` (row, boundary col) and
    ``missing_h`` (boundary row, col) are rules left out (merged cells)."""
    img = np.full((900, 1200), 255, np.uint8)
    for i, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, i) not in missing_v:
                cv2.line(img, (x, ys[r]), (x, ys[r + 1]), 0, 2)
    for j, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (j, c) not in missing_h:
                cv2.line(img, (xs[c], y), (xs[c + 1], y), 0, 2)
    return img


XS = [100, 300, 500, 700, 900]
YS = [100, 160, 220, 280, 340]


def test_plain_grid() -> None:
    (table,) = find_tables(_draw_table(XS, YS, set(), set()))
    assert (table.n_rows, table.n_cols) == (4, 4)
    assert len(table.cells) == 16
    assert all(c.row_span == c.col_span == 1 for c in table.cells)


def test_merged_cells_get_spans() -> None:
    # Column 0 merged over rows 1-3 (a category cell); row 0 cols 1-2 merged (a header).
    img = _draw_table(XS, YS, missing_v={(0, 2)}, missing_h={(2, 0), (3, 0)})
    (table,) = find_tables(img)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells}
    assert spans[(1, 0)] == (3, 1)
    assert spans[(0, 1)] == (1, 2)
    assert (2, 0) not in spans and (0, 2) not in spans
    assert len(table.cells) == 16 - 2 - 1


def test_noisy_slightly_skewed_table_keeps_its_grid() -> None:
    img = _draw_table(XS, YS, set(), set())
    m = cv2.getRotationMatrix2D((600, 450), 0.3, 1.0)
    img = cv2.warpAffine(img, m, (1200, 900), borderValue=255)
    rng = np.random.default_rng(1)
    img = np.clip(img + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)
    img = cv2.GaussianBlur(img, (3, 3), 0.8)
    (table,) = find_tables(img)
    assert (table.n_rows, table.n_cols) == (4, 4)


def test_text_only_page_has_no_table() -> None:
    img = np.full((900, 1200), 255, np.uint8)
    for k in range(10):
        cv2.putText(
            img, "Budget line 12345 -- done", (80, 80 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2
        )
    assert find_tables(img) == []
