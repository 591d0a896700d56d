"""train_prose end to end on a tiny budget: it trains, saves a loadable
pipeline and reports held-out metrics (quality is measured elsewhere)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from support import TRAINING

from extractor.engine.prose import load_prose, train_prose
from extractor.engine.prose.train import (
    MIXED_DOCS,
    VARIANTS_PER_DEPARTMENT,
    is_held_out,
    is_renamed,
    oversampled,
    training_and_test_docs,
)


def test_held_out_matches_documents_and_departments() -> None:
    held = {"gen-交通", "002_99ad04c7f5e868a1"}
    assert is_held_out("gen-交通-3", held)
    assert is_held_out("002_99ad04c7f5e868a1", held)
    assert not is_held_out("gen-水利-3", held)


def test_tiny_training_run_writes_a_loadable_model(tmp_path: Path) -> None:
    out = tmp_path / "prose"
    metrics = train_prose(
        TRAINING / "prose",
        out,
        held_out={"gen-交通"},
        max_steps=20,
        variants_per_department=1,
        mixed_docs=1,
    )
    assert {"NAME_p", "NAME_r", "NAME_f", "micro_f"} <= set(metrics)
    assert metrics["test_paragraphs"] > 0 and metrics["train_paragraphs"] > 100
    saved = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert saved["micro_f"] == metrics["micro_f"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["extractor_prose"]["held_out"] == ["gen-交通"]
    assert all(d.startswith("gen-交通-") for d in meta["extractor_prose"]["test_docs"])
    load_prose(out)  # the registered suggester makes the saved config resolvable


def test_group_headings_trained_at_least_as_often_as_level1_headings() -> None:
    """GROUP is rare (one or two headings a goal); below LEVEL1's count of
    training paragraphs a retrain learned it or not by luck (scores ~0)."""
    train, _ = training_and_test_docs(
        TRAINING / "prose", set(), VARIANTS_PER_DEPARTMENT, MIXED_DOCS
    )
    with_label: Counter[str] = Counter()
    for doc in train:
        annotated = not doc.doc_id.startswith("gen-") and not is_renamed(doc.doc_id)
        for para in oversampled(doc.paragraphs, annotated):
            with_label.update({s.label for s in para.spans})
    assert with_label["GROUP"] >= with_label["LEVEL1"] > 0


def test_training_refuses_a_folder_without_annotated_reports(tmp_path: Path) -> None:
    # training_data instead of training_data/prose trained on generated text only
    with pytest.raises(ValueError, match="no annotated reports"):
        train_prose(tmp_path, tmp_path / "out", max_steps=1)
