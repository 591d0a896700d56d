"""Corpus c: the damaged text users actually paste (issues 10 and 17).

C1 fused cells (blind): table cells with no separator, neighbouring numbers
   run together (``10≥24个24个10``), after a title, a unit line and a budget block.
C2 OCR-damaged flattened text (train): one line or a few lines as OCR of a scan
   gives them: ≥ read as 2/$/工/^, ≤ as W/<, 已完成 as 已先成, 元 as 兀, O/l in
   numbers, score digits fused into values, stray spaces inside words.
C3 traditional characters (train): a table as text, an HTML page with mixed
   繁/简 cells, a narrative section; converted with OpenCC as conversion sites do.
C4 scrambled reading order (blind): text as a PDF viewer copies a ruled table
   with wrapped cells (wrapped lines of neighbouring cells interleaved).

All content (departments, projects, indicators, numbers) is invented. Run from
anywhere: ``PYTHONPATH=. .venv/bin/python training_data/replicas/build_rc.py``.
"""

from __future__ import annotations

import json
import re
import sys
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import opencc  # noqa: E402
from rb_common import (  # noqa: E402
    DOCS,
    GOLD,
    Grid,
    ProjectForm,
    check_values,
    gold_value,
    is_indicator,
    norm_level,
    parse_rows,
    project_grid,
    tab_text,
    write_doc,
)
from rc_common import (  # noqa: E402
    DeptForm,
    Ocr,
    check_gold_in_doc,
    damaged_value,
    dept_grid,
    form_gold,
    fused_rows,
    hard_wrap,
    viewer_text,
    write_manifest,
)

LAYOUTS = {
    "c1": (
        "c1-fused-cells",
        "blind",
        "flattened",
        "fused text as some converters give a table: each row's cells run together with no separator, so "
        "weight, target, actual and score fuse (10≥24个24个10); title, unit line and budget block before it",
    ),
    "c2": (
        "c2-ocr-flattened",
        "train",
        "flattened",
        "OCR of a scanned form flattened to one or a few lines: ≥ read as 2/$/工/^, ≤ as W/<, 已完成 as 已先成, "
        "元 as 兀, O/l inside numbers, score digits fused into values, stray spaces inside words; gold text as "
        "written (damaged), value/op/unit the meaning",
    ),
    "c3": (
        "c3-traditional",
        "train",
        None,
        "report in traditional characters (OpenCC s2t/s2tw as conversion sites leave it, or cells mixing 繁/简): "
        "texts, units and department as written in 繁體, level1/level2 the contract's simplified names",
    ),
    "c4": (
        "c4-scrambled-order",
        "blind",
        "flattened",
        "text copied out of a PDF viewer from a ruled table with wrapped cells: a cell's wrapped lines land "
        "before and after the neighbouring cells' line (name's second line after the values; two wrapped "
        "columns' lines alternate), space or tab separated, page footers",
    ),
}

# =============================================================================
# C1 fused cells
# =============================================================================

WEATHER = ProjectForm(
    project="人工影响天气作业保障项目",
    supervisor="青峪县气象局",
    implementer="青峪县人工影响天气服务中心",
    year=2023,
    budget=(86, 92.5, 90.8),
    budget_score=9.82,
    goal="开展春季抗旱和夏季防雹人工影响天气作业，维护作业装备，保障作业安全。",
    goal_done="全年实施增雨防雹作业57次，作业点装备年检全部合格，未发生作业安全事故。",
    inds=parse_rows("""
产出指标（50分）|数量指标|增雨防雹作业次数|≥50次|57次|10|10|
|数量指标|标准化作业点维护数量|12个|12个|10|10|
|质量指标|作业装备年检合格率|100%|100%|10|10|
|时效指标|作业申请批复响应时间|≤10分钟|8分钟|10|10|
|成本指标|单次作业平均弹药成本|≤0.6万元|0.58万元|10|10|
效益指标（30分）|经济效益指标|减少冰雹灾害农作物损失|≥300万元|达成预期指标|10|10|
|社会效益指标|作业安全事故发生次数|0次|0次|10|10|
|生态效益指标|水库蓄水增加量|≥150万立方米|138万立方米|10|9.2|降水天气过程少于往年，可作业条件不足；下年增加作业点布设
满意度指标（10分）|服务对象满意度指标|种植户满意度|≥90%|93.6%|10|10|
"""),
)

