"""The trained cell-role classifier.

Logistic regression over what a cell looks like and which header roles sit
above it and its neighbours (``features.content_features`` and
``roles.position_features``). Trained on cells labelled from the gold
records (``training.labels``); its log-probabilities feed the same monotone
alignment as the fallback scorer, so a drifted row is corrected by the
column-consistency pass whichever scorer is in use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extractor.engine.features import content_features
from extractor.engine.roles import ROLE_INDEX, ROLE_LABELS, HeuristicScorer, position_features
from extractor.linear import LinearModel
from extractor.modelio import load_linear, save_linear
from extractor.types import Cell

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

ROLE_MODEL_FILE = "roles.json"
OLD_ROLE_MODEL_FILE = "roles.skops"  # a folder trained before the JSON format
# The header words of the training tables: a header word outside it is a
# sign of a layout the model has not seen (engine.novelty).
HEADER_VOCAB_FILE = "header_words.json"


# Content features crossed with the header role above the cell.
INTERACTION_KEYS = ("level1_vocab", "level2_vocab", "claim", "small_number", "has_op", "long")


def cell_features(cell: Cell, columns: list[str | None]) -> dict[str, float]:
    f = content_features(cell.text)
    f.update(position_features(cell, columns))
    # Interactions: what the cell looks like *given* the role its header names.
    own = columns[cell.col] if 0 <= cell.col < len(columns) else "edge"
    for key in INTERACTION_KEYS:
        if f.get(key):
            f[f"{key}&hdr={own}"] = 1.0
    return f


def build_role_pipeline() -> Pipeline:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("vec", DictVectorizer(sparse=True)),
            ("clf", LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")),
        ]
    )


class TrainedRoleScorer:
    def __init__(self, model: Any, known_headers: frozenset[str] | None = None) -> None:
        self.model = LinearModel.from_pipeline(model)
        self.known_headers = known_headers
        classes = list(self.model.classes_)
        # Map the model's class order onto ROLE_LABELS.
        self._index = [classes.index(r) if r in classes else -1 for r in ROLE_LABELS]
        self._fallback = HeuristicScorer()
        self._content_cache: dict[str, tuple[list[int], list[float], tuple[str, ...]]] = {}
        self._position_cache: dict[
            tuple[int, tuple[str | None, ...]], tuple[list[int], list[float], str | None]
        ] = {}
        self._row_cache: dict[tuple[str, int, tuple[str | None, ...]], np.ndarray] = {}

    def log_probs(self, cells: list[Cell], columns: list[str | None]) -> np.ndarray:
        """Each cell's row, cached per (text, column, header roles): a region is
        scored under five header shifts to choose one, then read under the
        chosen ones, and the suggestions ask again; a cell's row depends on
        nothing else (every step below is row by row), so a cached row is
        the row a fresh batch would give."""
        key_cols = tuple(columns)
        keys = [(c.text, c.col, key_cols) for c in cells]
        cache = self._row_cache
        todo = [i for i, k in enumerate(keys) if k not in cache]
        if todo:
            if len(cache) > 100_000:  # bounded: a long batch meets many tables
                cache.clear()
            fresh = self._mixed_log_probs([cells[i] for i in todo], columns)
            for i, row in zip(todo, fresh, strict=True):
                row.flags.writeable = False  # shared between calls
                cache[keys[i]] = row
        out = np.empty((len(cells), len(ROLE_LABELS)))
        for i, k in enumerate(keys):
            out[i] = cache[k]
        return out

    def _mixed_log_probs(self, cells: list[Cell], columns: list[str | None]) -> np.ndarray:
        lp = self._predict_log_proba(cells, columns)
        # Roles the training data never showed (a layout not yet annotated)
        # keep the fallback's score, so the model never rules them out.
        prior = self._fallback.log_probs(cells, columns)
        out = prior.copy()
        for r, k in enumerate(self._index):
            if k >= 0:
                out[:, r] = lp[:, k]
        # Geometric mean with the content prior (a product of experts): with
        # few annotated layouts the model alone overfits the layouts it saw,
        # while the prior knows what each field looks like in any layout.
        mixed = 0.5 * out + 0.5 * prior
        return mixed - np.logaddexp.reduce(mixed, axis=1, keepdims=True)

    def _predict_log_proba(self, cells: list[Cell], columns: list[str | None]) -> np.ndarray:
        """The pipeline's ``predict_log_proba`` of ``cell_features``. The sparse
        rows are built here, as the vectoriser builds them: a cell's content
        part is looked up once per text, its header part once per (column,
        header), and the vectoriser's per-value type dispatch is skipped."""
        if not cells:
            return np.zeros((0, self.model.classes_.size))
        vocab = self.model.vocabulary_
        indices: list[int] = []
        values: list[float] = []
        indptr = [0]
        key_cols = tuple(columns)
        for cell in cells:
            content_idx, content_val, flags = self._content_entries(vocab, cell.text)
            indices += content_idx
            values += content_val
            pos_idx, pos_val, own = self._position_entries(vocab, cell, columns, key_cols)
            indices += pos_idx
            values += pos_val
            for key in flags:
                k = vocab.get(f"{key}&hdr={own}")
                if k is not None:
                    indices.append(k)
                    values.append(1.0)
            indptr.append(len(indices))
        return np.log(self.model.proba_rows(indices, values, indptr))

    def _position_entries(
        self,
        vocab: dict[str, int],
        cell: Cell,
        columns: list[str | None],
        key_cols: tuple[str | None, ...],
    ) -> tuple[list[int], list[float], str | None]:
        """(vocabulary indices, values, own header role) of a cell's position features."""
        key = (cell.col, key_cols)
        hit = self._position_cache.get(key)
        if hit is None:
            if len(self._position_cache) > 50_000:
                self._position_cache.clear()
            pairs = [
                (vocab[name], v)
                for name, v in position_features(cell, columns).items()
                if name in vocab
            ]
            own = columns[cell.col] if 0 <= cell.col < len(columns) else "edge"
            hit = ([k for k, _ in pairs], [v for _, v in pairs], own)
            self._position_cache[key] = hit
        return hit

    def _content_entries(
        self, vocab: dict[str, int], text: str
    ) -> tuple[list[int], list[float], tuple[str, ...]]:
        """(vocabulary indices, values, interaction keys set) of a text's content features."""
        hit = self._content_cache.get(text)
        if hit is not None:
            return hit
        if len(self._content_cache) > 50_000:  # bounded: a long batch meets many texts
            self._content_cache.clear()
        f = content_features(text)
        pairs = [(vocab[name], float(v)) for name, v in f.items() if name in vocab]
        flags = tuple(key for key in INTERACTION_KEYS if f.get(key))
        hit = ([k for k, _ in pairs], [v for _, v in pairs], flags)
        self._content_cache[text] = hit
        return hit


