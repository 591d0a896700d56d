"""Tables written out column by column (or value block then names) rebuilt as rows."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest.column_runs import find_tables
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.text import read_text
from extractor.types import BlockKind

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "training_data" / "docs"
GOLD = ROOT / "training_data" / "gold"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def table_rows(text: str) -> list[list[str]]:
    tables = find_tables(text)
    assert len(tables) == 1
    return [[c.text for c in row.cells] for row in tables[0].rows]


def gold_rows(stem: str) -> list[dict]:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))["indicators"]


def test_column_runs_replica_becomes_rows_in_gold_order() -> None:
    stem = "rk_01_k1_column_runs_library"
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    rows = table_rows(text)
    assert rows[0] == ["项目名称", "全民阅读推广活动项目"]
    body = rows[2:]
    gold = gold_rows(stem)
    assert [r[0] for r in body] == [g["name"] for g in gold]
    assert [r[1] for r in body] == [g["target"]["text"] for g in gold]
    assert [r[2] for r in body] == [g["actual"]["text"] for g in gold]
    # the level labels stand in a run of their own: they pair with no row
    assert all(len(r) == 5 for r in body)


def test_value_block_then_names_keeps_group_labels_and_evidence() -> None:
    stem = "rk_b1_k2_value_block_water"
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    table = find_tables(text)[0]
    body = table.rows[2:]
    gold = gold_rows(stem)
    got = [[c.text for c in r.cells] for r in body]
    assert [r[:3] for r in got] == [[g["level1"], g["level2"], g["name"]] for g in gold]
    assert [r[-2:] for r in got] == [[str(g["weight"]), str(g["score"])] for g in gold]
    for row in body:
        for cell in row.cells:
            # evidence points at the item in the original text
            assert text[cell.evidence.char_start : cell.evidence.char_end] == cell.text
            assert cell.order_guess == 0.0


def test_read_text_puts_the_rebuilt_table_in_place_of_its_lines() -> None:
    text = (DOCS / "rk_01_k1_column_runs_library.txt").read_text(encoding="utf-8")
    pages = read_text(text, "rk.txt").pages
    tables = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    assert len(tables) == 1 and len(tables[0].rows) == 8
    # no paragraph repeats a line the table took
    first = tables[0].rows[1].evidence.line_start or 0
    last = tables[0].evidence.line_end or 0
    for p in pages:
        for b in p.blocks:
            if b.kind != BlockKind.table:
                ls, le = b.evidence.line_start or 0, b.evidence.line_end or 0
                assert le < first or ls > last


_NAMES = [
    "道路养护里程",
    "培训合格率",
    "群众满意度",
    "设备采购数量",
    "资金拨付及时率",
    "新建文化广场数",
    "巡查覆盖率",
    "受益农户数",
    "病虫害防治面积",
    "档案整理完成率",
    "宣传活动场次",
    "入户走访户数",
    "验收合格率",
]
_NAME = st.sampled_from(_NAMES)
_ROW = st.tuples(
    _NAME,
    st.integers(1, 5000),
    st.integers(1, 5000),
    st.integers(1, 30),
    st.integers(0, 30),
    st.sampled_from(["个", "人次", "%", "公里"]),
)


def column_text(rows: list[tuple[str, int, int, int, int, str]]) -> str:
    lines = ["项目支出绩效自评表", *HEADER]
    lines += [r[0] for r in rows]
    lines += [f"≥{r[1]}{r[5]}" for r in rows]
    lines += [f"{r[2]}{r[5]}" for r in rows]
    lines += [str(r[3]) for r in rows] + [str(r[4]) for r in rows]
    return "\n".join([*lines, "总分"])


@settings(max_examples=40, deadline=None)
@given(st.lists(_ROW, min_size=2, max_size=12, unique_by=lambda r: r[0]))
def test_any_run_length_gives_that_many_rows(rows) -> None:
    got = table_rows(column_text(rows))[1:]
    assert len(got) == len(rows)
    for (name, t, a, w, s, unit), out in zip(rows, got, strict=True):
        assert out[1:] == [f"≥{t}{unit}", f"{a}{unit}", str(w), str(s)]
        assert out[0] == name


@settings(max_examples=40, deadline=None)
@given(st.lists(_ROW, min_size=3, max_size=12, unique_by=lambda r: r[0]), st.data())
def test_runs_of_unequal_length_are_left_alone(rows, data) -> None:
    lines = column_text(rows).split("\n")
    body = range(1 + len(HEADER), len(lines) - 1)
    drop = data.draw(st.sampled_from(list(body)))
    assert find_tables("\n".join(lines[:drop] + lines[drop + 1 :])) == []


ROW_ORDER = """项目支出绩效自评表
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
产出指标
数量指标
新建村级文化室
≥12个
12个
10
10
质量指标
验收合格率
100%
100%
10
10
总分
"""


def test_cells_already_in_row_order_are_left_to_the_other_readers() -> None:
    assert find_tables(ROW_ORDER) == []
    pages = text_to_pages(ROW_ORDER)
    assert read_text(ROW_ORDER, "x.txt").pages == pages


def test_prose_and_training_documents_without_runs_are_left_alone() -> None:
    prose = "一、项目基本情况\n本项目年度指标值为新建文化室12个，实际完成值12个，得分10分。\n"
    assert find_tables(prose) == []
    for path in sorted(DOCS.glob("*.txt")):
        if not path.name.startswith("rk_"):
            assert find_tables(path.read_text(encoding="utf-8")) == [], path.name


def test_a_table_flattened_onto_one_line_is_read_from_its_tokens() -> None:
    # a PDF page's text with every item on one line, single spaces between
    text = (DOCS / "rk_b1_k2_value_block_water.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    table = find_tables(flat)[0]
    names = [g["name"] for g in gold_rows("rk_b1_k2_value_block_water")]
    assert [r.cells[2].text for r in table.rows[2:]] == names
    for row in table.rows:
        for cell in row.cells:
            assert flat[cell.evidence.char_start : cell.evidence.char_end] == cell.text
    # the line's own block stays (it holds the form's other fields); the table follows it
    kinds = [b.kind for p in read_text(flat, "x.txt").pages for b in p.blocks]
    assert kinds == [BlockKind.paragraph, BlockKind.table]
