"""The viewer rendering of a table merges only its label columns over rows:
a header row's words stand over their columns, a name column (三级指标
right after the level labels) is never merged over rows, and a row that
only carries on the deviation above (as text sources set a wrapped cell's
rest) is part of that row."""

from __future__ import annotations

from extractor.training.interleave import interleaved_table
from extractor.types import Block, BlockKind, Cell, Row


def _block(rows: list[dict[int, str]]) -> Block:
    return Block(
        kind=BlockKind.table,
        index=0,
        rows=[
            Row(index=r, cells=[Cell(text=t, row=r, col=c) for c, t in sorted(cells.items())])
            for r, cells in enumerate(rows)
        ],
    )


# Invented content: the level labels written once (their cells below empty;
# the level-1 label in its group's second row, as a scrambled source has it),
# the second row's deviation carried on in a row of its own.
TABLE = [
    {
        0: "一级指标",
        1: "二级指标",
        2: "三级指标",
        3: "年度指标值",
        4: "实际完成值",
        5: "分值",
        6: "得分",
    },
    {1: "数量指标", 2: "培训人次", 3: "≥500人次", 4: "520人次", 5: "10", 6: "10"},
    {
        0: "产出指标",
        2: "补贴发放户数",
        3: "≥300户",
        4: "280户",
        5: "10",
        6: "8",
        7: "部分农户未申报。",
    },
    {7: "下年加强宣传。"},
    {1: "质量指标", 2: "验收合格率", 3: "100%", 4: "100%", 5: "10", 6: "10"},
]


def test_header_words_stay_on_the_header_line() -> None:
    lines = interleaved_table(_block(TABLE))
    assert lines[0].split()[:3] == ["一级指标", "二级指标", "三级指标"]
    assert sum("一级指标" in ln for ln in lines) == 1


def test_a_name_is_not_merged_over_a_deviation_row() -> None:
    lines = interleaved_table(_block(TABLE))
    # the name's line is the values' line: a one-row cell centred on its own row
    assert any("补贴发放户数 ≥300户 280户" in ln for ln in lines)


def test_a_row_carrying_on_a_deviation_is_part_of_the_row_above() -> None:
    lines = interleaved_table(_block(TABLE))
    at = next(k for k, ln in enumerate(lines) if "≥300户" in ln)
    # the deviation, whole, is centred on its row's values: lines of it
    # above and below them, none a row of its own after them
    assert "部分农户未申报" in lines[at - 1]
    assert any("宣传" in ln for ln in lines[at : at + 2])


def test_label_columns_are_those_left_of_the_name_column() -> None:
    """A form setting a merged column (本年度绩效指标) and an empty one before
    its level labels: the 二级指标 column, fourth, is still merged over its
    group's rows, its label centred between them."""
    table = [
        {1: "本年度绩效指标", 2: "一级指标", 3: "二级指标", 4: "三级指标", 5: "年度指标值"},
        {2: "产出指标", 3: "数量指标", 4: "新建小型水窖数", 5: "≥20个"},
        {3: "质量指标", 4: "工程验收合格率", 5: "100%"},
        {4: "水质检测合格率", 5: "≥95%"},
        {3: "时效指标", 4: "工程完工时间", 5: "10月底前"},
    ]
    lines = interleaved_table(_block(table))
    label = next(k for k, ln in enumerate(lines) if "质量指标" in ln)
    first = next(k for k, ln in enumerate(lines) if "100%" in ln)
    second = next(k for k, ln in enumerate(lines) if "≥95%" in ln)
    assert first < label < second
