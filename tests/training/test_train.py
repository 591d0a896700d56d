"""Leave-one-layout-out: folds and calibration grouped by layout."""

from __future__ import annotations

import random

from extractor.training.train import FoldOutput, by_layout, fit_fold_calibrator


def _fold(stem: str, layout: str, seed: int) -> FoldOutput:
    rng = random.Random(seed)
    fold = FoldOutput(stem, {"indicators": []}, layout, {"indicators": []})
    for _ in range(40):
        p = rng.random()
        fold.field_data.append(({"role_prob": p, "field=name": 1.0}, rng.random() < p))
        fold.row_data.append(({"name_prob": p}, rng.random() < p))
    return fold


def test_documents_of_one_layout_form_one_group() -> None:
    folds = [_fold("a", "L1", 1), _fold("b", "L1", 2), _fold("c", "L2", 3)]
    groups = by_layout(folds)
    assert {k: [f.stem for f in v] for k, v in groups.items()} == {"L1": ["a", "b"], "L2": ["c"]}


def test_fold_calibrator_follows_the_reader_probability() -> None:
    folds = [_fold(str(k), f"L{k % 3}", k) for k in range(9)]
    cal = fit_fold_calibrator(folds)
    low, high = cal.field_confidence(
        [{"role_prob": 0.1, "field=name": 1.0}, {"role_prob": 0.95, "field=name": 1.0}]
    )
    assert low < high
