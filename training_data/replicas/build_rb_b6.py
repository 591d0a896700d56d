"""B6: flattened text as users paste it (.txt), the shapes of issue 10:

(a) one line (blind): the whole form on ONE line, cells separated by single
    spaces, merged labels written once, after the file metadata a document
    site prints (author, revision, ISO timestamps, app version, GUID, counts)
    or a file-name line;
(b) one cell per line: empty cells dropped, a blank line between rows, or (as
    a web page of <p> cells copies) a blank line between every cell with
    header cells broken over lines and page chrome around;
(c) pipe rows from a converter: stray |||| runs for merged columns, a
    rowspan label alone on its line, spaced-out labels, lone | lines.

Label-only rows (a level2 with no indicator) and …… placeholder rows give no
record. Content is invented."""

from __future__ import annotations

from rb_common import (
    ProjectForm,
    cell_per_line,
    check_values,
    one_line,
    parse_rows,
    pipe_rows,
    project_grid,
    write_doc,
    write_manifest,
)

LAYOUTS = {
    "a": (
        "rb-b6a-one-line",
        "blind",
        "flattened one-line text: file metadata (author, revision, timestamps, app version, GUID, counts) or a "
        "file-name line, then the whole project self-evaluation form on one line, cells joined by single "
        "spaces, merged labels written once, empty cells gone",
    ),
    "b": (
        "rb-b6b-cell-per-line",
        "train",
        "flattened one-cell-per-line text of a project self-evaluation form: empty cells dropped, blank lines "
        "between rows (or between every cell, header cells broken over lines, web chrome around)",
    ),
    "c": (
        "rb-b6c-pipe-rows",
        "train",
        "converter pipe rows of a project self-evaluation form: '| ||||' runs for merged columns, rowspan "
        "labels alone on a line, spaced-out 一级指标 labels, lone '|' lines, line breaks inside cells",
    ),
}

H_BROKEN = (
    "一级\n指标",
    "二级\n指标",
    "三级指标",
    "年度\n指标值",
    "实际\n完成值",
    "分值",
    "得分",
    "偏差原因\n分析及\n改进措施",
)


def explicit(text: str, kind: str, alt_kind: str | None = None, **num: object) -> dict:
    v = {"text": text, "kind": kind, "op": None, "value": None, "upper": None, "unit": None, **num}
    if alt_kind:
        v["alt"] = [
            {"text": text, "kind": alt_kind, "op": None, "value": None, "upper": None, "unit": None}
        ]
    return v


# --- (a) one line -----------------------------------------------------------

VET_AGRI = ProjectForm(
    project="动物防疫补助经费",
    supervisor="305-柳塘县农业农村局",
    implementer="305001-柳塘县动物疫病预防控制中心",
    year=2023,
    budget=(126, 126, 125.4),
    budget_score=9.95,
    goal="完成春秋两季重大动物疫病强制免疫，落实村级防疫员补助，病死畜禽全部无害化处理。",
    goal_done="强制免疫畜禽43.6万头，应免密度93.2%，全年未发生区域性重大动物疫情。",
    inds=parse_rows("""
产出指标(50分)|数量指标|强制免疫畜禽数量|≥42万头|43.6万头|10|10|
|数量指标|村级防疫员补助人数|≥156人|156人|8|8|
|质量指标|强制免疫应免密度|≥90%|93.2%|8|8|
|质量指标|病死畜禽无害化处理率|100%|100%|8|8|
|时效指标|春秋两季集中免疫完成时间|及时|达成预期指标|8|8|
|成本指标|项目总成本|≤126万元|125.4|8|8|
效益指标(30分)|经济效益指标||||||
|社会效益指标|重大动物疫情发生次数|0次|0次|15|15|
|可持续影响指标|动物防疫体系运行|长期稳定|达成预期指标|15|15|
满意度指标(10分)|满意度指标|养殖户满意度|≥90%|95|10|10|
"""),
)
META_A1 = (
    "lzy_nyj 3 2023-12-28T02:41:00Z 2024-03-05T08:16:22Z 2024-03-06T01:09:47Z 26.00 "
    "2052-11.1.0.14036 6B7D2F0C94E14A07A1E5C3D8826F1B39 5120 23011 0 0 False False False"
)

