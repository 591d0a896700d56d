"""The direct linear scoring gives scikit-learn's probabilities bit for bit."""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from extractor.linear import predict_proba, vectorize


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


def test_binary_and_multinomial_match_sklearn_exactly() -> None:
    rng = random.Random(7)
    train = _features(rng, 200)
    train_only = [{k: v for k, v in f.items() if k != "never_seen_in_training"} for f in train]
    test = _features(rng, 50)
    binary = _fit([str(f["kind"] == "range") for f in train], train_only)
    multi = _fit([str(f["w=产出"] if "w=产出" in f else f["kind"]) for f in train], train_only)
    for model in (binary, multi):
        vec = model.named_steps["vec"]
        assert np.array_equal(vectorize(vec, test).toarray(), vec.transform(test).toarray())
        assert np.array_equal(predict_proba(model, test), model.predict_proba(test))
    assert predict_proba(binary, test).shape == (50, 2)
    assert predict_proba(multi, test).shape[1] >= 3
