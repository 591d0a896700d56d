"""Shared fixtures: the example reports and the output schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from support import EXAMPLES, ROOT

# CI runs the same examples every time (a red run must be reproducible);
# developers' runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def output_schema() -> dict[str, Any]:
    return json.loads((ROOT / "extractor" / "indicator.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))
