"""Training variants: each transformation alone keeps its gold true, and the mix never breaks."""

from __future__ import annotations

import copy
import difflib
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.ingest import load_bytes
from extractor.training.variants import TRANSFORMS, apply, generate_variants
from extractor.training.variants.characters import OCR_CONFUSIONS
from extractor.training.variants.content import FORM_TITLES
from extractor.training.variants.model import Variant
from extractor.training.variants.tables import read_tables
from extractor.types import BlockKind
from extractor.values.parse import parse_value
from extractor.vocab import squash

DATA = Path(__file__).parent / "data"
STEM = "000_29d121b4221180d5"
TEXT = (DATA / f"{STEM}.txt").read_text(encoding="utf-8")
GOLD: dict[str, Any] = json.loads((DATA / f"{STEM}.json").read_text(encoding="utf-8"))
# The same report as one-cell-a-line text (the other layout real reports come in).
CELL_TEXT, CELL_GOLD = apply(TEXT, GOLD, ["to_cell_lines"], seed=0)
# A wide project table: one row per project, six indicators side by side in each.
WIDE_TEXT = (DATA / "001_wide_head.txt").read_text(encoding="utf-8")
WIDE_GOLD: dict[str, Any] = json.loads((DATA / "001_wide_head.json").read_text(encoding="utf-8"))
SAMPLES = {
    "tabs": (TEXT, GOLD),
    "cell_lines": (CELL_TEXT, CELL_GOLD),
    "wide": (WIDE_TEXT, WIDE_GOLD),
}

_SPLIT = re.compile(r"[\t\n|]|</?(?:table|tr|td|br)\b[^>]*>| {2,}")


def _names(gold: dict[str, Any]) -> list[str]:
    return [row["name"] for row in gold["indicators"]]


# Every OCR look-alike folded onto its original, to find names through injected confusions.
_UNCONFUSE = str.maketrans({b: a for a, bs in OCR_CONFUSIONS.items() for b in bs})


def _findable(name: str, text: str, fuzzy: bool = False) -> bool:
    """The name is in the text: whole, wrapped in two pieces, or (fuzzy) ≥ 0.75 similar to a
    cell, or whole/wrapped once OCR look-alikes are folded back."""
    n, s = squash(name), squash(text)
    if n in s or any(n[:k] in s and n[k:] in s for k in range(1, len(n))):
        return True
    if not fuzzy:
        return False
    cells = {squash(c) for c in _SPLIT.split(text) if c.strip()}
    if any(difflib.SequenceMatcher(None, n, c).ratio() >= 0.75 for c in cells):
        return True
    n, s = n.translate(_UNCONFUSE), s.translate(_UNCONFUSE)
    return n in s or any(n[:k] in s and n[k:] in s for k in range(1, len(n)))


def _run(name: str, text: str = TEXT, gold: dict[str, Any] = GOLD, seed: int = 1) -> Variant:
    out_text, out_gold = apply(text, gold, [name], seed)
    return Variant(out_text, out_gold)


def _assert_sound(v: Variant, fuzzy: bool = False) -> None:
    doc = load_bytes(v.text.encode("utf-8"), "variant.txt")
    assert doc.text.strip()
    for name in _names(v.gold):
        assert _findable(name, v.text, fuzzy), name
    for row in v.gold["indicators"]:
        for field in ("target", "actual"):
            value = row[field]
            if value["kind"] == "numeric":  # the gold text still says the gold value
                parsed = parse_value(value["text"])
                assert (parsed.value, parsed.op) == (value["value"], value["op"]), value


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
@pytest.mark.parametrize("layout", sorted(SAMPLES))
def test_each_transformation_alone_keeps_the_gold_true(name: str, layout: str) -> None:
    text, gold = SAMPLES[layout]
    before = copy.deepcopy(gold)
    for seed in range(3):
        v = _run(name, text, gold, seed)
        _assert_sound(v, fuzzy=name == "inject_ocr_confusions")
        assert gold == before  # the input is never mutated


@pytest.mark.parametrize(
    "name",
    sorted(
        set(TRANSFORMS) - {"to_tab_rows", "blank_repeated_labels"}
    ),  # no-ops on tab rows with blank labels
)
def test_each_transformation_changes_the_sample(name: str) -> None:
    assert any(_run(name, seed=s).text != TEXT for s in range(3))


def test_vocabulary_swap_renames_department_in_text_and_gold() -> None:
    v = _run("swap_department_vocabulary")
    assert v.gold["department"] != GOLD["department"]
    assert v.gold["department"] in v.text and GOLD["department"] not in v.text
    assert "民政" not in v.text
    renamed = [a for a, b in zip(_names(v.gold), _names(GOLD), strict=True) if a != b]
    assert renamed and all(name in v.text for name in renamed)


