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
# developers' runs keep exploring new ones. No deadline: on a loaded machine a
# slow example is not a failing one (speed is measured by bench/, not by tests).
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def output_schema() -> dict[str, Any]:
    return json.loads((ROOT / "extractor" / "indicator.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))
