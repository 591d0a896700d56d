"""A small calibrated text classifier shared by the claim and form-type models.

Char n-gram TF-IDF + logistic regression, calibrated with sigmoid scaling on
group-aware folds (variants of one base phrase never sit on both sides of a
split, so the calibration is not fooled by near-duplicates). Fitted with
scikit-learn, saved as plain arrays in JSON (``TextModel``) and scored with
numpy alone, bit for bit as the pipeline scores.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extractor.errors import ExtractionError, ModelNotFound
from extractor.linear import expit, sparse_dot

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

MODEL_FILE = "model.json"
OLD_MODEL_FILE = "model.skops"  # read (and convertible) when no JSON is there
METRICS_FILE = "metrics.json"
TEXT_FORMAT = "char-tfidf-calibrated-logistic-v1"
_TRUSTED_FUNCTIONS = ("extractor.engine.textclf.normalize_text",)


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    group: str


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII) and no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def build_pipeline(
    groups: Sequence[str], ngram_range: tuple[int, int] = (1, 3), folds: int = 5
) -> Pipeline:
    """An unfitted pipeline whose calibration folds respect ``groups``."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import Pipeline

    n_splits = min(folds, len(set(groups)))
    splits = list(GroupKFold(n_splits=n_splits).split(np.zeros(len(groups)), groups=groups))
    classifier = LogisticRegression(
        C=10.0, solver="newton-cg", max_iter=500, class_weight="balanced"
    )
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer="char",
                    ngram_range=ngram_range,
                    preprocessor=normalize_text,
                    min_df=2,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "clf",
                CalibratedClassifierCV(classifier, method="sigmoid", cv=splits, ensemble=False),
            ),
        ]
    )


