"""Span precision / recall / F per label (exact character offsets)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from extractor.engine.prose.annotations import LABELS

Triple = tuple[int, int, str]


def span_prf(pairs: Iterable[tuple[set[Triple], set[Triple]]]) -> dict[str, float]:
    """``pairs`` of (gold, predicted) span sets, one pair a paragraph.

    Returns ``<LABEL>_p``, ``<LABEL>_r``, ``<LABEL>_f`` for each label seen in
    gold or predictions, plus ``micro_p/r/f`` over all labels.
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for gold, pred in pairs:
        for _, _, label in gold:
            n_gold[label] += 1
        for _, _, label in pred:
            n_pred[label] += 1
        for _, _, label in gold & pred:
            tp[label] += 1
    out: dict[str, float] = {}
    for label in [*LABELS, "micro"]:
        if label == "micro":
            t, g, p = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
        else:
            t, g, p = tp[label], n_gold[label], n_pred[label]
        if label != "micro" and not g and not p:
            continue
        prec = t / p if p else 0.0
        rec = t / g if g else 0.0
        out[f"{label}_p"] = round(prec, 4)
        out[f"{label}_r"] = round(rec, 4)
        out[f"{label}_f"] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return out
