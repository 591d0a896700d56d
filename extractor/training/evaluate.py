"""``extractor evaluate GOLD_DIR``: extract every gold document and score it.

Scoring is ``training.scoring``, the project's scorer restated, so the
figures printed here are the figures the hidden reports get.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from extractor.batch import extract_one
from extractor.export import atomic_write, to_json_bytes
from extractor.training.scoring import score_documents, summary_line


def _document_for(gold_file: Path, gold: dict[str, Any], docs_dir: Path | None) -> Path:
    name = gold.get("doc") or f"{gold_file.stem}.txt"
    candidates = [docs_dir / name] if docs_dir else []
    candidates += [gold_file.parent.parent / "docs" / name, gold_file.parent / name]
    for c in candidates:
        if c.exists():
            return c
    raise FileNotFoundError(f"{gold_file}: document {name} not found (use --docs)")


def evaluate_dir(
    gold_dir: Path,
    model_dir: Path | None = None,
    docs_dir: Path | None = None,
    pred_dir: Path | None = None,
    out: Any = sys.stdout,
) -> dict[str, Any]:
    work = pred_dir or Path(tempfile.mkdtemp(prefix="extractor-eval-"))
    triples = []
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        outcome = extract_one(_document_for(gf, gold, docs_dir), model_dir)
        if outcome.extraction is None:
            print(f"extractor: {outcome.error}", file=sys.stderr)
            pred: dict[str, Any] = {"indicators": []}
        else:
            atomic_write(work / gf.name, to_json_bytes(outcome.extraction))
            pred = outcome.extraction.to_json_dict()
        triples.append((gf.stem, gold, pred))
    report = score_documents(triples)
    for stem, d in report["docs"].items():
        print(f"{stem}: {d}", file=out)
    print("fields:", report["field_accuracy"], file=out)
    print(summary_line(report), file=out)
    return report
