"""The shipped model on variants it never saw (seeds outside the training range).

Each case renders a sample report in another way (HTML, markdown, one cell a
line, other department's vocabulary, drifted rows) and checks that the
indicators still come out. These are not honest held-out figures (the model
saw other variants of the same reports); ``extractor train``'s
leave-one-document-out table is. They guard against regressions per layout.
"""

from __future__ import annotations

import pytest
from support import TRAINING, gold_for

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.training.scoring import score_documents
from extractor.training.variants import apply

CASES = [
    ("000_29d121b4221180d5", ["to_html"]),
    ("000_29d121b4221180d5", ["to_markdown"]),
    ("000_29d121b4221180d5", ["swap_department_vocabulary", "shift_rows_left"]),
    ("000_29d121b4221180d5", ["change_numbers", "to_cell_lines"]),
    ("002_99ad04c7f5e868a1", ["swap_department_vocabulary", "to_tab_rows"]),
    ("001_e29b54d99e7d5cbf", ["change_year", "swap_width"]),
]


@pytest.mark.parametrize(("stem", "transforms"), CASES)
def test_variant_extracts(stem: str, transforms: list[str]) -> None:
    gold = gold_for(stem)
    text = (TRAINING / "docs" / gold["doc"]).read_text(encoding="utf-8")
    vtext, vgold = apply(text, gold, transforms, seed=987654)
    ex = extract_document(load_bytes(vtext.encode("utf-8"), f"{stem}.variant.txt"))
    report = score_documents([(stem, vgold, ex.to_json_dict())])
    assert report["recall"] >= 0.85, (transforms, report)
    assert report["all_fields"] >= 0.85, (transforms, report)
    assert ex.year.value == vgold["year"]
