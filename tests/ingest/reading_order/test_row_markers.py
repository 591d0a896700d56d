"""Rows rebuilt from a viewer's copy of the ministry's 自评表 template: the
printed row markers (指标1： 指标2： ……) in a column of their own, rows left
unfilled (only markers and /), a level label's points on a line of their
own, a name whose lines are as wide as the deviation column's, a name that
begins like a level label, and the total beside the last row's cells."""

from __future__ import annotations

from extractor.ingest import load_bytes
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.training.interleave import interleaved_text
from extractor.types import BlockKind

# Invented content; the layout keeps a viewer's order: a one-line cell (the
# marker, the values) between a wrapped name's lines, every text column 7
# characters wide, row 2's name and deviation sharing their lines.
TEMPLATE = """项目支出绩效自评表
偏差原因分析及
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
改进措施
产出指标 数量指标 指标1： 修缮校舍面积 1200平方米 1200平方米 10 10
（50分）
新增课桌椅配备 2所学校因雨季
指标2： ≥800套 760套 10 9
套数 延期交付。
……
学生体质健康达
指标1： ≥92% 94% 10 10
质量指标 标率
指标2：
效益指标 经济效益 指标1： / / /
指标
指标2：
服务对象满意度 ≥90% 95% 10 10
服务对象满意度
满意度指标 其他需要说明事
指标 无 总分 100 99
项
"""


def _rows() -> list[dict[int, str]]:
    pages = rebuild_reading_order(TEMPLATE, text_to_pages(TEMPLATE))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    return [{c.col: c.text for c in row.cells} for row in block.rows[1:]]


def test_markers_and_unfilled_rows_leave_only_the_indicators() -> None:
    rows = _rows()
    names = [r.get(2) for r in rows]
    assert names == ["修缮校舍面积", "新增课桌椅配备套数", "学生体质健康达标率", "服务对象满意度"]
    assert rows[0][1] == "数量指标"


def test_a_deviation_beside_the_name_keeps_its_lines() -> None:
    row = _rows()[1]
    assert row[3] == "≥800套" and row[6] == "9"
    assert row[7] == "2所学校因雨季延期交付。"


def test_the_table_ends_at_a_total_beside_the_last_rows_cells() -> None:
    last = _rows()[-1]
    assert last[3] == "≥90%" and last[4] == "95%"
    assert "其他需要说明事" not in last.get(2, "")


# A row whose deviation (4 lines) and name (3 lines) both wrap: centred on
# the values, their lines alternate (deviation, name, deviation, …), a
# deviation's line alone above the name's first.
ALTERNATING = """项目支出绩效自评表
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
乡镇综合文化站
≥12个 12个 10 10
年度开放数量
两个村因村部改
新建村级（社区
建推迟开放，已
）农家书屋 ≥20个 18个 10 8
数量指标 调整至下年度完
数量
成建设任务。
产出指标
质量指标 图书借阅登记完整率 ≥95% 97% 10 10
"""


def test_a_deviation_and_name_wrapping_side_by_side_are_sorted_back() -> None:
    pages = rebuild_reading_order(ALTERNATING, text_to_pages(ALTERNATING))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    rows = [{c.col: c.text for c in row.cells} for row in block.rows[1:]]
    assert [r.get(2) for r in rows] == [
        "乡镇综合文化站年度开放数量",
        "新建村级（社区）农家书屋数量",
        "图书借阅登记完整率",
    ]
    assert rows[1][7] == "两个村因村部改建推迟开放，已调整至下年度完成建设任务。"


# A template form (invented content) with rows left unfilled: their markers
# (指标3：, 指标1：) are rows of the form its labels are centred over, and a
# level-2 group with no filled row (可持续影响指标) labels no row.
UNFILLED_TAB = (
    "一级指标\t二级指标\t三级指标\t\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t指标1：\t新建村级卫生室数量\t≥12个\t12个\t10\t10\n"
    "\t\t指标2：\t乡村医生培训人次\t≥300人次\t320人次\t10\t10\n"
    "\t\t指标3：\t\t\t\t\t\n"
    "\t质量指标\t指标1：\t\t\t\t\t\n"
    "\t\t指标2：\t\t\t\t\t\n"
    "\t时效指标\t指标1：\t设备采购完成时间\t9月底前\t9月20日\t10\t10\n"
    "\t\t指标2：\t\t\t\t\t\n"
    "\t成本指标\t指标1：\t单个卫生室建设成本\t≤8万元\t7.6万元\t10\t10\n"
    "\t\t指标2：\t\t\t\t\t\n"
    "效益指标\t社会效益指标\t指标1：\t群众就医便利度\t明显提升\t明显提升\t10\t10\n"
    "\t\t指标2：\t基层首诊率\t≥60%\t62%\t10\t10\n"
    "\t可持续影响指标\t指标1：\t\t\t\t\t\n"
    "\t\t指标2：\t\t\t\t\t\n"
    "满意度指标\t服务对象满意度指标\t指标1：\t村民满意度\t≥90%\t94%\t10\t10\n"
)


def test_unfilled_template_rows_count_in_the_labels_centring() -> None:
    text = interleaved_text(load_bytes(UNFILLED_TAB.encode("utf-8"), "t.txt"))
    pages = rebuild_reading_order(text, text_to_pages(text))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    rows = [{c.col: c.text for c in row.cells} for row in block.rows[1:]]
    assert [(r.get(2), r.get(1, "")) for r in rows] == [
        ("新建村级卫生室数量", "数量指标"),
        ("乡村医生培训人次", ""),
        ("设备采购完成时间", "时效指标"),
        ("单个卫生室建设成本", "成本指标"),
        ("群众就医便利度", "社会效益指标"),
        ("基层首诊率", ""),
        ("村民满意度", "服务对象满意度指标"),
    ]
