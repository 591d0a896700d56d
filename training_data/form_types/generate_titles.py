"""Write titles.jsonl: realistic opening lines of the four form types (and non-reports).

Each row is {"text", "label", "group"}; ``group`` is the title template, so grouped
cross-validation measures how well the classifier handles a template it never saw
(departments, places and years vary within a template).

Run from the repository root:  .venv/bin/python training_data/form_types/generate_titles.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 7
PER_TEMPLATE = 6

PLACES = [
    "柳州市",
    "武汉市蔡甸区",
    "长沙县",
    "成都市武侯区",
    "广西壮族自治区",
    "湖北省",
    "杭州市西湖区",
    "XX县",
    "南宁市青秀区",
    "佛山市南海区",
    "昆明市",
    "洛阳市涧西区",
    "赣州市",
    "北京市朝阳区",
    "上海市浦东新区",
]
DEPTS = [
    "民政局",
    "教育局",
    "卫生健康委员会",
    "财政局",
    "农业农村局",
    "自然资源和规划局",
    "交通运输局",
    "文化广电旅游局",
    "人力资源和社会保障局",
    "生态环境局",
    "住房和城乡建设局",
    "水利局",
    "市场监督管理局",
    "退役军人事务局",
    "残疾人联合会",
]
PROJECTS = [
    "困难群众救助补助资金",
    "城乡居民基本医疗保险补助",
    "农村公路养护",
    "义务教育薄弱环节改善",
    "养老服务体系建设",
    "高标准农田建设",
    "公共文化服务体系建设",
    "就业补助资金",
    "办公设备购置",
    "社区居家养老服务",
    "河道综合治理",
]
YEARS = [str(y) for y in range(2018, 2026)]

TEMPLATES: dict[str, list[str]] = {
    "department_self_evaluation": [
        "{y}年度{p}{d}部门整体支出绩效自评表",
        "{y}年度部门整体绩效自评表",
        "{p}{d}{y}年度部门整体支出绩效自评表",
        "部门整体支出绩效自评表\n（{y}年度）\n部门名称：{p}{d}",
        "{y}年部门整体支出绩效自评表\n单位名称：{d}",
        "附表{n}\n{y}年度部门整体支出绩效自评表",
        "{d}{y}年度部门整体绩效自评表\n填报单位：{p}{d}",
        "部门（单位）整体支出绩效自评表\n{y}年度",
        "{y}年度{d}整体支出绩效自评表\n部门名称\t{p}{d}\t部门编码\t{n}0{n}",
        "{y}年度部门整体支出绩效自评情况表",
    ],
    "project_self_evaluation": [
        "{y}年度{d}本级部门预算项目绩效自评表",
        "项目支出绩效自评表\n（{y}年度）\n项目名称\t{j}",
        "{y}年度项目支出绩效自评表\n项目名称：{j}\n主管部门：{p}{d}",
        "{j}项目支出绩效自评表({y}年度)",
        "{p}{d}{y}年度项目绩效自评表",
        "附件{n}：{y}年度{j}项目绩效自评表",
        "{y}年{j}项目支出绩效自评表\n实施单位：{d}",
        "{y}年度中央对地方转移支付项目支出绩效自评表\n项目名称：{j}",
        "{y}年度部门项目支出绩效自评汇总表",
        "专项资金项目支出绩效自评表\n{y}年度\n{j}",
    ],
    "target_approval": [
        "{y}年度部门预算项目绩效目标申报表",
        "{y}年度{j}项目绩效目标表",
        "{p}{d}{y}年度部门整体支出绩效目标表",
        "{y}年度项目支出绩效目标批复表\n项目名称：{j}",
        "部门整体支出绩效目标申报表\n（{y}年度）\n部门名称：{p}{d}",
        "{y}年区域绩效目标表\n转移支付名称：{j}",
        "附表{n}\n{y}年度{d}项目支出绩效目标表",
        "{y}年度部门整体绩效目标批复表",
        "{j}\n{y}年度绩效目标申报表\n主管部门：{d}",
        "{y}年度预算项目绩效目标表（调整）",
    ],
    "evaluation_report": [
        "关于{y}年度{j}项目绩效自评报告",
        "{p}{d}\n{y}年度整体绩效自评结果\n一、部门整体绩效目标完成情况",
        "{p}{d}{y}年度部门整体支出绩效自评报告\n一、部门基本情况",
        "{y}年度{j}项目支出绩效自评报告\n一、项目概况",
        "{d}关于{y}年度部门整体支出绩效自评情况的报告",
        "{y}年度{j}绩效自评报告\n（一）项目基本情况",
        "{p}{d}{y}年度部门整体支出绩效评价报告\n一、基本情况\n（一）部门概况",
        "{y}年度项目支出绩效自评情况说明\n一、项目基本情况",
        "{j}{y}年度绩效自评报告\n一、基本情况\n二、绩效目标完成情况",
        "{y}年部门整体绩效自评工作报告\n根据《{p}财政局关于开展{y}年度绩效自评工作的通知》要求",
    ],
    "unknown": [
        "{y}年度{d}部门决算公开说明",
        "{p}{d}{y}年度部门预算编制说明",
        "关于印发《{p}预算绩效管理办法》的通知",
        "{y}年{p}政府工作报告",
        "{d}{y}年度收入支出决算总表\n单位：万元",
        "会议纪要\n时间：{y}年3月15日",
        "{y}年度{d}政府采购意向公开",
        "{j}资金分配方案\n{y}年",
        "{p}{d}{y}年工作总结和{y1}年工作计划",
        "{y}年度一般公共预算财政拨款支出决算表",
    ],
}


def main() -> None:
    rng = random.Random(SEED)
    with (HERE / "titles.jsonl").open("w", encoding="utf-8") as out:
        for label, templates in TEMPLATES.items():
            for t_index, template in enumerate(templates):
                seen: set[str] = set()
                for _ in range(PER_TEMPLATE):
                    year = rng.choice(YEARS)
                    text = template.format(
                        y=year,
                        y1=int(year) + 1,
                        p=rng.choice(PLACES),
                        d=rng.choice(DEPTS),
                        j=rng.choice(PROJECTS),
                        n=rng.randint(1, 9),
                    )
                    if text in seen:
                        continue
                    seen.add(text)
                    row = {"text": text, "label": label, "group": f"{label}-{t_index:02d}"}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
