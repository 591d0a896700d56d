"""A3: forms whose 三级指标 is printed over two columns: a template placeholder
(指标1：, 指标2：, ……) and the name filled in beside it. The placeholder is never
the name; unfilled placeholder rows are no indicators. Content is invented.
"""

from __future__ import annotations

from ra_common import L1, L2, Doc, Group, Ind, Table, col, l1_col, l2_col
from ra_forms import project_head

LAYOUT = "placeholder-column-beside-name"
DESC = (
    "项目支出绩效自评表/目标表 whose 三级指标 spans a pre-printed 指标1：/指标2：/…… "
    "column and the name column; unfilled placeholder rows and '/' rows carry no indicator"
)


def P(ph: str, name: str, target: str, actual: str | None = None, weight: str | None = None,
      score: str | None = None, deviation: str | None = None) -> Ind:  # fmt: skip
    return Ind(name, target, actual, weight, score, deviation=deviation, cells={"ph": ph})


def F(ph: str, name: str = "", target: str = "", actual: str = "") -> Ind:
    """An unfilled template row."""
    return Ind(name, target, actual, filler=True, cells={"ph": ph})


_SELF_COLS = [
    l1_col(),
    l2_col(),
    col("三级指标", "ph"),
    col("", "name"),
    col("年度指标值", "target"),
    col("实际完成值", "actual"),
    col("分值", "weight"),
    col("得分", "score"),
    col("偏差原因分析及改进措施", "deviation"),
]
_SELF_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]

# --------------------------------------------------------------------------
# ra_07: county transport bureau, tab text, project self-evaluation
# --------------------------------------------------------------------------

_head, _merges = project_head(
    9,
    "项目支出绩效自评表",
    "（2023年度）",
    "农村公路日常养护工程",
    "",
    "云岭县交通运输局",
    [
        ["年度资金总额：", "386.00", "386.00", "371.20", "10", "96.17%", "9.6"],
        ["其中：本年财政拨款", "386.00", "386.00", "371.20", "—", "—", "—"],
        ["上年结转资金", "", "", "", "—", "", "—"],
        ["其他资金", "", "", "", "—", "", "—"],
    ],
    "完成农村公路日常养护412公里，加固改造危桥4座，路况水平稳中有升。",
    "完成日常养护412公里，加固改造危桥3座，1座顺延至2024年实施。",
)

