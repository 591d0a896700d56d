"""Model files load once audited; a file holding an untrusted type is refused."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from extractor.errors import ExtractionError, ModelNotFound
from extractor.modelio import load_skops, save_skops


def test_a_pipeline_loads_back_and_scores_alike(tmp_path: Path) -> None:
    feats = [{"a": 1.0, "kind": "x"}, {"b": 2.0, "kind": "y"}, {"a": 0.5}, {"b": 1.0}]
    model = Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression())])
    model.fit(feats, [1, 0, 1, 0])
    save_skops(model, tmp_path / "m.skops")
    loaded = load_skops(tmp_path / "m.skops", "train it")
    assert np.array_equal(loaded.predict_proba(feats), model.predict_proba(feats))


def test_untrusted_type_is_refused_naming_file_and_type(tmp_path: Path) -> None:
    save_skops({"weights": Fraction(1, 3)}, tmp_path / "bad.skops")
    with pytest.raises(ExtractionError, match="fractions.Fraction") as err:
        load_skops(tmp_path / "bad.skops", "train it")
    assert "bad.skops" in str(err.value)


def test_missing_file_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="train it"):
        load_skops(tmp_path / "none.skops", "train it")
