"""B2: the older scoring layout (项目支出绩效评价评分表): rows 项目决策 (项目立项,
绩效目标, 资金投入) / 项目管理 (资金管理, 组织实施) / 项目产出 / 项目效益, with
分值, 得分 and a 评分标准 column. Content is invented.

Gold normalisation (contract 2026-11-30): 项目决策/项目管理 stay level1 with
level2 项目立项/绩效目标/资金投入/资金管理/组织实施; 项目产出 → 产出指标 and
项目效益 → 效益指标, their level2 产出数量/质量/时效/成本 → 数量/质量/时效/成本指标,
经济/社会/生态效益 → …效益指标, 可持续影响 → 可持续影响指标; a 服务对象满意度 row
written under 项目效益 keeps level1 效益指标 (as the row says) with level2
服务对象满意度指标; a separate 满意度 level1 row → 满意度指标. Management rows
with no 指标值 (blank or —) have target/actual kind missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rb_common import (
    Grid,
    Ind,
    check_values,
    docx_bytes,
    fmt,
    gold_row,
    indicator_block,
    parse_rows,
    pdf_bytes,
    tab_text,
    write_doc,
    write_manifest,
)

LAYOUT = "rb-b2-older-scoring-layout"
DESC = (
    "older scoring layout: level1 rows 项目决策/项目管理/项目产出/项目效益 with level2 项目立项/绩效目标/"
    "资金投入/资金管理/组织实施/产出数量…, 分值, 得分 and a 评分标准 column; management rows have no "
    "target (missing); 项目产出→产出指标, 项目效益→效益指标 (satisfaction under 项目效益 stays 效益指标)"
)


@dataclass
class OldForm:
    title: str
    project: str
    supervisor: str
    implementer: str
    year: int
    inds: list[Ind]
    header: list[tuple[str, str]]  # (header text, column key) after 三级指标

    def total(self) -> float:
        return round(sum(i.score or 0 for i in self.inds), 2)

    def gold(self) -> dict:
        return {
            "form_type": "project_self_evaluation",
            "department": self.supervisor,
            "year": self.year,
            "indicators": [gold_row(i, self.project) for i in self.inds],
        }


def old_grid(f: OldForm, with_info_rows: bool) -> Grid:
    n = 3 + len(f.header)
    g = Grid([])
    if with_info_rows:
        g.add(["项目名称", f.project] + [""] * (n - 2), {1: n - 1})
        g.add(
            ["主管部门", f.supervisor, "", "", "实施单位", f.implementer] + [""] * (n - 6),
            {1: 3, 5: n - 5},
        )
    g.add(["一级指标", "二级指标", "三级指标"] + [h for h, _ in f.header])
    indicator_block(g, f.inds, 0, [k for _, k in f.header])
    keys = [k for _, k in f.header]
    total = [""] * n
    total[0] = "合计"
    total[3 + keys.index("weight")] = "100"
    total[3 + keys.index("score")] = fmt(f.total())
    g.add(total, {0: 3})
    return g


JUSTICE = OldForm(
    title="项目支出绩效自评评分表",
    project="2023年度公共法律服务体系建设经费",
    supervisor="临江县司法局",
    implementer="临江县公共法律服务中心",
    year=2023,
    header=[
        ("分值", "weight"),
        ("年度指标值", "target"),
        ("实际完成值", "actual"),
        ("得分", "score"),
        ("评分标准", "extra"),
    ],
    inds=parse_rows("""
