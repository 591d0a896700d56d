"""Score an engine on the corpus's blind layouts, one figure set per layout.

    python bench/blind_layouts.py [--data training_data] [--out FILE] [--label NAME]

Runs ``extractor extract`` (the stable command-line interface, so any
checkout can be measured: point PYTHONPATH at it) on every document whose
manifest line says ``"split": "blind"``, then scores each layout with
``shared/eval/score_extraction.py``, the scorer used on the hidden reports.
Only aggregate figures are printed: nobody writing engine code reads the
blind documents or their rows. Used once for the first-run figures (the
engine as it stood before the layouts were read) and again at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import extractor
from extractor.training.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score_extraction.py"
CHECKOUT = Path(extractor.__file__).resolve().parents[1]  # the code measured (PYTHONPATH)


def confident_errors(gold_dir: Path, pred_dir: Path, above: float = 0.9) -> int:
    """Wrong fields whose confidence is above ``above``, judged by the scorer's own rules."""
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    n = 0
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))["indicators"]
        pf = pred_dir / gf.name
        pred = json.loads(pf.read_text(encoding="utf-8"))["indicators"] if pf.exists() else []
        for a, b, _ in scorer.match(gold, pred):
            for f in scorer.FIELDS:
                if f not in gold[a] and f not in ("target", "actual"):
                    continue
                c = scorer.field_conf(f, pred[b])
                n += c is not None and c > above and not scorer.field_ok(f, gold[a], pred[b])
    return n


def score(gold_dir: Path, pred_dir: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold_dir), str(pred_dir), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, object] = json.loads(out.stdout)
    figures.pop("docs", None)  # per-document rows stay unread
    figures["wrong_above_0.9"] = confident_errors(gold_dir, pred_dir)
    return figures


def extract(doc: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "extractor.cli", "extract", str(doc), "--format", "json"]
    # ``python -m`` puts the working folder first on sys.path: run from the
    # checkout being measured, or another checkout's code would answer.
    subprocess.run([*cmd, "-o", str(out)], check=False, capture_output=True, cwd=CHECKOUT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training_data")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--label", default="run")
    args = ap.parse_args()

    by_layout = defaultdict(list)
    for gd in load_corpus(args.data):
        if gd.split == "blind":
            by_layout[gd.layout].append(gd)
    result: dict[str, object] = {"label": args.label, "checkout": str(CHECKOUT), "layouts": {}}
    print(f"engine: {CHECKOUT}")
    with tempfile.TemporaryDirectory() as tmp:
        every_gold, every_pred = Path(tmp, "all_gold"), Path(tmp, "all_pred")
        every_gold.mkdir()
        every_pred.mkdir()
        for layout, docs in sorted(by_layout.items()):
            gold, pred = Path(tmp, layout, "gold"), Path(tmp, layout, "pred")
            gold.mkdir(parents=True)
            pred.mkdir()
            for gd in docs:
                (gold / f"{gd.stem}.json").write_text(json.dumps(gd.gold, ensure_ascii=False))
                extract(gd.path, pred / f"{gd.stem}.json")
                shutil.copy(gold / f"{gd.stem}.json", every_gold)
                if (pred / f"{gd.stem}.json").exists():
                    shutil.copy(pred / f"{gd.stem}.json", every_pred)
            figures = score(gold, pred)
            figures["documents"] = len(docs)
            result["layouts"][layout] = figures  # type: ignore[index]
            print(
                f"{layout:40s} docs={len(docs)} F1={figures['f1']} fields={figures['all_fields']} "
                f"ece={figures['ece']} caught@20={figures['errors_caught_in_lowest_20pct']} "
                f"wrong>0.9={figures['wrong_above_0.9']} doc={figures['document_fields']}"
            )
        if by_layout:
            result["all"] = score(every_gold, every_pred)
            a = result["all"]
            print(  # type: ignore[index]
                f"{'all':40s} F1={a['f1']} fields={a['all_fields']} ece={a['ece']} "  # type: ignore[index]
                f"caught@20={a['errors_caught_in_lowest_20pct']} wrong>0.9={a['wrong_above_0.9']}"  # type: ignore[index]
            )
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
