"""The training corpus: gold annotations and the documents they describe.

Layout (see training_data/README.md):
    training_data/docs/<stem>.<ext>   the report as received
    training_data/gold/<stem>.json    its gold record set (the scorer's format)
    training_data/manifest/*.jsonl    one line per document: its layout, kind,
                                      sector, origin and split (train | blind)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.types import Extraction, Value


@dataclass
class GoldDocument:
    stem: str
    path: Path  # the source document
    gold: dict[str, Any]
    layout: str = ""  # documents of one layout are held out together
    split: str = "train"  # "blind": set aside, never trained on
    kind: str = "table"  # table | narrative | flattened


def load_manifest(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every manifest line under ``data_dir/manifest``, by document stem."""
    out: dict[str, dict[str, Any]] = {}
    for mf in sorted((data_dir / "manifest").glob("*.jsonl")):
        for n, line in enumerate(mf.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry["doc"] in out:
                raise ValueError(f"{mf}:{n}: {entry['doc']} is already in the manifest")
            out[entry["doc"]] = entry
    return out


TABLE_START = "<!-- corpus-table:start -->"
TABLE_END = "<!-- corpus-table:end -->"


def corpus_table(data_dir: Path) -> str:
    """The manifest as the markdown table of ``training_data/README.md``:
    one line per document saying what layout it stands for."""
    lines = [
        "| document | layout | kind | format | sector | split | what it stands for |",
        "|---|---|---|---|---|---|---|",
    ]
    for stem, e in sorted(load_manifest(data_dir).items()):
        cells = [
            f"`{stem}`",
            f"`{e['layout']}`",
            e.get("kind", ""),
            e.get("format", ""),
            e.get("sector", ""),
            e.get("split", "train"),
            str(e.get("description", e.get("origin", ""))).replace("|", "/").replace("\n", " "),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([TABLE_START, *lines, TABLE_END])


def write_corpus_table(data_dir: Path) -> None:
    """Put the current corpus table into ``data_dir/README.md`` between its markers."""
    readme = data_dir / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    readme.write_text(head + corpus_table(data_dir) + tail, encoding="utf-8")


def load_corpus(data_dir: Path) -> list[GoldDocument]:
    """Every gold file under ``data_dir/gold`` with its document in ``data_dir/docs``.

    A document missing from the manifest is its own layout (held out alone).
    """
    manifest = load_manifest(data_dir)
    out = []
    for gf in sorted((data_dir / "gold").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        doc = data_dir / "docs" / gold.get("doc", f"{gf.stem}.txt")
        if not doc.exists():
            raise FileNotFoundError(f"{gf}: document {doc} not found")
        entry = manifest.get(gf.stem, {})
        out.append(
            GoldDocument(
                gf.stem,
                doc,
                gold,
                layout=entry.get("layout", gf.stem),
                split=entry.get("split", "train"),
                kind=entry.get("kind", "table"),
            )
        )
    return out


def corpus_hash(data_dir: Path) -> str:
    """A hash of every file under ``data_dir``: which data a model was trained on."""
    h = hashlib.sha256()
    for f in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(data_dir)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def gold_value(v: Value) -> dict[str, Any]:
    """A value object in the gold format (the scored keys only)."""
    return {
        "text": v.text,
        "kind": v.kind,
        "op": v.op,
        "value": v.value,
        "upper": v.upper,
        "unit": v.unit,
    }


def extraction_to_gold(ex: Extraction, doc_name: str) -> dict[str, Any]:
    """Pre-annotation: an extraction in the gold format, for a person to correct."""
    return {
        "doc": doc_name,
        "form_type": ex.form_type.value,
        "department": ex.department.value,
        "year": ex.year.value,
        "indicators": [
            {
                "group": r.group.value,
                "level1": r.level1.value,
                "level2": r.level2.value,
                "name": r.name.value,
                "target": gold_value(r.target),
                "actual": gold_value(r.actual),
                "weight": r.weight.value,
                "score": r.score.value,
                "status": r.status.label,
                "deviation": r.deviation.text,
            }
            for r in ex.indicators
        ],
    }
