"""Calibration material for rebuilt reading order: a training report's tables
rendered as a PDF viewer copies them, and read back as rows."""

from __future__ import annotations

from support import TRAINING

from extractor.training.corpus import load_corpus
from extractor.training.train import interleaved_documents


def test_interleaved_rendering_of_a_training_report_is_rebuilt() -> None:
    gd = next(g for g in load_corpus(TRAINING) if g.stem == "rb_01_b1_water")
    [(doc, gold)] = interleaved_documents(gd)
    assert gold is gd.gold
    rebuilt = [
        [c.text for c in r.cells]
        for b in doc.blocks()
        for r in b.rows
        if any(c.order_guess is not None for c in r.cells)
    ]
    names = {r["name"] for r in gd.gold["indicators"]}
    found = {t for row in rebuilt for t in row}
    # the wrapped names are whole again for most rows
    assert len(names & found) >= len(names) - 2


def test_joined_share_runs_a_viewer_copy_onto_one_line_the_same_way_each_time() -> None:
    from extractor.ingest import load_document
    from extractor.training.interleave import interleaved_text

    gd = next(g for g in load_corpus(TRAINING) if g.stem == "rb_01_b1_water")
    doc = load_document(gd.path)
    lines = interleaved_text(doc).splitlines()
    joined = interleaved_text(doc, joined=1.0, seed=7)
    # every table's viewer lines now stand on one line, in the same order
    assert len(joined.splitlines()) < len(lines) / 3
    assert joined.split() == interleaved_text(doc).split()
    assert interleaved_text(doc, joined=0.5, seed=7) == interleaved_text(doc, joined=0.5, seed=7)
    assert interleaved_text(doc, joined=0.0, seed=7) == interleaved_text(doc)
