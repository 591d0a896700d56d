"""Score extractor output on the rc_* replicas, per document and per layout.

usage: python score_rc.py PRED_DIR
PRED_DIR holds `extractor extract training_data/docs/rc_<doc> --format json -o PRED_DIR/rc_<doc>.json`
for every rc_* document. Runs shared/eval/score_extraction.py (the hidden
evaluation's scorer) on all rc_* gold files and on each layout's files alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from rc_common import MANIFEST

GOLD = Path(__file__).resolve().parents[1] / "gold"
SCORER = Path("/work/shared/eval/score_extraction.py")


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
    pred = Path(sys.argv[1])
    manifest = [
        json.loads(x) for x in MANIFEST.read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    by_layout: dict[str, list[str]] = defaultdict(list)
    for e in manifest:
        by_layout[e["layout"]].append(e["doc"])
    info = {e["doc"]: e for e in manifest}
    every = score([e["doc"] for e in manifest], pred)
    print(f"{'document':30} {'layout':20} {'split':5} {'fmt':4} gold pred  F1   fields")
    for stem, d in every["docs"].items():
        f1 = 2 * d["matched"] / (d["gold"] + d["pred"]) if d["gold"] + d["pred"] else 0.0
        e = info[stem]
        fa = "-" if d["field_acc"] is None else f"{d['field_acc']:.3f}"
        print(
            f"{stem:30} {e['layout']:20} {e['split']:5} {e['format']:4} {d['gold']:4} {d['pred']:4} {f1:.3f} {fa}"
        )
    print()
    print(f"{'layout':20} docs  F1    fields  ece   doc-fields")
    for layout, stems in by_layout.items():
        s = score(stems, pred)
        print(
            f"{layout:20} {len(stems):4} {_f(s['f1'])} {_f(s['all_fields'])}  {_f(s['ece'])}  {s['document_fields']}"
        )
    print(
        f"{'ALL rc_*':20} {len(manifest):4} {_f(every['f1'])} {_f(every['all_fields'])}  {_f(every['ece'])}  {every['document_fields']}"
    )
    print("fields:", every["field_accuracy"])


if __name__ == "__main__":
    main()
