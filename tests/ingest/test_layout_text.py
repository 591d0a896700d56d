"""Table shapes in plain text: tabs, one cell a line, markdown, space-aligned."""

from __future__ import annotations

from extractor.ingest.layout_text import text_to_pages
from extractor.types import BlockKind


def tables(text: str) -> list[list[list[str]]]:
    pages = text_to_pages(text)
    return [
        [r.texts() for r in b.rows] for p in pages for b in p.blocks if b.kind == BlockKind.table
    ]


def check_offsets(text: str) -> None:
    for page in text_to_pages(text):
        for block in page.blocks:
            for row in block.rows:
                for c in row.cells:
                    assert text[c.evidence.char_start : c.evidence.char_end] == c.text


def test_tab_rows_keep_leading_empty_cells() -> None:
    text = "一级指标\t二级指标\t三级指标\n产出指标\t数量指标\t培训人数\n\t\t培训天数\n"
    assert tables(text) == [
        [
            ["一级指标", "二级指标", "三级指标"],
            ["产出指标", "数量指标", "培训人数"],
            ["", "", "培训天数"],
        ]
    ]
    check_offsets(text)


def test_one_cell_a_line_with_a_wrapped_cell() -> None:
    text = (
        "\t\n\t效益指标\n\t社会效益指\n\n标\n\t保障基本生活\n\t是\n\n\t\n\t\n\t\n\t促进稳定\n\t是\n"
    )
    got = tables(text)
    assert got == [
        [["", "效益指标", "社会效益指标", "保障基本生活", "是"], ["", "", "", "促进稳定", "是"]]
    ]


def test_markdown_table() -> None:
    text = "| 一级指标 | 三级指标 | 指标值 |\n|---|:---:|---|\n| 产出指标 | 培训人数 | ≥200人 |\n|  | 培训天数 | 5天 |\n"
    assert tables(text) == [
        [
            ["一级指标", "三级指标", "指标值"],
            ["产出指标", "培训人数", "≥200人"],
            ["", "培训天数", "5天"],
        ]
    ]
    check_offsets(text)


def test_space_aligned_columns() -> None:
    text = "一级指标    三级指标    指标值\n产出指标    培训人数    ≥200人\n"
    assert tables(text) == [
        [["一级指标", "三级指标", "指标值"], ["产出指标", "培训人数", "≥200人"]]
    ]
    check_offsets(text)


def test_prose_with_a_double_space_stays_prose() -> None:
    text = "本年度完成培训  共计200人。\n"
    assert tables(text) == []


def test_form_feed_starts_a_new_page() -> None:
    pages = text_to_pages("第一页\n\f第二页\n")
    assert [p.number for p in pages] == [1, 2]
    assert pages[1].blocks[0].text == "第二页"


# A web page's table saved as text: " |" after every cell, runs of empty cells padding a
# row to the table's width, merged labels holding a line break ending their line with a
# lone pipe (the row goes on below), a full-width row ending in a lone pipe too.
PIPE_DUMP = (
    "当前位置：首页 | 政务公开 | 预算绩效\n\n"
    "项目名称 | 乡镇敬老院护理补助 | ||||\n"
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 得分 |\n"
    "产 出 指 标 (60分) |\n"
    "数量指标 | 护理员配备人数 | ≥18人 | 19人 | 20 |\n"
    "时效指标 | 补助发放时间 | 每月10日前 | 按时发放 | 20 | |\n"
    "||||||\n"
    "效益指标 |\n"
    "社会效益 指标 |\n"
    "入住老人生活质量 | 明显改善 | 明显改善 | 20 |\n"
    "\n浏览次数：36 | \n"
)


def test_pipe_dumped_table_rows_with_wrapped_labels() -> None:
    got = tables(PIPE_DUMP)
    assert len(got) == 1  # the navigation line above stays a line of text
    rows = [[c for c in row if c] for row in got[0]]
    assert rows == [
        ["项目名称", "乡镇敬老院护理补助"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产 出 指 标 (60分)", "数量指标", "护理员配备人数", "≥18人", "19人", "20"],
        ["时效指标", "补助发放时间", "每月10日前", "按时发放", "20"],
        [],
        ["效益指标", "社会效益 指标", "入住老人生活质量", "明显改善", "明显改善", "20"],
    ]
    check_offsets(PIPE_DUMP)


def test_lines_with_a_pipe_or_two_stay_prose() -> None:
    text = "无障碍 | 长者模式\n浏览量：12 | | |\n本项目年度目标全部完成。\n"
    assert tables(text) == []
