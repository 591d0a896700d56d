"""Which indicator name a target, actual, claim or deviation belongs to.

A logistic regression over (name span, value span) pairs, trained on the
relations annotated in training_data/prose (``"relations"``): how far apart
the two are, which comes first, how many other names and same-label values
lie between them, how many clause and sentence breaks, whether the name is a
line of its own. Replaces the "latest name wins" rule, which mixes targets
with actuals as soon as a sentence states the target before the name or
several names share one claim (…均已完成).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from extractor.engine.prose.annotations import RELATIONS, AnnotatedDoc
from extractor.linear import predict_proba
from extractor.modelio import load_skops, save_skops

PAIRING_FILE = "pairing.skops"
WINDOW = 2  # a value is paired with names up to this many paragraphs above it
VALUE_LABELS = frozenset(RELATIONS)
SENTENCE_BREAKS = "。；;！？"
CLAUSE_BREAKS = "，,、："
OWN_LINE_SHARE = 0.6
THRESHOLD = 0.5


@dataclass(frozen=True)
class SpanRef:
    """A span located in the document: paragraph index and offsets in it."""

    paragraph: int
    start: int
    end: int
    label: str
    score: float = 1.0


@dataclass(frozen=True)
class Pairing:
    name: int  # index into the names list given to ``pair``
    value: int  # index into the values list
    prob: float
    margin: float  # prob minus the next best candidate's (1.0 when alone)
    distance: int  # characters between the two (paragraph gaps count 100)


def _count(text: str, chars: str) -> int:
    return sum(text.count(c) for c in chars)


def _order_key(s: SpanRef) -> tuple[int, int]:
    return (s.paragraph, s.start)


def pair_features(
    name: SpanRef,
    value: SpanRef,
    texts: Sequence[str],
    names: Sequence[SpanRef],
    values: Sequence[SpanRef],
) -> dict[str, float]:
    lab = value.label
    before = _order_key(name) < _order_key(value)
    gap = value.paragraph - name.paragraph
    if gap == 0:
        a, b = (name.end, value.start) if before else (value.end, name.start)
        between = texts[value.paragraph][a:b]
        dist = max(0, b - a)
    else:
        between = texts[name.paragraph][name.end :] + "\n" + texts[value.paragraph][: value.start]
        dist = 100 * gap + len(between)
    lo, hi = sorted((_order_key(name), _order_key(value)))
    names_between = sum(1 for n in names if lo < _order_key(n) < hi)
    same_between = sum(1 for v in values if v.label == lab and lo < _order_key(v) < hi)
    # a value of the same label closer to this name on the name's side
    own_line = (name.end - name.start) >= OWN_LINE_SHARE * max(1, len(texts[name.paragraph]))
    sentences = _count(between, SENTENCE_BREAKS)
    clauses = _count(between, CLAUSE_BREAKS)
    f = {
        "bias": 1.0,
        f"label={lab}": 1.0,
        f"gap={gap}": 1.0,
        f"{lab}|gap={gap}": 1.0,
        "before": float(before),
        f"{lab}|before={before}": 1.0,
        "log_dist": math.log1p(dist),
        f"{lab}|log_dist": math.log1p(dist),
        f"names_between={min(names_between, 3)}": 1.0,
        f"{lab}|names_between={min(names_between, 3)}": 1.0,
        f"same_between={min(same_between, 2)}": 1.0,
        f"{lab}|same_between={min(same_between, 2)}": 1.0,
        f"sentences={min(sentences, 3)}": 1.0,
        f"{lab}|sentences={min(sentences, 3)}": 1.0,
        "clauses": float(min(clauses, 6)),
        f"own_line={own_line}": 1.0,
        f"{lab}|own_line={own_line}&gap={gap}": 1.0,
        f"{lab}|before={before}&names_between={min(names_between, 2)}": 1.0,
        f"{lab}|before={before}&sentences={min(sentences, 2)}": 1.0,
    }
    # the words just before the value ("…均已完成", "以上指标均…", "目标为…")
    lead = texts[value.paragraph][max(0, value.start - 2) : value.start]
    many = min(names_between, 2)
    f[f"{lab}|lead={lead}&names_between={many}"] = 1.0
    f[f"{lab}|lead1={lead[-1:]}&names_between={many}&before={before}"] = 1.0
    if names_between and before:
        # "A、B均已完成": names joined by 、 share what follows them
        f[f"{lab}|joined_names"] = float(_count(between, "。；;") == 0 and "、" in between)
    return f


def candidates(value: SpanRef, names: Sequence[SpanRef]) -> list[int]:
    """Names in the value's paragraph (either side) or up to WINDOW above it."""
    return [
        i
        for i, n in enumerate(names)
        if 0 <= value.paragraph - n.paragraph <= WINDOW
        and (n.paragraph < value.paragraph or n.end <= value.start or n.start >= value.end)
    ]


