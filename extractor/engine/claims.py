"""Completion claims (已完成, 达成预期指标, 部分完成, 未完成, 不适用, …) that survive OCR damage.

A char 1–3-gram TF-IDF + logistic-regression model (see ``textclf``) trained on
``training_data/claims/*.jsonl``: hand-written phrases plus generated
look-alike variants (已先成, 末完成, 完场目标值). Char n-grams rather than words
because OCR damage replaces single characters, which a word model would lose.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor.engine.textclf import (
    Example,
    fit_and_save,
    load_pipeline,
    normalize_text,
    read_jsonl,
)
from extractor.settings import settings
from extractor.types import StatusLabel

NO_CLAIM = "none"  # the model's class for "no claim"; returned to callers as None
LABELS: tuple[str, ...] = ("completed", "partial", "not_completed", "not_applicable", NO_CLAIM)

Prediction = tuple[StatusLabel | None, float]


def load_examples(data_dir: Path) -> list[Example]:
    """Every ``*.jsonl`` row in ``data_dir``: {"text", "label" (null = no claim), "group"}."""
    examples = []
    for row in read_jsonl(sorted(data_dir.glob("*.jsonl"))):
        label = row.get("label") or NO_CLAIM
        if label not in LABELS:
            raise ValueError(f"{data_dir}: unknown claim label {label!r}")
        examples.append(Example(text=str(row["text"]), label=str(label), group=str(row["group"])))
    return examples


def train_claims(data_dir: Path, out_dir: Path) -> dict[str, float]:
    """Train on ``data_dir`` and save to ``out_dir``; returns grouped-CV accuracy and ECE."""
    return fit_and_save(load_examples(data_dir), out_dir)


class ClaimClassifier:
    """A loaded claim model. Blank text is "no claim" with certainty, without the model."""

    def __init__(self, model_dir: Path) -> None:
        self._pipeline = load_pipeline(model_dir)
        self._classes = [str(c) for c in self._pipeline.classes_]

    def predict(self, texts: Sequence[str | None]) -> list[Prediction]:
        results: list[Prediction] = [(None, 1.0)] * len(texts)
        todo = [i for i, t in enumerate(texts) if t and normalize_text(t)]
        if not todo:
            return results
        probs = self._pipeline.predict_proba([texts[i] or "" for i in todo])
        for i, row in zip(todo, probs, strict=True):
            best = int(row.argmax())
            results[i] = (_to_status(self._classes[best]), float(row[best]))
        return results


def _to_status(label: str) -> StatusLabel | None:
    if label == "completed":
        return "completed"
    if label == "partial":
        return "partial"
    if label == "not_completed":
        return "not_completed"
    if label == "not_applicable":
        return "not_applicable"
    return None


def load_claims(model_dir: Path) -> ClaimClassifier:
    return ClaimClassifier(model_dir)


_default: dict[Path, ClaimClassifier] = {}


def classify_claim(text: str | None, model_dir: Path | None = None) -> Prediction:
    """One text -> (label or None, probability); the model comes from ``model_dir``
    (default ``<settings.model_dir>/claims``) and is loaded once per folder."""
    folder = model_dir or settings.model_dir / "claims"
    if folder not in _default:
        _default[folder] = load_claims(folder)
    return _default[folder].predict([text])[0]
