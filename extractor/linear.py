"""Scoring a fitted vectoriser + logistic-regression pipeline without
scikit-learn's per-call input validation.

The engine scores small batches many times per document (cell roles under
five header shifts, field calibration, block and paragraph gates); for
such batches scikit-learn's checks (array validation, feature-name and
dataframe probes) cost more than the arithmetic. The functions here do the
same arithmetic in the same order (sparse rows times the coefficients,
the intercept added, softmax or logistic), so the probabilities are
bit-identical to ``Pipeline.predict_proba``; any other pipeline shape goes
through scikit-learn as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from numbers import Number
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy import special
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline


def csr_rows(
    vec: DictVectorizer, indices: list[int], values: list[float], indptr: list[int]
) -> sp.csr_array:
    """The matrix as ``DictVectorizer._transform`` builds it (indices sorted per row)."""
    matrix = sp.csr_array(
        (values, np.asarray(indices, dtype=np.intc), indptr),
        shape=(len(indptr) - 1, len(vec.vocabulary_)),
        dtype=vec.dtype,
    )
    matrix.sort_indices()
    return matrix


def vectorize(vec: DictVectorizer, feats: Iterable[Mapping[str, Any]]) -> sp.csr_array:
    """``vec.transform(feats)`` for dicts of numbers and strings, built directly
    (a string value is the feature ``name=value`` at 1, as the vectoriser does)."""
    vocab = vec.vocabulary_
    sep = vec.separator
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    plain = (float, int, bool)
    for x in feats:
        for name, v in x.items():
            if type(v) not in plain:  # (the ABC check of Number is slow: floats first)
                if isinstance(v, str):
                    name, v = f"{name}{sep}{v}", 1.0
                elif not isinstance(v, Number):
                    raise TypeError(f"unsupported feature value {v!r} for {name}")
            k = vocab.get(name)
            if k is not None:
                indices.append(k)
                values.append(float(v))  # type: ignore[arg-type]
        indptr.append(len(indices))
    return csr_rows(vec, indices, values, indptr)


def linear_parts(model: Any) -> tuple[DictVectorizer, LogisticRegression] | None:
    """(vectoriser, classifier) of a sparse DictVectorizer + LogisticRegression pipeline."""
    if not isinstance(model, Pipeline) or len(model.steps) != 2:
        return None
    vec, clf = model.steps[0][1], model.steps[1][1]
    if not isinstance(vec, DictVectorizer) or not vec.sparse:
        return None
    if not isinstance(clf, LogisticRegression) or not isinstance(clf.coef_, np.ndarray):
        return None
    return vec, clf


def logistic_proba(clf: LogisticRegression, x: sp.csr_array) -> np.ndarray:
    """``clf.predict_proba(x)`` for a CSR matrix of the classifier's width."""
    coef = clf.coef_
    scores = np.asarray(x @ coef.T) + clf.intercept_
    if clf.classes_.size <= 2:  # binary: sklearn's ``_predict_proba_lr``
        prob = special.expit(scores.reshape(-1), out=scores.reshape(-1))
        return np.stack([1 - prob, prob], axis=1)
    # multinomial: sklearn.utils.extmath.softmax, in place
    scores -= scores.max(axis=1).reshape(-1, 1)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape(-1, 1)
    return scores


def predict_proba(model: Any, feats: list[dict[str, Any]]) -> np.ndarray:
    """``model.predict_proba(feats)``, directly for a linear pipeline."""
    if isinstance(model, LinearModel):
        return model.predict_proba(feats) if feats else np.zeros((0, model.classes_.size))
    parts = linear_parts(model)
    if parts is None or not feats:
        return np.asarray(model.predict_proba(feats))
    vec, clf = parts
    return logistic_proba(clf, vectorize(vec, feats))


LINEAR_FORMAT = "dictvectorizer-logistic-v1"


class LinearModel:
    """A fitted DictVectorizer + LogisticRegression pipeline as plain arrays:
    what scoring needs (feature names in column order, coefficients,
    intercept, classes), saved as JSON. Loading it takes a JSON parse where
    the skops file took a node-by-node rebuild and a type audit of a
    vocabulary of tens of thousands of names; scoring is ``predict_proba``'s
    arithmetic, so the probabilities are the pipeline's bit for bit."""

    def __init__(
        self,
        features: list[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: np.ndarray,
        separator: str = "=",
    ) -> None:
        self.vec = DictVectorizer(separator=separator)
        self.vec.feature_names_ = list(features)
        self.vec.vocabulary_ = {name: k for k, name in enumerate(features)}
        self.clf = LogisticRegression()
        self.clf.coef_ = np.asarray(coef, dtype=np.float64)
        self.clf.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.clf.classes_ = np.asarray(classes)

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.clf.classes_)

    @classmethod
    def from_pipeline(cls, model: Pipeline) -> LinearModel:
        parts = linear_parts(model)
        if parts is None:
            raise TypeError("not a DictVectorizer + LogisticRegression pipeline")
        vec, clf = parts
        features = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)  # column order
        return cls(features, clf.coef_, clf.intercept_, clf.classes_, vec.separator)

    def predict_proba(self, feats: list[dict[str, Any]]) -> np.ndarray:
        return logistic_proba(self.clf, vectorize(self.vec, feats))

    def to_json(self) -> dict[str, Any]:
        # Python writes floats by their shortest round-trip form: the arrays load back exactly.
        return {
            "format": LINEAR_FORMAT,
            "features": self.vec.feature_names_,
            "separator": self.vec.separator,
            "classes": self.clf.classes_.tolist(),
            "coef": self.clf.coef_.tolist(),
            "intercept": self.clf.intercept_.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        if data.get("format") != LINEAR_FORMAT:
            raise ValueError(f"not a {LINEAR_FORMAT} model")
        return cls(
            data["features"],
            np.array(data["coef"], dtype=np.float64),
            np.array(data["intercept"], dtype=np.float64),
            np.array(data["classes"]),
            data.get("separator", "="),
        )
