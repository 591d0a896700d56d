"""A5: target forms with a 指标解释 and/or 评(扣)分标准 column: long explanatory
text (often holding numbers, formulas and deductions) that is not a target.
Content is invented.
"""

from __future__ import annotations

from typing import Any

from ra_common import L1, L2, Doc, Group, Ind, Table, col, l1_col, l2_col

LAYOUT = "explanation-and-scoring-columns"
DESC = (
    "绩效目标表 with 指标解释 and/or 评(扣)分标准 columns of long explanatory text "
    "(numbers, formulas, deductions) beside the 指标值; the explanation is never the target"
)


def _q(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "kind": "qualitative",
        "op": None,
        "value": None,
        "upper": None,
        "unit": None,
    }


def _d(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "kind": "deadline",
        "op": None,
        "value": None,
        "upper": None,
        "unit": None,
    }


# --------------------------------------------------------------------------
# ra_12: county statistics bureau, saved web page; 指标值类型 | *指标值 | 计量单位 |
# *指标解释 | *评(扣)分标准 | 备注
# --------------------------------------------------------------------------


def S(name: str, kind: str, val: str, unit: str, expl: str, rule: str, alt: Any = ()) -> Ind:
    """The target printed over 指标值 | 计量单位; gold text joins them."""
    return Ind(
        name,
        target_text=val + unit,
        target_alt=list(alt),
        cells={"kind": kind, "val": val, "unit": unit, "expl": expl, "rule": rule},
    )


_stats = Table(
    cols=[
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("指标值类型", "kind"),
        col("*指标值", "val"),
        col("计量单位", "unit"),
        col("*指标解释", "expl"),
        col("*评(扣)分标准", "rule"),
        col("备注", "note"),
    ],
    head=[
        ["钟灵县统计局2024年度整体绩效目标表"],
        ["部门(单位)名称", "钟灵县统计局"],
        ["*部门(单位)职责", "负责全县统计调查、统计数据收集汇总和发布，组织实施国民经济核算和各项普查。"],
        ["*年度总体绩效目标", "按时保质完成各项统计调查任务，统计数据质量稳步提高，统计服务更加便捷。"],
        ["绩效指标"],
    ],
    head_merges=[(0, 0, 1, 9), (1, 1, 1, 8), (2, 1, 1, 8), (3, 1, 1, 8), (4, 0, 1, 9)],
    groups=[
        Group(
            None,
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                S("统计调查项目完成数", "定量", "36", "项",
                                  "反映年度内组织实施的各类统计调查项目数量。",
                                  "完成36项得满分，每少1项扣0.5分。"),
                                S("“四上”企业联网直报率", "定量", "100", "%",
                                  "反映规模以上企业通过联网直报平台按时报送数据的比例，"
                                  "计算公式：直报企业数/“四上”企业总数×100%。",
                                  "低于100%按比例扣分。"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                S("统计数据差错率", "定量", "≤1", "%",
                                  "反映上报统计数据经审核发现差错的比例。",
                                  "每超过0.1个百分点扣1分，扣完为止。"),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                S("统计报表报送时间", "定性", "按国家统计制度规定时限", "",
                                  "反映各类统计报表是否在规定时限内报送。",
                                  "每延误1次扣1分。",
                                  alt=[_d("按国家统计制度规定时限")]),
                            ],
                        ),
                        L2(
                            "成本指标",
                            [
                                S("统计调查业务经费", "定量", "≤85", "万元",
                                  "反映统计调查业务工作支出控制情况。",
                                  "超出预算不得分。"),
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "经济效益指标",
                            [Ind("", filler=True, cells={"rule": "未达指标值酌情扣分"})],
                        ),
                        L2(
                            "社会效益指标",
                            [
                                S("统计数据公开发布", "定性", "及时准确", "",
                                  "反映统计信息向社会公众发布服务的情况。",
                                  "发生重大数据质量问题不得分。",
                                  alt=[_q("及时准确")]),
                            ],
                        ),
                        L2(
                            "可持续影响指标",
                            [
                                S("统计法治和诚信建设", "定性", "持续推进", "",
                                  "反映统计法治宣传、执法检查和统计诚信体系建设情况。",
                                  "未开展相关工作酌情扣分。"),
                            ],
                        ),
                    ],
                ),
                L1(
                    "满意度指标",
                    [
                        L2(
                            "服务对象满意度指标",
                            [
                                S("统计数据使用者满意度", "定量", "≥90", "%",
                                  "反映政府部门及社会公众对统计服务的满意程度，通过问卷调查取得。",
                                  "每低1个百分点扣0.5分。"),
                            ],
                        )
                    ],
                ),
            ],
        )
    ],
)  # fmt: skip