项目决策|项目立项|立项依据充分性|||4|4||项目立项符合法律法规、部门职责及发展规划得4分，每有一项不符扣1分
|项目立项|立项程序规范性|||3|3||按规定程序申请设立、审批文件齐全得3分，否则酌情扣分
|绩效目标|绩效目标合理性|||4|4||绩效目标与工作内容相关、与预算相匹配得4分
|绩效目标|绩效指标明确性|||3|2|部分指标未细化量化|指标细化、量化、可衡量得3分，每有一项不明确扣0.5分
|资金投入|预算编制科学性|||3|3||预算经过论证、内容与项目相匹配得3分
|资金投入|资金分配合理性|||3|3||分配依据充分、额度与实际相适应得3分
项目管理|资金管理|资金到位率|100%|100%|4|4||资金到位率×4分
|资金管理|预算执行率|100%|96.5%|5|4.83|部分宣传活动费用跨年结算|预算执行率×5分
|资金管理|资金使用合规性|||5|5||资金使用符合财经制度规定得5分，发现违规不得分
|组织实施|管理制度健全性|||3|3||制定相应管理制度且合法合规得3分
|组织实施|制度执行有效性|||3|2.5|项目资料归档不够及时|严格执行管理制度、资料齐全得3分
项目产出|产出数量|村（社区）法律顾问覆盖率|100%|100%|10|10||完成目标得满分，未完成按比例扣分
|产出数量|开展法治宣传活动|≥120场|134场|10|10||完成目标得满分，未完成按比例扣分
|产出质量|法律援助案件结案合格率|≥95%|97.2%|10|10||达标得满分，每低1个百分点扣1分
|产出时效|法律援助案件受理时限|≤3个工作日|2个工作日|5|5||按时完成得满分
|产出成本|法律顾问人均补贴标准|≤6000元/年|6000元/年|5|5||在预算标准内得满分
项目效益|社会效益|群众法律服务获得感|明显提升|明显提升|8|8||根据抽样调查情况评分
|社会效益|矛盾纠纷调解成功率|≥95%|96.4%|6|6||达标得满分
|可持续影响|公共法律服务长效机制|健全|健全|3|3||机制健全得满分
|服务对象满意度|群众满意度|≥90%|93.1%|3|3||满意度≥90%得满分，每低1个百分点扣0.5分
"""),
)

CULTURE = OldForm(
    title="2022年度项目支出绩效评价指标评分表",
    project="2022年非物质文化遗产保护传承项目",
    supervisor="南岭市文化和旅游局",
    implementer="南岭市非物质文化遗产保护中心",
    year=2022,
    header=[
        ("评分标准", "extra"),
        ("分值", "weight"),
        ("指标值", "target"),
        ("实际完成值", "actual"),
        ("得分", "score"),
    ],
    inds=parse_rows("""
项目决策（15分）|项目立项（6分）|立项依据充分性|充分|充分|3|3||依据充分得3分，否则不得分
|项目立项（6分）|立项程序规范性|规范|规范|3|3||程序规范得3分
|绩效目标（4分）|绩效目标合理性|合理|合理|2|2||目标合理得2分
|绩效目标（4分）|绩效指标明确性|明确|较明确|2|1.5|个别指标表述笼统|指标清晰量化得2分
|资金投入（5分）|预算编制科学性|科学|科学|3|3||
|资金投入（5分）|资金分配合理性|合理|合理|2|2||
项目管理（15分）|资金管理（9分）|资金到位率|100%|100%|3|3||到位率×3分
|资金管理（9分）|预算执行率|100%|91.2%|3|2.74|部分传承活动延期至次年举办|执行率×3分
|资金管理（9分）|资金使用合规性|合规|合规|3|3||
|组织实施（6分）|管理制度健全性|健全|健全|3|3||
|组织实施（6分）|制度执行有效性|有效|有效|3|3||
项目产出（40分）|产出数量（20分）|资助非遗代表性传承人|≥45人|47人|10|10||完成得满分
|产出数量（20分）|举办非遗展演展示活动|≥30场|28场|10|9.3|2场活动受天气影响取消|按完成比例得分
|产出质量（8分）|传承人年度考核合格率|≥95%|100%|8|8||
|产出时效（6分）|补助资金发放时间|2022年12月底前|2022年12月|6|6||
|产出成本（6分）|单场展演活动平均成本|≤1.2万元|1.15万元|6|6||
项目效益（20分）|社会效益（12分）|非遗传承人群数量增长率|≥5%|8.3%|12|12||
|可持续影响（8分）|非遗保护传承机制|持续完善|持续完善|8|8||
满意度（10分）|服务对象满意度（10分）|参与群众满意度|≥90%|92.7%|10|10||抽样调查满意度≥90%得满分
"""),
)

HOUSING = OldForm(
    title="项目支出绩效自评评分表",
    project="2021年城镇老旧小区改造项目",
    supervisor="河口市住房和城乡建设局",
    implementer="河口市城市更新服务中心",
    year=2021,
    header=[
        ("分值", "weight"),
        ("评分标准", "extra"),
        ("指标值", "target"),
        ("实际完成值", "actual"),
        ("得分", "score"),
        ("扣分原因", "dev"),
    ],
    inds=parse_rows("""
