"""Wide project tables: project groups and indicator pairs."""

from __future__ import annotations

from support import EXAMPLES, gold_for

from extractor.engine.wide_reader import FRAMEWORK_ORDER, assign_groups, read_wide_region
from extractor.ingest import load_bytes, load_document
from extractor.segment import find_table_regions
from extractor.training.scoring import match

SAMPLE = EXAMPLES / "001_e29b54d99e7d5cbf.txt"


def test_structure_fixes_the_ends_and_cues_fill_the_middle() -> None:
    texts = ["招生人数不少于300人", "课程合格率", "按时开课", "生均成本控制在预算内",
             "提升教学效率", "学生满意度不低于90%"]  # fmt: skip
    got = assign_groups(texts, FRAMEWORK_ORDER)
    assert got[:3] == ["数量指标", "质量指标", "时效指标"]
    assert got[3] == "成本指标"
    assert got[-1] == "服务对象满意度指标"
    assert len(got) == len(texts)


def test_projects_become_groups_and_pairs_become_indicators() -> None:
    doc = load_document(SAMPLE)
    cands = [c for r in find_table_regions(doc) for c in read_wide_region(r)]
    gold = gold_for(SAMPLE.stem)["indicators"]
    pred = [
        {"name": {"value": c.record.name.value}, "group": {"value": c.record.group.value}}
        for c in cands
    ]
    pairs = match(gold, pred)
    assert len(pairs) / len(gold) >= 0.9
    assert {c.record.group.value for c in cands} >= {"办公设备购置", "婚姻登记工作", "养老服务"}
    # goal texts and overall claims are not indicators
    assert not any(c.record.name.value.startswith("配备办公设备") for c in cands)


def test_wide_table_in_another_sector() -> None:
    text = (
        "序号\t项目名称\t预算数\t执行数\t执行率\t年初绩效目标\t绩效目标整体完成情况\t产出目标\n"
        "\t\t\t\t\t\t\t年度指标内容\t完成情况\t年度指标内容\t完成情况\t年度指标内容\t完成情况\n"
        "1\t乡村道路养护\t120\t118\t98%\t保障道路通畅\t达成预期目标\t养护里程不少于80公里\t已完成"
        "\t养护合格率95%\t已完成\t12月底前完成\t及时完成\n"
    )
    doc = load_bytes(text.encode(), "road.txt")
    cands = [c for r in find_table_regions(doc) for c in read_wide_region(r)]
    assert [c.record.name.value for c in cands] == [
        "养护里程不少于80公里",
        "养护合格率95%",
        "12月底前完成",
    ]
    assert cands[0].record.group.value == "乡村道路养护"
    assert cands[0].record.target.op == ">=" and cands[0].record.target.value == 80
