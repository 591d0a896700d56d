"""train_prose end to end on a tiny budget: it trains, saves a loadable
pipeline and reports held-out metrics (quality is measured elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

from support import TRAINING

from extractor.engine.prose import load_prose, train_prose
from extractor.engine.prose.train import is_held_out


def test_held_out_matches_documents_and_departments() -> None:
    held = {"gen-交通", "002_99ad04c7f5e868a1"}
    assert is_held_out("gen-交通-3", held)
    assert is_held_out("002_99ad04c7f5e868a1", held)
    assert not is_held_out("gen-水利-3", held)


def test_tiny_training_run_writes_a_loadable_model(tmp_path: Path) -> None:
    out = tmp_path / "prose"
    metrics = train_prose(
        TRAINING / "prose",
        out,
        held_out={"gen-交通"},
        max_steps=20,
        variants_per_department=1,
        mixed_docs=1,
    )
    assert {"NAME_p", "NAME_r", "NAME_f", "micro_f"} <= set(metrics)
    assert metrics["test_paragraphs"] > 0 and metrics["train_paragraphs"] > 100
    saved = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert saved["micro_f"] == metrics["micro_f"]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["extractor_prose"]["held_out"] == ["gen-交通"]
    assert all(d.startswith("gen-交通-") for d in meta["extractor_prose"]["test_docs"])
    load_prose(out)  # the registered suggester makes the saved config resolvable
