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
    for x in feats:
        for name, v in x.items():
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
    parts = linear_parts(model)
    if parts is None or not feats:
        return np.asarray(model.predict_proba(feats))
    vec, clf = parts
    return logistic_proba(clf, vectorize(vec, feats))
