"""B4 (blind): several projects in one file: one 项目支出绩效自评表 per project,
repeated, each with its 项目名称 (→ group), as DOCX and PDF. Content is invented."""

from __future__ import annotations

from rb_common import (
    Grid,
    ProjectForm,
    check_values,
    docx_bytes,
    parse_rows,
    pdf_bytes,
    project_grid,
    write_doc,
    write_manifest,
)

LAYOUT = "rb-b4-multi-project-file"
DESC = (
    "one file holding several 项目支出绩效自评表, one per project (each with budget block, 年度总体目标 and "
    "indicator table), sometimes after a list of the projects; group = each form's 项目名称, department = "
    "the shared 主管部门"
)

HR = "枫林市人力资源和社会保障局"
HR_FORMS = [
    ProjectForm(
        project="职业技能提升培训补贴",
        supervisor=HR,
        implementer="枫林市职业技能鉴定指导中心",
        year=2023,
        budget=(650, 720, 702.4),
        budget_score=9.76,
        goal="开展企业职工和重点群体职业技能培训，按规定发放培训补贴，提升劳动者就业能力。",
        goal_done="完成补贴性职业技能培训8126人次，取证率82.4%，补贴资金足额发放。",
        inds=parse_rows("""
产出指标|数量指标|补贴性职业技能培训人次|≥8000人次|8126人次|15|15|
|质量指标|培训后取得证书比例|≥80%|82.4%|15|15|
|时效指标|补贴资金发放及时率|100%|100%|10|10|
|成本指标|人均培训补贴标准|≤1200元|865元|10|10|
效益指标|社会效益指标|培训后就业率|≥70%|73.5%|15|15|
|可持续影响指标|技能人才队伍建设|持续加强|达成预期指标|15|15|
满意度指标|服务对象满意度指标|参训人员满意度|≥90%|94.8%|10|10|
"""),
    ),
    ProjectForm(
        project="高校毕业生就业见习补贴",
        supervisor=HR,
        implementer="枫林市公共就业和人才服务中心",
        year=2023,
        budget=(180, 180, 158.6),
        budget_score=8.81,
        goal="组织离校未就业高校毕业生参加就业见习，募集见习岗位，按月发放见习补贴。",
        goal_done="募集见习岗位1350个，组织1186名高校毕业生参加见习，见习期满留用率46.2%。",
        inds=parse_rows("""
产出指标|数量指标|募集就业见习岗位|≥1200个|1350个|15|15|
|数量指标|参加见习高校毕业生人数|≥1300人|1186人|15|13.7|部分毕业生提前实现就业退出见习；下年度加强岗位与专业匹配
|质量指标|见习补贴发放准确率|100%|100%|10|10|
|时效指标|补贴按月拨付|按月拨付|按月拨付|10|10|
效益指标|社会效益指标|见习期满留用率|≥40%|46.2%|30|30|
满意度指标|服务对象满意度指标|见习人员满意度|≥90%|91.3%|10|10|
"""),
    ),
    ProjectForm(
        project="人事考试专项经费",
        supervisor=HR,
        implementer="枫林市人事考试中心",
        year=2023,
        budget=(96, 96, 95.1),
        budget_score=9.91,
        goal="保障公务员录用、事业单位招聘及职业资格考试安全顺利组织实施。",
        goal_done="组织各类人事考试23场次，考生6.8万人次，全年无重大考试安全事故。",
        inds=parse_rows("""
产出指标|数量指标|组织人事考试场次|≥20场次|23场次|20|20|
|质量指标|考试安全责任事故|0起|0起|20|20|
|时效指标|成绩发布时限|考后30个工作日内|考后25个工作日|10|10|
效益指标|社会效益指标|服务考生人次|≥6万人次|6.8万人次|30|30|
满意度指标|服务对象满意度指标|考生满意度|≥95%|97.1%|10|10|
"""),
    ),
]
# "考后30个工作日内": a time limit written as a bound with words around it.
HR_FORMS[2].inds[2].tgold = {
    "text": "考后30个工作日内",
    "kind": "numeric",
    "op": "<=",
    "value": 30,
    "upper": None,
    "unit": "个工作日",
    "alt": [
        {
            "text": "考后30个工作日内",
            "kind": "deadline",
            "op": None,
            "value": None,
            "upper": None,
            "unit": None,
        }
    ],
}
HR_FORMS[2].inds[2].agold = {
    "text": "考后25个工作日",
    "kind": "numeric",
    "op": "=",
    "value": 25,
    "upper": None,
    "unit": "个工作日",
}
# 按月拨付: a payment rhythm, read as a deadline or as qualitative words.
_MONTHLY = {
    "text": "按月拨付",
    "kind": "deadline",
    "op": None,
    "value": None,
    "upper": None,
    "unit": None,
    "alt": [
        {
            "text": "按月拨付",
            "kind": "qualitative",
            "op": None,
            "value": None,
            "upper": None,
            "unit": None,
        }
    ],
}
HR_FORMS[1].inds[3].tgold = HR_FORMS[1].inds[3].agold = _MONTHLY

