"""Corpus s: web tables that lost their grid on the way to text (issues 10 and 17).

Shapes seen in published reports read through the ``pages`` corpus (all content
here is invented; only the structure and damage are kept):

S1 space rows of a 项目绩效目标表 (train): the page's text keeps one table row a
   line, cells separated by single spaces; the header row is glued to the end
   of the 绩效指标(权重分值…) line above it; every row repeats its 一级/二级
   labels; the target is split over 指标性质 | 指标方向 | 目标值 | 计量单位; empty
   cells (a missing unit, an empty 备注) are simply gone, so rows have
   different lengths.
S2 space rows of a 项目支出绩效自评表 with a 评分标准 column (train): merged
   labels written once, one to three spaces between cells, and the scoring
   rule's sentence itself holding spaces, numbers and comparators.
S3 space rows of a 部门整体支出绩效目标表 with 指标值类型 | 指标值 | 计量单位 |
   指标解释 | 评(扣)分标准 | 备注 (train): explanation sentences with spaces inside,
   formulas (=, ×, /), labels written once, no weights.
S4 bars on lines of their own (train): an HTML table saved as text where every
   cell ends its own line with `` |``, a lone ``|`` line opens each row and a run
   of bars (``||``, ``|||``) closes it; merged cells are absent.
Blind (written before any reader change, never trained on):
SB1 space rows of a 项目支出绩效自评表 with a long 指标说明 column between the
   name and the target and a 备注 column, one to three spaces between cells.
SB2 bars on lines of their own, with a level-2 label whose row has no
   indicator (经济效益指标 | | | |).

Run from the repository root: ``PYTHONPATH=. python training_data/replicas/build_rs.py``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import ROOT, Ind, gold_row, write_doc  # noqa: E402
from rc_common import flattened_entry, write_jsonl  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_s.jsonl"

LAYOUTS = {
    "s1": (
        "s1-space-rows-split-target",
        "项目绩效目标表 copied from a web page: one row a line, single spaces between cells, the header "
        "glued to the end of the 绩效指标(权重分值…) line, levels repeated on every row, target split over "
        "指标性质 / 指标方向 / 目标值 / 计量单位, empty cells gone so rows differ in length",
    ),
    "s2": (
        "s2-space-rows-scoring-rule",
        "项目支出绩效自评表 copied from a web page: one row a line, one to three spaces between cells, "
        "merged labels written once, a last 评分标准 column whose sentences hold spaces, numbers and "
        "comparators",
    ),
    "s3": (
        "s3-space-rows-explanation",
        "部门整体支出绩效目标表 copied from a web page: 指标值类型 / 指标值 / 计量单位 / 指标解释 / "
        "评(扣)分标准 / 备注 columns, explanation sentences with spaces and formulas, labels written once",
    ),
    "s4": (
        "s4-bars-own-lines",
        "HTML table saved as text with every cell on its own line ending in ' |', a lone '|' line "
        "opening each row and a run of bars closing it; merged cells absent",
    ),
}


# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------


def space_line(cells: list[str], rng: random.Random | None = None) -> str:
    """Non-empty cells joined by one space (or by one to three with ``rng``)."""
    parts = [c for c in cells if c.strip()]
    if rng is None:
        return " ".join(parts)
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += " " * rng.choice((1, 1, 1, 2, 3)) + p
    return out


def bar_lines(rows: list[list[str]], width: int) -> str:
    """Each row: a lone '|' line, one ' |'-closed line per visible cell, then a
    run of bars standing for the cells the row lacks (merged or empty)."""
    out = []
    for cells in rows:
        vis = [c for c in cells if c.strip()]
        out.append("|")
        out.extend(f"{c} |" for c in vis)
        missing = width - len(vis)
        if missing > 0:
            out.append("|" * missing)
    return "\n".join(out)


def written_once(rows: list[tuple[str, str, list[str]]]) -> list[list[str]]:
    """(l1, l2, rest) rows with each 一级/二级 label written on its first row only."""
    out, last1, last2 = [], None, None
    for l1, l2, rest in rows:
        new1 = l1 != last1
        new2 = new1 or l2 != last2
        out.append([l1 if new1 else "", l2 if new2 else "", *rest])
        last1, last2 = l1, l2
    return out


def gold(form_type: str, department: str, year: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"form_type": form_type, "department": department, "year": year, "indicators": rows}


def target_row(
    l1: str, l2: str, name: str, target: str, group: str | None, weight: float | None = None
) -> dict[str, Any]:
    ind = Ind(l1, l2, name, target, "", weight, None, status=None)
    return gold_row(ind, group)


# ----------------------------------------------------------------------------
# S1 项目绩效目标表, split target, levels on every row
# ----------------------------------------------------------------------------

S1_PROJECT = "社区文化活动中心运行经费"
S1_ROWS = [
    # l1, l2, name, 指标性质, 指标方向, 目标值, 计量单位, 分值
    ("产出指标", "数量指标", "举办公益文艺演出场次", "正向", "≥", "24", "场", "6"),
    ("产出指标", "数量指标", "开展免费培训班期数", "正向", "≥", "12", "期", "6"),
    ("产出指标", "数量指标", "培训学员人次", "正向", "≥", "900", "人次", "5"),
    ("产出指标", "质量指标", "活动安全事故发生次数", "反向", "=", "0", "", "5"),
    ("产出指标", "质量指标", "学员结业率", "正向", "≥", "85", "%", "5"),
    ("产出指标", "时效指标", "活动经费支付及时率", "正向", "=", "100", "%", "5"),
    ("产出指标", "成本指标", "单场演出平均成本", "反向", "≤", "1.2", "万元/场", "6"),
    ("产出指标", "成本指标", "年度预算总成本", "反向", "≤", "48", "万元", "6"),
    ("效益指标", "社会效益指标", "惠及社区居民人数", "正向", "≥", "30000", "人", "10"),
    ("效益指标", "社会效益指标", "基层群众文化生活改善情况", "定性", "", "明显改善", "", "10"),
    ("效益指标", "可持续影响指标", "群众文艺团队数量", "正向", "≥", "15", "支", "10"),
    ("满意度指标", "服务对象满意度指标", "参与群众满意度", "正向", "≥", "90", "%", "10"),
]


def build_s1() -> list[tuple[str, str, str, str]]:
    lines = [
        "当前位置: 首页 > 信息公开 > 预算绩效",
        f"{S1_PROJECT}项目绩效目标表",
        "发布时间:2025年03月06日 来源: 浏览次数:",
        f"{S1_PROJECT}项目绩效目标表",
        "(2025年)",
        f"项目名称 {S1_PROJECT}",
        "项目类别 (21)部门预算项目",
        "主管部门 临江市文化和旅游局",
        "实施单位 临江市群众艺术馆",
        "投入目标 (万元) 资金来源 年初安排金额(万元)",
        "资金总额 48",
        "其中: 财政拨款数 48",
        "其他资金 0",
        "年度目标 全年举办公益文艺演出不少于24场，开展免费培训班12期，丰富社区群众文化生活。",
        "绩效指标(权重分值90分,其中产出指标权重分值50分,效益指标权重分值30分,满意度指标权重分值10分)"
        " 一级指标 二级指标 三级指标 指标性质 指标方向 目标值 计量单位 分值 备注",
    ]
    rows = []
    for l1, l2, name, kind, op, value, unit, w in S1_ROWS:
        lines.append(space_line([l1, l2, name, kind, op, value, unit, w]))
        rows.append(target_row(l1, l2, name, f"{op}{value}{unit}", S1_PROJECT, float(w)))
    for r in rows:
        r["weight"] = int(r["weight"])
    lines += ["附件下载:", "【打印】【关闭】"]
    write_doc(
        "rs_01_s1_culture_split",
        "txt",
        "\n".join(lines),
        gold("target_approval", "临江市文化和旅游局", 2025, rows),
    )
    return [("rs_01_s1_culture_split", "s1", "文旅", "train")]


# ----------------------------------------------------------------------------
# S2 项目支出绩效自评表 with a 评分标准 column, labels once, 1-3 spaces
# ----------------------------------------------------------------------------

S2_PROJECT = "乡镇污水处理设施运维补助"
S2_ROWS = [
    # l1, l2, name, target, actual, weight, score, 评分标准
    (
        "产出指标（50分）",
        "数量指标",
        "运维污水处理站数量",
        "≥18座",
        "18座",
        10,
        10,
        "完成得满分， 每少1座扣1分",
    ),
    (
        "产出指标（50分）",
        "数量指标",
        "管网巡查里程",
        "≥120公里",
        "132公里",
        8,
        8,
        "达到指标值得满分 未达到按比例计分",
    ),
    (
        "产出指标（50分）",
        "质量指标",
        "出水水质达标率",
        "≥95%",
        "93.6%",
        10,
        9,
        "达标率每低1个百分点 扣0.5分",
    ),
    (
        "产出指标（50分）",
        "时效指标",
        "设施故障修复时间",
        "≤48小时",
        "36小时",
        7,
        7,
        "超时一次扣1分",
    ),
    (
        "产出指标（50分）",
        "成本指标",
        "单站年均运维成本",
        "≤6.5万元",
        "6.2万元",
        5,
        5,
        "超出成本 不得分",
    ),
    (
        "效益指标（30分）",
        "生态效益指标",
        "年削减化学需氧量",
        "≥210吨",
        "226吨",
        15,
        15,
        "按完成比例计分",
    ),
    ("效益指标（30分）", "社会效益指标", "受益农户数", "≥5200户", "5380户", 10, 10, "完成得满分"),
    (
        "效益指标（30分）",
        "可持续影响指标",
        "运维长效机制",
        "健全",
        "基本健全",
        5,
        4,
        "机制 健全得满分， 基本健全得4分",
    ),
    (
        "满意度指标（10分）",
        "服务对象满意度指标",
        "受益群众满意度",
        "≥90%",
        "92%",
        10,
        10,
        "满意度≥90%得满分， 每低1%扣0.5分",
    ),
]


def build_s2() -> list[tuple[str, str, str, str]]:
    rng = random.Random(2502)
    head = [
        "首页 > 政务公开 > 财政信息 > 绩效自评",
        "青岩县住房和城乡建设局2024年度项目支出绩效自评表",
        "项目支出绩效自评表",
        "（2024年度）",
        f"项目名称 {S2_PROJECT}",
        "主管部门 青岩县住房和城乡建设局 实施单位 青岩县村镇建设服务站",
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 120 120 117.6 10 98.00% 9.8",
        "年度总体目标 预期目标 实际完成情况",
        "保障全县18座乡镇污水处理站稳定运行，出水水质达标。 18座污水处理站全年运行，水质达标率93.6%。",
    ]
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "评分标准",
    ]
    body = written_once(
        [(r[0], r[1], [r[2], r[3], r[4], str(r[5]), str(r[6]), r[7]]) for r in S2_ROWS]
    )
    lines = head + [space_line(header, rng)] + [space_line(c, rng) for c in body]
    lines += ["总分 100 98.8", "填表人： 联系电话： 填报日期：2025年2月20日"]
    rows = [gold_row(Ind(r[0], r[1], r[2], r[3], r[4], r[5], r[6]), S2_PROJECT) for r in S2_ROWS]
    write_doc(
        "rs_02_s2_sewage_rule",
        "txt",
        "\n".join(lines),
        gold("project_self_evaluation", "青岩县住房和城乡建设局", 2024, rows),
    )
    return [("rs_02_s2_sewage_rule", "s2", "住建", "train")]


# ----------------------------------------------------------------------------
# S3 部门整体支出绩效目标表 with 指标解释 / 评(扣)分标准 / 备注
# ----------------------------------------------------------------------------

S3_ROWS = [
    # l1, l2, name, 类型, 指标值, 单位, 指标解释, 评(扣)分标准, 备注
    (
        "产出指标",
        "数量指标",
        "法律援助案件办理数量",
        "定量",
        "≥1500",
        "件",
        "反映 全年办结的法律援助案件数量",
        "完成得满分， 未完成按比例扣分",
        "",
    ),
    (
        "产出指标",
        "数量指标",
        "人民调解员培训人次",
        "定量",
        "≥600",
        "人次",
        "反映年内组织人民调解员 业务培训的人次",
        "未达指标值 酌情扣分",
        "",
    ),
    (
        "产出指标",
        "质量指标",
        "法律援助案件结案率",
        "定量",
        "≥95",
        "%",
        "结案率=结案数/受理数×100%",
        "每低1个百分点扣0.5分",
        "",
    ),
    (
        "产出指标",
        "时效指标",
        "援助申请审查办结时限",
        "定量",
        "≤7",
        "日",
        "反映 受理后作出是否给予援助决定的时限",
        "超时1件扣0.2分",
        "工作日",
    ),
    (
        "产出指标",
        "成本指标",
        "案均办案补贴",
        "定量",
        "≤1800",
        "元",
        "反映每件案件 办案补贴的平均水平",
        "超标准不得分",
        "",
    ),
    (
        "效益指标",
        "社会效益指标",
        "群众法律服务获得感",
        "定性",
        "显著提升",
        "",
        "反映 群众获得法律服务的便利程度",
        "酌情扣分",
        "",
    ),
    (
        "效益指标",
        "可持续影响指标",
        "村（社区）法律顾问覆盖率",
        "定量",
        "100",
        "%",
        "反映 村（社区）法律顾问 覆盖情况",
        "未全覆盖不得分",
        "",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "受援群众满意度",
        "定量",
        "≥92",
        "%",
        "通过回访问卷 统计",
        "低于指标值酌情扣分",
        "",
    ),
]


def build_s3() -> list[tuple[str, str, str, str]]:
    lines = [
        "湖西县司法局2025年度整体绩效目标表",
        "来源: 县司法局 发布时间: 2025-02-11 15:20 浏览次数: 3",
        "湖西县司法局2025年度整体绩效目标表",
        "部门(单位)名称 湖西县司法局",
        "*部门(单位)职责 负责全县法律援助、人民调解和公共法律服务体系建设",
        "*年度总体绩效目标 办结法律援助案件1500件以上，受援群众满意度不低于92%。",
        "绩效指标",
        space_line(
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值类型",
                "*指标值",
                "计量单位",
                "*指标解释",
                "*评(扣)分标准",
                "备注",
            ]
        ),
    ]
    body = written_once([(r[0], r[1], list(r[2:])) for r in S3_ROWS])
    lines += [space_line(c) for c in body]
    lines += ["扫一扫在手机打开当前页"]
    rows = [target_row(r[0], r[1], r[2], f"{r[4]}{r[5]}", None) for r in S3_ROWS]
    write_doc(
        "rs_03_s3_justice_explain",
        "txt",
        "\n".join(lines),
        gold("target_approval", "湖西县司法局", 2025, rows),
    )
    return [("rs_03_s3_justice_explain", "s3", "司法", "train")]


# ----------------------------------------------------------------------------
# S4 bars on lines of their own
# ----------------------------------------------------------------------------

S4_PROJECT = "城区道路扬尘治理洒水作业服务"
S4_ROWS = [
    ("产出指标", "数量指标", "洒水作业车辆配备数", "12辆"),
    ("产出指标", "数量指标", "日均洒水作业里程", "≥260公里"),
    ("产出指标", "质量指标", "作业路段降尘达标率", "≥95%"),
    ("产出指标", "时效指标", "服务合同签订时间", "2025年3月底前"),
    ("产出指标", "成本指标", "服务采购总成本", "≤310万元"),
    ("效益指标", "社会效益指标", "城区道路积尘负荷下降", "明显下降"),
    ("效益指标", "生态效益指标", "城区空气优良天数比例", "≥86%"),
    ("满意度指标", "服务对象满意度指标", "市民对道路保洁的满意度", "≥90%"),
]


def build_s4() -> list[tuple[str, str, str, str]]:
    grid = [
        ["填报单位:(盖章) 单位:万元"],
        ["项目支出名称", S4_PROJECT, "预算部门", "北川市环境卫生服务中心"],
        ["年度本级 预算金额", "310万", "该项目支出上级资金", "0"],
        ["本年度绩效目标", "采购洒水作业服务，城区主次干道每日洒水降尘，空气质量持续改善"],
        ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
    ]
    body = written_once([(l1, l2, [n, t, "计划标准"]) for l1, l2, n, t in S4_ROWS])
    grid += body
    grid.append(["财政部门审核意见", ""])
    text = "\n".join(
        [
            "北川市环境卫生服务中心2025年洒水作业服务项目支出绩效目标申报表",
            "发布时间:2025-03-18 10:02",
            "2025年项目支出绩效目标申报表",
            bar_lines(grid, 6),
            "填表人: 联系电话: 填报日期: 单位负责人签字:",
            "扫一扫在手机打开当前页",
        ]
    )
    rows = [target_row(l1, l2, n, t, S4_PROJECT) for l1, l2, n, t in S4_ROWS]
    write_doc(
        "rs_04_s4_dust_bars",
        "txt",
        text,
        gold("target_approval", "北川市环境卫生服务中心", 2025, rows),
    )
    return [("rs_04_s4_dust_bars", "s4", "城管", "train")]


# ----------------------------------------------------------------------------
# Blind: SB1 space rows with a 指标说明 column, SB2 bars on lines of their own
# ----------------------------------------------------------------------------

SB1_PROJECT = "森林防火巡护补助"
SB1_ROWS = [
    # l1, l2, name, 指标说明, target, actual, weight, score
    (
        "产出指标（50分）",
        "数量指标",
        "专职护林员巡护天数",
        "反映 护林员年度在岗巡护的天数",
        "≥300天",
        "312天",
        10,
        10,
    ),
    (
        "产出指标（50分）",
        "数量指标",
        "防火隔离带维护长度",
        "反映年内新修 及维护的隔离带长度",
        "≥45公里",
        "41公里",
        10,
        9,
    ),
    (
        "产出指标（50分）",
        "质量指标",
        "火情24小时扑灭率",
        "反映 发生火情后24小时内扑灭的比例",
        "≥98%",
        "100%",
        10,
        10,
    ),
    (
        "产出指标（50分）",
        "时效指标",
        "火情报告时间",
        "发现火情后 报告县防火办的时限",
        "≤30分钟",
        "20分钟",
        10,
        10,
    ),
    (
        "产出指标（50分）",
        "成本指标",
        "护林员人均年补助",
        "补助总额/护林员人数",
        "≤1.8万元",
        "1.8万元",
        10,
        10,
    ),
    (
        "效益指标（30分）",
        "生态效益指标",
        "森林覆盖率",
        "反映 全县森林面积占国土面积的比重",
        "≥62.5%",
        "62.8%",
        15,
        15,
    ),
    (
        "效益指标（30分）",
        "社会效益指标",
        "森林火灾受害率",
        "受害森林面积/森林总面积",
        "≤0.9‰",
        "0.3‰",
        15,
        15,
    ),
    (
        "满意度指标（10分）",
        "服务对象满意度指标",
        "林区群众满意度",
        "抽样问卷 调查",
        "≥90%",
        "91%",
        10,
        10,
    ),
]


def build_sb1() -> list[tuple[str, str, str, str]]:
    rng = random.Random(7315)
    head = [
        "网站首页 > 信息公开 > 法定主动公开内容 > 预算绩效",
        "白岩县林业和草原局2024年度森林防火巡护补助项目绩效自评表",
        "项目支出绩效自评表",
        "（2024年度）",
        f"项目名称 {SB1_PROJECT}",
        "主管部门 白岩县林业和草原局 实施单位 白岩县森林防火指挥部办公室",
        "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
        "年度资金总额 86 86 85.1 10 98.95% 9.9",
    ]
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标说明",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "备注",
    ]
    body = written_once(
        [(r[0], r[1], [r[2], r[3], r[4], r[5], str(r[6]), str(r[7]), ""]) for r in SB1_ROWS]
    )
    lines = head + [space_line(header, rng)] + [space_line(c, rng) for c in body]
    lines += ["总分 100 98.9", "注：指标说明栏为填报口径，不作为指标值。"]
    rows = [
        gold_row(Ind(r[0], r[1], r[2], r[4], r[5], r[6], r[7], status=None), SB1_PROJECT)
        for r in SB1_ROWS
    ]
    write_doc(
        "rs_b1_sb1_fireguard_note",
        "txt",
        "\n".join(lines),
        gold("project_self_evaluation", "白岩县林业和草原局", 2024, rows),
    )
    return [("rs_b1_sb1_fireguard_note", "s2", "林草", "blind")]


SB2_PROJECT = "农村集中供水工程维修养护"
SB2_ROWS = [
    ("产出指标", "数量指标", "维修养护集中供水工程处数", "≥36处"),
    ("产出指标", "质量指标", "维修工程验收合格率", "100%"),
    ("产出指标", "质量指标", "出厂水水质检测合格率", "≥92%"),
    ("产出指标", "时效指标", "维修养护完成时间", "2025年10月底前"),
    ("产出指标", "成本指标", "单处平均维修费用", "≤3.5万元"),
    ("效益指标", "经济效益指标", "", ""),
    ("效益指标", "社会效益指标", "农村自来水普及率", "≥96%"),
    ("效益指标", "可持续影响指标", "工程良性运行年限", "≥10年"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥92%"),
]


def build_sb2() -> list[tuple[str, str, str, str]]:
    grid = [
        ["填报单位:(盖章) 单位:万元"],
        ["项目支出名称", SB2_PROJECT, "预算部门", "东坪县水利局"],
        ["年度本级 预算金额", "126万", "该项目支出上级资金", "40"],
        ["本年度绩效目标", "完成36处农村集中供水工程维修养护，保障农村群众饮水安全"],
        ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "备注"],
    ]
    grid += written_once([(l1, l2, [n, t]) for l1, l2, n, t in SB2_ROWS])
    grid.append(["财政部门审核意见", ""])
    text = "\n".join(
        [
            "东坪县水利局2025年农村集中供水工程维修养护项目支出绩效目标申报表",
            "东坪县人民政府门户网站 发布时间:2025-04-02 16:40",
            bar_lines(grid, 6),
            "填表人: 联系电话: 填报日期:",
            "相关解读",
        ]
    )
    rows = [target_row(l1, l2, n, t, SB2_PROJECT) for l1, l2, n, t in SB2_ROWS if n]
    write_doc(
        "rs_b2_sb2_water_bars",
        "txt",
        text,
        gold("target_approval", "东坪县水利局", 2025, rows),
    )
    return [("rs_b2_sb2_water_bars", "s4", "水利", "blind")]


def main() -> None:
    entries = []
    built = build_s1() + build_s2() + build_s3() + build_s4() + build_sb1() + build_sb2()
    for stem, key, sector, split in built:
        layout, desc = LAYOUTS[key]
        entries.append(flattened_entry(stem, layout, sector, split, desc))
    write_jsonl(MANIFEST, entries)


if __name__ == "__main__":
    main()