CDC = ProjectForm(
    project="疾病预防控制专项经费",
    supervisor="长河区卫生健康局",
    implementer="长河区疾病预防控制中心",
    year=2022,
    budget=(240, 236, 229.9),
    budget_score=9.74,
    goal="做好免疫规划、传染病监测和突发疫情处置，保持甲乙类传染病发病率低于全省平均水平。",
    goal_done="完成免疫规划疫苗接种5.46万人次，设置监测哨点12个，疫情处置均在2小时内响应。",
    inds=parse_rows("""
产出指标（50分）|数量指标|适龄儿童免疫规划疫苗接种人次|≥5.2万人次|5.46万人次|10|10|
|数量指标|设置重点传染病监测哨点|≥12个|12个|5|5|
|质量指标|免疫规划疫苗报告接种率|≥95%|97.8%|10|10|
|质量指标|传染病报告及时率|≥98%|99.3%|10|10|
|时效指标|疫情处置响应时间|≤2小时|≤2小时|5|5|
|成本指标|疫苗冷链运维费用|≤38万元|36.2万元|10|10|
效益指标（30分）|社会效益指标|甲乙类传染病报告发病率|低于全省平均水平|低于全省平均水平|15|15|
|可持续影响指标|疾病预防控制体系建设|持续完善|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|接种对象家长满意度|≥90%|92.5%|10|10|
"""),
)
META_A2 = (
    "Administrator Administrator 4 2022-03-02T01:20:00Z 2022-03-09T07:45:00Z 12 1530 8725 "
    "Microsoft Office Word 0 72 20 false false 10235 false false false 16.0000 "
    "{A3B14E7C-52D0-4F1B-9C6E-0D81F27B6A44}"
)

RIVER = ProjectForm(
    project="2024年度河道日常管护项目",
    supervisor="桐溪县水利局",
    implementer="桐溪县河湖管护中心",
    year=2024,
    budget=(630, 630, 624.5),
    budget_score=9.91,
    goal="落实全县河道日常巡查保洁，及时整改河湖问题，主要河流水质达标率不低于90%。",
    goal_done="巡查河道1862公里，清理垃圾及漂浮物3015吨，主要河流水质达标率92.3%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|河道日常巡查里程|≥1800公里|1862公里|10|10|
|数量指标|清理河道垃圾及漂浮物|≥3200吨|3015吨|10|9.4|汛期降雨偏多、部分河段清理作业推迟；下年度增加机械化清漂设备
|质量指标|河道保洁达标率|≥95%|部分达成预期指标|10|8|部分支流河段保洁不到位，已纳入考核整改
|时效指标|问题整改完成时限|≤15日|12日|10|10|
|成本指标|每公里年均管护费用|≤0.35万元|0.34万元|10|10|
效益指标（30分）|生态效益指标|主要河流水质达标率|≥90%|92.3%|15|15|
|社会效益指标|提供公益性管护岗位|≥120个|126个|15|15|
满意度指标（10分）|服务对象满意度指标|沿河群众满意度|≥90%|91.2%|10|10|
"""),
)

# --- (b) one cell per line ----------------------------------------------------

VETERAN = ProjectForm(
    project="退役军人就业创业培训项目",
    supervisor="石港市退役军人事务局",
    implementer="石港市退役军人服务中心",
    year=2023,
    budget=(230, 230, 221.6),
    budget_score=9.63,
    goal="组织退役军人参加职业技能培训和专场招聘，提升退役军人就业创业能力。",
    goal_done="培训退役军人628人，举办专场招聘会9场，培训后就业创业率78.6%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|组织退役军人技能培训人数|≥600人|628人|15|15|
|数量指标|举办专场招聘会|≥8场|9场|10|10|
|数量指标|……|||||
|质量指标|培训合格率|≥90%|93.5%|10|10|
|时效指标|培训补贴发放时间|培训结束后3个月内|按期发放|5|5|
|成本指标|人均培训成本|≤3500元|3380元|10|10|
效益指标（30分）|社会效益指标|培训后就业创业率|≥75%|78.6%|20|20|
|可持续影响指标|退役军人就业服务体系|不断健全|不断健全|10|10|
满意度指标（10分）|服务对象满意度指标|参训退役军人满意度|≥95%|97%|10|10|
"""),
)
VETERAN.inds[4].tgold = {
    "text": "培训结束后3个月内",
    "kind": "numeric",
    "op": "<=",
    "value": 3,
    "upper": None,
    "unit": "个月",
    "alt": [explicit("培训结束后3个月内", "deadline")],
}
VETERAN.inds[4].agold = explicit("按期发放", "deadline", "qualitative")