STATS = DeptForm(
    department="白沙河区统计局",
    year=2022,
    budget=(412.6, 436.2, 428.9),
    budget_score=9.83,
    goal="完成常规统计调查和第五次全国经济普查前期准备，提高统计数据质量，按时发布统计信息。",
    goal_done="完成各项统计报表任务，经济普查单位清查前期工作就绪，统计信息均按时发布。",
    inds=parse_rows("""
产出指标|数量指标|完成常规统计调查专业报表|≥28项|28项|8|8|
|数量指标|开展统计执法检查|≥6次|6次|6|6|
|数量指标|编印统计年鉴及资料|≥2册|2册|6|6|
|质量指标|统计数据差错率|≤0.5%|0.3%|8|8|
|质量指标|联网直报单位上报率|≥98%|99.2%|8|8|
|时效指标|统计信息按时发布率|100%|100%|8|8|
|成本指标|部门运行经费控制|≤436.2万元|428.9万元|6|6|
效益指标|社会效益指标|统计数据社会公开数量|≥40条|46条|15|15|
|可持续影响指标|统计基层基础规范化建设|持续推进|达成预期指标|15|15|
满意度指标|服务对象满意度指标|数据使用单位满意度|≥90%|88.5%|10|8.5|部分单位对数据发布频次有更高要求；下年增加季度分析发布
"""),
)

GRAIN = ProjectForm(
    project="县级储备粮轮换及保管费用补贴项目",
    supervisor="陇川县发展和改革局",
    implementer="陇川县粮食储备中心库",
    year=2024,
    budget=(365, 365, 352.4),
    budget_score=9.65,
    goal="完成县级储备粮年度轮换，保证库存数量真实、质量良好、储存安全。",
    goal_done="轮换储备粮4200吨，库存粮食质量达标率100%，全年无储粮安全事故。",
    inds=parse_rows("""
产出指标(50分)|数量指标|储备粮轮换数量|4200吨|4200吨|10|10|
|数量指标|库存粮食数量|≥8000吨|8050吨|10|10|
|质量指标|库存粮食质量达标率|100%|100%|10|10|
|质量指标|储存品质宜存率|≥95%|97.5%|5|5|
|时效指标|轮换出入库完成时间|2024年11月30日前|2024年11月26日|5|5|
|成本指标|每吨年保管费用补贴|≤90元|86元|10|10|
效益指标(30分)|社会效益指标|储粮安全事故次数|0次|0次|10|10|
|经济效益指标|轮换价差亏损控制|≤35万元|31.6万元|10|10|
|可持续影响指标|粮食应急保障能力|持续增强|达成预期指标|10|10|
满意度指标(10分)|服务对象满意度指标|承储企业满意度|≥90%|95%|10|10|
"""),
)


def build_c1() -> list[tuple[str, str, str, str]]:
    out = []
    # rc_01: title line, unit line, budget block, indicator rows; one table row a line, cells fused
    lines = fused_rows(project_grid(WEATHER))
    text = "\n".join([lines[0], lines[1], "单位：万元", *lines[2:]])
    write_doc("rc_01_c1_fused_weather", "txt", text, form_gold(WEATHER))
    out.append(("rc_01_c1_fused_weather", "c1", "气象", "txt"))

    # rc_02: department form, weight before target (三级指标|分值|年度指标值|实际完成值|得分)
    lines = fused_rows(dept_grid(STATS))
    text = "\n".join(
        [
            "附件1",
            *lines[:2],
            "填报单位：白沙河区统计局（盖章）                 金额单位：万元",
            *lines[2:],
            "填表人：赵敏 联系电话：0871-6602xxxx 填报日期：2023年3月14日",
        ]
    )
    write_doc("rc_02_c1_fused_stats", "txt", text, form_gold(STATS))
    out.append(("rc_02_c1_fused_stats", "c1", "统计", "txt"))

    # rc_03: converter that also hard-wraps at a fixed width, with site chrome around
    lines = fused_rows(project_grid(GRAIN))
    body = hard_wrap(lines[:2] + ["（金额单位：万元）"] + lines[2:], 38)
    text = "\n".join(
        [
            "首页 > 信息公开 > 法定主动公开内容 > 财政资金 > 绩效评价",
            "陇川县发展和改革局2024年度项目支出绩效自评表",
            "发布时间：2025-04-18 来源：陇川县发展和改革局 浏览次数：",
            "",
            *body,
            "",
            "上一篇：陇川县发展和改革局2024年度部门决算公开",
            "下一篇：无",
        ]
    )
    write_doc("rc_03_c1_fused_grain", "txt", text, form_gold(GRAIN))
    out.append(("rc_03_c1_fused_grain", "c1", "发展改革", "txt"))
    return out


