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
