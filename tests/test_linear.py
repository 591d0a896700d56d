"""The models stored as arrays score as the fitted scikit-learn objects, bit for bit."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from scipy.special import expit as scipy_expit
from sklearn.feature_extraction import DictVectorizer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from extractor.engine.textclf import TextModel, build_pipeline
from extractor.linear import IsotonicMap, LinearModel, expit


def _features(rng: random.Random, n: int) -> list[dict[str, object]]:
    words = ["产出", "效益", "满意度", "数量", "质量", "时效", "成本"]
    out: list[dict[str, object]] = []
    for _ in range(n):
        f: dict[str, object] = {f"w={rng.choice(words)}": 1.0, "len": rng.random()}
        f["kind"] = rng.choice(["numeric", "range", "qualitative"])  # a string value
        f["flag"] = rng.random() < 0.3  # a bool, as signals often are
        if rng.random() < 0.2:
            f["never_seen_in_training"] = 1.0
        out.append(f)
    return out


def _fit(labels: list[str], feats: list[dict[str, object]]) -> Pipeline:
    model = Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression(max_iter=500))])
    return model.fit(feats, labels)


def test_binary_and_multinomial_match_sklearn_exactly_after_a_json_round_trip() -> None:
    rng = random.Random(7)
    train = _features(rng, 200)
    train_only = [{k: v for k, v in f.items() if k != "never_seen_in_training"} for f in train]
    test = _features(rng, 50)
    binary = _fit([str(f["kind"] == "range") for f in train], train_only)
    multi = _fit([str(f["w=产出"] if "w=产出" in f else f["kind"]) for f in train], train_only)
    for model in (binary, multi):
        linear = LinearModel.from_json(
            json.loads(json.dumps(LinearModel.from_pipeline(model).to_json()))
        )
        vec = model.named_steps["vec"]
        indices, values, indptr = linear.vectorize(test)
        matrix = vec.transform(test)
        matrix.sort_indices()
        assert np.array_equal(np.diff(indptr), np.diff(matrix.indptr))
        assert sorted(zip(indices, values, strict=True)) == sorted(
            zip(matrix.indices, matrix.data, strict=True)
        )
        assert np.array_equal(linear.predict_proba(test), model.predict_proba(test))
        assert list(linear.classes_) == list(model.classes_)
    assert LinearModel.from_pipeline(binary).predict_proba(test).shape == (50, 2)
    assert LinearModel.from_pipeline(multi).predict_proba([]).shape[0] == 0


def test_expit_is_scipys_including_where_exp_overflows() -> None:
    x = np.concatenate([np.random.default_rng(0).normal(0, 30, 5000), [-709.5, -710, -800, 800]])
    assert np.array_equal(expit(x), scipy_expit(x))


def test_isotonic_map_predicts_as_the_regression_inside_and_outside_its_range() -> None:
    rng = np.random.default_rng(3)
    scores = rng.random(300)
    truth = rng.random(300) < scores
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, truth)
    mapped = IsotonicMap.from_json(json.loads(json.dumps(IsotonicMap.from_sklearn(iso).to_json())))
    probe = np.concatenate([rng.random(500), [-1.0, 0.0, 1.0, 2.0], iso.X_thresholds_])
    assert np.array_equal(mapped.predict(probe), iso.predict(probe))


@pytest.mark.parametrize("n_labels", [2, 3])
def test_text_model_scores_as_the_calibrated_pipeline(n_labels: int) -> None:
    rng = random.Random(5)
    stems = ["已完成", "未完成", "部分完成", "不适用", "达到预期", "基本完成"]
    texts, labels, groups = [], [], []
    for g in range(40):
        stem = stems[g % len(stems)]
        for _ in range(4):
            noisy = "".join(c if rng.random() > 0.2 else rng.choice("末先戌成") for c in stem)
            texts.append(noisy + rng.choice(["", "。", " 目标", "（已）"]))
            labels.append(f"c{(g % len(stems)) % n_labels}")
            groups.append(f"g{g}")
    pipeline = build_pipeline(groups).fit(texts, labels)
    model = TextModel(json.loads(json.dumps(TextModel.from_pipeline(pipeline).to_json())))
    probe = [*texts[:50], "", "  ", "完成完成完成", "ＡＢＣ１２３", "从未见过的句子"]
    assert np.array_equal(model.predict_proba(probe), pipeline.predict_proba(probe))
    assert list(model.classes_) == list(pipeline.classes_)
