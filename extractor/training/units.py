"""Units the annotated corpus writes that the unit reader does not know yet.

``extractor/values/corpus_units.json`` is written from the training split's
gold (never the blind split) by ``write_corpus_units``; the unit reader takes
every unit in it as known, so a unit of the budget systems (百分比) is read
whole instead of as a magnitude and a measure word (百 + 分).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.training.corpus import load_corpus
from extractor.values.numerals import MAGNITUDES
from extractor.values.units import BASE_UNITS, STOP_CHARS

CORPUS_UNITS = Path(__file__).resolve().parents[1] / "values" / "corpus_units.json"


def _gold_units(gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(unit, cell text) of every target/actual value and its parts."""
    out: list[tuple[str, str]] = []
    for row in gold.get("indicators", []):
        for key in ("target", "actual"):
            v = row.get(key) or {}
            for part in [v, *(v.get("parts") or [])]:
                if part.get("unit") and part.get("text"):
                    out.append((part["unit"], part["text"]))
    return out


def _composable(unit: str) -> bool:
    """Read from the base units alone: a magnitude, known pieces joined by / or ·."""
    for word in sorted(MAGNITUDES, key=len, reverse=True):
        if unit.startswith(word) and unit not in BASE_UNITS:
            unit = unit[len(word) :]
            break
    pieces = unit.replace("·", "/").split("/")
    return all(p in BASE_UNITS for p in pieces if p) and any(pieces)


def corpus_units(data_dir: Path) -> list[str]:
    """Units written in training gold that the base units cannot spell."""
    found: set[str] = set()
    for g in load_corpus(data_dir):
        if g.split != "train":
            continue
        for unit, _text in _gold_units(g.gold):
            if _composable(unit) or any(ch in STOP_CHARS for ch in unit):
                continue
            found.add(unit)
    return sorted(found)


def write_corpus_units(data_dir: Path, out: Path = CORPUS_UNITS) -> list[str]:
    units = corpus_units(data_dir)
    out.write_text(json.dumps(units, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return units
