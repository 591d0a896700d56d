"""Ruled cells with ink but no detected text get a second, direct read."""

from __future__ import annotations

import cv2
import numpy as np

from extractor.ocr.engine import TextBox
from extractor.ocr.fill import recover_empty_cells
from extractor.ocr.grid import find_tables


def _page_with_lone_digit() -> np.ndarray:
    img = np.full((600, 1000), 255, np.uint8)
    for x in (100, 400, 700, 900):
        cv2.line(img, (x, 100), (x, 300), 0, 2)
    for y in (100, 200, 300):
        cv2.line(img, (100, y), (900, y), 0, 2)
    cv2.putText(img, "5", (540, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    cv2.putText(img, "12", (760, 270), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3)
    return img


def test_missed_token_is_read_and_found_cells_are_left_alone() -> None:
    img = _page_with_lone_digit()
    tables = find_tables(img)
    already = [TextBox("12", 0.99, 755, 235, 800, 275)]  # the detector saw this one
    got = recover_empty_cells(img, tables, already)
    assert [b.text for b in got] == ["5"]
    (box,) = got
    assert 400 < box.x0 < box.x1 < 700 and 100 < box.y0 < box.y1 < 200
    assert 0.6 <= box.score <= 1.0


def test_blank_cells_stay_blank() -> None:
    img = _page_with_lone_digit()
    img[110:290, 110:890] = 255  # wipe the text, keep the rules
    cv2.line(img, (100, 200), (900, 200), 0, 2)
    cv2.line(img, (400, 100), (400, 300), 0, 2)
    cv2.line(img, (700, 100), (700, 300), 0, 2)
    assert recover_empty_cells(img, find_tables(img), []) == []


def test_a_box_over_several_short_lines_is_cut_into_lines() -> None:
    from extractor.ocr.engine import split_stacked_lines

    img = np.full((400, 400), 255, np.uint8)
    for k in range(3):
        cv2.putText(img, "AB", (100, 100 + 40 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    stack = np.array([[[95, 70], [150, 70], [150, 190], [95, 190]]], np.float32)
    single = np.array([[[200, 70], [260, 70], [260, 100], [200, 100]]], np.float32)
    quads = np.concatenate([stack, single, single + [0, 30]])
    out = split_stacked_lines(img, quads)
    assert len(out) == 3 + 2
    tops = sorted(float(q[:, 1].min()) for q in out if q[0, 0] < 160)
    assert len(tops) == 3 and tops[1] - tops[0] > 30