FOOD = ProjectForm(
    project="2022年食品安全抽检监测项目",
    supervisor="松口县市场监督管理局",
    implementer="松口县食品药品检验所",
    year=2022,
    budget=(188, 188, 186.3),
    budget_score=9.91,
    goal="完成县级食品安全监督抽检和快检筛查任务，及时核查处置不合格食品。",
    goal_done="完成监督抽检1648批次、快检12560批次，不合格食品核查处置率100%。",
    header=H_BROKEN,
    inds=parse_rows("""
产出指标⏎（50分）|数量⏎指标|食品安全监督抽检批次|≥1600批次|1648批次|10|10|
|数量⏎指标|快检筛查批次|≥12000批次|12560批次|10|10|
|质量⏎指标|抽检任务完成率|100%|100%|10|10|
|质量⏎指标|不合格食品核查处置率|100%|100%|10|10|
|时效⏎指标|抽检信息公布时限|≤20个工作日|≤20个工作日|5|5|
|成本⏎指标|单批次平均抽检费用|≤1100元|1076元|5|5|
效益指标⏎30分）|社会效益⏎指标|食品安全评价性抽检合格率|≥98%|98.6%|15|15|
|社会效益⏎指标|群众食品安全知晓率|≥90%|91%|15|15|
满意度⏎指标⏎（10分）|服务对象⏎满意度指标|群众食品安全满意度|≥85%|87.3%|10|10|
"""),
)
FOOD_CHROME = [
    "您现在所在的位置 : 首页 > 政务公开 > 财政预决算 > 绩效评价",
    "索引号: 431025003/2023-00417 发文日期: 2023-04-11 发布机构: 松口县市场监督管理局",
    "公开方式: 主动公开 公开范围: 面向社会 主题词:",
    "统一登记号: 信息时效性: 有效 文号 :",
    "2022年食品安全抽检监测项目支出绩效自评表",
    "2023-04-11 09:15 来源: 松口县市场监督管理局 发布机构: 松口县市场监督管理局 【字体:   打印",
    "",
]
FOOD_TAIL = [
    "",
    "相关附件：",
    "",
    "2022年食品安全抽检监测项目支出绩效自评表.doc",
    "",
    "扫一扫在手机打开当前页",
    "",
    "【打印本页】 【关闭窗口】",
]

# --- (c) pipe rows ------------------------------------------------------------

