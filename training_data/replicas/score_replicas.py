"""Score extractor output on one corpus author's replicas, per document and per layout.

usage: python score_replicas.py MANIFEST PRED_DIR   (MANIFEST: corpus_a, corpus_b, corpus_c, ...)
PRED_DIR holds `extractor extract training_data/docs/<doc> --format json -o PRED_DIR/<doc>.json`
for every document of ``training_data/manifest/MANIFEST.jsonl``. Runs
shared/eval/score_extraction.py (the hidden evaluation's scorer) on all of
them and on each layout's files alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "training_data" / "gold"
SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"


def score(stems: list[str], pred: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        for s in stems:
            shutil.copy(GOLD / f"{s}.json", Path(tmp) / f"{s}.json")
        out = subprocess.run(
            [sys.executable, str(SCORER), tmp, str(pred), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout)


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main() -> None:
    name, pred = sys.argv[1], Path(sys.argv[2])
    lines = (ROOT / "training_data" / "manifest" / f"{name}.jsonl").read_text(encoding="utf-8")
    manifest = [json.loads(x) for x in lines.splitlines() if x.strip()]
    by_layout: dict[str, list[str]] = defaultdict(list)
    for e in manifest:
        by_layout[e["layout"]].append(e["doc"])
    info = {e["doc"]: e for e in manifest}
    every = score([e["doc"] for e in manifest], pred)
    print(f"{'document':30} {'layout':34} {'split':5} {'fmt':4} gold pred  F1   fields")
    for stem, d in every["docs"].items():
        f1 = 2 * d["matched"] / (d["gold"] + d["pred"]) if d["gold"] + d["pred"] else 0.0
        e = info[stem]
        fa = "-" if d["field_acc"] is None else f"{d['field_acc']:.3f}"
        print(
            f"{stem:30} {e['layout']:34} {e['split']:5} {e['format']:4} {d['gold']:4} {d['pred']:4} "
            f"{f1:.3f} {fa}"
        )
    print()
    print(f"{'layout':34} docs  F1    fields  ece   caught@20 doc-fields")
    for layout, stems in by_layout.items():
        s = score(stems, pred)
        print(
            f"{layout:34} {len(stems):4} {_f(s['f1'])} {_f(s['all_fields'])}  {_f(s['ece'])} "
            f"{_f(s['errors_caught_in_lowest_20pct'])}     {s['document_fields']}"
        )
    print(
        f"{'ALL ' + name:34} {len(manifest):4} {_f(every['f1'])} {_f(every['all_fields'])}  {_f(every['ece'])} "
        f"{_f(every['errors_caught_in_lowest_20pct'])}     {every['document_fields']}"
    )
    print("fields:", every["field_accuracy"])


if __name__ == "__main__":
    main()