# =============================================================================
# C2 OCR-damaged flattened text
# =============================================================================

ARCHIVES = ProjectForm(
    project="馆藏档案数字化加工项目",
    supervisor="临河市档案馆",
    implementer="临河市档案馆",
    year=2023,
    budget=(150, 150, 148.2),
    budget_score=9.88,
    goal="完成馆藏重点档案数字化扫描和著录，建设数字档案资源库，提升档案利用服务水平。",
    goal_done="完成档案数字化扫描102万页、条目著录21.5万条，数字档案资源库上线运行。",
    inds=parse_rows("""
产出指标（50分）|数量指标|档案数字化扫描页数|≥100万页|102万页|15|15|
|数量指标|档案条目著录数量|≥20万条|21.5万条|10|10|
|质量指标|数字化成果验收合格率|≥99%|99.6%|10|10|
|时效指标|项目完成时间|2023年11月底前|2023年11月20日|5|5|
|成本指标|每页扫描加工成本|≤1.2元|1.1元|10|10|
效益指标（30分）|社会效益指标|年度档案查阅利用人次|≥6000人次|6420人次|15|15|
|可持续影响指标|数字档案资源长期保存|安全可靠|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|档案查阅群众满意度|≥95%|97.1%|10|10|
"""),
)

RADIO = ProjectForm(
    project="农村应急广播体系运维项目",
    supervisor="雁门县文化广电和旅游局",
    implementer="雁门县融媒体中心",
    year=2022,
    budget=(108, 108, 101.7),
    budget_score=9.42,
    goal="维护县乡村三级应急广播终端，保障应急信息及时播发，终端在线率不低于95%。",
    goal_done="维护应急广播终端1860个，终端在线率96.4%，全年播发应急信息312条。",
    header=(
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "完成情况",
    ),
    inds=parse_rows("""
产出指标|数量指标|维护应急广播终端数量|≥1800个|1860个|8|8|已完成
|数量指标|播发应急信息条数|≥300条|312条|8|8|已完成
|质量指标|终端在线率|≥95%|96.4%|8|8|已完成
|质量指标|故障终端修复率|≥98%|96.5%|8|6|部分完成
|时效指标|故障响应时间|≤24小时|20小时|8|8|已完成
|成本指标|单个终端年均运维费用|≤550元|536元|10|10|已完成
效益指标|社会效益指标|应急广播行政村覆盖率|100%|100%|15|15|已完成
|社会效益指标|因灾预警信息漏发次数|0次|1次|15|10|未完成
满意度指标|服务对象满意度指标|村民收听满意度|≥90%|92%|10|10|已完成
"""),
)
# the status column is the claim; the deviation column is not in this form
for _i in RADIO.inds:
    _i.status = {"已完成": "completed", "部分完成": "partial", "未完成": "not_completed"}[_i.dev]

AIRDEF = DeptForm(
    department="南屏市人民防空办公室",
    year=2024,
    budget=(268.4, 275, 266.1),
    budget_score=9.68,
    goal="维护人防警报器和指挥通信系统，开展防空警报试鸣和人防宣传教育，规范人防工程管理。",
    goal_done="维护警报器136台，组织防空警报试鸣1次，开展人防宣传进社区活动42场。",
    inds=parse_rows("""
产出指标|数量指标|人防警报器维护数量|≥130台|136台|8|8|
|数量指标|人防宣传进社区活动场次|≥40场|42场|6|6|
|数量指标|人防工程检查数量|≥60处|61处|6|6|
|质量指标|警报器鸣响率|≥98%|99.3%|8|8|
|质量指标|指挥通信系统完好率|≥95%|96%|6|6|
|时效指标|防空警报试鸣组织时间|9月18日|9月18日|6|6|
|成本指标|单台警报器维护费用|≤1600元|1480元|10|10|
效益指标|社会效益指标|市民人防知识知晓率|≥80%|83.5%|15|15|
|可持续影响指标|人防工程平时利用率|≥70%|66%|15|12|部分工程位于老旧小区，改造滞后；下年推进平战结合改造
满意度指标|服务对象满意度指标|社区居民满意度|≥90%|94.2%|10|10|
"""),
)


