"""RapidOCR (PP-OCRv4, ONNX Runtime, models inside the wheel) on one page image.

The page-level work RapidOCR leaves to the caller lives here: the page is
turned upright (a sideways page shows as tall text boxes, an upside-down one
as text lines the angle classifier flips) and deskewed (the rotation giving
the sharpest row profile of ink), so every box comes back in one upright,
straight frame. Detection runs on a downscaled copy; boxes spanning several
lines are cut into lines, and long lines are read in pieces cut at blank gaps.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np

# The angle classifier is only asked about this many of the longest lines.
ORIENTATION_SAMPLE = 16
MIN_SKEW_DEGREES = 0.15
# 1440 px keeps 10 pt text at ~17 px for the detector: same boxes, a third of the time.
DET_MAX_SIDE = 1440
MAX_SKEW_DEGREES = 5.0
# Skew is measured on a copy this long (0.05 degree over 1200 px is one pixel).
SKEW_SIDE = 1200
SKEW_POINTS = 80_000

# Lines longer than LONG_LINE_RATIO heights are read in pieces of about
# LONG_LINE_PIECE heights.
LONG_LINE_RATIO = 24
LONG_LINE_PIECE = 14
# A box this many times taller than wide, or than the page's median line,
# may be a stack of short lines.
STACKED_RATIO = 1.5
STACKED_HEIGHT = 1.6

# Lines are recognised one a call: a batch is padded to its widest line, and
# even a batch of equal widths costs 1.1-2.7x the CPU of the same lines read
# one by one (ONNX Runtime on CPU; bench/profile.md).
# RapidOCR pads every line to at least 320 px (6.7 heights) wide, so a
# table's short cells cost as much as a full line; read at their own width
# they cost 0.4x, but some symbols read differently ("≤2300张" as "<2300张",
# a lone "0" as "o"). So a short line is read at its own width first and
# kept only when its least sure character is at least SHORT_LINE_MIN_PROB
# sure; otherwise it is read again padded, as before (5-8% of short lines).
# The readings that differ from the padded ones, whitespace ignored, were at
# most 0.57 sure on scans of the n_* training reports (bench/ocr_short_lines.py)
# and at most 0.77 on the benchmark's 000 and 001 pages (bench/profile.md);
# 0.9 is above both.
SHORT_LINE_MIN_PROB = 0.9

_lock = threading.Lock()


@dataclass(frozen=True)
class TextBox:
    """One recognised text line, in pixels of the upright page image."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class PageRead:
    """The upright, deskewed page (grey) and its text boxes."""

    image: np.ndarray
    boxes: list[TextBox]
    rotation: int  # degrees the page was turned counter-clockwise to stand upright
    skew: float  # degrees of skew removed


@cache
def ocr_engine() -> Any:
    """The process-wide RapidOCR instance (loading takes ~0.2 s), its ONNX
    Runtime sessions built without thread spinning (``_quiet_sessions``)."""
    from rapidocr_onnxruntime import RapidOCR

    with _quiet_sessions():
        return RapidOCR(rec_batch_num=1)


@contextmanager
def _quiet_sessions() -> Iterator[None]:
    """ONNX Runtime's worker threads spin while waiting for work by default:
    on a machine whose cores are shared (batch workers, other jobs) the
    spinning costs as much CPU as the recogniser itself (bench/ocr.py: 40%
    of the CPU time of a page) and slows the other processes. RapidOCR
    builds its sessions in ``OrtInferSession._init_sess_opts``; the options
    it returns get spinning turned off while the engine is built."""
    from rapidocr_onnxruntime.utils import infer_engine

    cls = infer_engine.OrtInferSession
    original = cls.__dict__["_init_sess_opts"]

    def options(config: dict[str, Any]) -> Any:
        opts = original.__func__(config)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    cls._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        cls._init_sess_opts = original


