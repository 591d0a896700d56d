"""The shipped schema is the contract's, and real output validates against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import ROOT, SHARED

from extractor.pipeline import extract


def test_package_schema_equals_the_contract() -> None:
    shared = SHARED / "spec" / "indicator.schema.json"
    if not shared.exists():
        pytest.skip("shared/spec not beside the checkout")
    ours = json.loads((ROOT / "extractor" / "indicator.schema.json").read_text(encoding="utf-8"))
    assert ours == json.loads(shared.read_text(encoding="utf-8"))


def test_every_example_yields_schema_valid_indicators(
    example_paths: list[Path], output_schema: dict[str, Any]
) -> None:
    assert example_paths, "examples/ must hold the sample reports"
    for path in example_paths:
        out = extract(path).to_json_dict()
        jsonschema.validate(out, output_schema)
        assert out["indicators"], f"{path.name}: no indicators"
        text = path.read_text(encoding="utf-8")
        for rec in out["indicators"]:
            ev = rec["evidence"]
            # Evidence points into the extracted text: the name is inside its span.
            span = text[ev["char_start"] : ev["char_end"]]
            assert rec["name"]["value"][:4] in span.replace("\n", "").replace("\t", "")
            assert 0 <= rec["confidence"] <= 1
