"""A2: one table holding several projects, the first column naming the project
(merged over its rows; group = the project). Content is invented.
"""

from __future__ import annotations

from ra_common import L1, L2, Doc, Group, Ind, Table, col, group_col, l1_col, l2_col

LAYOUT = "multi-project-table-project-groups"
DESC = (
    "several projects in one indicator table: first column 项目名称 merged over the "
    "project's rows (group = project), then 一级/二级/三级指标 and values"
)

# --------------------------------------------------------------------------
# ra_04: city agriculture bureau, saved web page, target form
# --------------------------------------------------------------------------

_agri = Table(
    cols=[
        group_col("项目名称"),
        group_col("年度绩效目标", "goal"),
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("指标值", "target"),
    ],
    head=[["部门名称：白河市农业农村局", "", "", "", "", "单位：万元"]],
    head_merges=[(0, 0, 1, 5)],
    groups=[
        Group(
            "高标准农田建设项目",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [Ind("新建高标准农田面积", "≥1.2万亩")]),
                        L2("质量指标", [Ind("项目工程验收合格率", "≥95%")]),
                        L2("时效指标", [Ind("项目完工时间", "2024年11月底前")]),
                        L2("成本指标", [Ind("亩均财政补助标准", "≤1500元/亩")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2("经济效益\n指标", [Ind("项目区新增粮食产能", "≥300万公斤")]),
                        L2("可持续影响\n指标", [Ind("工程设计使用年限", "≥15年")]),
                    ],
                ),
                L1("满意度指标", [L2("服务对象满意度指标", [Ind("项目区受益农户满意度", "≥90%")])]),
            ],
            cells={"goal": "新建高标准农田1.2万亩，改善项目区灌排条件，提高粮食综合生产能力。"},
        ),
        Group(
            "农作物重大病虫害统防统治补助",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [Ind("统防统治作业面积", "≥8万亩")]),
                        L2("质量指标", [Ind("重大病虫害防控处置率", "≥90%")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2("经济效益\n指标", [Ind("农作物病虫危害损失率", "≤5%")]),
                        L2("生态效益\n指标", [Ind("化学农药使用量", "零增长")]),
                    ],
                ),
                L1("满意度指标", [L2("服务对象满意度指标", [Ind("种植主体满意度", "≥85%")])]),
            ],
            cells={"goal": "开展小麦、水稻重大病虫害统防统治，将危害损失率控制在5%以内。"},
        ),
        Group(
            "农村人居环境整治以奖代补",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [Ind("改造农村户用卫生厕所", "1500户")]),
                        L2("质量指标", [Ind("改厕验收合格率", "100%")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "社会效益\n指标",
                            [Ind("生活垃圾收运处置体系覆盖自然村比例", "≥90%")],
                        )
                    ],
                ),
                L1("满意度指标", [L2("服务对象满意度指标", [Ind("村民满意度", "≥90%")])]),
            ],
            cells={"goal": "完成农村户厕改造1500户，持续改善村容村貌。"},
        ),
    ],
)

RA04 = Doc(
    stem="ra_04_a2_agri",
    fmt="html",
    department="白河市农业农村局",
    year=2024,
    form_type="target_approval",
    layout=LAYOUT,
    sector="农业农村",
    split="train",
    description=DESC
    + "; saved government web page (site chrome, rowspans) of a 项目支出绩效目标表 "
    "with a merged 年度绩效目标 column",
    page_title="白河市农业农村局2024年项目支出绩效目标公开_白河市人民政府",
    chrome_top=[
        "首页 > 政务公开 > 法定主动公开内容 > 财政预决算",
        "发布时间：2024-02-06 09:12　来源：市农业农村局　浏览次数：318",
        "【字体：大 中 小】",
    ],
    chrome_bottom=["打印本页　关闭窗口", "主办：白河市人民政府办公室　网站标识码：4310000007"],
    items=["白河市农业农村局2024年项目支出绩效目标表", _agri],
)

# --------------------------------------------------------------------------
# ra_05: county health bureau, tab text, self-evaluation of several projects
# --------------------------------------------------------------------------

_DEV_VACC = "部分流动儿童未按时返乡接种，下一步加强流动儿童摸排，落实查漏补种。"

