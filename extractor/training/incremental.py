"""``extractor train --incremental``: a model updated from new corrections in minutes.

A full ``train_all`` refits every model once per held-out layout (the
figures and the calibrator need it) and then on everything: tens of minutes
on two cores. After a few corrections that is not needed to put them to
work. Starting from a model folder (the version in use), this:

- refits the models that learn directly from corrected documents and are
  quick to fit: the cell-role model, the block classifier, the claim
  classifier and the form-type classifier, on the whole corpus (the new
  corrections included, each new document with more generated variants, so
  a few documents weigh in);
- refits the flattened-text reader when a new document is flattened text
  (manifest ``kind``; its token roles are its gold aligned to its text);
- updates the prose model when a new document comes with prose annotations
  (``prose_update``: the base's pipeline trained further, gate and pairing
  refitted);
- refits the calibrator on the base's held-out material (saved by the full
  ``extractor train``, ``calibration_material``) plus the new documents as the
  base model read them, before it learnt from them; a base without that
  material keeps its calibrator and the metrics say so;
- scores the result on the blind set, so the registry can compare it with
  the version in use before anyone promotes it.

No held-out folds are run: the figures are the blind set's only. A full
``extractor train`` remains the way to refresh the folds themselves.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from extractor.training.corpus import GoldDocument, corpus_hash, load_corpus
from extractor.training.train import (
    VARIANTS_PER_DOC,
    _layout_counts,
    _versions,
    build_samples,
    score_blind,
    train_blocks,
    train_roles,
)

# Quick to refit from the corpus; everything else is copied from the base.
REFITTED = ("roles.json", "blocks.json", "claims", "form_types")
# A base of the skops era: its refitted models are not copied either.
OLD_REFITTED = ("roles.skops", "blocks.skops")


def train_incremental(
    data_dir: Path,
    base: Path,
    out: Path,
    variants: int = 2,
    new_variants: int = VARIANTS_PER_DOC,
) -> Path:
    """Write to ``out`` the model of ``base`` updated with ``data_dir``'s new documents."""
    from extractor.engine.claims import train_claims
    from extractor.engine.docfields import train_form_types
    from extractor.engine.role_model import save_role_model
    from extractor.segment.blocks import save_block_classifier

    started = time.time()
    base_meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))
    known = set(base_meta.get("documents", []))
    everything = load_corpus(data_dir)
    corpus = [g for g in everything if g.split != "blind"]
    new = [g for g in corpus if g.stem not in known]
    work = out.with_name(out.name + ".work")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(
        base, work, ignore=shutil.ignore_patterns(*REFITTED, *OLD_REFITTED, "metrics.json")
    )
    samples = build_samples([g for g in corpus if g.stem in known], variants)
    samples += build_samples(new, new_variants)
    save_role_model(train_roles(samples), work)
    save_block_classifier(train_blocks(samples), work)
    metrics: dict[str, Any] = {"evaluation": "blind set only (incremental)"}
    metrics["claims"] = train_claims(data_dir / "claims", work / "claims")
    refitted = list(REFITTED)
    if (data_dir / "form_types").is_dir():
        metrics["form_types"] = train_form_types(data_dir / "form_types", work / "form_types")
    else:  # a corpus without titles: the base's classifier stays
        shutil.copytree(base / "form_types", work / "form_types")
        refitted.remove("form_types")
    if any(g.kind == "flattened" for g in new):
        from extractor.engine.stream.fit import fit_stream_reader

        shutil.rmtree(work / "stream", ignore_errors=True)
        fit_stream_reader(corpus, work / "stream")
        refitted.append("stream")
    prose_new = _new_prose(data_dir, {g.stem for g in new})
    if prose_new:
        from extractor.training.prose_update import update_prose

        metrics["prose"] = update_prose(
            base / "prose", data_dir / "prose", prose_new, work / "prose"
        )
        refitted.append("prose")
    metrics["calibration"] = refit_calibration(base, work, new)
    if metrics["calibration"]["refitted"]:
        refitted.append("calibration")
    metrics["blind"] = score_blind(everything, work)
    metrics["seconds"] = round(time.time() - started, 1)
    (work / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    meta = {
        **base_meta,
        "name": out.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "training_data_sha256": corpus_hash(data_dir),
        "documents": [g.stem for g in corpus],
        "incremental_from": {
            "name": base_meta.get("name"),
            "training_data_sha256": base_meta.get("training_data_sha256"),
        },
        "new_documents": [g.stem for g in new],
        "refitted": refitted,
        "layouts": _layout_counts([s for s in samples if not s.variant]),
        "versions": _versions(),
    }
    (work / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    return out


def _new_prose(data_dir: Path, new: set[str]) -> set[str]:
    """The new documents that come with prose annotations."""
    if not (data_dir / "prose").is_dir():
        return set()
    from extractor.training.prose_update import annotated_ids

    return annotated_ids(data_dir / "prose") & new


def refit_calibration(base: Path, work: Path, new: list[GoldDocument]) -> dict[str, Any]:
    """The calibrator refitted on the base's held-out material plus the new documents
    as the base read them (held out from it: it never trained on them)."""
    from dataclasses import replace

    from extractor.calibration import fit_calibrator, save_calibrator
    from extractor.engine.models import load_models
    from extractor.ingest import load_document
    from extractor.training.calibration_material import load_material, save_material
    from extractor.training.train import outcomes

    material = load_material(base)
    if material is None:
        return {
            "refitted": False,
            "why": f"{base} keeps no held-out material (a full `extractor train` writes it): "
            "the base's calibrator is kept",
        }
    before = sum(len(f) for f, _ in material.values())
    models = replace(load_models(base), calibrator=None)
    for g in new:
        fold = outcomes(g.stem, load_document(g.path), g.gold, models, g.layout)
        fields, rows = material.setdefault(g.layout, ([], []))
        fields += fold.field_data
        rows += fold.row_data
    groups = list(material.values())
    save_calibrator(fit_calibrator([f for f, _ in groups], [r for _, r in groups]), work)
    save_material(material, work)
    return {
        "refitted": True,
        "base_fields": before,
        "new_fields": sum(len(f) for f, _ in material.values()) - before,
        "layouts": len(material),
    }
