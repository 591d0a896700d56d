"""Blind figures for the prose reader on the narrative corpus.

``leave_one_layout_out``: for each narrative layout of the manifest (split
"train"), the prose model (spans, gate, pairing) is trained without every
report of that layout, and those reports are extracted by the engine with
that prose model and scored like shared/eval does. ``score_set`` scores a
list of reports with one prose model (the held-aside "blind" set).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from extractor.engine.models import EngineModels, load_models
from extractor.engine.prose.reader import load_prose
from extractor.engine.prose.train import train_prose
from extractor.ingest import load_document
from extractor.pipeline import extract_with_models
from extractor.training.corpus import load_corpus, load_manifest
from extractor.training.scoring import score_documents


def narrative_layouts(data_dir: Path, split: str = "train") -> dict[str, list[str]]:
    """Narrative report stems by layout (only those with prose annotations
    when ``split`` is train)."""
    out: dict[str, list[str]] = {}
    for stem, entry in load_manifest(data_dir).items():
        if entry.get("kind") != "narrative" or entry.get("split", "train") != split:
            continue
        if split == "train" and not (data_dir / "prose" / f"{stem}.jsonl").exists():
            continue
        out.setdefault(entry["layout"], []).append(stem)
    return out


def score_set(
    data_dir: Path, stems: list[str], prose_dir: Path, base: EngineModels | None = None
) -> dict[str, Any]:
    """Extract ``stems`` with the shipped models but the prose model in
    ``prose_dir``, and score them against their gold."""
    models = dataclasses.replace(base or load_models(None), prose=load_prose(prose_dir))
    corpus = {g.stem: g for g in load_corpus(data_dir)}
    triples = []
    for stem in stems:
        gd = corpus[stem]
        pred = extract_with_models(load_document(gd.path), models).to_json_dict()
        triples.append((stem, gd.gold, pred))
    report = score_documents(triples)
    report["per_document"] = {s: score_documents([(s, g, p)]) for s, g, p in triples}
    return report


def layout_folds(data_dir: Path, n_folds: int) -> dict[str, list[str]]:
    """Narrative layouts dealt round-robin into ``n_folds`` groups (every
    report of a layout in the same group): a fold's model has seen none of
    its layouts. ``n_folds`` 0 keeps one fold per layout."""
    layouts = narrative_layouts(data_dir)
    if n_folds <= 0 or n_folds >= len(layouts):
        return layouts
    folds: dict[str, list[str]] = {}
    for k, (_, stems) in enumerate(sorted(layouts.items())):
        folds.setdefault(f"fold{k % n_folds}", []).extend(stems)
    return folds


def leave_one_layout_out(
    data_dir: Path, work: Path, n_folds: int = 0, **train_kw: Any
) -> dict[str, Any]:
    layouts = layout_folds(data_dir, n_folds)
    triples_stems: list[str] = []
    per_layout: dict[str, Any] = {}
    preds: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    base = load_models(None)
    corpus = {g.stem: g for g in load_corpus(data_dir)}
    work.mkdir(parents=True, exist_ok=True)
    for layout, stems in sorted(layouts.items()):
        fold = work / layout
        train_prose(data_dir / "prose", fold, held_out=set(stems), **train_kw)
        models = dataclasses.replace(base, prose=load_prose(fold))
        for stem in stems:
            gd = corpus[stem]
            pred = extract_with_models(load_document(gd.path), models).to_json_dict()
            preds[stem] = (gd.gold, pred)
        per_layout[layout] = score_documents([(s, *preds[s]) for s in stems])
        triples_stems += stems
    report = score_documents([(s, *preds[s]) for s in triples_stems])
    report["per_layout"] = per_layout
    return report


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m extractor.engine.prose.crossval")
    parser.add_argument("--data", type=Path, default=Path("training_data"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/prose-lolo"))
    parser.add_argument("--folds", type=int, default=0, help="layouts grouped into N folds")
    parser.add_argument(
        "--blind-model", type=Path, help="score the blind set with this prose model"
    )
    parser.add_argument(
        "--fit-name-floor",
        action="store_true",
        help="fit the name floor on the folds' models under --work (trained if missing) "
        "and store it in <data>/prose for train_prose to ship",
    )
    args = parser.parse_args()
    if args.fit_name_floor:
        from extractor.engine.prose.name_floor import fit_name_floor, save_name_floor

        fitted = fit_name_floor(args.data, args.work, n_folds=args.folds)
        save_name_floor(args.data / "prose", fitted)
        print(json.dumps(fitted, ensure_ascii=False, indent=1))
        return
    if args.blind_model:
        stems = [s for v in narrative_layouts(args.data, "blind").values() for s in v]
        report = score_set(args.data, sorted(stems), args.blind_model)
    else:
        report = leave_one_layout_out(args.data, args.work, n_folds=args.folds)
    summary = {k: v for k, v in report.items() if not isinstance(v, dict)}
    print(json.dumps(summary, ensure_ascii=False))
    for key in ("per_layout", "per_document"):
        for name, sub in report.get(key, {}).items():
            brief = {k: sub.get(k) for k in ("precision", "recall", "f1", "all_fields")}
            print(name, json.dumps(brief))


if __name__ == "__main__":
    main()


def pairing_leave_one_out(data_dir: Path) -> dict[str, float]:
    """Relation P/R of the pairing model on gold spans, each annotated report
    paired by a model fitted without it; the latest-name rule alongside."""
    from extractor.engine.prose.annotations import load_annotations
    from extractor.engine.prose.pairing import VALUE_LABELS, SpanRef, fit_pairing

    docs = [
        d for d in load_annotations(data_dir / "prose") if any(p.relations for p in d.paragraphs)
    ]
    tp = n_pred = n_gold = rule_tp = rule_pred = 0
    for doc in docs:
        model = fit_pairing([d for d in docs if d is not doc])
        assert model is not None
        texts = [p.text for p in doc.paragraphs]
        names: list[SpanRef] = []
        values: list[SpanRef] = []
        name_ids: list[int | None] = []
        value_ids: list[int | None] = []
        gold: set[tuple[int, int]] = set()
        for pi, para in enumerate(doc.paragraphs):
            for s in para.spans:
                ref = SpanRef(pi, s.start, s.end, s.label)
                if s.label == "NAME":
                    names.append(ref)
                    name_ids.append(s.id)
                elif s.label in VALUE_LABELS:
                    values.append(ref)
                    value_ids.append(s.id)
            gold |= set(para.relations)
        got = {(name_ids[p.name], value_ids[p.value]) for p in model.pair(texts, names, values)}
        n_gold += len(gold)
        n_pred += len(got)
        tp += len(got & gold)
        # the rule: every value to the latest name before it
        rule: set[tuple[int | None, int | None]] = set()
        for vi, v in enumerate(values):
            before = [
                i for i, n in enumerate(names) if (n.paragraph, n.start) < (v.paragraph, v.start)
            ]
            if before:
                rule.add((name_ids[before[-1]], value_ids[vi]))
        rule_pred += len(rule)
        rule_tp += len(rule & gold)
    return {
        "pairing_p": round(tp / max(1, n_pred), 4),
        "pairing_r": round(tp / max(1, n_gold), 4),
        "latest_name_rule_p": round(rule_tp / max(1, rule_pred), 4),
        "latest_name_rule_r": round(rule_tp / max(1, n_gold), 4),
        "relations": float(n_gold),
    }


def gate_leave_one_out(data_dir: Path) -> dict[str, float]:
    """Paragraph gate on each annotated report, fitted without it: how many
    paragraphs without indicators it lets through, how many with it drops."""
    from extractor.engine.prose.annotations import load_annotations
    from extractor.engine.prose.gate import STATING, THRESHOLD, fit_gate
    from extractor.engine.prose.variants import generate_corpus, generate_mixed

    docs = load_annotations(data_dir / "prose")
    generated = generate_corpus(per_department=2) + generate_mixed(6)
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for doc in docs:
        gate = fit_gate([d for d in docs if d is not doc] + generated)
        assert gate is not None
        probs = gate.probabilities([p.text for p in doc.paragraphs])
        for para, prob in zip(doc.paragraphs, probs, strict=True):
            truth = any(s.label in STATING for s in para.spans)
            key = ("t" if truth == (prob >= THRESHOLD) else "f") + (
                "p" if prob >= THRESHOLD else "n"
            )
            counts[key] += 1
    negatives = counts["tn"] + counts["fp"]
    positives = counts["tp"] + counts["fn"]
    return {
        "gate_negatives_passed": round(counts["fp"] / max(1, negatives), 4),
        "gate_positives_dropped": round(counts["fn"] / max(1, positives), 4),
        "paragraphs": float(negatives + positives),
    }
