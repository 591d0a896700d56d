"""The corpus units the value parser knows are the training split's, kept in step."""

from __future__ import annotations

import json
from pathlib import Path

from support import TRAINING

from extractor.training.units import CORPUS_UNITS, corpus_units
from extractor.values.units import KNOWN_UNITS


def test_shipped_corpus_units_are_the_training_gold_s() -> None:
    shipped = json.loads(CORPUS_UNITS.read_text(encoding="utf-8"))
    assert shipped == corpus_units(TRAINING), (
        "regenerate: python -c 'from pathlib import Path; from extractor.training.units "
        'import write_corpus_units; write_corpus_units(Path("training_data"))\''
    )
    assert set(shipped) <= KNOWN_UNITS


def _doc(root: Path, stem: str, unit: str, split: str) -> None:
    (root / "docs" / f"{stem}.txt").write_text("x", encoding="utf-8")
    value = {"text": f"3{unit}", "kind": "numeric", "op": "=", "value": 3, "unit": unit}
    gold = {"doc": f"{stem}.txt", "indicators": [{"name": "n", "target": value}]}
    (root / "gold" / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    line = json.dumps({"doc": stem, "layout": stem, "split": split})
    with (root / "manifest" / "m.jsonl").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def test_units_come_from_the_training_split_only(tmp_path: Path) -> None:
    for sub in ("docs", "gold", "manifest"):
        (tmp_path / sub).mkdir()
    _doc(tmp_path, "a", "标箱", "train")
    _doc(tmp_path, "b", "车皮", "blind")
    _doc(tmp_path, "c", "万人次", "train")  # spelled from known pieces: not a new unit
    assert corpus_units(tmp_path) == ["标箱"]
