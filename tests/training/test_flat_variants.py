"""Flattened renderings keep the gold true and say where every field is."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from extractor.training.variants.flat import SHAPES, render_flat
from extractor.vocab import squash

DATA = Path(__file__).parents[1] / "engine" / "stream" / "data"
TEXT = (DATA / "flat_form.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "flat_form.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "ocr"])
def test_every_gold_name_and_target_has_its_span(shape: str) -> None:
    out = render_flat(TEXT, GOLD, shape, random.Random(3))
    names = [squash(out.text[a:b]).replace("|", "") for a, b, r in out.spans if r == "name"]
    targets = [squash(out.text[a:b]).replace("|", "") for a, b, r in out.spans if r == "target"]
    for row in GOLD["indicators"]:
        assert squash(row["name"]) in names
        assert squash(row["target"]["text"]) in targets


def test_one_line_has_no_line_breaks_inside_the_table() -> None:
    out = render_flat(TEXT, GOLD, "one_line", random.Random(5))
    first = min(a for a, _, r in out.spans if r == "name")
    last = max(b for _, b, r in out.spans if r == "name")
    # The table is on one line (a converter may still break it at a page or two).
    assert out.text[first:last].count("\n") <= 2


def test_ocr_damage_keeps_offsets() -> None:
    clean = render_flat(TEXT, GOLD, "ocr", random.Random(11))
    assert len(clean.text) >= max(b for _, b, _ in clean.spans)
    assert any(ch in clean.text for ch in "$^工W兀先O")


def test_some_cell_line_renderings_put_a_blank_line_after_every_cell() -> None:
    # Web pages copied as text often do (a <p> a cell): a blank line is then no row end.
    every = 0
    for seed in range(40):
        out = render_flat(TEXT, GOLD, "cell_lines", random.Random(seed))
        names = sorted(b for _, b, r in out.spans if r == "name")
        targets = sorted(a for a, _, r in out.spans if r == "target")
        # The gap between a name and its own row's target (the next target after it).
        gaps = [out.text[n : min(t for t in targets if t > n)] for n in names[:2]]
        every += all("\n\n" in gap for gap in gaps)
    assert 0 < every < 40
