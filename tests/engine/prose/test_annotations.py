from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import TRAINING

from extractor.engine.prose.annotations import load_annotations

SAMPLE = "002_99ad04c7f5e868a1"


def test_sample_002_annotations_load_and_cover_its_indicators() -> None:
    docs = {d.doc_id: d for d in load_annotations(TRAINING / "prose")}
    doc = docs[SAMPLE]
    spans = [(p.text[s.start : s.end], s.label) for p in doc.paragraphs for s in p.spans]
    assert ("新增农村老年人互助照料中心", "NAME") in spans
    assert ("≥100张", "TARGET") in spans
    assert ("122张", "ACTUAL") in spans
    assert ("完场目标值", "CLAIM") in spans
    assert ("年度目标3：兜牢民生底线", "GROUP") in spans
    assert sum(1 for _, label in spans if label == "CLAIM") >= 25


def test_bad_offsets_are_rejected(tmp_path: Path) -> None:
    row = {"doc_id": "x", "text": "新增床位", "spans": [{"start": 0, "end": 9, "label": "NAME"}]}
    (tmp_path / "x.jsonl").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="x.jsonl:1"):
        load_annotations(tmp_path)
