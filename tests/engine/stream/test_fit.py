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


def _flattened(tmp_path: Path, joiner: str) -> Path:
    rows = [line.split("\t") for line in (DATA / "flat_form.txt").read_text().splitlines()]
    flat = tmp_path / "flat.txt"
    flat.write_text("\n".join(joiner.join(c for c in r if c.strip()) for r in rows), "utf-8")
    return flat


def test_an_already_flattened_document_is_labelled_from_its_gold(tmp_path: Path) -> None:
    # Cells run together: the renderer cannot see its table, the gold's texts can be found.
    flat = _flattened(tmp_path, "")
    doc = GoldDocument("flat", flat, GOLD, layout="y", kind="flattened")
    items = labelled_renderings(doc, per_shape=1, seed=0)
    assert items
    text = items[0].text
    found = {(role, text[a:b]) for a, b, role in items[0].spans}
    for ind in GOLD["indicators"]:
        assert ("name", ind["name"]) in found
        assert ("target", ind["target"]["text"]) in found
        assert ("actual", ind["actual"]["text"]) in found
    # weight before score in the fused digits: 1010 is weight 10 then score 10
    first = GOLD["indicators"][0]
    start = text.index(first["name"])
    spans = sorted((a, role) for a, b, role in items[0].spans if a >= start)[:6]
    assert [role for _, role in spans][:5] == ["name", "target", "actual", "weight", "score"]


def test_a_flattened_document_whose_gold_is_not_in_it_teaches_nothing(tmp_path: Path) -> None:
    # Labelling a text its gold does not describe would teach that its rows are not rows.
    other = tmp_path / "other.txt"
    other.write_text("首页 > 信息公开\n关于开展春季植树活动的通知", encoding="utf-8")
    doc = GoldDocument("other", other, GOLD, layout="y", kind="flattened")
    assert labelled_renderings(doc, per_shape=1, seed=0) == []
