"""``--incremental`` refits the calibrator on the base's held-out material plus the
new corrected documents as the base read them; a base without material says why."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from extractor.calibration import load_calibrator
from extractor.engine.models import load_models
from extractor.ingest import load_document
from extractor.settings import DEFAULT_MODEL_DIR
from extractor.training.calibration_material import MATERIAL_FILE, load_material, save_material
from extractor.training.corpus import GoldDocument
from extractor.training.incremental import refit_calibration
from extractor.training.train import outcomes

DATA = Path(__file__).resolve().parents[2] / "training_data"
KNOWN = ("h01_education_project", "000_29d121b4221180d5")
NEW = "h02_transport_targets"


def _doc(stem: str) -> GoldDocument:
    gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return GoldDocument(stem, DATA / "docs" / f"{stem}.txt", gold, layout=stem)


def test_the_calibrator_is_refitted_with_the_new_documents(tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(DEFAULT_MODEL_DIR, base)
    # The shipped model keeps its material; a base from before it was kept has none.
    (base / MATERIAL_FILE).unlink(missing_ok=True)
    work = tmp_path / "work"
    shutil.copytree(base, work)
    # A base without held-out material keeps its calibrator, and says why.
    kept = refit_calibration(base, work, [_doc(NEW)])
    assert kept["refitted"] is False and "held-out material" in kept["why"]

    # Material as the full training keeps it: layouts read by models that never saw them.
    models = replace(load_models(base), calibrator=None)
    material = {}
    for stem in KNOWN:
        d = _doc(stem)
        fold = outcomes(stem, load_document(d.path), d.gold, models, stem)
        material[stem] = (fold.field_data, fold.row_data)
    save_material(material, base)
    loaded = load_material(base)
    assert loaded is not None and loaded.keys() == material.keys()
    for stem, (fields, _) in material.items():  # features kept to four decimals
        assert [ok for _, ok in loaded[stem][0]] == [ok for _, ok in fields]
        assert loaded[stem][0][0][0].keys() == fields[0][0].keys()

    got = refit_calibration(base, work, [_doc(NEW)])
    assert got["refitted"] is True and got["layouts"] == 3
    assert got["new_fields"] > 0 and got["base_fields"] == sum(len(f) for f, _ in material.values())
    saved = load_material(work)
    assert saved is not None and NEW in saved
    # The new calibrator is fitted on that material: it differs from the shipped one.
    feats = [f for f, _ in saved[NEW][0]]
    shipped = load_calibrator(DEFAULT_MODEL_DIR).field_confidence(feats)
    refitted = load_calibrator(work).field_confidence(feats)
    assert any(abs(a - b) > 0.01 for a, b in zip(shipped, refitted, strict=True))
