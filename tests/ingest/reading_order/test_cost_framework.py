"""A viewer's copy of a 2023 自评表: 成本指标 a level-1 group over its own
level-2 labels (经济成本指标, 社会成本指标), and a project name starting with
its year wrapped around the 项目名称 label."""

from __future__ import annotations

from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.types import BlockKind

# Invented content, laid out as a viewer copies it (labels centred on their
# groups, wrapped names around their values).
FORM = """项目支出绩效自评表
2024年乡村道路
项目名称
养护提升项目
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
日常养护县乡道
≥80公里 82公里 10 10
路里程
数量指标
修复路面坑槽及
产出指标 ≥300处 310处 10 10
裂缝处数
质量指标 养护验收合格率 ≥95% 97% 10 10
每公里养护成本 ≤1.2 1.15 10 10
经济成本指标
成本指标 养护材料单价 ≤400 390 5 5
对沿线通行影响
社会成本指标 无明显影响 无明显影响 5 5
时长
效益指标 社会效益指标 群众出行便利度 明显提升 明显提升 10 10
"""


def _rows() -> list[dict[int, str]]:
    pages = rebuild_reading_order(FORM, text_to_pages(FORM))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    return [{c.col: c.text for c in row.cells} for row in block.rows]


def test_cost_is_a_level_one_group_over_its_own_level_two_labels() -> None:
    rows = _rows()
    cost = next(r for r in rows if r.get(2) == "每公里养护成本")
    assert cost[0] == "成本指标" and cost[1] == "经济成本指标"
    social = next(r for r in rows if r.get(2) == "对沿线通行影响时长")
    assert social[1] == "社会成本指标"


def test_a_project_name_starting_with_its_year_is_whole() -> None:
    assert _rows()[0] == {0: "项目名称", 1: "2024年乡村道路养护提升项目"}


def test_a_project_name_of_three_lines_is_whole() -> None:
    form = FORM.replace(
        "2024年乡村道路\n项目名称\n养护提升项目\n",
        "县乡村道路日常\n项目名称 养护及危桥加固\n提升项目\n",
    )
    pages = rebuild_reading_order(form, text_to_pages(form))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    assert [c.text for c in block.rows[0].cells] == [
        "项目名称",
        "县乡村道路日常养护及危桥加固提升项目",
    ]