def _detect(img: np.ndarray) -> np.ndarray:
    """Text-line quads in ``img`` pixels, detected on a copy no longer than
    DET_MAX_SIDE (detection cost grows with area; recognition still reads
    crops of the full-resolution page)."""
    scale = min(1.0, DET_MAX_SIDE / max(img.shape[:2]))
    small = (
        img
        if scale == 1.0
        else cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    boxes, _ = ocr_engine().text_det(small)
    if boxes is None or len(boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    return (np.asarray(boxes, dtype=np.float32) / scale).astype(np.float32)


def _sideways(quads: np.ndarray) -> bool:
    """Most clearly elongated boxes stand upright: the page lies on its side."""
    w = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    h = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    tall = int(np.sum(h > 2 * w))
    wide = int(np.sum(w > 2 * h))
    return tall > wide


def _upside_down(img: np.ndarray, quads: np.ndarray) -> bool:
    eng = ocr_engine()
    length = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    longest = quads[np.argsort(-length)[:ORIENTATION_SAMPLE]]
    crops = eng.get_crop_img_list(img, list(longest))
    _, labels, _ = eng.text_cls(crops)
    flipped = sum(1 for label, score in labels if label == "180" and score > 0.8)
    return flipped > len(labels) / 2


def _profile_score(xs: np.ndarray, ys: np.ndarray, degrees: float) -> float:
    """Sharpness of the row profile of ink points turned by ``degrees``
    (counter-clockwise, as ``cv2.getRotationMatrix2D``)."""
    t = np.radians(degrees)
    rows = np.round(ys * np.cos(t) - xs * np.sin(t)).astype(np.int64)
    counts = np.bincount(rows - rows.min()).astype(np.float64)
    return float(np.sum(np.diff(counts) ** 2))


def _skew_degrees(img: np.ndarray) -> float:
    """The page's skew from its ink: the rotation that makes the row profile
    sharpest (text lines and rules fall into few rows), coarse then fine.
    Positive means the page must turn counter-clockwise to stand straight."""
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    scale = min(1.0, SKEW_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(xs) < 100:
        return 0.0
    step = max(1, len(xs) // SKEW_POINTS)
    xs, ys = xs[::step].astype(np.float64), ys[::step].astype(np.float64)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_score(xs, ys, float(a)))
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    angle = float(max(fine, key=lambda a: _profile_score(xs, ys, float(a))))
    return angle if abs(angle) >= MIN_SKEW_DEGREES else 0.0


def _rotate(img: np.ndarray, quads: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate the image about its centre (same size, white fill) and the quads with it."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    pts = np.concatenate([quads, np.ones((*quads.shape[:2], 1), np.float32)], axis=2)
    return out, (pts @ m.T).astype(np.float32)


def _ink_bands(grey: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges holding ink (text lines) in a crop, top to bottom."""
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    has_ink = ink.sum(axis=1) > max(1, ink.shape[1] // 50)
    bands: list[list[int]] = []
    for y, on in enumerate(has_ink):
        if not on:
            continue
        if bands and y - bands[-1][1] <= 2:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    return [(a, b + 1) for a, b in bands if b + 1 - a >= 4]


def _covered(quad: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> bool:
    """Is at least half of ``quad``'s box inside the box ``lo``-``hi``?"""
    qlo, qhi = quad.min(axis=0), quad.max(axis=0)
    inter = np.clip(np.minimum(qhi, hi) - np.maximum(qlo, lo), 0, None)
    area = float(np.prod(qhi - qlo))
    return area > 0 and float(np.prod(inter)) >= 0.5 * area


def split_stacked_lines(img: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """Cut boxes holding several text lines into one box a line.

    In narrow table cells with tight leading the detector often boxes two or
    more short lines ("办公 / 设备 / 购置") as one region, which the recogniser
    reads as one garbled line (or sideways, when tall). A box much taller
    than the page's typical line is split at the blank rows between its lines.
    """
    if not len(quads):
        return quads
    heights = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    widths = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    line_height = float(np.median(heights))
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    out = []
    tall = (heights >= STACKED_HEIGHT * line_height) | (heights >= STACKED_RATIO * widths)
    kept = [(q.min(axis=0), q.max(axis=0)) for q, t in zip(quads, tall, strict=True) if not t]
    for quad, is_tall in zip(quads, tall, strict=True):
        if not is_tall:
            out.append(quad)
            continue
        x0, y0 = (max(int(v), 0) for v in np.floor(quad.min(axis=0)))
        x1, y1 = (int(v) for v in np.ceil(quad.max(axis=0)))
        bands = _ink_bands(grey[y0:y1, x0:x1]) if x1 > x0 and y1 > y0 else []
        if len(bands) < 2:
            out.append(quad)
            continue
        for a, b in bands:
            top, bottom = y0 + a - 2, y0 + b + 2
            strip = np.array([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], np.float32)
            # The detector sometimes also boxed this line alone: keep that box.
            if not any(_covered(strip, lo, hi) for lo, hi in kept):
                out.append(strip)
    return np.asarray(out, dtype=np.float32).reshape(-1, 4, 2)


def _gap_cuts(crop: np.ndarray) -> list[int]:
    """Columns at which a long line crop can be cut between characters: a
    blank gap near every LONG_LINE_PIECE heights of width."""
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    h, w = grey.shape
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    blank = ink[h // 6 : h - h // 6].sum(axis=0) == 0
    cuts: list[int] = []
    target = LONG_LINE_PIECE * h
    while target < w - LONG_LINE_PIECE * h / 2:
        window = range(
            max(int(target - h), (cuts[-1] if cuts else 0) + h), min(int(target + h), w - h)
        )
        gaps = [x for x in window if blank[x] and blank[x - 1] and blank[min(x + 1, w - 1)]]
        if gaps:
            cut = min(gaps, key=lambda x: abs(x - target))
            cuts.append(cut)
            target = cut + LONG_LINE_PIECE * h
        else:
            target += h
    return cuts


def _rec_input(crop: np.ndarray, width: int, height: int) -> np.ndarray:
    """``crop`` scaled to ``height`` px high (at most ``width`` wide), scaled
    to [-1, 1] and padded on the right to ``width`` (RapidOCR's
    ``resize_norm_img``, so a padded read is exactly RapidOCR's)."""
    h, w = crop.shape[:2]
    scaled = min(width, math.ceil(height * w / h))
    img = cv2.resize(crop, (scaled, height)).astype(np.float32).transpose((2, 0, 1)) / 255
    img -= 0.5
    img /= 0.5
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :scaled] = img
    return out


def _read_line(crop: np.ndarray, width: int) -> tuple[str, float, float]:
    """Text, mean score and the least sure character's probability of one
    line read at ``width`` px."""
    rec = ocr_engine().text_rec
    preds = rec.session(_rec_input(crop, width, rec.rec_image_shape[1])[np.newaxis])[0]
    text, score = rec.postprocess_op(preds)[0][:2]
    best, prob = preds[0].argmax(axis=1), preds[0].max(axis=1)
    # CTC: a character is a non-blank step that differs from the step before.
    emitted = (best != 0) & np.r_[True, best[1:] != best[:-1]]
    return str(text), float(score), float(prob[emitted].min()) if emitted.any() else 0.0


def _recognise(pieces: list[np.ndarray]) -> list[tuple[str, float]]:
    """Text and score of each line crop: lines shorter than the recogniser's
    padded width read at their own width when sure (SHORT_LINE_MIN_PROB),
    else padded; longer lines at their own width (as RapidOCR reads them)."""
    height, padded = ocr_engine().text_rec.rec_image_shape[1:3]
    out = []
    for crop in pieces:
        h, w = crop.shape[:2]
        width = int(height * max(padded / height, w / h))
        own = math.ceil(height * w / h)
        if own < width:
            text, score, weakest = _read_line(crop, own)
            if weakest >= SHORT_LINE_MIN_PROB:
                out.append((text, score))
                continue
        text, score, _ = _read_line(crop, width)
        out.append((text, score))
    return out


def recognise_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognise line crops, long ones in pieces cut at blank gaps.

    The recogniser's cost grows faster than the line's width (it attends over
    the whole line), so a full-width prose line read in three pieces costs
    about half; cuts fall only between characters, so the text is the same.
    """
    pieces: list[np.ndarray] = []
    owner: list[int] = []
    for i, crop in enumerate(crops):
        h, w = crop.shape[:2]
        cuts = _gap_cuts(crop) if w > LONG_LINE_RATIO * h else []
        bounds = [0, *cuts, w]
        for a, b in zip(bounds, bounds[1:], strict=False):
            pieces.append(crop[:, a:b])
            owner.append(i)
    texts: list[list[tuple[str, float]]] = [[] for _ in crops]
    for i, read in zip(owner, _recognise(pieces), strict=True):
        texts[i].append(read)
    out = []
    for parts in texts:
        text = "".join(t for t, _ in parts)
        n = sum(len(t) for t, _ in parts)
        score = sum(sc * len(t) for t, sc in parts) / n if n else 0.0
        out.append((text, score))
    return out


def read_page(image: np.ndarray) -> PageRead:
    """OCR one page image (grey or BGR), returning boxes in the upright, deskewed frame."""
    img = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    with _lock:  # one ONNX session set per process; calls are not re-entrant
        quads = _detect(img)
        rotation = 0
        if len(quads) and _sideways(quads):
            img = np.ascontiguousarray(np.rot90(img))  # counter-clockwise
            rotation = 90
            quads = _detect(img)
        if len(quads) and _upside_down(img, quads):
            img = np.ascontiguousarray(np.rot90(img, 2))
            rotation = (rotation + 180) % 360
            quads = _detect(img)
        skew = _skew_degrees(img) if len(quads) else 0.0
        quads = split_stacked_lines(img, quads)
        crops = ocr_engine().get_crop_img_list(img, list(quads)) if len(quads) else []
        rec = recognise_lines(crops)
    upright = img
    if skew:
        upright, quads = _rotate(img, quads, skew)
    boxes = []
    for quad, (text, score) in zip(quads, rec, strict=True):
        text = str(text).strip()
        if not text:
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        boxes.append(
            TextBox(
                text,
                float(score),
                float(xs.min()),
                float(ys.min()),
                float(xs.max()),
                float(ys.max()),
            )
        )
    boxes.sort(key=lambda b: (b.cy, b.x0))
    grey = cv2.cvtColor(upright, cv2.COLOR_BGR2GRAY)
    return PageRead(image=grey, boxes=boxes, rotation=rotation, skew=skew)


def recognise_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The recogniser alone on already-cut text images (BGR)."""
    if not crops:
        return []
    with _lock:
        return _recognise(crops)


def read_page_plain(image: np.ndarray) -> list[tuple[str, float]]:
    """RapidOCR's own full pipeline on the page (the benchmark's baseline)."""
    with _lock:
        result, _ = ocr_engine()(image)
    return [(str(r[1]), float(r[2])) for r in result or []]
