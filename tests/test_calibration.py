"""Calibration: probabilities that mean what they say on data not fitted."""

from __future__ import annotations

import random
from pathlib import Path

from extractor.calibration import fit_calibrator, load_calibrator, save_calibrator
from extractor.training.scoring import expected_calibration_error


def synthetic_fold(seed: int, n: int = 400) -> list[tuple[dict[str, float], bool]]:
    """Fields whose reader probability is right about as often as it says."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        p = rng.uniform(0.2, 0.99)
        feats = {"field=name": 1.0, "name|role_prob": p, "reader_logit": (p - 0.5) * 6}
        out.append((feats, rng.random() < p))
    return out


def test_held_out_fold_is_calibrated() -> None:
    folds = [synthetic_fold(s) for s in range(4)]
    cal = fit_calibrator(folds, folds)
    test = synthetic_fold(99, n=3000)
    conf = cal.field_confidence([f for f, _ in test])
    pairs = [(float(c), ok) for c, (_, ok) in zip(conf, test, strict=True)]
    # The oracle knows each field's true probability; sampling noise alone
    # gives it a small ECE, and the calibrator must come close to it.
    oracle = [(f["name|role_prob"], ok) for f, ok in test]
    assert expected_calibration_error(pairs) < expected_calibration_error(oracle) + 0.03
    assert expected_calibration_error(pairs) < 0.05
    assert all(0.0 <= c <= 1.0 for c, _ in pairs)


def test_lower_reader_probability_means_lower_confidence() -> None:
    cal = fit_calibrator([synthetic_fold(s) for s in range(4)], [synthetic_fold(7)])
    low, high = cal.field_confidence(
        [
            {"field=name": 1.0, "name|role_prob": 0.3, "reader_logit": -1.2},
            {"field=name": 1.0, "name|role_prob": 0.95, "reader_logit": 2.7},
        ]
    )
    assert low < high


def test_one_class_data_gives_its_base_rate(tmp_path: Path) -> None:
    only_right = [[({"field=name": 1.0}, True)] * 5]
    cal = fit_calibrator(only_right, only_right)
    assert list(cal.field_confidence([{"field=name": 1.0}])) == [1.0]
    save_calibrator(cal, tmp_path)
    again = load_calibrator(tmp_path)
    assert list(again.row_confidence([{"x": 1.0}])) == [1.0]


def test_round_trip_keeps_predictions(tmp_path: Path) -> None:
    folds = [synthetic_fold(s) for s in range(3)]
    cal = fit_calibrator(folds, folds)
    save_calibrator(cal, tmp_path)
    again = load_calibrator(tmp_path)
    feats = [f for f, _ in synthetic_fold(5, 20)]
    assert list(cal.field_confidence(feats)) == list(again.field_confidence(feats))


def test_ocr_confidence_lowers_the_fields_it_read() -> None:
    from extractor.ingest import load_bytes
    from extractor.pipeline import extract_document

    text = (
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训教师人数\t≥200人\t230人\n"
        "\t\t新建校舍面积\t≥5000平方米\t5200平方米\n"
    )
    clean = extract_document(load_bytes(text.encode(), "t.txt"))
    doc = load_bytes(text.encode(), "t.txt")
    for block in doc.blocks():
        for row in block.rows:
            for cell in row.cells:
                if cell.text.startswith("≥"):
                    cell.ocr_confidence = 0.6
    scanned = extract_document(doc)
    for a, b in zip(clean.indicators, scanned.indicators, strict=True):
        assert b.target.confidence <= 0.6 * a.target.confidence + 1e-4
        assert b.name.confidence == a.name.confidence


def test_inner_folds_are_pooled_whole() -> None:
    from extractor.calibration import MAX_INNER_FOLDS, _pool

    folds = [[({"x": float(i)}, True)] * (i + 1) for i in range(20)]
    pooled = _pool(folds, MAX_INNER_FOLDS)
    assert len(pooled) == MAX_INNER_FOLDS
    assert sum(len(p) for p in pooled) == sum(len(f) for f in folds)
    # every fold lands in one group whole
    for fold in folds:
        assert sum(1 for p in pooled if fold[0] in p) == 1