_health = Table(
    cols=[
        group_col("项目名称"),
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("年度指标值", "target"),
        col("实际完成值", "actual"),
        col("偏差原因分析及改进措施", "deviation"),
    ],
    head=[["填报单位：石桥县卫生健康局", "", "", "", "", "", "填报日期：2024年3月15日"]],
    groups=[
        Group(
            "基本公共卫生服务项目",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                Ind("65岁及以上老年人健康管理人数", "≥1.2万人", "1.31万人"),
                                Ind("高血压患者基层规范管理服务率", "≥65%", "68.2%"),
                            ],
                        ),
                        L2("质量指标", [Ind("居民电子健康档案建档率", "≥90%", "92.6%")]),
                        L2("时效指标", [Ind("补助资金拨付及时率", "100%", "100%")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "社会效益指标",
                            [
                                Ind(
                                    "适龄儿童国家免疫规划疫苗接种率",
                                    "≥95%",
                                    "93.8%",
                                    deviation=_DEV_VACC,
                                )
                            ],
                        )
                    ],
                ),
                L1(
                    "满意度指标",
                    [
                        L2(
                            "服务对象满意度指标",
                            [Ind("城乡居民基本公共卫生服务满意度", "≥85%", "88%")],
                        )
                    ],
                ),
            ],
        ),
        Group(
            "农村部分计划生育家庭奖励扶助",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                Ind(
                                    "奖励扶助对象人数",
                                    "3260人",
                                    "3254人",
                                    deviation="年内扶助对象死亡6人，按政策停止发放。",
                                )
                            ],
                        ),
                        L2("质量指标", [Ind("扶助资金发放准确率", "100%", "100%")]),
                        L2("时效指标", [Ind("扶助资金发放时间", "6月底前", "6月20日")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [L2("社会效益指标", [Ind("计划生育家庭生活水平", "有所提高", "达到预期")])],
                ),
                L1(
                    "满意度指标", [L2("服务对象满意度指标", [Ind("扶助对象满意度", "≥95%", "97%")])]
                ),
            ],
        ),
        Group(
            "乡镇卫生院服务能力提升",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [Ind("配置DR等医疗设备台数", "12台", "12台")]),
                        L2("质量指标", [Ind("设备安装验收合格率", "100%", "100%")]),
                        L2("成本指标", [Ind("设备购置成本", "≤480万元", "463.5万元")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "可持续影响指标",
                            [Ind("基层首诊率", "逐步提高", "较上年提高2.1个百分点")],
                        )
                    ],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [Ind("就诊群众满意度", "≥90%", "91.5%")])],
                ),
            ],
        ),
    ],
)

RA05 = Doc(
    stem="ra_05_a2_health",
    fmt="txt",
    department="石桥县卫生健康局",
    year=2023,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="卫健",
    split="train",
    description=DESC + "; tab text self-evaluation summary of three projects with "
    "年度指标值 | 实际完成值 | 偏差原因分析 columns",
    items=["石桥县卫生健康局2023年度项目支出绩效自评结果汇总表", _health],
)

# --------------------------------------------------------------------------
# ra_06: district education bureau, text PDF, split target (指标性质|指标值|度量单位)
# --------------------------------------------------------------------------


def _split(name: str, op: str, val: str, unit: str, weight: str) -> Ind:
    """A row whose target is printed over 指标性质 | 指标值 | 度量单位; the gold
    text joins them as the earlier hand-written split-value form does (h02)."""
    text = (val if op == "定性" else op + val) + unit
    return Ind(name, target_text=text, weight=weight, cells={"op": op, "val": val, "unit": unit})


_edu = Table(
    cols=[
        group_col("项目名称"),
        group_col("预算金额", "budget"),
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("指标性质", "op"),
        col("指标值", "val"),
        col("度量单位", "unit"),
        col("权重", "weight"),
    ],
    groups=[
        Group(
            "学前教育保育教育费补助",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [_split("享受补助幼儿人数", "≥", "5600", "人", "25")]),
                        L2("质量指标", [_split("补助资金足额发放率", "＝", "100", "%", "20")]),
                        L2("时效指标", [_split("资金下达时限", "定性", "9月底前", "", "15")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [L2("社会效益指标", [_split("普惠性幼儿园覆盖率", "≥", "88", "%", "25")])],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [_split("幼儿家长满意度", "≥", "90", "%", "15")])],
                ),
            ],
            cells={"budget": "672.00"},
        ),
        Group(
            "义务教育学校校舍维修改造",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [_split("维修改造校舍面积", "≥", "2.4", "万平方米", "20")]),
                        L2("质量指标", [_split("工程竣工验收合格率", "＝", "100", "%", "20")]),
                        L2("成本指标", [_split("每平方米维修改造成本", "≤", "650", "元", "20")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [L2("可持续影响指标", [_split("校舍安全使用年限", "≥", "15", "年", "20")])],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [_split("师生满意度", "≥", "92", "%", "20")])],
                ),
            ],
            cells={"budget": "1560.00"},
        ),
        Group(
            "中小学教师培训经费",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [_split("参训教师人次", "≥", "3000", "人次", "30")]),
                        L2("质量指标", [_split("培训考核合格率", "≥", "96", "%", "25")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [L2("社会效益指标", [_split("教师专业能力", "定性", "明显提升", "", "25")])],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [_split("参训教师满意度", "≥", "90", "%", "20")])],
                ),
            ],
            cells={"budget": "185.50"},
        ),
    ],
)

RA06 = Doc(
    stem="ra_06_a2_edu",
    fmt="pdf",
    department="南溪区教育局",
    year=2025,
    form_type="target_approval",
    layout=LAYOUT,
    sector="教育",
    split="train",
    description=DESC + "; text PDF with a 预算金额 column beside the project and the target "
    "split over 指标性质 | 指标值 | 度量单位, plus 权重",
    items=[
        "2025年项目支出绩效目标表",
        "单位名称：南溪区教育局　　　　　　　　　　　　金额单位：万元",
        _edu,
    ],
)

DOCS = [RA04, RA05, RA06]