项目决策|项目立项|立项依据充分性|—|—|4|4||符合国家法律法规和发展规划得4分
|项目立项|立项程序规范性|—|—|3|3||履行申报审批程序得3分
|绩效目标|绩效目标合理性|—|—|4|4||目标与项目实际相符得4分
|绩效目标|绩效指标明确性|—|—|3|3||指标细化量化得3分
|资金投入|预算编制科学性|—|—|3|2|部分单项预算测算依据不足|预算测算依据充分得3分
|资金投入|资金分配合理性|—|—|3|3||分配与任务相匹配得3分
项目管理|资金管理|资金到位率|100%|100%|5|5||到位率×5分
|资金管理|预算执行率|≥90%|88.6%|5|4.4|部分工程款按合同约定次年支付|执行率÷90%×5分
|资金管理|资金使用合规性|—|—|5|5||无违规使用得5分
|组织实施|管理制度健全性|—|—|2|2||制度健全得2分
|组织实施|制度执行有效性|—|—|3|3||执行有效得3分
项目产出|产出数量|改造老旧小区个数|≥22个|22个|10|10||完成得满分
|产出数量|惠及居民户数|≥4100户|4262户|8|8||完成得满分
|产出质量|改造工程竣工验收合格率|100%|100%|8|8||全部合格得满分
|产出时效|年度改造任务完成时间|2021年12月31日前|2021年12月|7|7||按期完成得满分
|产出成本|户均改造投入|≤2.8万元|2.65万元|7|7||不超标准得满分
项目效益|社会效益|小区基础设施完好率|≥95%|97%|8|8||达标得满分
|生态效益|小区绿化覆盖率提升|≥3个百分点|3.6个百分点|4|4||达标得满分
|可持续影响|长效管理机制建立|建立|已建立|4|4||建立得满分
|服务对象满意度|改造小区居民满意度|≥85%|91.5%|4|4||满意度≥85%得满分
"""),
)


def main() -> None:
    entries, golds = [], []

    f = JUSTICE
    g = old_grid(f, with_info_rows=True)
    doc = docx_bytes(
        [
            f.title,
            "（2023年度）",
            g,
            f"自评得分：{fmt(f.total())}分　　自评等级：优",
            "填报单位（盖章）：临江县司法局　　填报人：陈敏　　填报日期：2024年2月26日",
        ]
    )
    write_doc("rb_04_b2_justice", "docx", doc, f.gold())
    entries.append(("rb_04_b2_justice", "docx", "司法"))
    golds.append(f.gold())

    f = CULTURE
    g = old_grid(f, with_info_rows=False)
    text = "\n".join(
        [
            f.title,
            f"项目名称：{f.project}",
            f"主管部门：{f.supervisor}　　实施单位：{f.implementer}",
            tab_text(g),
            "备注：定量指标按完成比例计分，定性指标按达成程度分档计分。",
        ]
    )
    write_doc("rb_05_b2_culture", "txt", text, f.gold())
    entries.append(("rb_05_b2_culture", "txt", "文旅"))
    golds.append(f.gold())

    f = HOUSING
    g = old_grid(f, with_info_rows=True)
    pdf = pdf_bytes(
        [
            f"{f.year}年度{f.title}",
            g,
            f"自评总分：{fmt(f.total())}",
            "评价机构：河口市住房和城乡建设局绩效自评工作组",
        ]
    )
    write_doc("rb_06_b2_housing", "pdf", pdf, f.gold())
    entries.append(("rb_06_b2_housing", "pdf", "住建"))
    golds.append(f.gold())

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