def fit_role_model(
    features: list[dict[str, float]],
    labels: list[str],
    header_words: set[str] | frozenset[str] | None = None,
) -> TrainedRoleScorer:
    model = build_role_pipeline()
    model.fit(features, labels)
    return TrainedRoleScorer(model, frozenset(header_words) if header_words is not None else None)


def save_role_model(scorer: TrainedRoleScorer, model_dir: Path) -> None:
    save_linear(scorer.model, model_dir, ROLE_MODEL_FILE, OLD_ROLE_MODEL_FILE)
    if scorer.known_headers is not None:
        (model_dir / HEADER_VOCAB_FILE).write_text(
            json.dumps(sorted(scorer.known_headers), ensure_ascii=False, indent=0),
            encoding="utf-8",
        )


def load_role_model(model_dir: Path) -> TrainedRoleScorer:
    model = load_linear(
        model_dir, ROLE_MODEL_FILE, OLD_ROLE_MODEL_FILE, "no role model; run `extractor train`"
    )
    vocab = model_dir / HEADER_VOCAB_FILE
    known = frozenset(json.loads(vocab.read_text(encoding="utf-8"))) if vocab.is_file() else None
    return TrainedRoleScorer(model, known)


__all__ = [
    "ROLE_INDEX",
    "TrainedRoleScorer",
    "cell_features",
    "fit_role_model",
    "load_role_model",
    "save_role_model",
]
