"""Model versions promoted on evidence: refused when worse on the blind set,
forced only with a reason, rolled back to the version in use before."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.registry import Registry, RegistryError
from extractor.settings import DEFAULT_MODEL_DIR

DATA = Path(__file__).resolve().parents[2] / "training_data"
# Two training reports stand in for a blind set here (the real blind layouts
# take minutes per version to score).
STAND_INS = ("h01_education_project", "000_29d121b4221180d5")


def blind_data(folder: Path) -> Path:
    for sub in ("docs", "gold", "manifest"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    lines = []
    for stem in STAND_INS:
        shutil.copy(DATA / "docs" / f"{stem}.txt", folder / "docs")
        shutil.copy(DATA / "gold" / f"{stem}.json", folder / "gold")
        lines.append(json.dumps({"doc": stem, "layout": stem, "split": "blind"}))
    (folder / "manifest" / "blind.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return folder


def broken_model(folder: Path) -> Path:
    """The shipped model without its claim classifier: no completion label is read."""
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    shutil.rmtree(folder / "claims")
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, Path]]:
    tmp = tmp_path_factory.mktemp("registry")
    data = blind_data(tmp / "data")
    registry = Registry(tmp / "models")
    registry.register(broken_model(tmp / "broken"), data)  # v0001
    registry.register(DEFAULT_MODEL_DIR, data)  # v0002: the shipped model again
    yield registry, data


def test_a_version_worse_on_the_blind_set_is_refused(made: tuple[Registry, Path]) -> None:
    registry, data = made
    worse = registry.version("v0001")
    comparison = worse.meta["comparison"]
    assert comparison["in_use"] == "default"
    assert comparison["worse_on"] == ["all_fields"]
    assert comparison["blind"]["all_fields"]["delta"] < 0
    with pytest.raises(RegistryError) as refused:
        registry.promote("v0001", data, who="test")
    assert refused.value.code == "worse_on_blind_set"
    with pytest.raises(RegistryError) as no_reason:
        registry.promote("v0001", data, who="test", force=True, reason=" ")
    assert no_reason.value.code == "reason_required"
    assert registry.active()[0] == "default"


def test_promote_force_and_roll_back(made: tuple[Registry, Path]) -> None:
    registry, data = made
    event = registry.promote("v0002", data, who="test")  # as good: allowed
    assert event["forced"] is False and registry.active()[0] == "v0002"
    forced = registry.promote("v0001", data, who="test", force=True, reason="claims retrained")
    assert forced["forced"] is True and forced["previous"] == "v0002"
    assert registry.active() == ("v0001", registry.root / "versions" / "v0001")
    assert registry.rollback(who="test")["version"] == "v0002"
    assert registry.rollback(who="test")["version"] == "default"
    with pytest.raises(RegistryError) as nothing:
        registry.rollback(who="test")
    assert nothing.value.code == "nothing_to_roll_back"
    actions = [(e["action"], e["version"]) for e in registry.history()]
    assert actions == [
        ("promote", "v0002"),
        ("promote", "v0001"),
        ("rollback", "v0002"),
        ("rollback", "default"),
    ]


def test_versions_carry_their_data_hash_and_blind_figures(made: tuple[Registry, Path]) -> None:
    registry, _ = made
    summaries = {v.name: v.summary() for v in registry.versions()}
    assert list(summaries) == ["default", "v0001", "v0002"]
    assert (
        summaries["v0002"]["training_data_sha256"] == summaries["default"]["training_data_sha256"]
    )
    assert summaries["v0002"]["blind"]["all_fields"] > summaries["v0001"]["blind"]["all_fields"]
    assert registry.version("v0002").meta["name"] == "v0002"


def test_cli_refuses_a_worse_version_and_lists_the_versions(
    made: tuple[Registry, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    registry, data = made
    root = ["--root", str(registry.root), "--data", str(data)]
    assert main(["models", "promote", "v0001", *root]) == 1
    assert "worse than" in capsys.readouterr().err
    assert main(["models", "list", *root]) == 0
    out = capsys.readouterr().out
    assert "v0001" in out and "all_fields -0." in out


def test_approved_documents_set_aside_join_the_blind_set(
    made: tuple[Registry, Path], tmp_path: Path
) -> None:
    """A document ``training-data export`` set aside (``split: blind``) is scored with the
    corpus's blind layouts: the set changes, so every version is scored again on it."""
    from extractor.training.corpus import load_corpus
    from extractor.training.train import build_samples

    registry, data = made
    before = registry.evidence("v0002", data)
    grown = tmp_path / "data"
    shutil.copytree(data, grown)
    stem = "review_h02_0123456789ab"
    shutil.copy(DATA / "docs" / "h02_transport_targets.txt", grown / "docs" / f"{stem}.txt")
    gold = json.loads((DATA / "gold" / "h02_transport_targets.json").read_text(encoding="utf-8"))
    gold["doc"] = f"{stem}.txt"
    (grown / "gold" / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    line = {
        "doc": stem,
        "layout": "review-x",
        "kind": "table",
        "origin": "review",
        "split": "blind",
    }
    (grown / "manifest" / f"review_{stem}.jsonl").write_text(json.dumps(line), encoding="utf-8")

    after = registry.evidence("v0002", grown)
    assert after["overall"]["docs"] == before["overall"]["docs"] + 1
    assert after["blind_set_sha256"] != before["blind_set_sha256"]
    comparison = registry.compare("v0001", grown)  # both versions judged on the grown set
    assert registry.evidence("v0001", grown)["blind_set_sha256"] == after["blind_set_sha256"]
    assert comparison["worse_on"] == ["all_fields"]
    # Never trained on: no training sample comes from it.
    assert not build_samples(load_corpus(grown), 0)
