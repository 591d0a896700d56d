"""A6: one indicator table running over a page break, as Word prints it with
"allow row to break across pages" and a repeated header row: page 2 starts with
the column headers again, then the rest of the row cut at the bottom of page 1
(only its overflowing cells filled), and the level-1/level-2 cells merged over
the break are blank on page 2. One text PDF, one scan of the same kind.
Content is invented.
"""

from __future__ import annotations

import io
from typing import Any

from ra_common import L1, L2, Doc, Group, Ind, Table, col, group_col, l1_col, l2_col
from reportlab.lib.pagesizes import A4, landscape

from extractor.training.scans import (
    Degradation,
    _register_font,
    degrade,
    images_to_pdf,
    rasterise,
)

LAYOUT = "table-across-page-break"
DESC = (
    "项目支出绩效自评表 whose indicator table runs onto page 2: header row repeated, "
    "one row cut across the break (its name and deviation continue on page 2), merged "
    "一级/二级 cells blank after the break"
)

_COLS = [
    l1_col(),
    l2_col(),
    col("三级指标", "name"),
    col("年度指标值", "target"),
    col("实际完成值", "actual"),
    col("分值", "weight"),
    col("得分", "score"),
    col("偏差原因分析及改进措施", "deviation"),
]
_WIDTHS = [44.0, 52.0, 118.0, 62.0, 62.0, 30.0, 30.0, 125.0]  # A4 portrait


def R(name: str, target: str, actual: str, weight: str, score: str, deviation: str | None = None,
      alt: Any = ()) -> Ind:  # fmt: skip
    return Ind(name, target, actual, weight, score, deviation=deviation, target_alt=list(alt))