EDU = "西坪县教育局"
EDU_FORMS = [
    ProjectForm(
        project="学前教育幼儿资助项目",
        supervisor=EDU,
        implementer="西坪县学生资助管理中心",
        year=2022,
        budget=(128, 131.5, 131.5),
        budget_score=10,
        goal="对家庭经济困难幼儿减免保育教育费，确保应助尽助。",
        goal_done="资助家庭经济困难幼儿1753人次，资助资金全部发放到位。",
        inds=parse_rows("""
产出指标（50分）|数量指标|资助家庭经济困难幼儿人次|≥1700人次|1753人次|20|20|
|质量指标|资助对象认定准确率|100%|100%|15|15|
|时效指标|资助资金发放时间|每学期结束前|每学期结束前|15|15|
效益指标（30分）|社会效益指标|家庭经济困难幼儿入园率|≥95%|97.6%|30|30|
满意度指标（10分）|服务对象满意度指标|受助家庭满意度|≥95%|98.2%|10|10|
"""),
    ),
    ProjectForm(
        project="中小学校园安全设施提升项目",
        supervisor=EDU,
        implementer="西坪县教育技术装备站",
        year=2022,
        budget=(260, 260, 238.7),
        budget_score=9.18,
        goal="为全县中小学校升级视频监控、一键报警和消防设施，实现校园安全设施全覆盖。",
        goal_done="完成41所学校安防设施升级，3所学校消防改造因施工期安排顺延至2023年寒假。",
        inds=parse_rows("""
产出指标（50分）|数量指标|安防设施升级学校数|≥44所|41所|20|18.6|3所学校消防改造顺延至寒假施工，已签订合同
|质量指标|设施验收合格率|100%|100%|15|15|
|时效指标|项目完成时间|2022年12月底前|2023年2月|5|3|同上
|成本指标|校均投入|≤6.3万元|5.82万元|10|10|
效益指标（30分）|社会效益指标|校园安全事故发生率|较上年下降|下降|15|15|
|可持续影响指标|校园安防设施使用年限|≥8年|8年|15|15|
满意度指标（10分）|服务对象满意度指标|师生及家长满意度|≥90%|95%|10|10|
"""),
    ),
]
_TERM = {
    "text": "每学期结束前",
    "kind": "deadline",
    "op": None,
    "value": None,
    "upper": None,
    "unit": None,
}
EDU_FORMS[0].inds[2].tgold = EDU_FORMS[0].inds[2].agold = _TERM

