"""A small calibrated text classifier shared by the claim and form-type models.

Char n-gram TF-IDF + logistic regression, calibrated with sigmoid scaling on
group-aware folds (variants of one base phrase never sit on both sides of a
split, so the calibration is not fooled by near-duplicates). Saved with skops,
which loads without running pickled code; only scikit-learn/numpy/scipy types
are trusted on load.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from extractor.errors import ExtractionError
from extractor.modelio import load_skops, save_skops

MODEL_FILE = "model.skops"
METRICS_FILE = "metrics.json"
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
    """Cross-validate, fit on everything, write ``model.skops`` and ``metrics.json``."""
    # One BLAS thread: these matrices are tiny, and on a busy 2-core machine a
    # multi-threaded BLAS made training twenty times slower.
    with threadpool_limits(limits=1):
        metrics = cross_validate(examples, ngram_range, folds)
        model = build_pipeline([e.group for e in examples], ngram_range, folds)
        model.fit([e.text for e in examples], [e.label for e in examples])
    _slim(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_skops(model, out_dir / MODEL_FILE)
    (out_dir / METRICS_FILE).write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return metrics


def _slim(model: Pipeline) -> None:
    """Drop what prediction never reads: the pruned-feature set (documented as safe to
    remove) and the fold index arrays, which would dominate the file size."""
    vectorizer = model.named_steps["tfidf"]
    if hasattr(vectorizer, "stop_words_"):
        del vectorizer.stop_words_
    model.named_steps["clf"].cv = None


def load_pipeline(model_dir: Path) -> Pipeline:
    """Load a saved pipeline, refusing any type outside scikit-learn/numpy/scipy."""
    path = model_dir / MODEL_FILE
    model = load_skops(path, "no model.skops; train it first", _TRUSTED_FUNCTIONS)
    if not isinstance(model, Pipeline):
        raise ExtractionError(str(path), "not a text-classifier pipeline")
    return model


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
