"""The trained role scorer's fast paths give what the sklearn pipeline gives."""

from __future__ import annotations

import numpy as np
from support import EXAMPLES

from extractor.engine.role_model import TrainedRoleScorer, build_role_pipeline, cell_features
from extractor.engine.roles import align_row_scored, align_row_with_score, rows_log_probs
from extractor.ingest import load_document
from extractor.segment import find_table_regions
from extractor.types import Cell


def _sample_rows() -> tuple[list[list[Cell]], list[str | None]]:
    doc = load_document(EXAMPLES / "000_29d121b4221180d5.txt")
    region = next(r for r in find_table_regions(doc) if r.kind == "indicator")
    rows = [[c for c in r.cells if c.text.strip()] for r in region.rows]
    return [r for r in rows if len(r) >= 2], region.columns


def _scorer_and_features():  # type: ignore[no-untyped-def]
    rows, columns = _sample_rows()
    cells = [c for r in rows for c in r]
    feats = [cell_features(c, columns) for c in cells]
    # Labels from the header role under each cell: enough classes to fit.
    labels = [columns[c.col] or "other" if c.col < len(columns) else "other" for c in cells]
    pipeline = build_role_pipeline().fit(feats, labels)
    return TrainedRoleScorer(pipeline), feats, rows, columns, pipeline


def test_rows_built_per_cell_score_as_the_fitted_pipeline() -> None:
    scorer, feats, rows, columns, pipeline = _scorer_and_features()
    cells = [c for r in rows for c in r]
    lp = scorer._predict_log_proba(cells, columns)  # content part cached per text
    assert np.array_equal(lp, pipeline.predict_log_proba(feats))
    shifted = [None, *columns]  # a second header reading: the cache must not leak
    again = scorer._predict_log_proba(cells, shifted)
    expected = pipeline.predict_log_proba([cell_features(c, shifted) for c in cells])
    assert np.array_equal(again, expected)


def test_cached_rows_are_the_rows_a_fresh_batch_gives() -> None:
    scorer, _, rows, columns, _ = _scorer_and_features()
    cells = [c for r in rows for c in r]
    whole = scorer.log_probs(cells, columns)  # every row scored in one batch
    fresh, _, _, _, _ = _scorer_and_features()
    for k in range(0, len(cells), 3):  # the same cells asked for a few at a time
        part = fresh.log_probs(cells[k : k + 3], columns)
        assert np.array_equal(part, whole[k : k + 3])
    again = scorer.log_probs(cells, columns)  # all from the cache
    assert np.array_equal(again, whole)
    shifted = scorer.log_probs(cells, [None, *columns])  # another header: not the cached rows
    assert not np.array_equal(shifted, whole)


def test_alignment_places_every_cell_under_its_header() -> None:
    scorer, _, rows, columns, _ = _scorer_and_features()
    named = 0
    for cells, logp in zip(rows, rows_log_probs(rows, columns, scorer), strict=True):
        assigned, score = align_row_scored(cells, columns, logp)
        assert [a.cell for a in assigned] == cells  # each cell placed or skipped once
        assert score <= sum(a.log_prob for a in assigned) + 1e-9  # penalties only subtract
        shifted, _ = align_row_with_score(cells, columns, logp)
        names = [a.cell for a in shifted if a.role == "name"]
        assert len(names) <= 1
        named += bool(names) and columns[names[0].col] == "name"
    assert named >= len(rows) // 2
