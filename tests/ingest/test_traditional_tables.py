"""Tables rebuilt from text (column runs, space-separated rows) are found in
traditional characters as in simplified: ingest looks for them in the
simplified view, while the document keeps its characters as written.

The reports are training replicas of corpus k (column runs) and s (space
rows), converted to traditional characters by OpenCC as conversion sites do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from opencc import OpenCC

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

DOCS = Path(__file__).resolve().parents[2] / "training_data" / "docs"
TO_TRADITIONAL = OpenCC("s2t")
TO_SIMPLIFIED = OpenCC("t2s")


def _rows(text: str) -> list[tuple[str, str, str]]:
    ex = extract_document(load_bytes(text.encode("utf-8"), "report.txt"))
    return [
        (str(r.name.value or ""), r.target.text or "", r.actual.text or "") for r in ex.indicators
    ]


@pytest.mark.parametrize("stem", ["rk_01_k1_column_runs_library", "rs_03_s3_justice_explain"])
def test_a_text_table_in_traditional_characters_reads_as_in_simplified(stem: str) -> None:
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    simplified = _rows(text)
    traditional = _rows(TO_TRADITIONAL.convert(text))
    assert simplified
    # the same rows, written as the document writes them
    assert [tuple(TO_SIMPLIFIED.convert(s) for s in row) for row in traditional] == simplified
    assert any(row != tuple(TO_SIMPLIFIED.convert(s) for s in row) for row in traditional)
