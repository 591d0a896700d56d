"""B3 (blind): cost indicators under level1 成本指标 (经济成本指标 / 社会成本指标 /
生态环境成本指标) whose target is a bare number. Gold: op "=", value that number
(or the comparator written), unit from the column header (年度指标值（万元）)
where the header gives one, null where nothing gives one. Content is invented."""

from __future__ import annotations

from dataclasses import replace

from rb_common import (
    Grid,
    ProjectForm,
    check_values,
    docx_bytes,
    gold_row,
    indicator_block,
    parse_rows,
    project_grid,
    tab_text,
    write_doc,
    write_manifest,
    xlsx_bytes,
)

LAYOUT = "rb-b3-cost-bare-number"
DESC = (
    "project self-evaluation form with level1 成本指标 (经济成本指标/社会成本指标/生态环境成本指标) whose "
    "targets and actuals are bare numbers: unit from the column header (年度指标值（万元）) where a header "
    "gives it, else null; op '=' unless a comparator is written"
)

FOREST = ProjectForm(
    project="2023年森林防火能力建设项目",
    supervisor="黔山县林业局",
    implementer="黔山县森林防火指挥部办公室",
    year=2023,
    budget=(200, 196, 193.45),
    budget_score=9.87,
    goal="新建林区防火隔离带，配齐基层扑火机具，森林火灾受害率控制在0.9‰以内。",
    goal_done="新建防火隔离带46.2公里，购置扑火机具260台，全年森林火灾受害率0.12‰。",
    inds=parse_rows("""
产出指标|数量指标|新建防火隔离带|≥45公里|46.2公里|10|10|
|数量指标|购置扑火机具|≥260台|260台|10|10|
|质量指标|防火设施验收合格率|100%|100%|10|10|
|时效指标|防火期前完工|2023年10月底前|2023年10月|5|5|
成本指标|经济成本指标|防火隔离带建设成本|138|135.6|8|8|
|经济成本指标|扑火机具购置成本|≤58|57.85|5|5|
|社会成本指标|对周边群众生产生活影响|无明显影响|无明显影响|1|1|
|生态环境成本指标|林地占用面积|0|0|1|1|
效益指标|社会效益指标|森林火灾受害率|≤0.9‰|0.12‰|10|10|
|生态效益指标|森林覆盖率|≥62%|62.4%|10|10|
|可持续影响指标|防火设施使用年限|≥10年|10年|10|10|
满意度指标|服务对象满意度指标|林区群众满意度|≥90%|93%|10|10|
"""),
)

ROAD = ProjectForm(
    project="2022年农村公路养护工程",
    supervisor="江屿县交通运输局",
    implementer="江屿县公路事业发展中心",
    year=2022,
    budget=(560, 560, 551.2),
    budget_score=9.84,
    goal="完成农村公路路面修复和日常养护，优良中等路率保持在80%以上。",
    goal_done="修复路面41.5公里，日常养护里程1268公里，优良中等路率82.3%。",
    inds=parse_rows("""
产出指标|数量指标|路面修复里程|≥40公里|41.5公里|10|10|
|数量指标|日常养护里程|≥1260公里|1268公里|10|10|
|质量指标|优良中等路率|≥80%|82.3%|10|10|
|时效指标|养护工程完工时间|2022年11月底前|2022年11月|10|10|
效益指标|社会效益指标|公路安全事故率|较上年下降|下降|10|10|
|经济效益指标|沿线群众出行时间节约|≥10%|12%|10|10|
|可持续影响指标|农村公路管养长效机制|健全|健全|10|10|
满意度指标|服务对象满意度指标|沿线群众满意度|≥90%|91.6%|10|10|
"""),
)
ROAD_COST = parse_rows("""
成本指标|经济成本指标|路面修复工程费|420|416.8|5|5|
|经济成本指标|日常养护人工费|96|96|3|3|
|经济成本指标|监理及检测费|18.5|17.9|2|2|
|社会成本指标|施工期交通管制影响成本|0|0|||
|生态环境成本指标|施工废弃物处置成本|4|3.8|||
""")

