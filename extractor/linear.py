"""Fitted linear models as plain arrays, scored with numpy alone.

Every model the engine loads for a form is linear: a DictVectorizer +
LogisticRegression pipeline (cell roles, blocks, paragraph gate, field and
row calibration), an isotonic map, or a char n-gram TF-IDF + calibrated
logistic regression (``textclf``). Training fits them with scikit-learn;
the model folder stores what scoring needs (feature names, coefficients,
intercepts, classes, thresholds) as JSON, so a cold start neither imports
scikit-learn and SciPy nor rebuilds a skops tree node by node (together
half of a small file's CPU).

Scoring repeats scikit-learn's arithmetic in its order: a sparse row times
the coefficients is summed entry by entry in column order from zero (as
SciPy's CSR product does), then the intercept, then softmax or logistic,
so the probabilities are the pipeline's bit for bit (``tests/test_linear.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Number
from typing import Any

import numpy as np

LINEAR_FORMAT = "dictvectorizer-logistic-v1"
ISOTONIC_FORMAT = "isotonic-v1"


def sparse_dot(
    indices: Any, values: Any, indptr: Any, coef_t: np.ndarray, dtype: Any = np.float64
) -> np.ndarray:
    """``csr_array((values, indices, indptr)) @ coef_t`` as SciPy computes it: each
    row's entries sorted by column, their products added one by one to zero."""
    ptr = np.asarray(indptr, dtype=np.intp)
    n_rows = ptr.size - 1
    out_dtype = np.result_type(dtype, coef_t.dtype)
    out = np.zeros((n_rows, coef_t.shape[1]), dtype=out_dtype)
    counts = np.diff(ptr)
    if n_rows == 0 or not counts.any():
        return out
    idx = np.asarray(indices, dtype=np.intp)
    val = np.asarray(values, dtype=dtype)
    row = np.repeat(np.arange(n_rows), counts)
    order = np.lexsort((idx, row))  # column order within each row (stable)
    idx, val = idx[order], val[order]
    pos = np.arange(idx.size) - np.repeat(ptr[:-1], counts)
    # each product in the result's type, as SciPy's kernel multiplies
    terms = np.zeros((int(counts.max()), n_rows, coef_t.shape[1]), dtype=out_dtype)
    terms[pos, row] = val.astype(out_dtype)[:, None] * coef_t[idx].astype(out_dtype)
    for term in terms:  # one by one: a padded zero adds nothing
        out += term
    return out


def expit(x: np.ndarray) -> np.ndarray:
    """``scipy.special.expit`` of float64s: 1 / (1 + exp(-x)) with the C library's
    exp, which ``math.exp`` calls (numpy's own vectorised exp can differ in the
    last bit)."""
    flat = np.asarray(x, dtype=np.float64).reshape(-1).tolist()
    out = [_expit(v) for v in flat]
    return np.asarray(out, dtype=np.float64).reshape(np.shape(x))


def _expit(v: float) -> float:
    try:
        return 1.0 / (1.0 + math.exp(-v))
    except OverflowError:  # exp(-v) beyond a double: 1 / (1 + inf)
        return 0.0


def logistic_proba(scores: np.ndarray, n_classes: int) -> np.ndarray:
    """``LogisticRegression.predict_proba`` from the decision scores (intercept added)."""
    if n_classes <= 2:  # binary: sklearn's ``_predict_proba_lr``
        prob = expit(scores.reshape(-1))
        return np.stack([1 - prob, prob], axis=1)
    # multinomial: sklearn.utils.extmath.softmax, in place
    scores = scores.copy()
    scores -= scores.max(axis=1).reshape(-1, 1)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape(-1, 1)
    return scores


