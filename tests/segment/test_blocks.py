"""The block classifier on a layout held out of its training."""

from __future__ import annotations

from pathlib import Path

from support import TRAINING

from extractor.ingest import load_document
from extractor.segment.blocks import (
    BLOCK_LABELS,
    block_labels,
    fit_block_classifier,
    load_block_classifier,
    save_block_classifier,
)
from extractor.training.corpus import load_corpus


def test_indicator_table_of_an_unseen_form(tmp_path: Path) -> None:
    corpus = load_corpus(TRAINING)
    train = [(load_document(g.path), g.gold) for g in corpus if g.stem != "h01_education_project"]
    clf = fit_block_classifier([(doc, block_labels(doc, gold)) for doc, gold in train])
    held = next(g for g in corpus if g.stem == "h01_education_project")
    doc = load_document(held.path)
    got = clf.classify(doc)
    assert all(label in BLOCK_LABELS and 0 <= p <= 1 for label, p in got)
    tables = [lab for (lab, _), b in zip(got, doc.blocks(), strict=True) if b.rows]
    assert "indicator_table" in tables
    save_block_classifier(clf, tmp_path)
    assert load_block_classifier(tmp_path).classify(doc) == got


def test_gold_labels_mark_where_indicators_are() -> None:
    corpus = {g.stem: g for g in load_corpus(TRAINING)}
    prose = corpus["002_99ad04c7f5e868a1"]
    labels = block_labels(load_document(prose.path), prose.gold)
    assert labels.count("indicator_prose") >= 30
    assert "indicator_table" in labels
