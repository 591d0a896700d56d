"""The calibrator's held-out material, kept beside the model so it can be refitted.

``extractor train`` fits the calibrator on out-of-fold extractions (every
layout read by models trained without it). Those are written to
``calibration_material.json.gz`` (field and row features with whether each
was right, grouped by layout), so ``extractor train --incremental`` can refit
the calibrator in seconds: the base's material plus the new corrected
documents as the base model read them. The base never trained on them, so
they are held out in the same sense as the folds: read by a model that had
not seen their layout's corrections.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

MATERIAL_FILE = "calibration_material.json.gz"
Labelled = list[tuple[dict[str, float], bool]]


def _rows(data: Labelled) -> list[list[Any]]:
    # Four decimals: the features are probabilities and counts; the file stays small.
    return [[{k: round(v, 4) for k, v in f.items()}, bool(ok)] for f, ok in data]


def save_material(groups: dict[str, tuple[Labelled, Labelled]], folder: Path) -> Path:
    """``groups``: layout -> (field material, row material)."""
    body = {layout: {"fields": _rows(f), "rows": _rows(r)} for layout, (f, r) in groups.items()}
    path = folder / MATERIAL_FILE
    path.write_bytes(gzip.compress(json.dumps(body, separators=(",", ":")).encode(), mtime=0))
    return path


def load_material(folder: Path) -> dict[str, tuple[Labelled, Labelled]] | None:
    """The material saved with a model, or None (a model trained before it was kept)."""
    path = folder / MATERIAL_FILE
    if not path.is_file():
        return None
    body = json.loads(gzip.decompress(path.read_bytes()))
    return {
        layout: (
            [(f, bool(ok)) for f, ok in g["fields"]],
            [(f, bool(ok)) for f, ok in g["rows"]],
        )
        for layout, g in body.items()
    }