_transport = Table(
    cols=_SELF_COLS,
    header_row=_SELF_HEADER,
    header_merges=[(0, 2, 1, 2)],
    head=_head,
    head_merges=_merges,
    groups=[
        Group(
            "农村公路日常养护工程",
            [
                L1(
                    "产出指标\n（50分）",
                    [
                        L2(
                            "数量指标",
                            [
                                P(
                                    "指标1：",
                                    "农村公路日常养护里程",
                                    "412公里",
                                    "412公里",
                                    "10",
                                    "10",
                                ),
                                P(
                                    "指标2：",
                                    "危桥加固改造座数",
                                    "4座",
                                    "3座",
                                    "10",
                                    "7.5",
                                    "1座危桥因设计变更顺延至2024年施工，已完成前期工作。",
                                ),  # fmt: skip
                                F("……"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                P("指标1：", "养护工程验收合格率", "≥95%", "97%", "10", "10"),
                                F("指标2："),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                P(
                                    "指标1：",
                                    "养护资金支付完成时间",
                                    "12月底前",
                                    "12月25日",
                                    "10",
                                    "10",
                                ),
                                F("指标2："),
                            ],
                        ),
                        L2(
                            "成本指标",
                            [
                                P(
                                    "指标1：",
                                    "每公里日常养护成本",
                                    "≤0.9万元",
                                    "0.86万元",
                                    "10",
                                    "10",
                                ),
                                F("指标2："),
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标\n（30分）",
                    [
                        L2("经济效益\n指标", [F("指标1：", "/", "/", "/"), F("指标2：")]),
                        L2(
                            "社会效益\n指标",
                            [
                                P("指标1：", "农村公路优良中等路率", "≥85%", "86.4%", "10", "10"),
                                P("指标2：", "群众出行条件", "明显改善", "明显改善", "10", "10"),
                            ],
                        ),
                        L2("生态效益\n指标", [F("指标1："), F("指标2：")]),
                        L2(
                            "可持续影\n响指标",
                            [
                                P(
                                    "指标1：",
                                    "养护长效管理机制",
                                    "持续运行",
                                    "持续运行",
                                    "10",
                                    "10",
                                ),
                                F("指标2："),
                            ],
                        ),
                    ],
                ),
                L1(
                    "满意度指标\n（10分）",
                    [
                        L2(
                            "服务对象\n满意度指标",
                            [
                                P("指标1：", "沿线群众满意度", "≥90%", "93%", "10", "10"),
                                F("指标2："),
                            ],
                        )
                    ],
                ),
            ],
        )
    ],
    tail=[
        ["总分", "", "", "", "", "", "100", "97.1", ""],
        ["注：一级指标分值按产出指标50分、效益指标30分、满意度指标10分、预算执行率10分设置。"],
    ],
    tail_merges=[(0, 0, 1, 6), (1, 0, 1, 9)],
)

RA07 = Doc(
    stem="ra_07_a3_transport",
    fmt="txt",
    department="云岭县交通运输局",
    year=2023,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="交通",
    split="blind",
    description=DESC + "; tab text of a single-project self-evaluation (主管部门 blank, 实施单位 "
    "filled), 一级指标 with (50分) wrapped onto the next line, 分值 | 得分 after the values",
    items=[_transport],
)

# --------------------------------------------------------------------------
# ra_08: city civil affairs bureau, DOCX, project self-evaluation
# --------------------------------------------------------------------------

_head, _merges = project_head(
    9,
    "项目支出绩效自评表",
    "（2024年度）",
    "困难群众救助补助资金",
    "澄江市民政局",
    "澄江市社会救助服务中心",
    [
        ["年度资金总额：", "5230.00", "5418.60", "5418.60", "10", "100%", "10"],
        ["其中：当年财政拨款", "5230.00", "5418.60", "5418.60", "—", "—", "—"],
        ["上年结转资金", "", "", "", "—", "—", "—"],
        ["其他资金", "", "", "", "—", "—", "—"],
    ],
    "保障城乡低保、特困供养和临时救助对象基本生活，救助资金按月足额社会化发放。",
    "全年保障低保对象8712人、特困人员1238人，实施临时救助1620人次，资金按月发放。",
)

_civil = Table(
    cols=_SELF_COLS,
    header_row=_SELF_HEADER,
    header_merges=[(0, 2, 1, 2)],
    head=_head,
    head_merges=_merges,
    groups=[
        Group(
            "困难群众救助补助资金",
            [
                L1(
                    "产出指标（50分）",
                    [
                        L2(
                            "数量指标",
                            [
                                P("指标1：", "城乡低保保障人数", "≥8600人", "8712人", "10", "10"),
                                P(
                                    "指标2：",
                                    "特困人员救助供养人数",
                                    "1250人",
                                    "1238人",
                                    "5",
                                    "5",
                                    "年内特困人员自然减员12人。",
                                ),  # fmt: skip
                                P("指标3：", "临时救助人次", "≥1500人次", "1620人次", "5", "5"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                P("指标1：", "救助资金社会化发放率", "100%", "100%", "10", "10"),
                                F("指标2："),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [P("指标1：", "救助资金按月发放及时率", "100%", "100%", "10", "10")],
                        ),
                        L2(
                            "成本指标",
                            [
                                P(
                                    "指标1：",
                                    "城市低保月人均补助标准",
                                    "不低于620元",
                                    "635元",
                                    "10",
                                    "10",
                                )
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标（30分）",
                    [
                        L2("经济效益指标", [F("指标1：")]),
                        L2(
                            "社会效益指标",
                            [P("指标1：", "困难群众基本生活", "有效保障", "有效保障", "15", "15")],
                        ),
                        L2(
                            "可持续影响指标",
                            [
                                P(
                                    "指标1：",
                                    "社会救助兜底保障机制",
                                    "长期有效",
                                    "长期有效",
                                    "15",
                                    "15",
                                )
                            ],
                        ),
                    ],
                ),
                L1(
                    "满意度指标（10分）",
                    [
                        L2(
                            "服务对象满意度指标",
                            [
                                P("指标1：", "救助对象满意度", "≥90%", "95.2%", "10", "10"),
                                F("指标2："),
                            ],
                        )
                    ],
                ),
            ],
        )
    ],
    tail=[["总分", "", "", "", "", "", "100", "100", ""]],
    tail_merges=[(0, 0, 1, 6)],
)

RA08 = Doc(
    stem="ra_08_a3_civil",
    fmt="docx",
    department="澄江市民政局",
    year=2024,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="民政",
    split="blind",
    description=DESC + "; Word form with merged head (主管部门 and 实施单位 differ) and the "
    "三级指标 header spanning the placeholder and name columns",
    items=[_civil, "项目负责人：　　　　　　财务负责人：　　　　　　填报日期：2025年2月18日"],
)

# --------------------------------------------------------------------------
# ra_09: county forestry bureau, XLSX, target form with placeholder column
# --------------------------------------------------------------------------

_forest = Table(
    cols=[
        l1_col(),
        l2_col(),
        col("三级指标", "ph"),
        col("", "name"),
        col("指标值", "target"),
        col("备注", "note"),
    ],
    header_row=["一级指标", "二级指标", "三级指标", "", "指标值", "备注"],
    header_merges=[(0, 2, 1, 2)],
    head=[
        ["项目支出绩效目标表"],
        ["（2024年度）"],
        ["项目名称", "森林防火能力提升项目", "", "", "主管部门", "青杉县林业局"],
        ["项目资金（万元）", "年度资金总额", "", "", "218.00"],
        ["", "其中：财政拨款", "", "", "218.00"],
        ["", "其他资金", "", "", ""],
        [
            "年度绩效目标",
            "新建生物防火林带12公里，开展护林员巡护培训，森林火灾受害率控制在0.9‰以内。",
        ],
    ],
    head_merges=[
        (0, 0, 1, 6),
        (1, 0, 1, 6),
        (2, 1, 1, 3),
        (3, 0, 3, 1),
        (3, 1, 1, 3),
        (4, 1, 1, 3),
        (5, 1, 1, 3),
        (3, 4, 1, 2),
        (4, 4, 1, 2),
        (5, 4, 1, 2),
        (6, 1, 1, 5),
    ],
    groups=[
        Group(
            "森林防火能力提升项目",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                P("指标1：", "新建生物防火林带长度", "≥12公里"),
                                P("指标2：", "护林员巡护培训人次", "350人次"),
                                F("指标3："),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [P("指标1：", "防火林带造林成活率", "≥85百分比"), F("指标2：")],
                        ),
                        L2("时效指标", [P("指标1：", "防火物资采购完成时间", "2024年3月底前")]),
                        L2("成本指标", [P("指标1：", "每公里林带建设成本", "≤6.5万元")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2("经济效益指标", [F("指标1：")]),
                        L2("社会效益指标", [P("指标1：", "森林火灾受害率", "≤0.9‰")]),
                        L2("生态效益指标", [P("指标1：", "森林覆盖率", "稳定在68%以上")]),
                        L2("可持续影响指标", [P("指标1：", "群防群治工作机制", "持续完善")]),
                    ],
                ),
                L1(
                    "满意度指标",
                    [
                        L2(
                            "服务对象满意度指标",
                            [P("指标1：", "林区群众满意度", "≥90%"), F("指标2：")],
                        )
                    ],
                ),
            ],
        )
    ],
)

RA09 = Doc(
    stem="ra_09_a3_forestry",
    fmt="xlsx",
    department="青杉县林业局",
    year=2024,
    form_type="target_approval",
    layout=LAYOUT,
    sector="林业",
    split="blind",
    description=DESC + "; spreadsheet 项目支出绩效目标表 (targets only) with the placeholder "
    "column and unfilled 指标N： rows",
    items=[_forest],
)

DOCS = [RA07, RA08, RA09]