def test_year_changes_in_text_and_gold() -> None:
    v = _run("change_year")
    assert v.gold["year"] != GOLD["year"]
    assert f"{v.gold['year']}年度" in v.text and "2022年" not in v.text


def test_form_type_changes_title_and_gold() -> None:
    for seed in range(5):
        v = _run("change_form_type", seed=seed)
        assert v.gold["form_type"] != GOLD["form_type"]
        assert any(title in v.text for title in FORM_TITLES[v.gold["form_type"]])


def test_numbers_change_in_text_and_gold_together() -> None:
    v = _run("change_numbers", seed=2)
    before = [(r["target"]["value"], r["actual"]["value"], r["weight"]) for r in GOLD["indicators"]]
    after = [
        (r["target"]["value"], r["actual"]["value"], r["weight"]) for r in v.gold["indicators"]
    ]
    assert before != after
    tables = read_tables(v.text, v.gold)
    for ref, row in zip(tables.refs, v.gold["indicators"], strict=True):
        assert ref is not None
        cells = [squash(c) for c in tables.blocks[ref.block].rows[ref.row]]
        assert squash(row["target"]["text"]) in cells and str(row["weight"]) in cells
    # Weights are traded, never invented: the total stays.
    assert sum(w for *_, w in after) == sum(w for *_, w in before)


def test_shuffle_keeps_each_row_whole_and_reorders_the_gold() -> None:
    v = next(v for s in range(10) if (v := _run("shuffle_rows_within_level2", seed=s)).gold != GOLD)
    assert sorted(_names(v.gold)) == sorted(_names(GOLD)) and _names(v.gold) != _names(GOLD)
    tables = read_tables(v.text, v.gold)
    positions = []
    for ref, row in zip(tables.refs, v.gold["indicators"], strict=True):
        assert ref is not None
        cells = tables.blocks[ref.block].rows[ref.row]
        assert row["target"]["text"] in cells  # the name moved with its own values
        positions.append((ref.block, ref.row))
    assert positions == sorted(positions)  # gold order is document order
    levels = [(r["level1"], r["level2"]) for r in v.gold["indicators"]]
    assert levels == [(r["level1"], r["level2"]) for r in GOLD["indicators"]]


def test_ocr_confusions_change_text_only() -> None:
    v = _run("inject_ocr_confusions", seed=4)
    assert v.gold == GOLD and v.text != TEXT and len(v.text) == len(TEXT)


def test_width_swap_keeps_values() -> None:
    v = next(v for s in range(10) if re.search("[０-９]", (v := _run("swap_width", seed=s)).text))
    for a, b in zip(v.gold["indicators"], GOLD["indicators"], strict=True):
        assert a["target"]["value"] == b["target"]["value"] and a["weight"] == b["weight"]


def test_fill_down_then_blank_restores_the_label_cells() -> None:
    filled = _run("fill_down_labels")
    assert filled.text.count("产出指标") > TEXT.count("产出指标")
    blanked = _run("blank_repeated_labels", filled.text, filled.gold)
    original = read_tables(TEXT, GOLD)
    again = read_tables(blanked.text, GOLD)
    assert [b.rows for b in again.blocks] == [b.rows for b in original.blocks]


def test_html_rendering_merges_labels_into_rowspans() -> None:
    v = _run("to_html")
    doc = load_bytes(v.text.encode("utf-8"), "variant.txt")
    spans = [
        c.text
        for b in doc.blocks()
        if b.kind == BlockKind.table
        for r in b.rows
        for c in r.cells
        if c.row_span > 1
    ]
    assert "产出指标" in spans and "数量指标" in spans


def test_cell_lines_round_trip_to_tab_rows() -> None:
    back = _run("to_tab_rows", CELL_TEXT, CELL_GOLD)
    assert [b.rows for b in read_tables(back.text).blocks] == [
        b.rows for b in read_tables(TEXT).blocks
    ]


def test_shift_moves_rows_left() -> None:
    v = _run("shift_rows_left")
    before = {
        squash(line.lstrip("\t")): len(line) - len(line.lstrip("\t")) for line in TEXT.split("\n")
    }
    shifted = [
        line for line in v.text.split("\n")
        if (key := squash(line.lstrip("\t"))) in before
        and len(line) - len(line.lstrip("\t")) < before[key]
    ]  # fmt: skip
    assert shifted


def test_generate_variants_is_deterministic_per_seed() -> None:
    gold = copy.deepcopy(GOLD)
    first = generate_variants(TEXT, gold, 4, seed=7)
    assert first == generate_variants(TEXT, gold, 4, seed=7)
    assert first != generate_variants(TEXT, gold, 4, seed=8)
    assert len(first) == 4 and gold == GOLD
    assert len({t for t, _ in first}) == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31), layout=st.sampled_from(sorted(SAMPLES)))
