"""What the stream reader trains on."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.engine.stream.fit import labelled_renderings
from extractor.training.corpus import GoldDocument

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "flat_form.json").read_text(encoding="utf-8"))


def test_a_table_document_is_rendered_in_every_shape_with_its_rows(tmp_path: Path) -> None:
    doc = GoldDocument("flat_form", DATA / "flat_form.txt", GOLD, layout="x", kind="table")
    items = labelled_renderings(doc, per_shape=1, seed=0)
    assert len(items) == 6
    assert all(any(role == "name" for _, _, role in it.spans) for it in items)


def test_an_already_flattened_document_teaches_nothing(tmp_path: Path) -> None:
    # Its table cannot be seen by the renderer: labelled as it is, every row would be "O".
    rows = [line.split("\t") for line in (DATA / "flat_form.txt").read_text().splitlines()]
    flat = tmp_path / "flat.txt"
    flat.write_text(" ".join(c for r in rows for c in r if c.strip()), encoding="utf-8")
    doc = GoldDocument("flat", flat, GOLD, layout="y", kind="flattened")
    assert labelled_renderings(doc, per_shape=1, seed=0) == []
