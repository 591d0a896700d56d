"""Held-out folds read a traditional-character report as the engine does: through
its simplified view (the fold figures of c3-traditional were measured on the
original characters, which no model reads)."""

from __future__ import annotations

from collections import Counter

from support import TRAINING

from extractor.engine.models import load_models
from extractor.ingest import load_bytes
from extractor.training.corpus import load_corpus
from extractor.training.labels import labelled_cells
from extractor.training.scoring import field_outcomes
from extractor.training.traditional import learning_view, traditional_rendering
from extractor.training.train import outcomes


def _traditional(stem: str):  # type: ignore[no-untyped-def]
    gd = next(g for g in load_corpus(TRAINING) if g.stem == stem)
    text, gold = traditional_rendering(gd.path.read_text(encoding="utf-8"), gd.gold)
    return gd, load_bytes(text.encode("utf-8"), f"{stem}.txt"), gold


def test_models_learn_from_the_simplified_view_with_its_gold() -> None:
    gd, doc, gold = _traditional("h01_education_project")
    plain = Counter(
        role for _, role in labelled_cells(load_bytes(gd.path.read_bytes(), "a.txt"), gd.gold)
    )
    view, view_gold = learning_view(doc, gold)
    assert "產" not in view.text and "产出指标" in view.text
    got = Counter(role for _, role in labelled_cells(view, view_gold))
    assert got == plain  # every cell labelled as in the simplified original


def test_fold_outcomes_read_the_simplified_view() -> None:
    _, doc, gold = _traditional("h01_education_project")
    out = outcomes("h01", doc, gold, load_models(None))
    ok = [good for _, _, _, good, _ in field_outcomes(gold, out.pred)]
    assert len(ok) > 20 and sum(ok) / len(ok) >= 0.95
    names = {r["name"]["value"] for r in out.pred["indicators"]}
    assert {r["name"] for r in gold["indicators"]} <= names  # given back as written (繁體)