def expected_calibration_error(probs: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Top-label ECE: mean |accuracy - confidence| over equal-width bins, weighted by size."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (probs > lo) & (probs <= hi) if lo > 0 else (probs >= lo) & (probs <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - probs[in_bin].mean())
    return float(ece)


def cross_validate(
    examples: Sequence[Example], ngram_range: tuple[int, int] = (1, 3), folds: int = 5
) -> dict[str, float]:
    """Out-of-fold accuracy and ECE with GroupKFold over ``Example.group``."""
    from sklearn.model_selection import GroupKFold

    texts = [e.text for e in examples]
    labels = np.array([e.label for e in examples])
    groups = np.array([e.group for e in examples])
    top_prob = np.zeros(len(examples))
    correct = np.zeros(len(examples), dtype=bool)
    outer = GroupKFold(n_splits=min(folds, len(set(groups))))
    for train, test in outer.split(texts, labels, groups):
        model = build_pipeline(list(groups[train]), ngram_range, folds)
        model.fit([texts[i] for i in train], labels[train])
        probs = model.predict_proba([texts[i] for i in test])
        best = probs.argmax(axis=1)
        top_prob[test] = probs[np.arange(len(test)), best]
        correct[test] = model.classes_[best] == labels[test]
    return {
        "accuracy": float(correct.mean()),
        "ece": expected_calibration_error(top_prob, correct),
        "mean_confidence": float(top_prob.mean()),
        "n_examples": float(len(examples)),
        "n_groups": float(len(set(groups))),
    }


def fit_and_save(
    examples: Sequence[Example],
    out_dir: Path,
    ngram_range: tuple[int, int] = (1, 3),
    folds: int = 5,
) -> dict[str, float]:
    """Cross-validate, fit on everything, write ``model.json`` and ``metrics.json``."""
    from threadpoolctl import threadpool_limits

    # One BLAS thread: these matrices are tiny, and on a busy 2-core machine a
    # multi-threaded BLAS made training twenty times slower.
    with threadpool_limits(limits=1):
        metrics = cross_validate(examples, ngram_range, folds)
        model = build_pipeline([e.group for e in examples], ngram_range, folds)
        model.fit([e.text for e in examples], [e.label for e in examples])
    out_dir.mkdir(parents=True, exist_ok=True)
    save_text_model(TextModel.from_pipeline(model), out_dir)
    (out_dir / METRICS_FILE).write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return metrics


_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer's, before char n-grams


class TextModel:
    """A fitted char n-gram TF-IDF + sigmoid-calibrated logistic regression
    (``build_pipeline``) as arrays: vocabulary, idf, coefficients, intercept,
    one (a, b) sigmoid per class. ``predict_proba`` repeats the pipeline's
    steps in their dtypes (float32 counts, log, idf, L2 norm summed in
    double, the float32 product, the float64 sigmoid) so the probabilities
    are the pipeline's."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != TEXT_FORMAT:
            raise ValueError(f"not a {TEXT_FORMAT} model")
        self.data = data
        self.vocabulary = {name: k for k, name in enumerate(data["features"])}
        self.ngram_range = (int(data["ngram_range"][0]), int(data["ngram_range"][1]))
        self.sublinear_tf = bool(data["sublinear_tf"])
        dtype = np.dtype(data["dtype"])
        self.dtype = dtype
        self.idf = np.array(data["idf"], dtype=np.dtype(data["idf_dtype"]))
        coef = np.array(data["coef"], dtype=np.dtype(data["coef_dtype"]))
        self.coef_t = np.ascontiguousarray(coef.T)
        self.intercept = np.array(data["intercept"], dtype=np.dtype(data["coef_dtype"]))
        self.classes_ = np.array(data["classes"])
        self.columns = [int(k) for k in data["calibrated_columns"]]
        self.a = [np.float64(a) for a in data["sigmoid_a"]]
        self.b = [np.float64(b) for b in data["sigmoid_b"]]

    @classmethod
    def from_pipeline(cls, model: Any) -> TextModel:
        """From a fitted ``build_pipeline`` pipeline (refused if it is another shape)."""
        tfidf, clf = model.named_steps["tfidf"], model.named_steps["clf"]
        preprocessor = getattr(tfidf, "preprocessor", None)
        if (
            tfidf.analyzer != "char"
            or getattr(preprocessor, "__name__", None) != "normalize_text"
            or tfidf.norm != "l2"
            or tfidf.binary
            or not tfidf.use_idf
        ):
            raise TypeError("not a char TF-IDF of normalize_text with L2 norm and idf")
        if len(clf.calibrated_classifiers_) != 1 or clf.calibrated_classifiers_[0].method != (
            "sigmoid"
        ):
            raise TypeError("not one sigmoid-calibrated classifier (ensemble=False)")
        cal = clf.calibrated_classifiers_[0]
        est = cal.estimator
        classes = np.asarray(cal.classes)
        # the calibrated column of each decision column: its class's index in ``classes``
        columns = [int(np.searchsorted(classes, c)) for c in est.classes_]
        if len(classes) == 2:
            columns = [1]
        vocab = tfidf.vocabulary_
        return cls(
            {
                "format": TEXT_FORMAT,
                "features": sorted(vocab, key=vocab.__getitem__),
                "ngram_range": list(tfidf.ngram_range),
                "sublinear_tf": bool(tfidf.sublinear_tf),
                "dtype": np.dtype(tfidf.dtype).name,
                "idf": tfidf.idf_.tolist(),
                "idf_dtype": tfidf.idf_.dtype.name,
                "coef": est.coef_.tolist(),
                "coef_dtype": est.coef_.dtype.name,
                "intercept": est.intercept_.tolist(),
                "classes": [str(c) for c in clf.classes_],
                "calibrated_columns": columns,
                "sigmoid_a": [float(c.a_) for c in cal.calibrators],
                "sigmoid_b": [float(c.b_) for c in cal.calibrators],
            }
        )

    def _ngrams(self, text: str) -> list[str]:
        """TfidfVectorizer's ``_char_ngrams`` of the preprocessed text."""
        doc = _WHITE_SPACES.sub(" ", normalize_text(text))
        min_n, max_n = self.ngram_range
        grams: list[str] = []
        if min_n == 1:
            grams = list(doc)
            min_n += 1
        for n in range(min_n, min(max_n + 1, len(doc) + 1)):
            grams.extend(doc[i : i + n] for i in range(len(doc) - n + 1))
        return grams

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR parts (indices sorted per row) of the TF-IDF matrix."""
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for text in texts:
            counter: dict[int, int] = {}
            for gram in self._ngrams(text):
                k = self.vocabulary.get(gram)
                if k is not None:
                    counter[k] = counter.get(k, 0) + 1
            row = sorted(counter.items())
            indices.extend(k for k, _ in row)
            counts.extend(c for _, c in row)
            indptr.append(len(indices))
        idx = np.asarray(indices, dtype=np.intp)
        data = np.asarray(counts, dtype=self.dtype)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1.0
        data *= self.idf[idx]
        # sklearn's inplace_csr_row_normalize_l2: squares in the data's type,
        # summed in double one by one; each entry divided in double
        ptr = np.asarray(indptr, dtype=np.intp)
        squares = (data * data).astype(np.float64)
        for r in range(ptr.size - 1):
            lo, hi = ptr[r], ptr[r + 1]
            total = 0.0
            for v in squares[lo:hi].tolist():
                total += v
            if total == 0.0:
                continue
            norm = np.sqrt(total)
            data[lo:hi] = (data[lo:hi].astype(np.float64) / norm).astype(data.dtype)
        return idx, data, ptr

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        idx, data, ptr = self.transform(texts)
        scores = sparse_dot(idx, data, ptr, self.coef_t, dtype=data.dtype) + self.intercept
        n_classes = self.classes_.size
        proba = np.zeros((ptr.size - 1, n_classes))
        for column, pred, a, b in zip(self.columns, scores.T, self.a, self.b, strict=True):
            proba[:, column] = expit(-(a * pred + b))
        if n_classes == 2:
            proba[:, 0] = 1.0 - proba[:, 1]
        else:
            denominator = np.sum(proba, axis=1)[:, np.newaxis]
            uniform = np.full_like(proba, 1 / n_classes)
            proba = np.divide(proba, denominator, out=uniform, where=denominator != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0  # as scikit-learn clips
        return proba

    def to_json(self) -> dict[str, Any]:
        return self.data


def save_text_model(model: TextModel, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MODEL_FILE).write_text(json.dumps(model.to_json(), ensure_ascii=False), "utf-8")
    (out_dir / OLD_MODEL_FILE).unlink(missing_ok=True)  # one model per folder


def load_old_pipeline(model_dir: Path) -> Pipeline:
    """A skops pipeline of a model trained before the JSON format (scikit-learn needed)."""
    from sklearn.pipeline import Pipeline

    from extractor.modelio import load_skops

    path = model_dir / OLD_MODEL_FILE
    model = load_skops(path, "no model.json; train it first", _TRUSTED_FUNCTIONS)
    if not isinstance(model, Pipeline):
        raise ExtractionError(str(path), "not a text-classifier pipeline")
    return model


def load_pipeline(model_dir: Path) -> TextModel:
    """The model of ``model_dir``: its JSON, else its older skops pipeline converted."""
    path = model_dir / MODEL_FILE
    if path.is_file():
        try:
            return TextModel(json.loads(path.read_text("utf-8")))
        except (ValueError, KeyError, TypeError) as err:
            raise ExtractionError(str(path), f"not a text classifier ({err})") from err
    if not (model_dir / OLD_MODEL_FILE).is_file():
        raise ModelNotFound(str(path), "no model.json; train it first")
    return TextModel.from_pipeline(load_old_pipeline(model_dir))


def read_jsonl(paths: Sequence[Path]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ExtractionError(str(path), f"line {number}: {err.msg}") from err
    return rows
