"""The claim classifier, trained once per session from training_data/claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.engine.claims import ClaimClassifier, classify_claim, load_claims, train_claims
from extractor.errors import ExtractionError, ModelNotFound

DATA = Path(__file__).resolve().parents[2] / "training_data" / "claims"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    out = tmp_path_factory.mktemp("claims")
    return out, train_claims(DATA, out)


@pytest.fixture(scope="module")
def model(trained: tuple[Path, dict[str, float]]) -> ClaimClassifier:
    return load_claims(trained[0])


def test_grouped_cv_metrics_are_reported_and_reasonable(
    trained: tuple[Path, dict[str, float]],
) -> None:
    out, metrics = trained
    assert metrics["n_examples"] > 1000
    assert metrics["accuracy"] > 0.8
    assert metrics["ece"] < 0.08
    assert json.loads((out / "metrics.json").read_text()) == metrics


def test_model_file_is_small(trained: tuple[Path, dict[str, float]]) -> None:
    assert (trained[0] / "model.json").stat().st_size < 1_000_000


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("已完成", "completed"),
        ("已先成", "completed"),
        ("已戍成", "completed"),
        ("及时完成", "completed"),
        ("达成预期指标", "completed"),
        ("全额达成预期指标", "completed"),
        ("完场目标值", "completed"),
        ("按计划完成", "completed"),
        ("超额完成", "completed"),
        ("100%完成", "completed"),
        ("基本完成", "partial"),
        ("部分完成", "partial"),
        ("未完成", "not_completed"),
        ("末完成", "not_completed"),
        ("未达成", "not_completed"),
        ("没有完成", "not_completed"),
        ("尚未完成", "not_completed"),
        ("不适用", "not_applicable"),
        ("—", None),
        ("完成情况", None),
        ("未完成原因分析", None),
        ("12月底前", None),
    ],
)
def test_brief_phrases(model: ClaimClassifier, text: str, label: str | None) -> None:
    [(got, prob)] = model.predict([text])
    assert got == label
    assert 0.5 < prob <= 1.0


def test_blank_text_is_no_claim_with_certainty(model: ClaimClassifier) -> None:
    assert model.predict([None, "", "  \t"]) == [(None, 1.0)] * 3


def test_classify_claim_uses_the_given_folder(trained: tuple[Path, dict[str, float]]) -> None:
    label, prob = classify_claim("已完戌", model_dir=trained[0])
    assert label == "completed" and prob > 0.5


def test_missing_model_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="model.json"):
        load_claims(tmp_path)


def test_bad_training_line_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "已完成", "label": "completed"\n', "utf-8")
    with pytest.raises(ExtractionError, match="bad.jsonl"):
        train_claims(tmp_path, tmp_path / "out")