LUNCH = ProjectForm(
    title="绩效目标自评表",
    project="义务教育学生午餐补助项目",
    supervisor="梅岭县教育局",
    implementer="梅岭县学生资助管理中心",
    year=2023,
    budget=(245, 248.4, 248.4),
    budget_score=10,
    goal="对农村义务教育学校学生落实午餐补助，改善学生营养健康状况。",
    goal_done="全年补助学生9936人，覆盖42所学校，未发生食品安全事故。",
    header=(
        "一级\n指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    inds=parse_rows("""
产 出 指 标 (50分)|数量指标|享受午餐补助学生人数|≥9800人|9936人|15|15|
|数量指标|补助学校数量|≥42所|42所|10|10|
|质量指标|食品安全事故发生数|0起|0起|10|10|
|时效指标|补助资金拨付时间|每季度首月|每季度首月|5|5|
|成本指标|生均每日补助标准|5元|5元|10|10|
效 益 指 标 (30分)|社会效益⏎指标|学生营养健康状况|持续改善|持续改善|15|15|
|生态效益⏎指标||||||
|可持续影响指标|学生营养改善长效机制|健全|健全|15|15|
满 意 度 指 标 (10分)|服务对象满意度指标|学生家长满意度|≥90%|96.3%|10|10|
"""),
)
LUNCH.inds[3].tgold = LUNCH.inds[3].agold = explicit("每季度首月", "deadline", "qualitative")

SPORTS = ProjectForm(
    project="全民健身场地设施建设项目",
    supervisor="溪口市体育局",
    implementer="溪口市体育场馆服务中心",
    year=2024,
    budget=(520, 500, 492.8),
    budget_score=9.86,
    goal="新建社区健身点和笼式多功能运动场，完善城乡全民健身设施网络。",
    goal_done="新建社区健身点36个、笼式多功能运动场6个，全部通过验收投入使用。",
    inds=parse_rows("""
产出指标|数量指标|新建社区健身点|≥35个|36个|10|10|
|数量指标|新建笼式多功能运动场|≥6个|6个|10|10|
|质量指标|健身设施验收合格率|100%|100%|10|10|
|时效指标|项目完工时间|2024年10月|2024年9月|10|10|
|成本指标|健身点平均建设成本|≤12万元|11.6万元|10|10|
效益指标|社会效益指标|经常参加体育锻炼人数比例|≥40%|41.2%|15|15|
|可持续影响指标|设施使用年限|≥10年|10年|15|15|
满意度指标|服务对象满意度指标|周边居民满意度|≥90%|94%|10|10|
"""),
)


REHAB = ProjectForm(
    project="残疾人基本康复服务项目",
    supervisor="岚山县残疾人联合会",
    implementer="岚山县残疾人康复服务中心",
    year=2023,
    budget=(156, 162, 158.9),
    budget_score=9.81,
    goal="为持证残疾人提供基本康复服务和辅助器具适配，为残疾儿童实施康复救助。",
    goal_done="基本康复服务覆盖持证残疾人4315人，适配辅助器具1208件，救助残疾儿童187名。",
    inds=parse_rows("""
产出指标|数量指标|持证残疾人基本康复服务人数|≥4200人|4315人|10|10|
|数量指标|适配基本型辅助器具|≥1200件|1208件|10|10|
|数量指标|残疾儿童康复救助人数|≥200名|187名|10|9.4|部分儿童转至省级定点机构救助，未纳入本项目统计
|质量指标|康复服务档案规范率|≥95%|96%|10|10|
|时效指标|救助资金结算时间|2023年12月25日前|2023年12月20日|10|10|
效益指标|社会效益指标|残疾人基本康复服务覆盖率|≥85%|88.6%|15|15|
|可持续影响指标|康复服务网络|逐步健全|逐步健全|15|15|
满意度指标|服务对象满意度指标|残疾人及其家属满意度|≥90%|95.5%|10|10|
"""),
)
REHAB_CHROME = [
    "2023年度项目支出绩效自评表",
    "",
    "    发布时间：2024-04-26 15:42",
    "    【字体：大 中 小】 打印",
    "",
    "     ",
    "",
]

COMMERCE = ProjectForm(
    project="县域商业体系建设项目",
    supervisor="东浦县商务局",
    implementer="东浦县商务综合服务中心",
    year=2022,
    budget=(300, 300, 286.5),
    budget_score=9.55,
    goal="改造提升乡镇商贸中心和村级便民商店，建设县级物流配送中心，完善县乡村三级物流体系。",
    goal_done="改造乡镇商贸中心6个、村级便民商店58个，县级物流配送中心建成投入运营。",
    header=(
        "一级指标",
        "二级指标",
        "三级指标",
        "年度\n指标值",
        "实际\n完成值",
        "分值",
        "得分",
        "偏差原因分析\n及改进措施",
    ),
    inds=parse_rows("""
产出指标⏎（50分）|数量指标|改造提升乡镇商贸中心|≥6个|6个|10|10|
|数量指标|改造村级便民商店|≥60个|58个|10|9.7|2个村级商店经营者变更，改造延至下年
|数量指标|建设县级物流配送中心|1个|1个|10|10|
|质量指标|项目验收合格率|100%|100%|10|10|
|时效指标|项目完成时间|2022年11月30日前|2022年11月28日|10|10|
效益指标⏎（30分）|经济效益指标|农村网络零售额增长率|≥8%|9.4%|15|15|
|社会效益指标|村级快递服务通达率|≥95%|97.2%|15|15|
满意度指标⏎（10分）|服务对象满意度指标|商户和群众满意度|≥90%|92.8%|10|10|
"""),
)


def gold(f: ProjectForm, dept: str | None = None) -> dict:
    return {
        "form_type": "project_self_evaluation",
        "department": dept or f.supervisor,
        "year": f.year,
        "indicators": f.gold_rows(),
    }


def main() -> None:
    entries, golds = [], []

    def emit(stem: str, shape: str, sector: str, text: str, gd: dict) -> None:
        write_doc(stem, "txt", text, gd)
        entries.append((stem, shape, sector))
        golds.append(gd)

    # (a) one line
    g = project_grid(VET_AGRI)
    emit(
        "rb_17_b6a_oneline_vet",
        "a",
        "农业农村",
        f"{META_A1} 附件: {one_line(g)}",
        gold(VET_AGRI, "柳塘县农业农村局"),
    )
    g = project_grid(CDC)
    emit("rb_18_b6a_oneline_cdc", "a", "卫健", f"{META_A2}\n附件2 {one_line(g)}\n", gold(CDC))
    g = project_grid(RIVER)
    emit(
        "rb_19_b6a_oneline_river",
        "a",
        "水利",
        f"2024年度河道日常管护项目支出绩效自评表.xlsx\n{one_line(g)} 填报人： 联系电话： 填报日期：2025年2月",
        gold(RIVER),
    )

    # (b) one cell per line
    g = project_grid(VETERAN)
    emit(
        "rb_20_b6b_cellline_veteran", "b", "退役军人", "附件3\n\n" + cell_per_line(g), gold(VETERAN)
    )
    g = project_grid(FOOD)
    body = cell_per_line(g, between_cells=True, indent="")
    emit(
        "rb_21_b6b_cellline_food",
        "b",
        "市场监管",
        "\n".join(FOOD_CHROME) + body + "\n" + "\n".join(FOOD_TAIL),
        gold(FOOD),
    )

    g = project_grid(REHAB)
    body = cell_per_line(g, between_cells=True, indent="    ")
    emit(
        "rb_24_b6b_cellline_rehab", "b", "残联", "\n".join(REHAB_CHROME) + body + "\n", gold(REHAB)
    )

    # (c) pipe rows
    g = project_grid(LUNCH)
    emit("rb_22_b6c_pipe_lunch", "c", "教育", pipe_rows(g, break_after_rowspan=True), gold(LUNCH))
    g = project_grid(SPORTS)
    header_row = next(i for i, r in enumerate(g.rows) if r[0] == "绩效指标")
    text = pipe_rows(g, stray={2, header_row, len(g.rows) - 1}, lead_pipe=True)
    emit(
        "rb_23_b6c_pipe_sports",
        "c",
        "体育",
        f"{SPORTS.project}支出绩效自评表\n来源：\n作者： 时间：2025-03-20 点击率：\n{text}",
        gold(SPORTS),
    )
    g = project_grid(COMMERCE)
    text = pipe_rows(g, keep_breaks=True, markdown_rule_after=0)
    emit("rb_25_b6c_pipe_commerce", "c", "商务", text + "\n", gold(COMMERCE))

    write_manifest(
        [
            {
                "doc": s,
                "layout": LAYOUTS[k][0],
                "kind": "flattened",
                "sector": sec,
                "origin": "replica",
                "split": LAYOUTS[k][1],
                "format": "txt",
                "description": LAYOUTS[k][2],
            }
            for s, k, sec in entries
        ]
    )
    check_values(golds)


if __name__ == "__main__":
    main()