POLICE = "河湾市公安局"
POLICE_FORMS = [
    ProjectForm(
        project="道路交通安全设施维护经费",
        supervisor=POLICE,
        implementer="河湾市公安局交通警察支队",
        year=2023,
        budget=(340, 340, 336.2),
        budget_score=9.89,
        goal="维护城区交通信号灯、电子警察和交通标志标线，保障道路通行安全有序。",
        goal_done="维护信号灯路口218个、施划标线9.6万平方米，设施完好率98.5%。",
        inds=parse_rows("""
产出指标|数量指标|维护信号灯路口数量|≥210个|218个|15|15|
|数量指标|施划交通标线面积|≥9万平方米|9.6万平方米|10|10|
|质量指标|交通设施完好率|≥98%|98.5%|15|15|
|时效指标|故障设施修复时限|≤24小时|≤24小时|10|10|
效益指标|社会效益指标|城区道路交通事故起数|同比下降|同比下降|30|30|
满意度指标|服务对象满意度指标|群众出行满意度|≥90%|92.4%|10|10|
"""),
    ),
    ProjectForm(
        project="公共安全视频监控系统运维",
        supervisor=POLICE,
        implementer="河湾市公安局科技信息化支队",
        year=2023,
        budget=(520, 505, 498.3),
        budget_score=9.87,
        goal="保障全市公共安全视频监控点位稳定运行，提升视频资源在案件侦破中的应用水平。",
        goal_done="运维监控点位6420个，平均在线率96.7%，视频资源协助破案1032起。",
        inds=parse_rows("""
产出指标|数量指标|运维监控点位数量|≥6400个|6420个|20|20|
|质量指标|监控点位平均在线率|≥95%|96.7%|15|15|
|时效指标|故障响应时间|≤2小时|1.5小时|5|5|
|成本指标|单点年均运维费用|≤800元|776元|10|10|
效益指标|社会效益指标|视频资源协助破案起数|≥1000起|1032起|30|30|
满意度指标|服务对象满意度指标|基层实战单位满意度|≥90%|93%|10|10|
"""),
    ),
    ProjectForm(
        project="基层派出所警用装备购置",
        supervisor=POLICE,
        implementer="河湾市公安局警务保障处",
        year=2023,
        budget=(150, 150, 149.2),
        budget_score=9.95,
        goal="为基层派出所配备执法记录仪、单警装备和应急处置器材。",
        goal_done="配发执法记录仪480台、单警装备套件300套，装备配备率达100%。",
        inds=parse_rows("""
产出指标|数量指标|配发执法记录仪|≥480台|480台|20|20|
|数量指标|配发单警装备套件|≥300套|300套|10|10|
|质量指标|装备验收合格率|100%|100%|10|10|
|时效指标|装备配发完成时间|2023年6月30日前|2023年6月|10|10|
效益指标|社会效益指标|基层执法规范化水平|明显提升|明显提升|30|30|
满意度指标|服务对象满意度指标|基层民警满意度|≥90%|96.5%|10|10|
"""),
    ),
]


def gold(forms: list[ProjectForm]) -> dict:
    f = forms[0]
    return {
        "form_type": "project_self_evaluation",
        "department": f.supervisor,
        "year": f.year,
        "indicators": [r for f in forms for r in f.gold_rows()],
    }


def project_list(title: str, forms: list[ProjectForm]) -> Grid:
    g = Grid([])
    g.add([title, "", ""], {0: 3})
    g.add(["序号", "项目名称", "备注"])
    for n, f in enumerate(forms, 1):
        g.add([str(n), f"{f.project}自评表", ""])
    return g


def main() -> None:
    entries, golds = [], []

    items: list[Grid | str] = [f"{HR}本级项目支出绩效自评表清单", project_list("", HR_FORMS)]
    breaks = set()
    for f in HR_FORMS:
        breaks.add(len(items))
        items.append(project_grid(f))
    doc = docx_bytes(items, page_break_before=breaks)
    gd = gold(HR_FORMS)
    write_doc("rb_10_b4_hr", "docx", doc, gd)
    entries.append(("rb_10_b4_hr", "docx", "人社"))
    golds.append(gd)

    items2: list[Grid | str | None] = [f"{EDU}2022年度项目支出绩效自评表"]
    for n, f in enumerate(EDU_FORMS):
        if n:
            items2.append(None)
        items2.append(f"附件{n + 1}")
        items2.append(project_grid(f))
    gd = gold(EDU_FORMS)
    write_doc("rb_11_b4_edu", "pdf", pdf_bytes(items2), gd)
    entries.append(("rb_11_b4_edu", "pdf", "教育"))
    golds.append(gd)

    items3: list[Grid | str | None] = []
    for n, f in enumerate(POLICE_FORMS):
        if n:
            items3.append(None)
        items3.append(project_grid(f))
        items3.append("填报单位（盖章）：河湾市公安局　　　　项目负责人：　　　　财务负责人：")
    gd = gold(POLICE_FORMS)
    write_doc("rb_12_b4_police", "pdf", pdf_bytes(items3, landscape_a4=True), gd)
    entries.append(("rb_12_b4_police", "pdf", "公安"))
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
