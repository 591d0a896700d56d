"""Every bomb, run in a subprocess whose address space is capped far below
what the bomb would take, ends in a clear error or a bounded partial result
with a warning: never a MemoryError, a traceback or a timeout.

The limits: imports take ~580 MB of address space (~900 MB with the OCR
engine), so each child gets 600 MB more. Unguarded, the zip bombs below need
several GB (python-docx holds the inflated XML and its tree), the sheet a
billion slots, the text ~60x its size.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor.ingest import hostile, testing

LIMIT_MB = 1200
OCR_LIMIT_MB = 1500
TIMEOUT = 120.0


def _sample() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in testing.sample_paths())


BOMBS: list[tuple[str, Callable[[], bytes], set[str]]] = [
    ("bomb.docx", lambda: hostile.docx_bomb(512 << 20), {"decompression_bomb"}),
    ("bz.docx", lambda: hostile.docx_bomb(200 << 20, zipfile.ZIP_BZIP2), {"decompression_bomb"}),
    ("bomb.xlsx", lambda: hostile.xlsx_bomb(512 << 20), {"decompression_bomb"}),
    ("bz.xlsx", lambda: hostile.xlsx_bomb(200 << 20, zipfile.ZIP_BZIP2), {"decompression_bomb"}),
    ("far.xlsx", hostile.xlsx_far_cells, {"ok"}),
    ("pages.pdf", lambda: hostile.pdf_image_pages(1500), {"file_too_large"}),
    ("big.txt", lambda: hostile.big_text(8 << 20, _sample()), {"file_too_large"}),
]


@pytest.mark.parametrize(("name", "build", "expected"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bomb_ends_in_a_clear_error_under_a_memory_limit(
    tmp_path: Path, name: str, build: Callable[[], bytes], expected: set[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(build())
    result = hostile.load_limited(path, LIMIT_MB, TIMEOUT)
    assert result["outcome"] in expected, result
    assert "MemoryError" not in str(result.get("message", ""))
    if result["outcome"] == "ok":
        assert result["warnings"], result


def test_many_frame_tiff_is_read_lazily_within_the_ocr_budget(tmp_path: Path) -> None:
    path = tmp_path / "frames.tiff"
    path.write_bytes(hostile.tiff_frames(100))
    result = hostile.load_limited(path, OCR_LIMIT_MB, TIMEOUT, env={"EXTRACTOR_MAX_OCR_PAGES": "2"})
    # Blank frames: OCR finds no text (a clear error), or a partial result.
    assert result["outcome"] in {"empty_document", "ok"}, result
    if result["outcome"] == "ok":
        assert "ocr_limit" in result["warnings"]  # type: ignore[operator]


def test_many_frame_tiff_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "frames.tiff"
    path.write_bytes(hostile.tiff_frames(100))
    result = hostile.load_limited(path, LIMIT_MB, TIMEOUT, env={"EXTRACTOR_MAX_PAGES": "50"})
    assert result["outcome"] == "file_too_large", result
