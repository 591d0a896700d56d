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

from ra_common import L1, L2, Doc, Group, Ind, Table, col, l1_col, l2_col
from reportlab.lib.pagesizes import A4

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
) -> bytes:
    """One ruled table laid out by reportlab over as many pages as it needs:
    the column-header row repeats on each page and a row reaching the page
    bottom is split inside (splitInRow), merged cells split with it."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    font = _register_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    big = ParagraphStyle("title", fontName=font, fontSize=15, leading=20, alignment=1)
    body, merges = table.body()
    rows = head + [[c.header for c in table.cols]] + body + tail
    shift = len(head) + 1
    spans = head_spans + [(r + shift, c, rs, cs) for r, c, rs, cs in merges]
    spans.append((shift + len(body), 0, 1, 5))  # 总分 label across the value columns
    # Every cell a flowable: reportlab cannot split a row holding plain strings.
    data = [[Paragraph(t.replace("\n", "<br/>"), cell) for t in row] for row in rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    style += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in spans]
    grid = RLTable(data, colWidths=widths, style=style, repeatRows=(len(head),), splitInRow=1)

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


def scan_of(pdf: bytes, seed: int) -> bytes:
    how = Degradation(dpi=200, skew_degrees=0.6, blur=0.7, noise=7.0, jpeg_quality=65, seed=seed)
    pages = [
        degrade(p, Degradation(**{**how.__dict__, "skew_degrees": s, "seed": seed + i}))
        for i, (p, s) in enumerate(zip(rasterise(pdf, how.dpi), (0.6, -0.4), strict=False))
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

DOCS = [RA14, RA15]
