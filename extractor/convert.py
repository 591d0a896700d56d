"""Rewrite a model folder's skops files as the JSON the engine loads.

    python -m extractor.modelio convert DIR [DIR ...]

Each linear model of the form path (cell roles, blocks, calibration, claims,
form types, the prose gate) is read from its skops file, turned into arrays,
checked to score probe inputs as the scikit-learn object does, written as
JSON and only then the skops file removed. A folder already converted is
left as it is (running it twice is harmless); a model that fails the check
keeps its skops file and the command exits non-zero. Needs scikit-learn and
skops, which extraction itself no longer imports.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from extractor.linear import LinearModel

TOLERANCE = 1e-9
N_PROBES = 200


def _probe_feats(model: LinearModel, rng: random.Random) -> list[dict[str, float]]:
    names = model.features
    probes: list[dict[str, float]] = [{}]
    for _ in range(N_PROBES):
        picked = rng.sample(names, min(len(names), rng.randint(1, 40)))
        probes.append({n: rng.choice([1.0, rng.random(), -rng.random() * 3]) for n in picked})
    return probes


def _check(name: str, expected: np.ndarray, got: np.ndarray) -> None:
    if expected.shape != got.shape or not np.allclose(expected, got, rtol=0, atol=TOLERANCE):
        worst = float(np.max(np.abs(expected - got))) if expected.shape == got.shape else "shape"
        raise ValueError(f"{name}: converted model scores differently ({worst})")


def _linear(folder: Path, json_name: str, skops_name: str) -> str:
    from extractor.modelio import load_skops, save_linear

    pipeline = load_skops(folder / skops_name, "nothing to convert")
    linear = LinearModel.from_pipeline(pipeline)
    probes = _probe_feats(linear, random.Random(0))
    _check(skops_name, np.asarray(pipeline.predict_proba(probes)), linear.predict_proba(probes))
    save_linear(linear, folder, json_name, skops_name)
    return json_name


def _calibration(folder: Path) -> str:
    from extractor.calibration import (
        CALIBRATION_FILE,
        OLD_CALIBRATION_FILE,
        CalibrationStage,
        Calibrator,
        save_calibrator,
    )
    from extractor.modelio import load_skops

    raw = load_skops(folder / OLD_CALIBRATION_FILE, "nothing to convert")
    stages = {
        part: CalibrationStage(
            raw[part]["model"], raw[part]["isotonic"], float(raw[part]["base_rate"])
        )
        for part in ("fields", "rows")
    }
    for part, stage in stages.items():
        old = raw[part]
        if stage.model is None:
            continue
        probes = _probe_feats(stage.model, random.Random(1))
        # CalibrationStage.predict with the scikit-learn objects
        classes = list(old["model"].classes_)
        scores = old["model"].predict_proba(probes)[:, classes.index(True)]
        if old["isotonic"] is not None:
            scores = np.clip(old["isotonic"].predict(scores) + 1e-3 * (scores - 0.5), 0.0, 1.0)
        _check(f"calibration {part}", np.asarray(scores), stage.predict(probes))
    save_calibrator(Calibrator(stages["fields"], stages["rows"]), folder)
    return CALIBRATION_FILE


def _text(folder: Path) -> str:
    from extractor.engine.textclf import MODEL_FILE, TextModel, load_old_pipeline, save_text_model

    pipeline = load_old_pipeline(folder)
    model = TextModel.from_pipeline(pipeline)
    rng = random.Random(2)
    grams = list(model.vocabulary)
    texts = ["", "完成"] + ["".join(rng.sample(grams, rng.randint(1, 12))) for _ in range(N_PROBES)]
    _check(f"{folder.name} text model", pipeline.predict_proba(texts), model.predict_proba(texts))
    save_text_model(model, folder)
    return f"{folder.name}/{MODEL_FILE}"


def convert_folder(folder: Path) -> list[str]:
    """Convert every skops model of ``folder`` that has one; the files written."""
    from extractor.calibration import OLD_CALIBRATION_FILE
    from extractor.engine.prose.gate import GATE_FILE, OLD_GATE_FILE
    from extractor.engine.role_model import OLD_ROLE_MODEL_FILE, ROLE_MODEL_FILE
    from extractor.engine.textclf import OLD_MODEL_FILE
    from extractor.segment.blocks import BLOCK_MODEL_FILE, OLD_BLOCK_MODEL_FILE

    jobs: list[tuple[Path, Callable[[], str]]] = [
        (
            folder / OLD_ROLE_MODEL_FILE,
            lambda: _linear(folder, ROLE_MODEL_FILE, OLD_ROLE_MODEL_FILE),
        ),
        (
            folder / OLD_BLOCK_MODEL_FILE,
            lambda: _linear(folder, BLOCK_MODEL_FILE, OLD_BLOCK_MODEL_FILE),
        ),
        (folder / OLD_CALIBRATION_FILE, lambda: _calibration(folder)),
        (folder / "claims" / OLD_MODEL_FILE, lambda: _text(folder / "claims")),
        (folder / "form_types" / OLD_MODEL_FILE, lambda: _text(folder / "form_types")),
        (
            folder / "prose" / OLD_GATE_FILE,
            lambda: "prose/" + _linear(folder / "prose", GATE_FILE, OLD_GATE_FILE),
        ),
    ]
    return [job() for path, job in jobs if path.is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.modelio", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("convert", help="rewrite a model folder's skops models as JSON")
    p.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failed = 0
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            failed += 1
            continue
        try:
            written = convert_folder(folder)
        except Exception as err:  # one bad folder must not stop the others
            print(f"{folder}: {type(err).__name__}: {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"{folder}: " + (", ".join(written) if written else "already converted"))
    return 1 if failed else 0