def test_generated_variants_always_ingest_with_findable_names(seed: int, layout: str) -> None:
    text, gold = SAMPLES[layout]
    for out_text, out_gold in generate_variants(text, gold, 2, seed):
        assert set(out_gold) == set(gold)
        assert len(out_gold["indicators"]) == len(gold["indicators"])
        _assert_sound(Variant(out_text, out_gold), fuzzy=True)


def test_random_transform_chains_never_raise() -> None:
    rng = random.Random(3)
    names = sorted(TRANSFORMS)
    for i in range(15):
        chain = rng.sample(names, k=4)
        out_text, _ = apply(TEXT, GOLD, chain, seed=i)
        load_bytes(out_text.encode("utf-8"), "variant.txt")


def test_wide_rows_hold_several_gold_indicators() -> None:
    tables = read_tables(WIDE_TEXT, WIDE_GOLD)
    cells = [(r.block, r.row, r.col) for r in tables.refs if r is not None]
    assert len(cells) == len(WIDE_GOLD["indicators"]) == len(set(cells))
    assert len({(b, r) for b, r, _ in cells}) == 2  # two projects


def test_wide_numbers_change_name_and_target_together() -> None:
    v = next(
        v
        for s in range(10)
        if (v := _run("change_numbers", WIDE_TEXT, WIDE_GOLD, s)).gold != WIDE_GOLD
    )
    changed = [
        (a, b) for a, b in zip(v.gold["indicators"], WIDE_GOLD["indicators"], strict=True) if a != b
    ]
    assert changed
    for new, old in changed:
        assert new["name"] == new["target"]["text"] != old["name"]
        assert new["target"]["value"] != old["target"]["value"] and new["name"] in v.text


def test_fill_down_never_invents_wide_indicator_cells() -> None:
    def filled_after_names(text: str) -> int:
        tables = read_tables(text, WIDE_GOLD)
        rows = {(r.block, r.row): r.col for r in tables.refs if r is not None}
        return sum(bool(c) for (b, r), col in rows.items() for c in tables.blocks[b].rows[r][col:])

    v = _run("fill_down_labels", WIDE_TEXT, WIDE_GOLD)
    assert v.text != WIDE_TEXT
    assert filled_after_names(v.text) == filled_after_names(WIDE_TEXT)


def test_table_edits_leave_markup_alone() -> None:
    html_text, html_gold = apply(TEXT, GOLD, ["to_html"], seed=0)
    for name in ("shift_rows_left", "merge_adjacent_cells", "wrap_long_cells", "change_numbers"):
        assert _run(name, html_text, html_gold).text == html_text


def test_windows_newlines_and_bom_are_normalised_first() -> None:
    windows = "\ufeff" + TEXT.replace("\n", "\r\n")
    assert apply(windows, GOLD, ["shift_rows_left"], seed=1) == apply(
        TEXT, GOLD, ["shift_rows_left"], seed=1
    )


def test_every_other_department_keeps_text_and_gold_together() -> None:
    departments = set()
    for seed in range(30):
        v = _run("swap_department_vocabulary", seed=seed)
        departments.add(v.gold["department"])
        assert v.gold["department"] in v.text and GOLD["department"] not in v.text
        _assert_sound(v)
    assert len(departments) == 8  # each of the other departments


def test_year_moves_in_dates_too() -> None:
    text = TEXT + "\n填报日期：2022.3.15\n"
    out_text, out_gold = apply(text, GOLD, ["change_year"], seed=1)
    assert f"{out_gold['year']}.3.15" in out_text and "2022" not in out_text


def test_ocr_leaves_department_and_year_legible() -> None:
    text = TEXT + "\n" + "\n".join(["2022年度柳州市民政局完成"] * 300)
    out_text, _ = apply(text, GOLD, ["inject_ocr_confusions"], seed=1)
    assert out_text != text  # 完成 still gets confused
    assert out_text.count("2022年度柳州市民政局") == text.count("2022年度柳州市民政局")


def test_a_zero_target_keeps_its_row_as_written() -> None:
    # "≤0起" / "0次": no ratio to carry to the actual; the redraw must leave the row alone.
    gold = copy.deepcopy(GOLD)
    row = next(
        r
        for r in gold["indicators"]
        if r["target"]["kind"] == "numeric" and TEXT.count(f"\t{r['target']['text']}\t") == 1
    )
    old_cell = f"\t{row['target']['text']}\t"
    text = TEXT.replace(old_cell, "\t≤0起\t")
    row["target"].update(text="≤0起", value=0.0, op="<=", unit="起")
    for seed in range(6):
        v = _run("change_numbers", text, gold, seed)
        [after] = [r for r in v.gold["indicators"] if r["name"] == row["name"]]
        assert after["target"]["value"] == 0.0 and "≤0起" in v.text