RA12 = Doc(
    stem="ra_12_a5_stats",
    fmt="html",
    department="钟灵县统计局",
    year=2024,
    form_type="target_approval",
    layout=LAYOUT,
    sector="统计",
    split="blind",
    description=DESC
    + "; saved web page of a department 整体绩效目标表 with 指标值类型 | *指标值 | "
    "计量单位 | *指标解释 | *评(扣)分标准 | 备注 and an empty 经济效益 row",
    page_title="钟灵县统计局2024年度整体绩效目标表",
    chrome_top=[
        "钟灵县人民政府门户网站",
        "当前位置：首页 > 信息公开 > 部门信息公开 > 县统计局 > 预决算公开",
        "来源：县统计局　发布时间：2024-03-28 10:41　浏览次数：57",
    ],
    chrome_bottom=["相关附件：整体绩效目标表.xls（下载）", "【关闭本页】【打印本页】【返回顶部】"],
    items=[_stats],
)

# --------------------------------------------------------------------------
# ra_13: city ecology bureau, DOCX; 指标解释 BEFORE 指标值, 评分标准 after
# --------------------------------------------------------------------------


def E(name: str, expl: str, target: str, rule: str, alt: Any = ()) -> Ind:
    return Ind(name, target, target_alt=list(alt), cells={"expl": expl, "rule": rule})


_eco = Table(
    cols=[
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("指标解释", "expl"),
        col("指标值", "target"),
        col("评分标准", "rule"),
    ],
    head=[
        ["项目名称", "大气污染防治专项"],
        ["主管部门", "苍屏市生态环境局", "", "实施单位", "苍屏市环境监测站"],
        ["项目资金（万元）", "年度资金总额：320.00", "", "其中：财政拨款320.00"],
        [
            "年度绩效目标",
            "保障14个空气自动监测站点稳定运行，强化重点排污单位执法监管，"
            "全市空气质量优良天数比率达到88%以上。",
        ],
    ],
    head_merges=[(0, 1, 1, 5), (1, 1, 1, 2), (1, 4, 1, 2), (2, 1, 1, 2), (2, 3, 1, 3), (3, 1, 1, 5)],
    groups=[
        Group(
            "大气污染防治专项",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                E("空气自动监测站点运维数量",
                                  "反映年度内委托运维的空气质量自动监测站点数量。",
                                  "14个",
                                  "全部正常运维得满分；每1个站点停运超过72小时扣1分。"),
                                E("重点排污单位执法检查家次",
                                  "反映对重点排污单位开展现场执法检查的数量。",
                                  "≥260家次",
                                  "完成得满分，未完成按完成比例计分。"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                E("监测数据有效获取率",
                                  "反映自动监测数据有效获取情况。计算公式：有效数据量/应获取数据量×100%。",
                                  "≥90%",
                                  "达到指标值得满分，每低1个百分点扣0.5分。"),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                E("重污染天气预警信息发布时效",
                                  "反映预警信息在会商结束后发布的及时程度。",
                                  "会商后2小时内",
                                  "超时发布1次扣1分。"),
                            ],
                        ),
                        L2(
                            "成本指标",
                            [
                                E("项目支出预算控制数",
                                  "反映项目实际支出控制在批复预算范围内的情况。",
                                  "≤320万元",
                                  "超出预算不得分。"),
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "生态效益指标",
                            [
                                E("城市空气质量优良天数比率",
                                  "反映全年空气质量优良天数占有效监测天数的比例。",
                                  "≥88%",
                                  "达到得满分，每低1个百分点扣1分。"),
                                E("PM2.5年均浓度",
                                  "反映细颗粒物年均浓度控制情况，以省控站点年均值计。",
                                  "≤32微克/立方米",
                                  "达到得满分，超出不得分。"),
                            ],
                        ),
                        L2(
                            "社会效益指标",
                            [
                                E("重污染天气应急响应",
                                  "反映重污染天气期间应急减排措施落实情况。",
                                  "及时有效",
                                  "响应不及时1次扣2分。",
                                  alt=[_q("及时有效")]),
                            ],
                        ),
                    ],
                ),
                L1(
                    "满意度指标",
                    [
                        L2(
                            "服务对象满意度指标",
                            [
                                E("公众对生态环境满意度",
                                  "反映公众对区域生态环境质量改善的满意程度，以第三方调查结果为准。",
                                  "≥85%",
                                  "每低1个百分点扣0.5分。"),
                            ],
                        )
                    ],
                ),
            ],
        )
    ],
)  # fmt: skip

RA13 = Doc(
    stem="ra_13_a5_ecology",
    fmt="docx",
    department="苍屏市生态环境局",
    year=2025,
    form_type="target_approval",
    layout=LAYOUT,
    sector="生态环境",
    split="blind",
    description=DESC
    + "; Word 项目支出绩效目标表 with 指标解释 BEFORE 指标值 and 评分标准 after it",
    items=["苍屏市2025年市级项目支出绩效目标表", _eco],
)

DOCS = [RA12, RA13]
