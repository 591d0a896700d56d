"""Scans generated at test time from the example reports (never committed)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extractor.training.scans import Degradation, scan_pages

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEPARTMENT_REPORT = EXAMPLES / "000_29d121b4221180d5.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return DEPARTMENT_REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def scanned_first_page(report_text: str) -> Image.Image:
    """Page 1 of the department self-evaluation, skewed, blurred, noisy, JPEG'd."""
    return scan_pages(report_text, Degradation(skew_degrees=1.2, seed=7), max_pages=1)[0]


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