def ocr_form(
    g: Grid, inds: list[Any], ocr: Ocr, fuse_rows: set[int], name_space: float
) -> tuple[str, dict[int, dict[str, str]]]:
    """The grid as OCR gives it flattened: cells by single spaces, each cell
    damaged; in ``fuse_rows`` (indicator index) the actual and the weight run
    together. Returns the text and, per indicator, the damaged cells."""
    by_name = {i.name: k for k, i in enumerate(inds) if is_indicator(i)}
    damaged: dict[int, dict[str, str]] = {}
    parts: list[str] = []
    for row in g.cells():
        cells = [(c, t.replace("\n", "")) for c, t in row if t.strip()]
        names = [t for _, t in cells if t in by_name]
        k = by_name[names[0]] if names else None
        toks: list[str] = []
        for _c, t in cells:
            if k is not None and t == inds[k].name:
                d = ocr.words(t, name_space)
                damaged.setdefault(k, {})["name"] = d
                toks.append(d)
            elif (
                k is not None
                and t in (inds[k].target, inds[k].actual)
                and "name" in damaged.get(k, {})
            ):
                d = ocr.value(t)
                slot = "target" if t == inds[k].target and "target" not in damaged[k] else "actual"
                damaged[k][slot] = d
                if slot == "actual" and k in fuse_rows:
                    toks.append(d + "\x00")  # the next token (the weight) fuses onto it
                else:
                    toks.append(d)
            elif re.fullmatch(r"[\d.%]+", t):
                toks.append(ocr.digits(t))
            else:
                toks.append(ocr.words(t, 0.15) if len(t) > 4 else t)
        parts.extend(toks)
    text = " ".join(parts).replace("\x00 ", "")
    return text, damaged


def ocr_gold(f: ProjectForm | DeptForm, damaged: dict[int, dict[str, str]]) -> dict[str, Any]:
    gd = form_gold(f)
    rows = [k for k, i in enumerate(f.inds) if is_indicator(i)]
    for row, k in zip(gd["indicators"], rows, strict=True):
        d = damaged[k]
        row["name"] = d["name"]
        row["target"] = damaged_value(row["target"], d.get("target"))
        row["actual"] = damaged_value(row["actual"], d.get("actual"))
    return gd


def wrap_words(text: str, width: int) -> str:
    """OCR lines: break at the space nearest before ``width`` characters."""
    out, line = [], ""
    for tok in text.split(" "):
        if line and len(line) + 1 + len(tok) > width:
            out.append(line)
            line = tok
        else:
            line = f"{line} {tok}" if line else tok
    out.append(line)
    return "\n".join(out)


def build_c2() -> list[tuple[str, str, str, str]]:
    out = []
    # rc_04: one line, every ≥ reading, fused score digits in three rows
    ocr = Ocr(404)
    text, dmg = ocr_form(project_grid(ARCHIVES), ARCHIVES.inds, ocr, {0, 4, 7}, 0.4)
    write_doc("rc_04_c2_ocr_archives", "txt", "附件\n" + text, ocr_gold(ARCHIVES, dmg))
    out.append(("rc_04_c2_ocr_archives", "c2", "档案", "txt"))

    # rc_05: a few OCR lines, a 完成情况 status column (已先成, 部分先成, 未先成)
    ocr = Ocr(505, ge=("2", "工", "$"))
    text, dmg = ocr_form(project_grid(RADIO), RADIO.inds, ocr, {1, 3, 7}, 0.3)
    text = text.replace("已完成", "已先成").replace("部分完成", "部分先成")
    gd = ocr_gold(RADIO, dmg)
    for row in gd["indicators"]:
        row["deviation"] = None  # the last column is the status claim, not a deviation
    write_doc("rc_05_c2_ocr_radio", "txt", wrap_words(text, 72) + "\n第 1 页", gd)
    out.append(("rc_05_c2_ocr_radio", "c2", "广电", "txt"))

    # rc_06: department form (weight before target), scanned with 元→兀 and ≤→W/<
    ocr = Ocr(606, ge=("^", "2", "$"), p_digit=0.35)
    text, dmg = ocr_form(dept_grid(AIRDEF), AIRDEF.inds, ocr, set(), 0.35)
    write_doc(
        "rc_06_c2_ocr_airdef",
        "txt",
        "扫描件识别结果\n" + wrap_words(text, 110),
        ocr_gold(AIRDEF, dmg),
    )
    out.append(("rc_06_c2_ocr_airdef", "c2", "人防", "txt"))
    return out


