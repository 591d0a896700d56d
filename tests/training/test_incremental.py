"""``extractor train --incremental``: a new corrected document updates the
version in use in one quick step, scored on the blind set and registered."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.registry import Registry

DATA = Path(__file__).resolve().parents[2] / "training_data"
KNOWN = ("h01_education_project", "000_29d121b4221180d5")
BLIND = "001_e29b54d99e7d5cbf"  # a training report standing in for the blind set
NEW = "h02_transport_targets"


def corpus(folder: Path) -> Path:
    for sub in ("docs", "gold", "manifest", "claims"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    lines = []
    for stem, split, as_stem in (
        *((s, "train", s) for s in KNOWN),
        (BLIND, "blind", BLIND),
        (NEW, "train", "review_h02"),  # as ``extractor training-data export`` names it
    ):
        gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        shutil.copy(DATA / "docs" / f"{stem}.txt", folder / "docs" / f"{as_stem}.txt")
        gold["doc"] = f"{as_stem}.txt"
        (folder / "gold" / f"{as_stem}.json").write_text(json.dumps(gold), encoding="utf-8")
        lines.append(json.dumps({"doc": as_stem, "layout": as_stem, "split": split}))
    (folder / "manifest" / "m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(DATA / "claims" / "base.jsonl", folder / "claims")
    return folder


def test_incremental_training_updates_the_version_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = corpus(tmp_path / "data")
    root = tmp_path / "models"
    args = ["train", "--incremental", "--register", "--root", str(root), "--data", str(data)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "with 1 new documents" in out
    version = Registry(root).version("v0001")
    assert version.meta["new_documents"] == ["review_h02"]
    assert version.meta["incremental_from"]["name"] == "default"
    assert "review_h02" in version.meta["documents"]
    # Refitted parts are new files; calibration and prose are the base's.
    assert (version.folder / "roles.json").is_file()
    assert (version.folder / "calibration.json").is_file()
    assert (version.folder / "prose").is_dir()
    # The calibrator is refitted with the new document, or the metrics say why not.
    metrics = json.loads((version.folder / "metrics.json").read_text(encoding="utf-8"))
    calibration = metrics["calibration"]
    assert calibration["refitted"] or "held-out material" in calibration["why"]
    # Scored on the blind set and compared with the version in use.
    assert version.evidence is not None and version.evidence["overall"]["docs"] == 1
    assert version.meta["comparison"]["in_use"] == "default"
