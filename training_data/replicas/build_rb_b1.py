"""B1: 项目支出绩效自评表 whose 一级指标 carry (50分)/(30分)/(10分), with the
budget block, 年度总体目标 (预期目标 | 实际完成情况) and the indicator table
(一级|二级|三级|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施).
Rendered as tab text, DOCX and XLSX. Content is invented."""

from __future__ import annotations

from rb_common import (
    ProjectForm,
    check_values,
    docx_bytes,
    parse_rows,
    project_grid,
    tab_text,
    write_doc,
    write_manifest,
    xlsx_bytes,
)

LAYOUT = "rb-b1-project-form-points-suffix"
DESC = (
    "项目支出绩效自评表 with 一级指标 written with their points ((50分)/(30分)/(10分)), a budget block "
    "(年初预算数|全年预算数|全年执行数|分值|执行率|得分), 年度总体目标 (预期目标|实际完成情况) and the "
    "indicator table with 偏差原因分析及改进措施; group = 项目名称, department = 主管部门"
)

WATER = ProjectForm(
    project="2023年农村供水保障工程维修养护项目",
    supervisor="云溪县水利局",
    implementer="云溪县农村供水管理站",
    year=2023,
    budget=(180, 176.5, 171.32),
    budget_score=9.71,
    goal="完成全县38处集中供水工程维修养护，更换老旧管网，农村自来水普及率稳定在92%以上。",
    goal_done="完成37处集中供水工程维修养护，1处因水源调整并入新建工程；更换管网26.3公里，农村自来水普及率达92.6%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|集中供水工程维修养护处数|≥38处|37处|10|9.7|1处工程因水源调整并入新建工程，下年度纳入新工程统一管护
|数量指标|更换老旧供水管网长度|≥24公里|26.3公里|10|10|
|质量指标|维修工程验收合格率|100%|100%|10|10|
|质量指标|出厂水水质检测合格率|≥95%|96.8%|5|5|
|时效指标|维修养护完成时间|2023年11月底前|2023年11月|5|5|
|成本指标|单处工程平均维修成本|≤4.5万元|4.38万元|10|10|
效益指标（30分）|社会效益指标|农村自来水普及率|≥92%|92.6%|10|10|
|社会效益指标|受益农村人口|≥8.6万人|8.72万人|10|10|
|可持续影响指标|供水工程长效管护机制|建立健全|已建立|10|10|
满意度指标（10分）|服务对象满意度指标|受益群众满意度|≥90%|94.2%|10|10|
"""),
)

HEALTH = ProjectForm(
    project="基层医疗卫生机构能力提升项目",
    supervisor="安平市卫生健康委员会",
    implementer="安平市基层卫生指导中心",
    year=2022,
    budget=(860, 860, 842.6),
    budget_score=9.8,
    goal="为乡镇卫生院和社区卫生服务中心配备诊疗设备，开展基层医务人员轮训，提升基层首诊能力。",
    goal_done="配备设备126台，培训基层医务人员652人次，基层诊疗量占比达56.3%，设备采购较计划延后一个月。",
    inds=parse_rows("""
产出指标⏎(50分)|数量指标|配备基层医疗设备数量|≥120台|126台|10|10|
|数量指标|开展基层医务人员培训|≥600人次|652人次|10|10|
|质量指标|设备验收合格率|100%|100%|10|10|
|质量指标|培训考核合格率|≥90%|88.5%|10|9|部分学员实操考核未通过，已安排补考并跟班学习
|时效指标|设备采购完成时限|2022年9月底前|2022年10月|5|4|首次招标流标，重新招标延后一个月；今后提前启动采购程序
|成本指标|项目总成本|≤860万元|842.6万元|5|5|
效益指标⏎(30分)|社会效益指标|基层诊疗量占比|≥55%|56.3%|15|15|
|可持续影响指标|基层服务能力持续提升|持续提升|达成预期指标|15|15|
满意度指标⏎(10分)|服务对象满意度指标|患者满意度|≥90%|92%|5|5|
|服务对象满意度指标|基层医务人员满意度|≥85%|90.5%|5|5|
"""),
)

AGRI = ProjectForm(
    project="2024年度高标准农田建设项目",
    supervisor="石桥县农业农村局",
    implementer="石桥县农田建设服务中心",
    year=2024,
    budget=(1800, 1800, 1779.6),
    budget_score=9.89,
    goal="新建高标准农田1.2万亩，配套灌排渠道和机耕路，项目区粮食亩均增产50公斤以上。",
    goal_done="建成高标准农田1.2万亩，新建改造渠道36.8公里、机耕路17.2公里，亩均增产56公斤。",
    inds=parse_rows("""
产出指标（50分）|数量指标|新建高标准农田面积|≥1.2万亩|1.2万亩|10|10|
|数量指标|新建及改造灌排渠道|≥35公里|36.8公里|5|5|
|数量指标|新修机耕路|≥18公里|17.2公里|5|4.5|2处路段林地审批未完成，调整至下年度实施
|质量指标|项目工程验收合格率|100%|100%|10|10|
|质量指标|耕地质量等级提升|≥0.5等|0.5等|5|5|
|时效指标|项目完工率|≥95%|100%|5|5|
|成本指标|亩均财政投入|≤1500元|1482元|10|10|
效益指标（30分）|经济效益指标|项目区粮食亩均增产|≥50公斤|56公斤|10|10|
|社会效益指标|受益农户数|≥3200户|3356户|10|10|
|生态效益指标|节水灌溉面积占比|≥60%|63.5%|5|5|
|可持续影响指标|工程设施管护年限|≥15年|15年|5|5|
满意度指标（10分）|服务对象满意度指标|项目区农户满意度|≥90%|96%|10|10|
"""),
)


def gold(f: ProjectForm) -> dict:
    return {
        "form_type": "project_self_evaluation",
        "department": f.supervisor,
        "year": f.year,
        "indicators": f.gold_rows(),
    }


def main() -> None:
    entries = []
    golds = []

    g = project_grid(WATER)
    text = (
        "附件2\n"
        + tab_text(g)
        + "\n填表人：王晓　　联系电话：0817-6623015　　填报日期：2024年3月12日\n"
    )
    write_doc("rb_01_b1_water", "txt", text, gold(WATER))
    entries.append(("rb_01_b1_water", "txt", "水利"))
    golds.append(gold(WATER))

    g = project_grid(HEALTH)
    doc = docx_bytes(["附件3", g, "注：偏差原因分析需说明未完成原因及拟采取的改进措施。"])
    write_doc("rb_02_b1_health", "docx", doc, gold(HEALTH))
    entries.append(("rb_02_b1_health", "docx", "卫健"))
    golds.append(gold(HEALTH))

    g = project_grid(AGRI)
    xl = xlsx_bytes({"项目自评表": g}, {"项目自评表": {3, 4, 5, 6, 7, 8}})
    write_doc("rb_03_b1_agri", "xlsx", xl, gold(AGRI))
    entries.append(("rb_03_b1_agri", "xlsx", "农业农村"))
    golds.append(gold(AGRI))

    write_manifest(
        [
            {
                "doc": s,
                "layout": LAYOUT,
                "kind": "table",
                "sector": sec,
                "origin": "replica",
                "split": "train",
                "format": ext,
                "description": DESC,
            }
            for s, ext, sec in entries
        ]
    )
    check_values(golds)


if __name__ == "__main__":
    main()
