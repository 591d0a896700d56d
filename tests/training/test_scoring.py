"""Our scoring agrees with the project's scorer, number for number."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import SHARED, TRAINING

from extractor.batch import extract_one
from extractor.export import atomic_write, to_json_bytes
from extractor.training.corpus import load_manifest
from extractor.training.evaluate import evaluate_dir
from extractor.training.scoring import score_documents

SCORER = SHARED / "eval" / "score_extraction.py"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pred")
    for gf in sorted((TRAINING / "gold").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        outcome = extract_one(TRAINING / "docs" / gold["doc"])
        assert outcome.extraction is not None, outcome.error
        atomic_write(out / gf.name, to_json_bytes(outcome.extraction))
    return out


def test_scores_agree_with_the_project_scorer(predictions: Path) -> None:
    if not SCORER.exists():
        pytest.skip("shared/eval not beside the checkout")
    theirs = json.loads(
        subprocess.run(
            [sys.executable, str(SCORER), str(TRAINING / "gold"), str(predictions), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    triples = []
    for gf in sorted((TRAINING / "gold").glob("*.json")):
        triples.append(
            (
                gf.stem,
                json.loads(gf.read_text(encoding="utf-8")),
                json.loads((predictions / gf.name).read_text(encoding="utf-8")),
            )
        )
    assert score_documents(triples) == theirs


def test_a_damaged_prediction_scores_lower(predictions: Path) -> None:
    gf = sorted((TRAINING / "gold").glob("*.json"))[0]
    gold = json.loads(gf.read_text(encoding="utf-8"))
    pred = json.loads((predictions / gf.name).read_text(encoding="utf-8"))
    good = score_documents([(gf.stem, gold, pred)])
    pred["indicators"] = pred["indicators"][: len(pred["indicators"]) // 2]
    for rec in pred["indicators"]:
        rec["target"]["value"] = -1
    bad = score_documents([(gf.stem, gold, pred)])
    assert bad["recall"] < good["recall"]
    assert bad["field_accuracy"]["target"] < good["field_accuracy"]["target"]


def test_evaluate_prints_the_scorer_summary(tmp_path: Path) -> None:
    lines: list[str] = []

    class Sink:
        def write(self, s: str) -> None:
            lines.append(s)

        def flush(self) -> None:
            pass

    report = evaluate_dir(TRAINING / "gold", pred_dir=tmp_path, out=Sink())
    text = "".join(lines)
    assert "extraction: F1=" in text
    assert report["rows"]["gold"] > 100
    blind = {s for s, e in load_manifest(TRAINING).items() if e.get("split") == "blind"}
    # Predictions of blind documents are scored, never kept.
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
        p.name for p in (TRAINING / "gold").glob("*.json") if p.stem not in blind
    )