class LinearModel:
    """A fitted DictVectorizer + LogisticRegression pipeline as plain arrays:
    feature names in column order, coefficients, intercept, classes."""

    def __init__(
        self,
        features: list[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: np.ndarray,
        separator: str = "=",
    ) -> None:
        self.features = list(features)
        self.vocabulary_ = {name: k for k, name in enumerate(self.features)}
        self.separator = separator
        self.coef_ = np.asarray(coef, dtype=np.float64)
        self.coef_t = np.ascontiguousarray(self.coef_.T)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.classes_ = np.asarray(classes)

    @classmethod
    def from_pipeline(cls, model: Any) -> LinearModel:
        """From a fitted scikit-learn pipeline (or a LinearModel, returned as is)."""
        if isinstance(model, LinearModel):
            return model
        steps = getattr(model, "steps", None)
        if not steps or len(steps) != 2:
            raise TypeError("not a DictVectorizer + LogisticRegression pipeline")
        vec, clf = steps[0][1], steps[1][1]
        if type(vec).__name__ != "DictVectorizer" or not getattr(vec, "sparse", False):
            raise TypeError(f"not a sparse DictVectorizer: {type(vec).__name__}")
        if type(clf).__name__ != "LogisticRegression" or np.asarray(vec.dtype(0)).dtype != (
            np.float64
        ):
            raise TypeError(f"not a float64 LogisticRegression: {type(clf).__name__}")
        features = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)  # column order
        return cls(features, clf.coef_, clf.intercept_, clf.classes_, vec.separator)

    def vectorize(
        self, feats: Iterable[Mapping[str, Any]]
    ) -> tuple[list[int], list[float], list[int]]:
        """CSR parts of ``DictVectorizer.transform(feats)`` for dicts of numbers and
        strings (a string value is the feature ``name=value`` at 1)."""
        vocab = self.vocabulary_
        sep = self.separator
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
        return indices, values, indptr

    def proba_rows(self, indices: Any, values: Any, indptr: Any) -> np.ndarray:
        """Probabilities of rows given as CSR parts over this model's columns."""
        scores = sparse_dot(indices, values, indptr, self.coef_t) + self.intercept_
        return logistic_proba(scores, self.classes_.size)

    def predict_proba(self, feats: list[dict[str, Any]]) -> np.ndarray:
        if not feats:
            return np.zeros((0, self.classes_.size))
        return self.proba_rows(*self.vectorize(feats))

    def to_json(self) -> dict[str, Any]:
        # Python writes floats by their shortest round-trip form: the arrays load back exactly.
        return {
            "format": LINEAR_FORMAT,
            "features": self.features,
            "separator": self.separator,
            "classes": self.classes_.tolist(),
            "coef": self.coef_.tolist(),
            "intercept": self.intercept_.tolist(),
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


def predict_proba(model: Any, feats: list[dict[str, Any]]) -> np.ndarray:
    """``model.predict_proba(feats)`` of a LinearModel or a fitted pipeline."""
    if isinstance(model, LinearModel):
        return model.predict_proba(feats)
    return np.asarray(model.predict_proba(feats))


class IsotonicMap:
    """A fitted ``IsotonicRegression(out_of_bounds="clip")``: its thresholds, and
    ``predict`` as scikit-learn computes it (clip, then linear interpolation
    between the thresholds)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, x_min: float, x_max: float) -> None:
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.x_min = np.float64(x_min)
        self.x_max = np.float64(x_max)

    @classmethod
    def from_sklearn(cls, iso: Any) -> IsotonicMap:
        if isinstance(iso, IsotonicMap):
            return iso
        if getattr(iso, "out_of_bounds", None) != "clip":
            raise TypeError("only an isotonic map that clips is supported")
        return cls(iso.X_thresholds_, iso.y_thresholds_, iso.X_min_, iso.X_max_)

    def predict(self, t: np.ndarray) -> np.ndarray:
        t = np.clip(np.asarray(t, dtype=np.float64).reshape(-1), self.x_min, self.x_max)
        if self.x.size == 1:
            return np.repeat(self.y, t.shape)
        # scipy's linear interp1d of float64 arrays is numpy.interp
        return np.asarray(np.interp(t, self.x, self.y), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": ISOTONIC_FORMAT,
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "x_min": float(self.x_min),
            "x_max": float(self.x_max),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IsotonicMap:
        if data.get("format") != ISOTONIC_FORMAT:
            raise ValueError(f"not an {ISOTONIC_FORMAT} map")
        return cls(data["x"], data["y"], data["x_min"], data["x_max"])
