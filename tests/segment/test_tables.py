"""Finding indicator tables: headers, continuation, wide project tables."""

from __future__ import annotations

from support import EXAMPLES

from extractor.ingest import load_bytes, load_document
from extractor.segment import find_table_regions


def test_header_in_the_middle_of_a_table_starts_the_region() -> None:
    doc = load_document(EXAMPLES / "000_29d121b4221180d5.txt")
    regions = find_table_regions(doc)
    assert [r.kind for r in regions] == ["indicator"]
    cols = regions[0].columns
    for role in ("level1", "level2", "name", "target", "weight", "actual", "score", "status"):
        assert role in cols
    # budget rows above the header are not indicator rows
    assert all("合计" not in c.text for r in regions[0].rows for c in r.cells)


def test_goal_label_above_a_header_opens_the_region() -> None:
    doc = load_document(EXAMPLES / "002_99ad04c7f5e868a1.txt")
    regions = find_table_regions(doc)
    assert len(regions) == 4
    first = [c.text for c in regions[0].rows[0].cells if c.text]
    assert first[0].startswith("年度目标1")


def test_wide_project_table_is_recognised() -> None:
    doc = load_document(EXAMPLES / "001_e29b54d99e7d5cbf.txt")
    regions = find_table_regions(doc)
    assert [r.kind for r in regions] == ["wide"]
    assert len(regions[0].rows) >= 15
    assert regions[0].pair_labels[:3] == ["数量指标", "质量指标", "时效指标"]


def test_table_continued_after_a_page_break_stays_one_region() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训教师人数\t≥200人\t230人\n"
        "\f第2页\n"
        "\t\t新建校舍面积\t≥5000平方米\t5200平方米\n"
    )
    doc = load_bytes(text.encode(), "t.txt")
    regions = find_table_regions(doc)
    assert len(regions) == 1
    assert len(regions[0].rows) == 2


def test_prose_only_document_has_no_regions() -> None:
    doc = load_bytes("本单位2023年度绩效目标均已完成。\n无偏差。\n".encode(), "p.txt")
    assert find_table_regions(doc) == []


def test_project_name_above_a_form_is_its_indicators_group() -> None:
    text = (
        "项目名称\t乡村学校营养餐改善\n"
        "主管部门\t某县教育局\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t受益学生人数\t≥3000人\t3120人\n"
        "\n"
        "项目名称：校园安全设施改造\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t改造学校数\t10所\t10所\n"
    )
    regions = find_table_regions(load_bytes(text.encode(), "two-projects.txt"))
    assert [r.project.text if r.project else None for r in regions] == [
        "乡村学校营养餐改善",
        "校园安全设施改造",
    ]


def test_project_named_after_a_budget_is_still_the_project() -> None:
    text = (
        "项目名称\t预算绩效管理信息平台运维经费\t\t\t\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\n"
        "产出指标\t数量指标\t接入平台单位数\t≥80家\t86家\n"
    )
    regions = find_table_regions(load_bytes(text.encode(), "t.txt"))
    assert regions[0].project is not None
    assert regions[0].project.text == "预算绩效管理信息平台运维经费"


# A 项目支出绩效自评表 saved as pipe text (own wording), its header written over two rows
# with an empty row between them: 绩效指标 over the three level columns and 年度指标值
# over 指标性质 | 指标值 | 度量单位, while 实际完成值 | 分值 | 得分 | 偏差原因 stand over
# both rows. In text the spans are gone: each row's cells follow one another.
STACKED = (
    "| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
    "|\n"
    "一级指标 |\n"
    "二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |\n"
    "| 产出指标 | 数量指标 | 维修校舍面积 | ≥ | 1200 | 平方米 | 1260 | 20 | 20 | |\n"
    "| 质量指标 | 维修工程验收合格率 | ﹦ | 100 | % | 100 | 20 | 19 | |\n"
    "| 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥ | 90 | % | 93 | 10 | 10 | |\n"
)


def test_a_two_row_header_read_out_of_text_keeps_the_columns_standing_over_both() -> None:
    doc = load_bytes(STACKED.encode("utf-8"), "stacked.txt")
    regions = find_table_regions(doc)
    assert [r.kind for r in regions] == ["indicator"]
    assert regions[0].columns == [
        "level1", "level2", "name", "op", "target", "unit",
        "actual", "weight", "score", "deviation",
    ]  # fmt: skip
    assert len(regions[0].rows) == 3


def test_the_split_value_under_a_header_two_rows_high_reaches_every_field() -> None:
    from extractor.pipeline import extract_document

    got = extract_document(load_bytes(STACKED.encode("utf-8"), "stacked.txt"))
    rows = {
        r.name.value: (r.target.text, r.actual.text, r.weight.value, r.score.value)
        for r in got.indicators
    }
    assert rows["维修校舍面积"][1:] == ("1260", 20, 20)
    assert rows["维修工程验收合格率"][1:] == ("100", 20, 19)
    assert rows["师生满意度"][1:] == ("93", 10, 10)
