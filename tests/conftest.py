"""Shared fixtures: the example reports and the output schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLES, ROOT


@pytest.fixture(scope="session")
def output_schema() -> dict[str, Any]:
    return json.loads((ROOT / "extractor" / "indicator.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))
