"""A4: self-evaluation forms whose 分值 (weight) column stands BEFORE the values:
一级 | 二级 | 三级 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析. Content is invented.
"""

from __future__ import annotations

from ra_common import L1, L2, Doc, Group, Ind, Table, col, l1_col, l2_col
from ra_forms import project_head

LAYOUT = "weight-before-target"
DESC = (
    "项目支出绩效自评表 with 分值 before 年度指标值 and 得分 after 实际完成值 "
    "(一级|二级|三级|分值|年度指标值|实际完成值|得分|偏差原因分析), 一级指标 carrying (NN分)"
)


def W(name: str, weight: str, target: str, actual: str, score: str,
      deviation: str | None = None) -> Ind:  # fmt: skip
    return Ind(name, target, actual, weight, score, deviation=deviation)


_WAN = {"text": "1280", "kind": "numeric", "op": "=", "value": 1280, "upper": None, "unit": "万元"}

_COLS = [
    l1_col(),
    l2_col(),
    col("三级指标", "name"),
    col("分值", "weight"),
    col("年度指标值", "target"),
    col("实际完成值", "actual"),
    col("得分", "score"),
    col("偏差原因分析及改进措施", "deviation"),
]

# --------------------------------------------------------------------------
# ra_10: county housing bureau, tab text
# --------------------------------------------------------------------------

_head, _merges = project_head(
    8,
    "东岚县2023年度项目支出绩效自评表",
    "金额单位：万元",
    "城镇老旧小区改造项目",
    "东岚县住房和城乡建设局",
    "东岚县住房和城乡建设局",
    [
        ["年度资金总额", "1300.00", "1300.00", "1265.30", "10", "97.33%", "9.7"],
        ["其中：财政拨款", "1300.00", "1300.00", "1265.30", "—", "—", "—"],
        ["其他资金", "", "", "", "—", "—", "—"],
    ],
    "完成18个老旧小区改造，惠及居民2600户以上，改善居住条件。",
    "18个小区开工，16个完工，惠及居民2648户。",
)

_housing = Table(
    cols=_COLS,
    head=_head,
    head_merges=_merges,
    groups=[
        Group(
            "城镇老旧小区改造项目",
            [
                L1(
                    "产出指标(50分)",
                    [
                        L2(
                            "数量指标",
                            [
                                W("改造老旧小区个数", "10", "18个", "18个", "10"),
                                W("改造惠及居民户数", "10", "≥2600户", "2648户", "10"),
                            ],
                        ),
                        L2("质量指标", [W("改造工程竣工验收合格率", "10", "100%", "100%", "10")]),
                        L2(
                            "时效指标",
                            [
                                W(
                                    "年度改造任务完工率",
                                    "10",
                                    "≥90%",
                                    "88.9%",
                                    "8",
                                    "2个小区因管网迁改协调滞后未按期完工，已督促施工单位于2024年一季度完成。",
                                ),
                            ],  # fmt: skip
                        ),
                        L2(
                            "成本指标",
                            # A bare number: the contract reads unit null; the head's
                            # 金额单位：万元 is the other accepted reading.
                            [Ind("项目总成本", "1280", "1265.3", "10", "10", target_alt=[_WAN])],
                        ),
                    ],
                ),
                L1(
                    "效益指标(30分)",
                    [
                        L2("社会效益指标", [W("小区居住环境", "15", "明显改善", "明显改善", "15")]),
                        L2(
                            "可持续影响指标",
                            [
                                W(
                                    "改造小区长效管理机制建立率",
                                    "15",
                                    "100%",
                                    "94.4%",
                                    "13",
                                    "1个小区业主委员会尚未成立，正在指导组建。",
                                ),
                            ],  # fmt: skip
                        ),
                    ],
                ),
                L1(
                    "满意度指标(10分)",
                    [L2("服务对象满意度指标", [W("小区居民满意度", "10", "≥90%", "92%", "10")])],
                ),
            ],
        )
    ],
    tail=[["总分", "", "", "100", "", "", "94.7", ""]],
    tail_merges=[(0, 0, 1, 3)],
)

RA10 = Doc(
    stem="ra_10_a4_housing",
    fmt="txt",
    department="东岚县住房和城乡建设局",
    year=2023,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="住建",
    split="train",
    description=DESC + "; tab text, a cost row whose target is a bare number (万元 only in the "
    "head), two missed rows with deviation reasons",
    items=[_housing],
)

# --------------------------------------------------------------------------
# ra_11: city sports bureau, saved web page
# --------------------------------------------------------------------------

_sport = Table(
    cols=_COLS,
    header_row=[
        "一级指标",
        "二级指标",
        "三级指标",
        "指标分值",
        "年度指标值",
        "实际完成值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    head=[
        ["项目名称", "全民健身设施建设补助"],
        ["主管部门", "安平市体育局", "", "", "实施单位", "安平市全民健身服务中心"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "860.00", "860.00", "842.60", "10", "97.98%", "9.8"],
    ],
    head_merges=[(0, 1, 1, 7), (1, 1, 1, 3), (1, 5, 1, 3), (2, 0, 2, 1)],
    groups=[
        Group(
            "全民健身设施建设补助",
            [
                L1(
                    "产出指标（40分）",
                    [
                        L2(
                            "数量指标",
                            [
                                W("新建更新健身路径套数", "10", "45套", "45套", "10"),
                                W(
                                    "新建社区多功能运动场个数",
                                    "10",
                                    "6个",
                                    "5个",
                                    "8",
                                    "1处运动场选址调整，于2025年3月建成。",
                                ),
                            ],  # fmt: skip
                        ),
                        L2("质量指标", [W("健身器材安装验收合格率", "10", "100%", "100%", "10")]),
                        L2(
                            "时效指标",
                            [
                                W(
                                    "项目建设完成时间",
                                    "10",
                                    "2024年10月底前",
                                    "2024年11月",
                                    "7",
                                    "雨季施工受阻，工期延后1个月。",
                                ),
                            ],  # fmt: skip
                        ),
                    ],
                ),
                L1(
                    "效益指标（30分）",
                    [
                        L2(
                            "社会效益指标",
                            [
                                W("人均体育场地面积", "15", "≥2.6平方米", "2.68平方米", "15"),
                                W("经常参加体育锻炼人数比例", "15", "≥40%", "41.5%", "15"),
                            ],
                        )
                    ],
                ),
                L1(
                    "满意度指标（20分）",
                    [L2("服务对象满意度指标", [W("健身群众满意度", "20", "≥90%", "94%", "20")])],
                ),
            ],
        )
    ],
    tail=[["总分", "", "", "100", "", "", "94.8", ""]],
    tail_merges=[(0, 0, 1, 3)],
)

RA11 = Doc(
    stem="ra_11_a4_sport",
    fmt="html",
    department="安平市体育局",
    year=2024,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="体育",
    split="train",
    description=DESC + "; saved web page with site chrome, 指标分值 header, (40分) suffixes",
    page_title="全民健身设施建设补助项目支出绩效自评表_安平市体育局",
    chrome_top=[
        "安平市体育局 > 信息公开 > 财政信息 > 绩效评价",
        "信息来源：市体育局　发布日期：2025-03-21　阅读次数：96",
    ],
    chrome_bottom=["【打印】【关闭】", "版权所有：安平市体育局　技术支持：安平市大数据中心"],
    items=["2024年度项目支出绩效自评表", _sport],
)

DOCS = [RA10, RA11]
