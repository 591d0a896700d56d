"""Ruled tables from pixels: ruling lines by morphology, a cell grid from
their positions, merged cells where a grid line is missing between two
neighbouring slots."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A ruling line is at least this share of the page side (longer than any glyph stroke).
MIN_LINE_FRACTION = 1 / 45
# Lines closer than this (pixels) are one line (thick or slightly skewed rules).
MERGE_TOLERANCE = 8
# A table is at least this share of the page wide and this many pixels high.
MIN_TABLE_WIDTH = 0.15
MIN_TABLE_HEIGHT = 30
# A boundary counts as drawn when this share of it is ink in the line mask.
DRAWN_SHARE = 0.6


@dataclass(frozen=True)
class GridCell:
    """A cell of a ruled table: grid slots [row0, row1) x [col0, col1), pixel box."""

    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x < self.x1 and self.y0 <= y < self.y1


@dataclass(frozen=True)
class RuledTable:
    x0: float
    y0: float
    x1: float
    y1: float
    n_rows: int
    n_cols: int
    cells: list[GridCell]

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x < self.x1 and self.y0 <= y < self.y1


def line_masks(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Binary masks of the horizontal and the vertical ruling lines."""
    ink = cv2.adaptiveThreshold(
        255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10
    )
    h, w = grey.shape
    horiz_len = max(int(w * MIN_LINE_FRACTION), 30)
    vert_len = max(int(h * MIN_LINE_FRACTION), 30)
    horiz = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (horiz_len, 1))
    )
    vert = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vert_len))
    )
    # Close small breaks left by noise, blur and residual skew.
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horiz, vert


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Centres of runs of sorted values no further than ``tolerance`` apart."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [float(np.mean(run)) for run in out]


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, float, float]]:
    """(position, start, end) of each line in ``mask``; axis 0 horizontal, 1 vertical."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segs = []
    for x, y, w, h, _area in stats[1:n]:
        if axis == 0:
            segs.append((y + h / 2, float(x), float(x + w)))
        else:
            segs.append((x + w / 2, float(y), float(y + h)))
    return segs


def _drawn(mask: np.ndarray, axis: int, pos: float, start: float, end: float) -> bool:
    """Is the boundary at ``pos`` from ``start`` to ``end`` inked in ``mask``?"""
    p = int(round(pos))
    a, b = int(start), int(end)
    if b - a < 4:
        return True
    # Ignore the ends, where crossing lines always put ink.
    pad = max(2, (b - a) // 8)
    band = (
        mask[p - 4 : p + 5, a + pad : b - pad]
        if axis == 0
        else mask[a + pad : b - pad, p - 4 : p + 5]
    )
    if band.size == 0:
        return True
    along = band.max(axis=0 if axis == 0 else 1)
    return float(np.mean(along > 0)) >= DRAWN_SHARE


def _table_from_region(
    horiz: np.ndarray, vert: np.ndarray, box: tuple[int, int, int, int]
) -> RuledTable | None:
    x, y, w, h = box
    hs = [s for s in _segments(horiz[y : y + h, x : x + w], 0) if s[2] - s[1] > w * 0.1]
    vs = [s for s in _segments(vert[y : y + h, x : x + w], 1) if s[2] - s[1] > min(h * 0.1, 40)]
    # A table has a frame: two rules across most of its width and two down
    # most of its height (glyph strokes never do both).
    if sum(s[2] - s[1] >= w * 0.5 for s in hs) < 2 or sum(s[2] - s[1] >= h * 0.5 for s in vs) < 2:
        return None
    ys = _cluster([s[0] + y for s in hs], MERGE_TOLERANCE)
    xs = _cluster([s[0] + x for s in vs], MERGE_TOLERANCE)
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _drawn(vert, 1, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _drawn(horiz, 0, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for slots in groups.values():
        r0, r1 = min(s[0] for s in slots), max(s[0] for s in slots) + 1
        c0, c1 = min(s[1] for s in slots), max(s[1] for s in slots) + 1
        cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, xs[c0], ys[r0], xs[c1], ys[r1]))
    cells.sort(key=lambda g: (g.row, g.col))
    return RuledTable(xs[0], ys[0], xs[-1], ys[-1], n_rows, n_cols, _drop_overlaps(cells))


def _drop_overlaps(cells: list[GridCell]) -> list[GridCell]:
    # A non-rectangular merge (a missing rule in an odd place) yields
    # overlapping bounding boxes; keep the first cell claiming each slot.
    taken: set[tuple[int, int]] = set()
    out = []
    for cell in cells:
        slots = {
            (r, c)
            for r in range(cell.row, cell.row + cell.row_span)
            for c in range(cell.col, cell.col + cell.col_span)
        }
        if slots & taken:
            continue
        taken |= slots
        out.append(cell)
    return out


def find_tables(grey: np.ndarray) -> list[RuledTable]:
    """Every ruled table on the page, top to bottom."""
    horiz, vert = line_masks(grey)
    joined = cv2.bitwise_or(horiz, vert)
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    tables = []
    page_h, page_w = grey.shape
    for x, y, w, h, _area in stats[1:n]:
        if w < page_w * MIN_TABLE_WIDTH or h < MIN_TABLE_HEIGHT:
            continue
        table = _table_from_region(horiz, vert, (int(x), int(y), int(w), int(h)))
        if table is not None and table.n_rows * table.n_cols >= 2:
            tables.append(table)
    tables.sort(key=lambda t: (t.y0, t.x0))
    return tables
