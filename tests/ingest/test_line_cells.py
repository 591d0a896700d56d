"""Tables saved one cell a line (blank lines between rows, or bars alone on
their lines) and pipe rows broken inside a cell, read back as rows."""

from __future__ import annotations

from extractor.ingest.layout_text import text_to_pages
from extractor.types import BlockKind


def tables(text: str) -> list[list[list[str]]]:
    return [
        [row.texts() for row in block.rows]
        for page in text_to_pages(text)
        for block in page.blocks
        if block.kind == BlockKind.table
    ]


def check_evidence(text: str) -> None:
    """Every cell's span opens at its first character and closes at its last
    (a wrapped cell's span holds the line break)."""
    for page in text_to_pages(text):
        for block in page.blocks:
            for row in block.rows:
                for cell in row.cells:
                    a, b = cell.evidence.char_start, cell.evidence.char_end
                    assert a is not None and b is not None
                    if cell.text:
                        assert text[a] == cell.text[0] and text[b - 1] == cell.text[-1]


# A web form copied as text: one cell a line, a blank line after each row, the
# merged level labels written once, a long name wrapped onto a second line.
CELL_LINES = """河湾区图书馆项目绩效自评表
项目名称
流动图书服务项目

主管部门
河湾区文化和旅游局

一级指标
二级指标
三级指标
年度指标值
实际完成值

产出指标
数量指标
新增流转图书册数
≥15000册
16200册

配送流动书箱数量
≥120个
112个

质量指标
图书编目质量
抽检合格率
≥98%
99.1%

满意度指标
服务对象满意度指标
读者满意度
≥90%
94%

附件下载：自评表.xls
"""


def test_cell_lines_with_blank_lines_between_rows() -> None:
    (table,) = tables(CELL_LINES)
    # The form's project name heads the table: the group of its rows.
    assert table[0] == ["项目名称", "流动图书服务项目"]
    assert table[1][:3] == ["一级指标", "二级指标", "三级指标"]
    assert len(table) == 6
    assert any("配送流动书箱数量" in row for row in table)
    assert any("图书编目质量抽检合格率" in row for row in table)  # the wrapped name, joined
    assert "读者满意度" in table[-1]
    assert all("附件下载" not in "".join(row) for row in table)
    check_evidence(CELL_LINES)


BAR_LINES = """一级指标
|
二级指标
|
三级指标
|
指标值
|
评分标准

产出指标
|
数量指标
|
巡查河道里程
|
≥320公里
|
完成得满分

||||
|
河长公示牌更新数
|
≥45块
|
每少1块扣1分

|
质量指标
|
水质达标断面比例
|
≥90%
||||
每低1个百分点扣1分
"""


def test_bars_alone_on_their_lines() -> None:
    (table,) = tables(BAR_LINES)
    assert table[0] == ["一级指标", "二级指标", "三级指标", "指标值", "评分标准"]
    assert [c for c in table[2] if c] == ["河长公示牌更新数", "≥45块", "每少1块扣1分"]
    assert "水质达标断面比例" in table[3] and "≥90%" in table[3]
    check_evidence(BAR_LINES)


PIPE_WRAPPED = """| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
| 产出指标 | 数量指标||||巡查河道里程 | ≥320公里 | 336公里 | 20 | 20 |
|  | 质量指标 | 水质达标断
面比例 | ≥90% | 92% | 20 | 20 |
| 效益指标 | 生态效益指标 | 河道保洁覆盖率 | 100% | 100% | 30 | 30 |
"""


def test_pipe_row_broken_inside_a_cell_and_a_stray_bar_run() -> None:
    (table,) = tables(PIPE_WRAPPED)
    assert len(table) == 4
    assert "水质达标断面比例" in table[2]
    assert table[2][-4:] == ["≥90%", "92%", "20", "20"]
    # The stray run of bars is one break: the row keeps the header's width.
    assert "巡查河道里程" in table[1] and table[1][-4:] == ["≥320公里", "336公里", "20", "20"]
    assert len(table[1]) <= len(table[0])
    check_evidence(PIPE_WRAPPED)