class PairingModel:
    def __init__(self, model: Pipeline) -> None:
        self.model = model

    def pair(
        self, texts: Sequence[str], names: Sequence[SpanRef], values: Sequence[SpanRef]
    ) -> list[Pairing]:
        """Every value with the name(s) it belongs to: one name for targets,
        actuals and deviations (best first over the whole document, a name
        taking one value of each label), every likely name for a claim."""
        scored: list[tuple[float, float, int, int, int]] = []
        for vi, v in enumerate(values):
            cands = candidates(v, names)
            if not cands:
                continue
            feats = [pair_features(names[ni], v, texts, names, values) for ni in cands]
            probs = predict_proba(self.model, feats)[:, 1]
            order = sorted(range(len(cands)), key=lambda k: -probs[k])
            for rank, k in enumerate(order):
                nxt = probs[order[1]] if len(order) > 1 and rank == 0 else probs[order[0]]
                margin = float(probs[k] - nxt) if len(order) > 1 else 1.0
                dist = _distance(names[cands[k]], v, texts)
                scored.append((float(probs[k]), margin, cands[k], vi, dist))
        scored.sort(key=lambda t: -t[0])
        taken_values: set[int] = set()
        filled: set[tuple[int, str]] = set()
        out: list[Pairing] = []
        for prob, margin, ni, vi, dist in scored:
            label = values[vi].label
            if prob < THRESHOLD or (ni, label) in filled:
                continue
            if label != "CLAIM" and vi in taken_values:
                continue
            taken_values.add(vi)
            filled.add((ni, label))
            out.append(Pairing(ni, vi, prob, margin, dist))
        return out


def _distance(name: SpanRef, value: SpanRef, texts: Sequence[str]) -> int:
    if name.paragraph == value.paragraph:
        return max(0, max(value.start - name.end, name.start - value.end))
    return 100 * (value.paragraph - name.paragraph)


def training_pairs(docs: Sequence[AnnotatedDoc]) -> tuple[list[dict[str, float]], list[int]]:
    """Every (candidate name, value) pair of the annotated relations, labelled."""
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for doc in docs:
        texts = [p.text for p in doc.paragraphs]
        names: list[SpanRef] = []
        values: list[SpanRef] = []
        ids: dict[int, tuple[str, int]] = {}
        gold: set[tuple[int, int]] = set()
        for pi, para in enumerate(doc.paragraphs):
            for s in para.spans:
                ref = SpanRef(pi, s.start, s.end, s.label)
                if s.label == "NAME":
                    if s.id is not None:
                        ids[s.id] = ("N", len(names))
                    names.append(ref)
                elif s.label in VALUE_LABELS:
                    if s.id is not None:
                        ids[s.id] = ("V", len(values))
                    values.append(ref)
            gold |= set(para.relations)
        if not gold:
            continue  # a document annotated without relations teaches nothing here
        pos = {(ids[h][1], ids[t][1]) for h, t in gold if h in ids and t in ids}
        for vi, v in enumerate(values):
            for ni in candidates(v, names):
                feats.append(pair_features(names[ni], v, texts, names, values))
                labels.append(int((ni, vi) in pos))
    return feats, labels


def fit_pairing(docs: Sequence[AnnotatedDoc]) -> PairingModel | None:
    feats, labels = training_pairs(docs)
    if len(set(labels)) < 2:
        return None
    model = Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression(C=1.0, max_iter=2000))])
    model.fit(feats, labels)
    return PairingModel(model)


def save_pairing(model: PairingModel, folder: Path) -> None:
    save_skops(model.model, folder / PAIRING_FILE)


def load_pairing(folder: Path) -> PairingModel | None:
    path = folder / PAIRING_FILE
    if not path.exists():
        return None
    return PairingModel(load_skops(path, "train it with `extractor train`"))