AIR = ProjectForm(
    project="2024年大气污染防治专项",
    supervisor="白水市生态环境局",
    implementer="白水市生态环境监测站",
    year=2024,
    budget=(310, 300, 296.1),
    budget_score=9.87,
    goal="维护全市空气质量自动监测网络，开展重点企业监督性监测，空气质量优良天数比率不低于85%。",
    goal_done="监测网络有效数据获取率96.2%，完成重点企业监督性监测148家次，优良天数比率87.4%。",
    inds=parse_rows("""
产出指标（40分）|数量指标|空气自动监测站点运维数量|≥16个|16个|10|10|
|数量指标|重点企业监督性监测|≥140家次|148家次|10|10|
|质量指标|监测数据有效获取率|≥90%|96.2%|10|10|
|时效指标|监测报告按时报送率|100%|100%|10|10|
效益指标（30分）|生态效益指标|空气质量优良天数比率|≥85%|87.4%|15|15|
|社会效益指标|大气环境问题投诉办结率|100%|98.7%|15|14.8|2件投诉涉及跨区协调，已转交并跟踪办理
满意度指标（10分）|服务对象满意度指标|公众对空气质量满意度|≥85%|88%|10|10|
"""),
)
AIR_COST = parse_rows("""
成本指标（10分）|经济成本指标|在线监测设备运维费|85|84.2|4|4|
|经济成本指标|第三方检测服务费|46|46|3|3|
|社会成本指标|企业停限产补偿支出|0|0|2|2|
|生态环境成本指标|监测站点建设占地补偿|1.5|1.5|1|1|
""")


def form_gold(f: ProjectForm, extra: list, unit: str | None) -> dict:
    rows = [gold_row(i, f.project) for i in f.inds] + [
        gold_row(i, f.project, unit, unit) for i in extra
    ]
    return {
        "form_type": "project_self_evaluation",
        "department": f.supervisor,
        "year": f.year,
        "indicators": rows,
    }


def with_cost_block(f: ProjectForm, cost: list, header: list[str], cols: list[str]) -> Grid:
    """The form with a cost block (its own header row naming the unit) before 总分."""
    total = f.budget_score + sum(i.score or 0 for i in f.inds + cost)
    g = project_grid(replace(f, total_score=round(total, 2)))
    last = g.rows.pop()
    last_merge = g.merges.pop()
    g.add(["", *header])
    indicator_block(g, cost, 1, cols)
    r = g.add(last)
    g.merges.append((r, last_merge[1], last_merge[2], last_merge[3]))
    return g


def main() -> None:
    entries, golds = [], []

    g = project_grid(FOREST)
    text = "附件1\n" + tab_text(g) + "\n"
    gd = form_gold(FOREST, [], None)
    write_doc("rb_07_b3_forestry", "txt", text, gd)
    entries.append(("rb_07_b3_forestry", "txt", "林业"))
    golds.append(gd)

    g = with_cost_block(
        ROAD,
        ROAD_COST,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值（万元）",
            "实际完成值（万元）",
            "分值",
            "得分",
            "备注",
        ],
        ["target", "actual", "weight", "score", "dev"],
    )
    xl = xlsx_bytes({"2022项目自评": g}, {"2022项目自评": {3, 4, 5, 6, 7, 8}})
    gd = form_gold(ROAD, ROAD_COST, "万元")
    write_doc("rb_08_b3_transport", "xlsx", xl, gd)
    entries.append(("rb_08_b3_transport", "xlsx", "交通"))
    golds.append(gd)

    g = with_cost_block(
        AIR,
        AIR_COST,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值（万元）",
            "实际完成值（万元）",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        ["target", "actual", "weight", "score", "dev"],
    )
    doc = docx_bytes(
        [
            "附件2",
            g,
            f"单位负责人：刘强　　财务负责人：周丽　　填表人：孙浩　　总分：{g.rows[-1][7]}",
        ]
    )
    gd = form_gold(AIR, AIR_COST, "万元")
    write_doc("rb_09_b3_ecoenv", "docx", doc, gd)
    entries.append(("rb_09_b3_ecoenv", "docx", "生态环境"))
    golds.append(gd)

    write_manifest(
        [
            {
                "doc": s,
                "layout": LAYOUT,
                "kind": "table",
                "sector": sec,
                "origin": "replica",
                "split": "blind",
                "format": ext,
                "description": DESC,
            }
            for s, ext, sec in entries
        ]
    )
    check_values(golds)


if __name__ == "__main__":
    main()
