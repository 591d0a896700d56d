"""Layouts of real reports beyond the samples, on hand-made tables (own content)."""

from __future__ import annotations

from extractor.engine.candidates import Candidate
from extractor.engine.roles import HeuristicScorer
from extractor.engine.table_reader import LabelState, read_indicator_region
from extractor.ingest import load_bytes
from extractor.segment import find_table_regions
from extractor.types import IndicatorRecord


def candidates(text: str) -> list[Candidate]:
    doc = load_bytes(text.encode(), "t.txt")
    state = LabelState()
    out: list[Candidate] = []
    for region in find_table_regions(doc):
        out.extend(read_indicator_region(region, HeuristicScorer(), state))
    return out


def records(text: str) -> list[IndicatorRecord]:
    return [c.record for c in candidates(text)]


def test_function_column_is_the_group_of_its_rows() -> None:
    recs = records(
        "部门职能\t一级指标\t二级指标\t三级指标\t指标值\n"
        "职能一：组织全镇农田水利设施的日常管护\t产出指标\t数量指标\t管护灌渠长度\t≥42公里\n"
        "\t\t质量指标\t灌渠完好率\t≥90%\n"
        "\t效益指标\t社会效益指标\t受益农户数\t≥1300户\n"
        "职能二：承担镇属道路养护\t产出指标\t数量指标\t养护道路里程\t28公里\n"
    )
    assert [r.name.value for r in recs] == [
        "管护灌渠长度",
        "灌渠完好率",
        "受益农户数",
        "养护道路里程",
    ]
    groups = [r.group.value for r in recs]
    assert groups[:3] == ["职能一：组织全镇农田水利设施的日常管护"] * 3
    assert groups[3] == "职能二：承担镇属道路养护"
    assert recs[2].level1.value == "效益指标" and recs[3].level2.value == "数量指标"


def test_placeholder_column_is_never_a_name() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t\t指标值\n"
        "产出指标\t数量指标\t指标1：\t配送应急物资批次\t≥16批次\n"
        "\t\t指标2：\t演练参与人数\t≥300人\n"
        "\t质量指标\t指标1：\t物资完好率\t≥98%\n"
    )
    assert [r.name.value for r in recs] == ["配送应急物资批次", "演练参与人数", "物资完好率"]
    assert [r.target.text for r in recs] == ["≥16批次", "≥300人", "≥98%"]


def test_scoring_rule_column_gives_no_target() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t评分标准\t指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t巡查河道次数\t每少1次扣0.5分，扣完为止\t≥48次\t50次\t10\t10\n"
        "\t质量指标\t问题整改率\t达到100%得满分，每降低1%扣1分\t100%\t96%\t10\t6\n"
    )
    assert [r.target.text for r in recs] == ["≥48次", "100%"]
    assert [r.actual.text for r in recs] == ["50次", "96%"]
    assert [r.score.value for r in recs] == [10, 6]


def test_bare_number_under_a_header_with_a_unit_takes_that_unit() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值（万元）\t实际完成值\n"
        "成本指标\t经济成本指标\t设备购置成本\t86.5\t84.2\n"
        "产出指标\t数量指标\t购置检测设备台数\t≥12台\t12台\n"
    )
    assert recs[0].target.value == 86.5 and recs[0].target.unit == "万元"
    assert recs[1].target.unit == "台"


def test_bare_number_without_a_header_unit_keeps_no_unit() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "成本指标\t经济成本指标\t设备购置成本\t86.5\t84.2\n"
    )
    assert recs[0].target.value == 86.5 and recs[0].target.unit is None


def test_rows_with_no_target_or_no_actual_are_kept() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t发放宣传册份数\t\t5200份\n"
        "\t\t举办培训班期数\t≥6期\t\n"
        "\t质量指标\t档案规范化管理\t\t\n"
    )
    assert [r.name.value for r in recs] == ["发放宣传册份数", "举办培训班期数", "档案规范化管理"]
    assert recs[0].target.kind == "missing" and recs[1].actual.kind == "missing"


def test_qualitative_target_stays_text() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "效益指标\t社会效益指标\t群众就医便利程度\t明显改善\t有所改善\n"
    )
    assert recs[0].target.kind == "qualitative" and recs[0].target.text == "明显改善"


def test_several_projects_in_one_file_each_group_their_rows() -> None:
    recs = records(
        "项目名称\t乡镇卫生院设备更新\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t更新设备台数\t≥20台\t21台\n"
        "\n"
        "项目名称\t村医培训补助\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训村医人数\t≥150人\t162人\n"
    )
    assert [(r.group.value, r.name.value) for r in recs] == [
        ("乡镇卫生院设备更新", "更新设备台数"),
        ("村医培训补助", "培训村医人数"),
    ]


def test_a_wrapped_cell_tail_on_its_own_line_is_joined() -> None:
    recs = records(
        "部门职能\t一级指标\t二级指标\t三级指标\t指标值\n"
        "职能一：负责全县林地资源监督管理\t产出指标\t数量指标\t森林防火视频监控\t≥40个\n"
        "\t\t\t点位数\n"
        "\t\t质量指标\t造林成活率\t≥85%\n"
        "\t效益指标\t可持续影响\t林长制巡林机制\t健全\n"
        "\t\t指标\n"
    )
    assert [r.name.value for r in recs] == [
        "森林防火视频监控点位数",
        "造林成活率",
        "林长制巡林机制",
    ]
    assert recs[2].level2.value == "可持续影响指标"


def test_a_table_cut_by_a_page_break_is_one_table() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t新建标准化卫生室\t≥12个\t12个\n"
        "\t\t培训乡村医生\t≥200人\t216人\n"
        "\f第 2 页\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "\t质量指标\t卫生室验收合格率\t100%\t100%\n"
        "效益指标\t社会效益指标\t群众就近就医率\t≥80%\t83%\n"
    )
    assert [r.name.value for r in recs] == [
        "新建标准化卫生室", "培训乡村医生", "卫生室验收合格率", "群众就近就医率",
    ]  # fmt: skip
    assert recs[2].level1.value == "产出指标" and recs[2].level2.value == "质量指标"


def test_cost_group_under_outputs_is_a_level2_group() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t印发宣传折页\t≥5000份\t5600份\n"
        "\t时效指标\t宣传活动完成时间\t10月底前\t10月15日\n"
        "成本指标\t宣传品印制成本\t≤8万元\t7.6万元\n"
        "效益指标\t社会效益指标\t群众知晓率\t≥85%\t88%\n"
    )
    assert [(r.level1.value, r.level2.value) for r in recs][2:] == [
        ("产出指标", "成本指标"),
        ("效益指标", "社会效益指标"),
    ]
    assert recs[2].name.value == "宣传品印制成本" and recs[2].target.text == "≤8万元"


def test_cost_as_level1_of_the_newer_framework_stays_level1() -> None:
    recs = records(
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t印发宣传折页\t≥5000份\n"
        "成本指标\t经济成本指标\t宣传品印制成本\t≤8万元\n"
    )
    assert (recs[1].level1.value, recs[1].level2.value) == ("成本指标", "经济成本指标")
