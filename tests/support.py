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