def report_pdf(
    title: str,
    head: list[list[str]],
    head_spans: list[tuple[int, int, int, int]],
    table: Table,
    tail: list[list[str]],
    footer: str,
    pagesize: tuple[float, float],
    widths: list[float],
    valign: str = "MIDDLE",
    tail_spans: list[tuple[int, int, int, int]] | None = None,
    font_size: float = 10.5,
    split_spans: bool = False,
) -> bytes:
    """One ruled table laid out by reportlab over as many pages as it needs:
    the column-header row repeats on each page and a row reaching the page
    bottom is split inside (splitInRow), merged cells split with it."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    font = _register_font()
    cell = ParagraphStyle(
        "cell", fontName=font, fontSize=font_size, leading=font_size * 15 / 10.5, wordWrap="CJK"
    )
    big = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1)
    body, merges = table.body()
    rows = head + [[c.header for c in table.cols]] + body + tail
    shift = len(head) + 1
    spans = head_spans + [(r + shift, c, rs, cs) for r, c, rs, cs in merges]
    # Default: the 总分 label across the value columns.
    for r, c, rs, cs in [(0, 0, 1, 5)] if tail_spans is None else tail_spans:
        spans.append((shift + len(body) + r, c, rs, cs))
    # Every cell a flowable: reportlab cannot split a row holding plain strings.
    data = [[Paragraph(t.replace("\n", "<br/>"), cell) for t in row] for row in rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    style += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in spans]
    table_class = RLTable
    if split_spans:
        # Break where the page ends, even inside a merged cell (as Word does);
        # reportlab otherwise only breaks between merged blocks.
        class table_class(RLTable):  # type: ignore[no-redef]
            def _getFirstPossibleSplitRowPosition(
                self, availHeight: float, ignoreSpans: int = 0
            ) -> int:
                return super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=1)

    grid = table_class(data, colWidths=widths, style=style, repeatRows=(len(head),), splitInRow=1)

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 20, footer.format(page=doc.page))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=pagesize, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=42
    )
    doc.build(
        [Paragraph(title, big), Spacer(1, 8), grid], onFirstPage=on_page, onLaterPages=on_page
    )
    return buf.getvalue()


def scan_of(pdf: bytes, seed: int, skews: tuple[float, ...] = (0.6, -0.4)) -> bytes:
    how = Degradation(dpi=200, skew_degrees=0.6, blur=0.7, noise=7.0, jpeg_quality=65, seed=seed)
    pages = [
        degrade(
            p,
            Degradation(
                **{**how.__dict__, "skew_degrees": skews[i % len(skews)], "seed": seed + i}
            ),
        )
        for i, p in enumerate(rasterise(pdf, how.dpi))
    ]
    return images_to_pdf(pages, how.dpi)


def _head(project: str, main: str, impl: str, funds: list[str], goal: str, done: str):  # type: ignore[no-untyped-def]
    rows = [
        ["项目名称", project, "", "", "", "", "", ""],
        ["主管部门", main, "", "", "实施单位", impl, "", ""],
        [
            "项目资金（万元）",
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
            "",
        ],
        ["", *funds, ""],
        ["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""],
        ["", goal, "", "", done, "", "", ""],
    ]
    spans = [
        (0, 1, 1, 7),
        (1, 1, 1, 3),
        (1, 5, 1, 3),
        (2, 0, 2, 1),
        (4, 0, 2, 1),
        (4, 1, 1, 3),
        (4, 4, 1, 4),
        (5, 1, 1, 3),
        (5, 4, 1, 4),
    ]
    return rows, spans


def _q(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "kind": "qualitative",
        "op": None,
        "value": None,
        "upper": None,
        "unit": None,
    }


# --------------------------------------------------------------------------
# ra_14: county emergency management bureau, text PDF
# --------------------------------------------------------------------------

_emergency = Table(
    cols=_COLS,
    groups=[
        Group(
            "安全生产监管执法及应急救援能力建设",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                R("危险化学品企业执法检查家次", "≥120家次", "134家次", "5", "5"),
                                R("非煤矿山安全检查矿次", "≥36矿次", "38矿次", "5", "5"),
                                R("安全生产宣传培训人次", "≥2500人次", "2716人次", "5", "5"),
                                R("应急预案演练场次", "≥20场次", "24场次", "5", "5"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                R("执法检查发现隐患整改率", "≥95%", "97.3%", "5", "5"),
                                R("行政处罚案件法制审核率", "100%", "100%", "5", "5"),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                R("较大以上事故信息报送时限", "1小时内", "1小时内", "5", "5"),
                                R("年度执法检查计划完成时间", "12月底前", "12月20日", "5", "5"),
                            ],
                        ),
                        L2(
                            "成本指标",
                            [
                                R("应急物资储备采购成本", "≤150万元", "146.8万元", "5", "5"),
                                R("执法装备购置成本", "≤60万元", "58.2万元", "5", "5",
                                  "部分执法记录仪由省厅统一配发，节约资金1.8万元；下一步结合上级配发"
                                  "计划调整本级采购清单，避免重复购置，提高资金使用效益。"),
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "社会效益指标",
                            [
                                R("亿元地区生产总值生产安全事故死亡率", "≤0.012", "0.009", "10", "10"),
                                R("群众安全感", "稳步提升", "稳步提升", "5", "5"),
                            ],
                        ),
                        L2("经济效益指标", [R("因灾直接经济损失占地区生产总值比重", "≤0.5%", "0.31%", "10", "10")]),
                        L2("可持续影响指标", [R("应急管理长效机制", "持续完善", "持续完善", "5", "5")]),
                    ],
                ),
                L1(
                    "满意度指标",
                    [
                        L2(
                            "服务对象满意度指标",
                            [
                                R("企业对执法服务满意度", "≥90%", "92.4%", "5", "5"),
                                R("群众对应急救援服务满意度", "≥90%", "88.6%", "5", "4",
                                  "偏远乡镇救援力量不足，响应时间偏长；下一步增设前置救援点，"
                                  "开展联合演练。"),
                            ],
                        )
                    ],
                ),
            ],
        )
    ],
)  # fmt: skip

_h, _s = _head(
    "安全生产监管执法及应急救援能力建设",
    "渠阳县应急管理局",
    "渠阳县应急管理局",
    ["286.00", "286.00", "279.40", "10", "97.69%", "9.8"],
    "强化危险化学品、非煤矿山等重点行业领域执法检查，提升基层应急救援能力，"
    "全县生产安全事故起数和死亡人数实现“双下降”。",
    "全年检查危险化学品企业134家次、非煤矿山38矿次，组织演练24场次，"
    "生产安全事故起数和死亡人数同比均下降。",
)

RA14 = Doc(
    stem="ra_14_a6_emergency",
    fmt="pdf",
    department="渠阳县应急管理局",
    year=2024,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="应急管理",
    split="train",
    description=DESC + "; text PDF (two pages, page numbers in the footer)",
    items=[_emergency],
)
RA14.raw = report_pdf(
    "项目支出绩效自评表（2024年度）",
    _h,
    _s,
    _emergency,
    [["总分", "", "", "", "", "100", "98.8", ""]],
    "— {page} —",
    A4,
    _WIDTHS,
)

# --------------------------------------------------------------------------
# ra_15: city healthcare security bureau, scanned PDF
# --------------------------------------------------------------------------

_medical = Table(
    cols=_COLS,
    groups=[
        Group(
            "城乡居民医疗救助",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                R("资助参加基本医疗保险人数", "≥2.3万人", "2.41万人", "5", "5"),
                                R("门诊救助人次", "≥1.8万人次", "1.96万人次", "5", "5"),
                                R("住院救助人次", "≥6000人次", "6312人次", "5", "5"),
                                R("重特大疾病医疗救助人数", "≥400人", "372人", "5", "4",
                                  "部分救助对象经基本医保、大病保险报销后自付费用未达救助起付标准。"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                R("特困人员参保资助比例", "100%", "100%", "5", "5"),
                                R("政策范围内住院费用救助比例", "≥70%", "72.5%", "5", "5"),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                R("“一站式”即时结算率", "≥95%", "98.1%", "5", "5"),
                                R("救助资金拨付时间", "次月15日前", "按时拨付", "5", "5"),
                            ],
                        ),
                        L2(
                            "成本指标",
                            [
                                R("年度医疗救助资金支出", "≤2600万元", "2538.4万元", "5", "5"),
                                R("人均住院救助金额", "1500-2500元", "2160元", "5", "5",
                                  "受次均住院费用上涨影响，人均救助金额较上年增加186元；下一步加强"
                                  "医疗费用监控，引导救助对象优先在基层医疗机构就诊。"),
                            ],
                        ),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2(
                            "社会效益指标",
                            [
                                R("困难群众政策范围内住院费用个人负担比例", "≤15%", "13.2%", "10", "10"),
                                R("因病致贫返贫情况", "有效遏制", "未发生规模性返贫", "10", "10"),
                            ],
                        ),
                        L2("可持续影响指标", [R("医疗救助与基本医保衔接机制", "持续健全", "持续健全", "10", "10")]),
                    ],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [R("救助对象满意度", "≥90%", "94.7%", "10", "10")])],
                ),
            ],
        )
    ],
)  # fmt: skip

_h, _s = _head(
    "城乡居民医疗救助",
    "宁川市医疗保障局",
    "宁川市医疗保障事务中心",
    ["2600.00", "2600.00", "2538.40", "10", "97.63%", "9.8"],
    "资助困难群众参加城乡居民基本医疗保险，落实门诊和住院救助，"
    "困难群众政策范围内住院费用个人负担比例控制在15%以内。",
    "资助参保2.41万人，门诊救助1.96万人次、住院救助6312人次，个人负担比例13.2%。",
)

RA15 = Doc(
    stem="ra_15_a6_medical_scan",
    fmt="scan",
    department="宁川市医疗保障局",
    year=2023,
    form_type="project_self_evaluation",
    layout=LAYOUT,
    sector="医保",
    split="train",
    description=DESC + "; scanned PDF (image only, slight skew, blur and noise) of the same kind "
    "of two-page form, a range target (1500-2500元)",
    items=[_medical],
)
RA15.raw = scan_of(
    report_pdf(
        "项目支出绩效自评表（2023年度）",
        _h,
        _s,
        _medical,
        [["总分", "", "", "", "", "100", "98.8", ""]],
        "第 {page} 页",
        A4,
        _WIDTHS,
    ),
    seed=15,
)


# --------------------------------------------------------------------------
# ra_22: city management bureau, text PDF (landscape): several projects in one
# target table, a project's merged cell running over the break
# --------------------------------------------------------------------------


def T(name: str, target: str) -> Ind:
    return Ind(name, target)


_city = Table(
    cols=[
        group_col("项目名称"),
        group_col("预算金额（万元）", "budget"),
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("指标值", "target"),
    ],
    groups=[
        Group(
            "城市道路清扫保洁",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [T("机扫作业面积", "≥620万平方米"), T("人工保洁道路长度", "≥410公里")],
                        ),
                        L2("质量指标", [T("道路清扫保洁质量考核达标率", "≥95%")]),
                        L2("时效指标", [T("重大活动保障响应时间", "≤2小时")]),
                    ],
                ),
                L1("成本指标", [L2("经济成本指标", [T("每平方米年度保洁成本", "≤4.6元")])]),
                L1("效益指标", [L2("社会效益指标", [T("城市道路整洁度", "持续提升")])]),
                L1("满意度指标", [L2("服务对象满意度指标", [T("市民满意度", "≥90%")])]),
            ],
            cells={"budget": "2860.00"},
        ),
        Group(
            "市政设施日常维护",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [
                                T("维修破损人行道面积", "≥3.2万平方米"),
                                T("更换破损井盖数量", "≥800套"),
                            ],
                        ),
                        L2("质量指标", [T("维修工程验收合格率", "100%")]),
                        L2("时效指标", [T("井盖缺失报修处置时限", "24小时内")]),
                    ],
                ),
                L1("效益指标", [L2("社会效益指标", [T("市政设施完好率", "≥96%")])]),
                L1("满意度指标", [L2("服务对象满意度指标", [T("市民满意度", "≥88%")])]),
            ],
            cells={"budget": "1350.00"},
        ),
        Group(
            "城市照明运行维护",
            [
                L1(
                    "产出指标",
                    [
                        L2("数量指标", [T("维护路灯盏数", "≥4.6万盏")]),
                        L2("质量指标", [T("主次干道路灯亮灯率", "≥98%")]),
                        L2("时效指标", [T("故障路灯修复时限", "48小时内")]),
                    ],
                ),
                L1("效益指标", [L2("生态效益指标", [T("节能改造后照明用电量下降率", "≥8%")])]),
                L1("满意度指标", [L2("服务对象满意度指标", [T("群众满意度", "≥90%")])]),
            ],
            cells={"budget": "980.00"},
        ),
        Group(
            "生活垃圾分类处理",
            [
                L1(
                    "产出指标",
                    [
                        L2(
                            "数量指标",
                            [T("生活垃圾无害化处理量", "≥36万吨"), T("新建分类投放点", "120个")],
                        ),
                        L2("质量指标", [T("生活垃圾无害化处理率", "100%")]),
                    ],
                ),
                L1("成本指标", [L2("经济成本指标", [T("垃圾处理单价", "≤118元/吨")])]),
                L1(
                    "效益指标",
                    [
                        L2("生态效益指标", [T("生活垃圾资源化利用率", "≥60%")]),
                        L2("可持续影响指标", [T("垃圾分类长效机制", "逐步健全")]),
                    ],
                ),
                L1("满意度指标", [L2("服务对象满意度指标", [T("居民满意度", "≥85%")])]),
            ],
            cells={"budget": "2240.00"},
        ),
    ],
)

RA22 = Doc(
    stem="ra_22_a6_citymgmt",
    fmt="pdf",
    department="北湾市城市管理局",
    year=2025,
    form_type="target_approval",
    layout=LAYOUT,
    sector="城管",
    split="train",
    description="项目支出绩效目标表 of several projects (first column 项目名称 merged, a 预算金额 "
    "column) running over a page break in a landscape text PDF: header row repeated, the "
    "project and level cells cut at the break",
    items=[_city],
)
RA22.raw = report_pdf(
    "北湾市城市管理局2025年项目支出绩效目标表",
    [["单位名称", "北湾市城市管理局", "", "", "金额单位：万元", ""]],
    [(0, 1, 1, 3), (0, 4, 1, 2)],
    _city,
    [],
    "第{page}页",
    landscape(A4),
    [120.0, 64.0, 70.0, 92.0, 250.0, 174.0],
    tail_spans=[],
    split_spans=True,
)

# --------------------------------------------------------------------------
# ra_23: county grain and reserves bureau, scanned department self-evaluation
# with a 完成情况 column
# --------------------------------------------------------------------------


def G(name: str, target: str | None, actual: str | None, status: str | None,
      deviation: str | None = None) -> Ind:  # fmt: skip
    return Ind(name, target, actual, status=status, deviation=deviation)


_grain = Table(
    cols=[
        l1_col(),
        l2_col(),
        col("三级指标", "name"),
        col("年度指标值", "target"),
        col("全年实际值", "actual"),
        col("完成情况", "status"),
        col("偏差原因及改进措施", "deviation"),
    ],
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
                                G("地方储备粮规模", "≥3.5万吨", "3.5万吨", "已完成"),
                                G("储备粮轮换数量", "1.2万吨", "1.18万吨", "部分完成",
                                  "受市场价格波动影响，200吨轮换延至次年一季度完成。"),
                                G("应急物资储备品种", "≥12类", "14类", "已完成"),
                                G("粮食应急供应网点数量", "≥25个", "27个", "已完成"),
                                G("粮食库存检查库点数", "全覆盖", "达到预期", "已完成"),
                            ],
                        ),
                        L2(
                            "质量指标",
                            [
                                G("储备粮质量达标率", "≥95%", "97.2%", "已完成"),
                                G("储备粮储存品质宜存率", "≥90%", "93.5%", "已完成"),
                                G("库存账实相符率", "100%", "100%", "已完成"),
                            ],
                        ),
                        L2(
                            "时效指标",
                            [
                                G("年度轮换计划完成时间", "10月底前", "12月中旬", "部分完成",
                                  "新粮收购期推迟，出入库衔接延后；下一步提前制定轮换预案。"),
                                G("应急物资调运响应时间", "24小时内", "达到预期", "已完成"),
                            ],
                        ),
                        L2("成本指标", [G("储备粮保管费用补贴标准", "≤80元/吨", "80元/吨", "已完成")]),
                    ],
                ),
                L1(
                    "效益指标",
                    [
                        L2("经济效益指标", [G("储备粮轮换价差亏损", "≤50万元", "46.3万元", "已完成")]),
                        L2(
                            "社会效益指标",
                            [
                                G("区域粮食市场", "保持稳定", "保持稳定", "已完成"),
                                G("粮食安全保障能力", "稳步提升", "稳步提升", "已完成"),
                                G("应急保供能力", "有效保障", None, None,
                                  "年内未发生需启动应急保供的事件，无实际值。"),
                            ],
                        ),
                        L2("可持续影响指标", [G("粮食储备管理制度", "持续完善", "持续完善", "已完成")]),
                    ],
                ),
                L1(
                    "满意度指标",
                    [L2("服务对象满意度指标", [G("服务对象满意度", "≥90%", "92.8%", "已完成")])],
                ),
            ],
        )
    ],
)  # fmt: skip

RA23 = Doc(
    stem="ra_23_a6_grain_scan",
    fmt="scan",
    department="汶塘县粮食和物资储备局",
    year=2023,
    form_type="department_self_evaluation",
    layout=LAYOUT,
    sector="粮食物资",
    split="train",
    description="部门整体支出绩效自评表 with a 完成情况 column whose table runs over a page break, "
    "scanned (image-only PDF, skew and noise): header row repeated, a row cut at the break",
    items=[_grain],
)
RA23.raw = scan_of(
    report_pdf(
        "部门整体支出绩效自评表（2023年度）",
        [
            ["部门名称", "汶塘县粮食和物资储备局", "", "", "", "", ""],
            [
                "年度预算（万元）",
                "全年预算数",
                "1563.20",
                "全年执行数",
                "1541.87",
                "执行率",
                "98.64%",
            ],
            [
                "年度总体目标",
                "确保地方储备粮数量真实、质量良好、储存安全，按计划完成储备粮轮换，健全应急物资储备体系，提升粮食应急保障能力。",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        [(0, 1, 1, 6), (2, 1, 1, 6)],
        _grain,
        [["自评结论", "优", "", "", "", "", ""]],
        "— {page} —",
        A4,
        [46.0, 56.0, 118.0, 66.0, 66.0, 50.0, 121.0],
        tail_spans=[(0, 1, 1, 6)],
        split_spans=True,
    ),
    seed=23,
    skews=(-0.5, 0.7),
)

DOCS = [RA14, RA15, RA22, RA23]
