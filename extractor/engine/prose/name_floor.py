"""The lowest span score of a name taken for a statement with a value and no name.

``decode.recover_names`` gives such a statement the best NAME candidate at or
above the floor. Too low a floor names statements that are no indicator's
(a remark's number, a budget sentence); too high leaves real statements whose
name the span model never saw unread. The floor is fitted on held-out folds:
each fold's prose model (``crossval.leave_one_layout_out``, trained without
the fold's layouts) reads its reports at every candidate floor, and the floor
with the best pooled row F1 times field accuracy is kept (ties: the higher).
It is saved beside the model as ``name_floor.json``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc

FLOOR_FILE = "name_floor.json"
# A model saved before the floor was fitted keeps the floor it was shipped with.
UNFITTED_FLOOR = 0.1
CANDIDATES = (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


def load_name_floor(model_dir: Path) -> float:
    path = Path(model_dir) / FLOOR_FILE
    if not path.exists():
        return UNFITTED_FLOOR
    return float(json.loads(path.read_text(encoding="utf-8"))["name_floor"])


def save_name_floor(model_dir: Path, fitted: dict[str, Any]) -> None:
    (Path(model_dir) / FLOOR_FILE).write_text(
        json.dumps(fitted, indent=1, ensure_ascii=False), encoding="utf-8"
    )


class _ParsedOnce:
    """A pipeline that parses each paragraph once: the candidate floors differ
    only after the span model (spancat keeps candidates down to the lowest)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.parsed: dict[str, Doc] = {}

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        texts = list(texts)
        new = [t for t in dict.fromkeys(texts) if t not in self.parsed]
        self.parsed.update(zip(new, self.nlp.pipe(new), strict=True))
        return (self.parsed[t] for t in texts)


def choose(figures: dict[float, dict[str, float]]) -> float:
    """The floor with the best pooled row F1 times field accuracy (a lower floor
    finds more rows, and more of them with a wrong name or value: both count),
    then the higher floor."""
    return max(figures, key=lambda f: (figures[f]["f1"] * figures[f]["all_fields"], f))


def fit_name_floor(
    data_dir: Path, work: Path, n_folds: int = 4, candidates: tuple[float, ...] = CANDIDATES
) -> dict[str, Any]:
    """Row F1 and field accuracy pooled over the folds' held-out reports at each
    candidate floor, read by the fold models under ``work`` (trained by
    ``leave_one_layout_out`` when missing), and the floor chosen."""
    from extractor.engine.models import load_models
    from extractor.engine.prose.crossval import layout_folds
    from extractor.engine.prose.reader import load_prose
    from extractor.engine.prose.train import train_prose
    from extractor.ingest import load_document
    from extractor.pipeline import extract_with_models
    from extractor.training.corpus import load_corpus
    from extractor.training.scoring import score_documents

    folds = layout_folds(data_dir, n_folds)
    corpus = {g.stem: g for g in load_corpus(data_dir)}
    base = load_models(None)
    docs = {s: load_document(corpus[s].path) for stems in folds.values() for s in stems}
    triples: dict[float, list[tuple[str, Any, Any]]] = {f: [] for f in candidates}
    for fold, stems in sorted(folds.items()):
        model_dir = work / fold
        if not (model_dir / "meta.json").exists():
            train_prose(data_dir / "prose", model_dir, held_out=set(stems))
        reader = load_prose(model_dir, candidate_floor=min(candidates))
        reader.nlp = cast(Language, _ParsedOnce(reader.nlp))
        for floor in candidates:
            reader.name_floor = floor
            models = dataclasses.replace(base, prose=reader)
            for stem in stems:
                pred = extract_with_models(docs[stem], models).to_json_dict()
                triples[floor].append((stem, corpus[stem].gold, pred))
    figures = {}
    for floor, got in triples.items():
        report = score_documents(got)
        figures[floor] = {k: float(report[k]) for k in ("f1", "precision", "recall", "all_fields")}
    chosen = choose(figures)
    return {
        "name_floor": chosen,
        "folds": len(folds),
        "reports": sum(len(s) for s in folds.values()),
        "pooled_by_floor": {str(f): v for f, v in figures.items()},
    }
