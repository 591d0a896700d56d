"""The learning curve rises: a flattened layout the model reads badly at
first is read well after a few of its documents are corrected (fixed seeds,
so the run is repeatable)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("000_29d121b4221180d5", "h01_education_project")
ALSO = ("h02_transport_targets",)  # in the base training, not a source of the layout


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "learning_curve", ROOT / "bench/learning_curve.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["learning_curve"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path) -> Path:
    for sub in ("docs", "gold", "manifest", "claims"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for stem in (*SOURCES, *ALSO):
        shutil.copy(ROOT / "training_data/docs" / f"{stem}.txt", folder / "docs")
        shutil.copy(ROOT / "training_data/gold" / f"{stem}.json", folder / "gold")
    lines = [json.dumps({"doc": s, "layout": s}) for s in (*SOURCES, *ALSO)]
    (folder / "manifest/m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(ROOT / "training_data/claims/base.jsonl", folder / "claims")
    return folder


@pytest.mark.slow
def test_the_curve_rises_on_a_flattened_layout(tmp_path: Path) -> None:
    bench = _bench()
    results = bench.learning_curve(
        _corpus(tmp_path / "data"),
        "flat_fused",
        per_source=4,
        steps=(1, 2, 4),
        sources=list(SOURCES),
        out=lambda *_: None,
    )
    f1 = [r["f1"] for r in results]
    fields = [r["all_fields"] for r in results]
    assert f1[2] >= f1[0] + 0.10  # two corrected documents: at least ten points
    assert f1[3] > f1[0] and fields[3] > fields[0]
    assert f1[3] >= max(f1[1:3]) - 0.02  # more corrections do not undo the gain
