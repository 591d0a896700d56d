"""Paths and helpers shared by the tests (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TRAINING = ROOT / "training_data"
SHARED = ROOT.parent / "shared"


def gold_for(stem: str) -> dict[str, Any]:
    return json.loads((TRAINING / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def labelled_tokens(text: str, cells: list[tuple[str, str]]) -> tuple[list[Any], list[str]]:
    """Stream tokens of ``text`` and their BIO labels from (cell text, role) pairs in order."""
    from extractor.engine.stream.model import token_labels
    from extractor.engine.stream.tokens import tokenize

    spans, pos = [], 0
    for cell, role in cells:
        k = text.index(cell, pos)
        spans.append((k, k + len(cell), role))
        pos = k + len(cell)
    tokens = tokenize(text)
    return tokens, token_labels(tokens, spans)