# =============================================================================
# C3 traditional characters
# =============================================================================

S2T = opencc.OpenCC("s2t")
S2TW = opencc.OpenCC("s2tw")

OVERSEAS = ProjectForm(
    project="华侨权益保护及归侨侨眷帮扶项目",
    supervisor="东江市人民政府侨务办公室",
    implementer="东江市归国华侨联合会",
    year=2023,
    budget=(72, 72, 70.6),
    budget_score=9.81,
    goal="走访慰问困难归侨侨眷，开展涉侨法律咨询服务，维护华侨合法权益。",
    goal_done="走访慰问困难归侨侨眷386户，办理涉侨咨询及投诉142件，办结率100%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|走访慰问困难归侨侨眷户数|≥380户|386户|10|10|
|数量指标|涉侨法律咨询服务场次|≥12场|12场|10|10|
|质量指标|涉侨投诉办结率|100%|100%|10|10|
|时效指标|慰问金发放时间|春节前|春节前|10|10|
|成本指标|户均慰问标准|0.1万元|0.1万元|10|10|
效益指标（30分）|社会效益指标|归侨侨眷生活困难问题解决率|≥90%|92.4%|15|15|
|可持续影响指标|为侨服务长效机制|不断完善|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|归侨侨眷满意度|≥95%|96.8%|10|10|
"""),
)
OVERSEAS.inds[3].tgold = OVERSEAS.inds[3].agold = {
    "text": "春节前",
    "kind": "deadline",
    "op": None,
    "value": None,
    "upper": None,
    "unit": None,
    "alt": [
        {
            "text": "春节前",
            "kind": "qualitative",
            "op": None,
            "value": None,
            "upper": None,
            "unit": None,
        }
    ],
}

FISHERY = ProjectForm(
    project="近海渔业资源增殖放流项目",
    supervisor="海安县海洋与渔业局",
    implementer="海安县水产技术推广站",
    year=2022,
    budget=(210, 210, 204.5),
    budget_score=9.74,
    goal="在近海海域开展苗种增殖放流，养护渔业资源，带动渔民增收。",
    goal_done="放流各类苗种3250万尾，放流苗种检验检疫合格率100%，渔民人均增收约860元。",
    inds=parse_rows("""
产出指标|数量指标|增殖放流苗种数量|≥3000万尾|3250万尾|15|15|
|数量指标|放流活动场次|≥8场|7场|5|4|一场放流因台风取消，苗种并入其他场次放流
|质量指标|放流苗种检验检疫合格率|100%|100%|10|10|
|时效指标|放流完成时间|2022年8月31日前|2022年8月26日|10|10|
|成本指标|项目总成本|≤210万元|204.5万元|10|10|
效益指标|经济效益指标|渔民人均增收|≥800元|860元|10|10|
|生态效益指标|放流海域渔业资源量|逐步恢复|逐步恢复|10|10|
|社会效益指标|公众参与放流人次|≥2000人次|2360人次|10|10|
满意度指标|服务对象满意度指标|渔民满意度|≥90%|93.5%|10|10|
"""),
)


def trad_gold(f: ProjectForm, conv: Any) -> dict[str, Any]:
    """Gold from the simplified content, its written texts passed through the
    same conversion as the document (levels stay the contract's names)."""
    gd = form_gold(f)
    gd["department"] = conv(f.supervisor)
    for row in gd["indicators"]:
        row["group"] = conv(row["group"]) if row["group"] else None
        for key in ("name", "deviation"):
            if row[key]:
                row[key] = conv(row[key])
        for key in ("target", "actual"):
            v = row[key]
            if v["text"]:
                t = conv(v["text"])
                converted = t != v["text"]
                v["text"] = t
                if v.get("unit") and converted:
                    v["unit"] = S2T.convert(v["unit"])
                    assert v["unit"] in t, (t, v)
                for a in v.get("alt", []):
                    a["text"] = t
    return gd


def mixed(text: str) -> str:
    """A conversion site that converts some cells and leaves others: by a
    stable hash of the cell, about two cells in three become traditional."""
    h = sum(ord(c) for c in text)
    return text if h % 3 == 0 else S2T.convert(text)


def html_table(g: Grid, conv: Any) -> str:
    rows = []
    cov = g.covered()
    spans = {(r, c): (rs, cs) for r, c, rs, cs in g.merges}
    for r, row in enumerate(g.padded()):
        tds = []
        for c, t in enumerate(row):
            if (r, c) in cov:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attr = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            body = escape(conv(t)).replace("\n", "<br>") if t else "&nbsp;"
            tds.append(f"<td{attr}><p>{body}</p></td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="0">\n' + "\n".join(rows) + "\n</table>"


# narrative (自评报告 section); each indicator: (level1, level2, name, target, actual, claim, deviation)
COOP_INDS = [
    ("产出指标", "数量指标", "新建村级综合服务社", "≥25个", "27个", "completed", None),
    ("产出指标", "数量指标", "培训农村电商带头人", "≥300人次", "326人次", "completed", None),
    (
        "产出指标",
        "数量指标",
        "农资配送网点覆盖乡镇",
        "≥12个",
        "11个",
        "not_completed",
        "柳溪乡配送网点选址调整，建设延至次年一季度",
    ),
    ("产出指标", "质量指标", "农资商品抽检合格率", "≥98%", "99.1%", "completed", None),
    (
        "产出指标",
        "时效指标",
        "项目建设完成时间",
        "2023年10月底前",
        "2023年10月25日",
        "completed",
        None,
    ),
    ("产出指标", "成本指标", "项目总投资", "≤180万元", "176.3万元", "completed", None),
    ("效益指标", "经济效益指标", "农产品线上销售额", "≥1500万元", "1620万元", "completed", None),
    ("效益指标", "社会效益指标", "带动农户就业人数", "≥400人", "438人", "completed", None),
    ("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "94.6%", "completed", None),
]


def coop_narrative() -> tuple[str, dict[str, Any]]:
    """A 自评报告 section in simplified, converted whole (s2tw) afterwards."""
    cn = "一二三四五六七八九"
    lines = [
        "清平县供销合作社联合社2023年度农村综合服务体系建设项目绩效自评报告",
        "",
        "一、项目基本情况",
        "项目年初预算180万元，全年执行176.3万元，预算执行率97.94%。项目由县供销合作社联合社组织实施，"
        "主要建设村级综合服务社、农资配送网点和农村电商服务站。",
        "",
        "二、绩效目标完成情况分析",
    ]
    l1_done: list[str] = []
    rows = []
    n2 = 0
    for l1, l2, name, tgt, act, claim, dev in COOP_INDS:
        if l1 not in l1_done:
            l1_done.append(l1)
            lines.append(f"（{cn[len(l1_done) - 1]}）{l1}完成情况。")
            n2 = 0
        n2 += 1
        claim_text = {"completed": "完成目标值", "not_completed": "未完成目标值"}[claim]
        s = f"{n2}.{l2}：{name}，年度目标值{tgt}，实际完成{act}，{claim_text}。"
        if dev:
            s += f"偏差原因：{dev}。"
        lines.append(s)
        tg, ag = gold_value(tgt), gold_value(act)
        rows.append(
            {
                "group": None,
                "level1": norm_level(l1, 1),
                "level2": norm_level(l2, 2),
                "name": name,
                "target": tg,
                "actual": ag,
                "status": claim,
                "deviation": dev,
            }
        )
    lines += [
        "",
        "三、存在的问题及改进措施",
        "部分村级服务社经营能力不足，2个服务社年营业额低于20万元。下一步将加强业务培训，"
        "推动服务社与县级配送中心统一采购。",
    ]
    text = S2TW.convert("\n".join(lines))
    gd = {
        "form_type": "evaluation_report",
        "department": S2TW.convert("清平县供销合作社联合社"),
        "year": 2023,
        "indicators": rows,
    }
    for r in rows:
        r["name"] = S2TW.convert(r["name"])
        if r["deviation"]:
            r["deviation"] = S2TW.convert(r["deviation"])
        for key in ("target", "actual"):
            v = r[key]
            v["text"] = S2TW.convert(v["text"])
            if v.get("unit"):
                v["unit"] = S2TW.convert(v["unit"])
    return text, gd


def build_c3() -> list[tuple[str, str, str, str]]:
    out = []
    # rc_07: the form as tab-separated text, converted whole (s2t)
    text = S2T.convert(tab_text(project_grid(OVERSEAS)))
    write_doc("rc_07_c3_trad_overseas", "txt", text, trad_gold(OVERSEAS, S2T.convert))
    out.append(("rc_07_c3_trad_overseas", "c3", "侨务", "txt", "table"))

    # rc_08: saved web page, page chrome converted, table cells converted unevenly
    g = project_grid(FISHERY)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{S2T.convert("海安县海洋与渔业局2022年度项目支出绩效自评表")}</title></head>
<body>
<div class="nav">{S2T.convert("首页 > 政务公开 > 财政信息 > 绩效评价")}</div>
<div class="zoom">【繁體】【简体】 {S2T.convert("字号：大 中 小")}</div>
<h2>{S2T.convert("海安县海洋与渔业局2022年度近海渔业资源增殖放流项目支出绩效自评表")}</h2>
<p>{S2T.convert("发布日期：2023-05-09　来源：海安县海洋与渔业局")}</p>
{html_table(g, mixed)}
<p>{S2T.convert("注：本表金额单位为万元。")}</p>
<div class="foot">{S2T.convert("主办单位：海安县人民政府办公室　网站标识码：3210000012")}</div>
</body></html>
"""
    write_doc("rc_08_c3_mixed_fishery", "html", page, trad_gold(FISHERY, mixed))
    out.append(("rc_08_c3_mixed_fishery", "c3", "海洋渔业", "html", "table"))

    # rc_09: narrative section, converted whole (s2tw)
    text, gd = coop_narrative()
    write_doc("rc_09_c3_trad_coop", "txt", text, gd)
    out.append(("rc_09_c3_trad_coop", "c3", "供销合作", "txt", "narrative"))
    return out


# =============================================================================
# C4 scrambled reading order
# =============================================================================

QUAKE = ProjectForm(
    project="地震监测台网运行维护项目",
    supervisor="岷山市地震局",
    implementer="岷山市地震监测中心",
    year=2023,
    budget=(132, 132, 129.6),
    budget_score=9.82,
    goal="保障全市地震监测台站和预警终端稳定运行，地震速报及时准确。",
    goal_done="维护监测台站24个、预警信息发布终端318台，地震速报平均用时8分钟。",
    inds=parse_rows("""
产出指标（50分）|数量指标|地震监测台站运行维护数量|≥24个|24个|10|10|
|数量指标|地震预警信息发布终端维护数量|≥300台|318台|10|10|
|质量指标|监测数据实时传输率|≥98%|97.1%|10|8|部分台站通信链路老化导致数据中断，已申请更换光纤链路
|时效指标|地震自动速报平均用时|≤10分钟|8分钟|10|10|
|成本指标|单个台站年均运维费用|≤4.5万元|4.32万元|10|10|
效益指标（30分）|社会效益指标|地震预警信息公众覆盖率|≥85%|88.3%|15|15|
|可持续影响指标|地震监测能力|持续提升|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|社会公众满意度|≥90%|92.7%|10|10|
"""),
)

OFFICES = DeptForm(
    department="江口市机关事务管理局",
    year=2024,
    budget=(1586.3, 1620.5, 1597.2),
    budget_score=9.86,
    goal="保障市级机关办公用房、公务用车和公共机构节能管理，降低机关运行成本。",
    goal_done="完成办公用房维修改造11处，公务用车平台派车4126次，公共机构人均能耗下降2.1%。",
    inds=parse_rows("""
产出指标|数量指标|市级机关办公用房维修改造项目数量|≥10处|11处|10|10|
|数量指标|公务用车服务平台年度派车次数|≥4000次|4126次|8|8|
|质量指标|办公用房维修工程验收合格率|100%|100%|8|8|
|质量指标|公共机构节能考核达标单位比例|≥95%|96.7%|8|8|
|时效指标|公务用车派车响应时间|≤30分钟|25分钟|6|6|
|成本指标|机关运行经费较上年压减比例|≥5%|5.8%|10|10|
效益指标|经济效益指标|公共机构人均综合能耗下降率|≥2%|2.1%|15|15|
|社会效益指标|机关后勤服务保障能力|稳步提升|达成预期指标|15|15|
满意度指标|服务对象满意度指标|市级机关干部职工对后勤保障服务满意度|≥90%|91.5%|10|10|
"""),
)

WOMEN = ProjectForm(
    project="妇女儿童关爱服务及家庭教育指导项目",
    supervisor="桂溪县妇女联合会",
    implementer="桂溪县妇女儿童活动中心",
    year=2022,
    budget=(64, 68, 66.3),
    budget_score=9.75,
    goal="开展困境妇女儿童走访关爱和家庭教育指导服务，建设儿童之家，维护妇女儿童合法权益。",
    goal_done="走访关爱困境妇女儿童1125人次，开展家庭教育指导讲座52场，新建儿童之家9个。",
    inds=parse_rows("""
产出指标|数量指标|走访关爱困境妇女儿童人次|≥1100人次|1125人次|10|10|
|数量指标|家庭教育指导讲座场次|≥50场|52场|10|10|
|数量指标|新建乡镇及村（社区）儿童之家数量|≥10个|9个|10|8|一个村儿童之家场地因村委会搬迁未落实，已调整至下年度建设
|质量指标|妇女儿童维权信访案件按期办结率|100%|100%|10|10|
|时效指标|关爱慰问资金发放时间|2022年12月31日前|2022年12月20日|10|10|
效益指标|社会效益指标|家庭教育指导服务覆盖中小学幼儿园比例|≥80%|84.6%|15|15|
|可持续影响指标|妇女儿童关爱服务长效机制建设|不断健全|不断健全|15|15|
满意度指标|服务对象满意度指标|服务对象（妇女儿童及家长）满意度|≥90%|95.3%|10|10|
"""),
)


def build_c4() -> list[tuple[str, str, str, str]]:
    out = []
    text = viewer_text([project_grid(QUAKE)], font_size=9)
    write_doc("rc_10_c4_scrambled_quake", "txt", text, form_gold(QUAKE))
    out.append(("rc_10_c4_scrambled_quake", "c4", "地震", "txt"))

    text = viewer_text([dept_grid(OFFICES)], font_size=10, tabs=True)
    write_doc("rc_11_c4_scrambled_offices", "txt", text, form_gold(OFFICES))
    out.append(("rc_11_c4_scrambled_offices", "c4", "机关事务", "txt"))

    text = viewer_text(
        ["附件2", project_grid(WOMEN)],
        font_size=10,
        footer=lambda i, n: f"第 {i} 页，共 {n} 页",
    )
    write_doc("rc_12_c4_scrambled_women", "txt", text, form_gold(WOMEN))
    out.append(("rc_12_c4_scrambled_women", "c4", "妇联", "txt"))
    return out


def main() -> None:
    entries = []
    built = build_c1() + build_c2() + build_c3() + build_c4()
    for b in built:
        stem, key, sector, ext = b[:4]
        layout, split, kind, desc = LAYOUTS[key]
        entries.append(
            {
                "doc": stem,
                "layout": layout,
                "kind": kind or b[4],
                "sector": sector,
                "origin": "replica",
                "split": split,
                "format": ext,
                "description": desc,
            }
        )
        if key != "c4":  # c4 names are split across lines by design
            path = DOCS / f"{stem}.{ext}"
            raw = path.read_text(encoding="utf-8")
            if ext == "html":
                raw = re.sub(r"<br>", "", raw)
            check_gold_in_doc(stem, raw)
    write_manifest(entries)
    check_values(
        [
            json.loads((GOLD / f"{e['doc']}.json").read_text(encoding="utf-8"))
            for e in entries
            if e["layout"] != "c2-ocr-flattened"
        ]
    )


if __name__ == "__main__":
    main()
