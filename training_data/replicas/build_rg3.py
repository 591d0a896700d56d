"""Corpus g3: a whole web page glued into one paragraph, the form inside it.

Shape seen in published pages read through the ``pages`` corpus (content here
is invented, only the structure and damage are kept): the page lost every
line break and every cell separator, so the announcement prose (who collected
opinions, a telephone number, the attachment's name, the date), the form's
head (项目名称, 项目负责人及电话, 主管部门, 实施单位), the budget block, the goal
sentences, the indicator header, every indicator row, the 总分 row and the
notes under the form (分值 rules with percentages and ranges) run together
with no separator anywhere. Unlike corpus g, no line break sets the table
apart from the prose around it.

G3 (rg_05, rg_06 train; rg_b3 blind): a 项目绩效目标自评表 with 分值 before
   the 年度指标值 (``数量指标新建监测站点10≥12个12个10``) or after the actual
   (06), targets and actuals both with units, ASCII or full-width
   punctuation, a page head of notice prose (05, b3) or a document-site
   blurb (06), notes after the 总分 row.
G3w (rg_07 train; rg_b4 blind): a Word form on a document site, glued, but
   each wrapped cell line joined back by a space (``质量 指标``, ``县级储备粮管理制
   度严格执行率``, ``产 出 指 标``), no 分值/得分 columns, the page cut into
   numbered snippets (``1、`` ``2、``) mid-row.

The blind documents (rg_b3, rg_b4) were written before any change for their
shape; their first-run figures are in ``FIGURES.md``.

Run: ``PYTHONPATH=. .venv/bin/python training_data/replicas/build_rg3.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import ROOT, Ind, fmt, gold_row, is_indicator, parse_rows, write_doc  # noqa: E402
from rc_common import flattened_entry, write_jsonl  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_g3.jsonl"

LAYOUT = (
    "g3-glued-whole-page",
    "a whole web page glued into one paragraph: notice prose (contact, telephone, attachment "
    "name, date), form head, budget block, goal sentences, indicator header, rows (分值 before "
    "or after the values: 数量指标X10≥12个12个10), 总分 and the notes under the form run "
    "together with no line break or separator anywhere",
)
LAYOUT_BLIND = (
    "g3b-glued-whole-page-blind",
    LAYOUT[1] + " (blind)",
)
LAYOUT_WRAP = (
    "g3w-glued-wrapped-cells-snippets",
    "a Word form on a document site, glued: no separator between cells, but every wrapped "
    "cell line joined back by a space (质量 指标, 县级储备粮管理制 度严格执行率, 产 出 指 标), "
    "no 分值/得分 columns, the page cut into numbered snippets (1、 2、) mid-row",
)
LAYOUT_WRAP_BLIND = ("g3wb-glued-wrapped-cells-snippets-blind", LAYOUT_WRAP[1] + " (blind)")


@dataclass
class Page:
    lead: str  # what the page says before the form
    title: str
    project: str
    manager: str  # 项目负责人及电话
    supervisor: str
    implementer: str
    budget: tuple[float, float]  # 全年预算数, 全年执行数
    goal: str
    goal_done: str
    inds: list[Ind]
    notes: str
    year: int
    weight_first: bool  # 分值 before 年度指标值 (else after the actual)
    ascii_punct: bool
    wrap: int = 0  # a Word cell's wrapped lines joined by a space, every ``wrap`` chars
    no_points: bool = False  # no 分值/得分 columns (年度指标值 全年完成值 未完成原因)
    snippets: int = 0  # a document site's numbered page snippets (1、 2、) this long


def _wrapped(text: str, width: int) -> str:
    """A cell as Word wraps it at ``width`` chars, the wrap read back as a space."""
    if not width or len(text) <= width:
        return text
    return " ".join(text[k : k + width] for k in range(0, len(text), width))


def _label(text: str, ascii_punct: bool) -> str:
    if ascii_punct:
        return text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    return text


def _rows(p: Page) -> str:
    out, last = [], ("", "")
    for i in p.inds:
        # Level cells are narrow: a wrapped page breaks them every one or two characters.
        l1 = _wrapped(i.l1, 1 if p.wrap else 0)
        l2 = _wrapped(i.l2, 2 if p.wrap else 0)
        labels = (l1 if i.l1 != last[0] else "") + (l2 if (i.l1, i.l2) != last else "")
        last = (i.l1, i.l2)
        name = _wrapped(i.name, p.wrap)
        if p.no_points:
            cells = [name, i.target, i.actual, i.dev]
        elif p.weight_first:
            cells = [name, fmt(i.weight), i.target, i.actual, fmt(i.score), i.dev]
        else:
            cells = [name, i.target, i.actual, fmt(i.weight), fmt(i.score), i.dev]
        out.append(_label(labels, p.ascii_punct) + "".join(cells))
    return "".join(out)


def page_text(p: Page) -> str:
    a, b = p.budget
    rate = f"{b / a * 100:.2f}%"
    total = round(10 + sum(i.score or 0 for i in p.inds), 2)
    values = (
        "年度指标 值全年 完成值未完成原因和 改进措施"
        if p.no_points
        else "分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
        if p.weight_first
        else "年度指标值实际完成值分值得分偏差原因分析及改进措施"
    )
    parts = [
        p.lead,
        p.title,
        f"（{p.year}年度）",
        f"项目名称{p.project}项目负责人及电话{p.manager}",
        f"主管部门{p.supervisor}实施单位{p.implementer}",
        "资金情况（万元）全年预算数（A）全年执行数（B）分值执行率（B/A）得分",
        f"年度资金总额：{fmt(a)}{fmt(b)}10{rate}10",
        f"其中：本年财政拨款{fmt(a)}{fmt(b)}其他资金",
        "年度总体目标年初设定目标年度总体目标完成情况综述",
        p.goal + p.goal_done,
        ("绩 效 指 标一级 指标二级 指标三级指标" if p.wrap else "绩效指标一级指标二级指标三级指标")
        + values,
        _rows(p),
        "" if p.no_points else f"……总分100{fmt(total)}",
        p.notes,
    ]
    text = _label("".join(parts), p.ascii_punct)
    if not p.snippets:
        return text
    # The site shows the page in numbered snippets cut mid-row, after its own blurb.
    # The site shows the page in numbered snippets cut mid-row (between two values),
    # after its own blurb.
    bounds = [len(p.lead)]
    while len(text) - bounds[-1] > p.snippets:
        j = bounds[-1] + p.snippets
        while j < len(text) and text[j - 1] != "%":
            j += 1
        bounds.append(j)
    cuts = [text[a:b] for a, b in zip(bounds, [*bounds[1:], len(text)], strict=True)]
    return "\n".join([p.lead, *(f"{n}、{c}" for n, c in enumerate(cuts, start=1) if c)])


def page_gold(p: Page) -> dict[str, Any]:
    return {
        "form_type": "project_self_evaluation",
        "department": p.supervisor,
        "year": p.year,
        "indicators": [gold_row(i, p.project) for i in p.inds if is_indicator(i)],
    }


_NOTES = (
    "注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分、预算资金执行率"
    "10分，2.三级指标得分按完成比例在100-80%（含80%）、80-60%（含60%）、60-0%区间确定，"
    "3.定量指标若为正向指标，完成值高于指标值的按满分计"
)

MONITOR = Page(
    lead=(
        "现已完成安溪县2023年生态环境专项资金项目绩效目标自评，意见收集人：陈思远联系电话："
        "0595-2318846附件：2023年生态环境专项资金项目绩效自评表安溪县生态环境局2023年12月28日"
    ),
    title="绩效目标自评表",
    project="乡镇空气质量自动监测站建设项目",
    manager="林卫东13959821476（办公）",
    supervisor="安溪县生态环境局",
    implementer="安溪县环境监测站",
    budget=(86, 86),
    goal="在12个乡镇建设空气质量自动监测站，实现乡镇空气质量实时监测，",
    goal_done="建成监测站12个，数据实时上传省监测平台，",
    inds=parse_rows("""
产出指标（50分）|数量指标|新建监测站点|≥12个|12个|10|10|
|数量指标|监测数据上传频次|≥24次/日|24次/日|10|10|
|质量指标|站点验收合格率|100%|100%|10|10|
|时效指标|站点建成时间|2023年10月底前|2023年10月底前|10|10|
|成本指标|单站建设成本|≤7万元|7万元|10|10|
效益指标（30分）|生态效益指标|乡镇空气质量数据覆盖率|≥95%|100%|15|15|
|可持续影响指标|站点运行维护机制|健全|健全|15|15|
满意度指标（10分）|服务对象满意度指标|乡镇群众满意度|≥90%|93%|10|10|
"""),
    notes=_NOTES,
    year=2023,
    weight_first=True,
    ascii_punct=True,
)

LIBRARY = Page(
    lead=(
        "《2022年度农家书屋提质项目绩效自评表.docx》由会员分享，可在线阅读，更多相关"
        "《2022年度农家书屋提质项目绩效自评表.docx（3页珍藏版）》请在文档网上搜索。"
    ),
    title="项目支出绩效自评表",
    project="农家书屋提质增效项目",
    manager="赵红梅0739-6620154",
    supervisor="隆回县文化旅游广电体育局",
    implementer="隆回县图书馆",
    budget=(64.5, 61.2),
    goal="为全县农家书屋补充图书、配备电子阅读设备，开展阅读推广活动。",
    goal_done="补充图书2.1万册，配备电子阅读设备40台，开展活动58场。",
    inds=parse_rows("""
产出指标（50分）|数量指标|补充出版物数量|≥2万册|2.1万册|10|10|
|数量指标|阅读推广活动场次|≥60场|58场|10|9|两个乡镇活动因疫情取消；次年补办
|质量指标|图书采购验收合格率|100%|100%|10|10|
|时效指标|设备配送完成时间|2022年9月底前|2022年9月底前|10|10|
|成本指标|每台电子阅读设备单价|≤4500元|4380元|10|10|
效益指标（30分）|社会效益指标|农家书屋年均借阅人次|≥3万人次|3.4万人次|15|15|
|可持续影响指标|书屋管理员在岗率|≥95%|97%|15|15|
满意度指标（10分）|服务对象满意度指标|读者满意度|≥90%|95%|10|10|
"""),
    notes="注：偏差原因须说明，得分不超过该指标分值。",
    year=2022,
    weight_first=False,
    ascii_punct=False,
)

# Blind (written before any code change for this shape).
TEA = Page(
    lead=(
        "按照县财政局统一安排，现已完成2024年茶园提质改造项目绩效自评，公示期5个工作日，"
        "联系人：吴秀兰联系电话：0856-3217705附件：2024年茶园提质改造项目绩效自评表"
        "石阡县农业农村局2025年1月6日"
    ),
    title="绩效目标自评表",
    project="生态茶园提质改造项目",
    manager="杨光明18985612730（办公）",
    supervisor="石阡县农业农村局",
    implementer="石阡县茶叶产业发展中心",
    budget=(150, 147),
    goal="改造低产茶园，推广绿色防控技术，带动茶农增收，",
    goal_done="改造茶园3200亩，绿色防控覆盖率达到92%，",
    inds=parse_rows("""
产出指标（50分）|数量指标|低产茶园改造面积|≥3000亩|3200亩|10|10|
|数量指标|绿色防控技术培训人次|≥500人次|460人次|10|8|部分茶农外出务工；下年分批培训
|质量指标|改造茶园验收合格率|≥95%|98%|10|10|
|时效指标|改造任务完成时间|2024年11月底前|2024年11月底前|10|10|
|成本指标|每亩改造补助标准|≤450元|450元|10|10|
效益指标（30分）|经济效益指标|茶农亩均增收|≥800元|860元|10|10|
|生态效益指标|化学农药使用量减少|≥10%|12%|10|10|
|可持续影响指标|茶园管护机制|长效|长效|10|10|
满意度指标（10分）|服务对象满意度指标|受益茶农满意度|≥90%|94%|10|10|
"""),
    notes=_NOTES,
    year=2024,
    weight_first=True,
    ascii_punct=True,
)


GRAIN = Page(
    lead=(
        "2021年度县级专项资金绩效目标自评表.docx\n《2021年度县级专项资金绩效目标自评表.docx》"
        "由会员分享，可在线阅读，更多相关《2021年度县级专项资金绩效目标自评表.docx（2页珍藏版）》"
        "请在文库网上搜索。"
    ),
    title="2021年度县级专项资金绩效目标自评表",
    project="县级应急物资储备",
    manager="周海涛、李春燕",
    supervisor="祁东县应急管理局",
    implementer="应急物资保障股",
    budget=(126.5, 126.5),
    goal="保障县级应急物资储备规模，提升灾害应急保障能力",
    goal_done="储备规模达标，灾害发生后物资及时调运",
    inds=parse_rows("""
产出指标|数量指标|帐篷、棉被等救灾物资储备到位率|100%|100%|||
|质量指标|应急物资入库验收合格率|100%|100%|||
|质量指标|过期失效物资占比|0|0|||
|时效指标|灾后物资调运到位时间|≤12小时|10小时|||
|成本指标|物资采购政府定价执行率|100%|100%|||
效益指标|社会效益指标|受灾群众基本生活保障率|100%|100%|||
|可持续影响指标|应急物资储备管理水平|高|高|||
满意度指标|服务对象满意度指标|受灾群众满意度|≥90%|96%|||
"""),
    notes="说明无注：1、其他资金包括中央、省、市补助和县级财政资金共同投入到同一项目的资金",
    year=2021,
    weight_first=False,
    ascii_punct=True,
    wrap=9,
    no_points=True,
    snippets=420,
)

# Blind (written before any training on this damage).
CLINIC = Page(
    lead=(
        "《2022年度乡镇卫生院能力提升项目自评表.docx》由会员分享，可在线阅读，更多相关"
        "《2022年度乡镇卫生院能力提升项目自评表.docx（3页珍藏版）》请在文档库上搜索。"
    ),
    title="2022年度县级专项资金绩效目标自评表",
    project="乡镇卫生院服务能力提升",
    manager="何志军",
    supervisor="桃源县卫生健康局",
    implementer="基层卫生股",
    budget=(88, 84.6),
    goal="为乡镇卫生院配备基本诊疗设备，开展医务人员轮训",
    goal_done="配备设备并投入使用，轮训完成",
    inds=parse_rows("""
产出指标|数量指标|配备基本诊疗设备卫生院数量|≥15个|15个|||
|数量指标|乡镇医务人员轮训人数|≥300人|286人|||部分人员值班未参训;下年补训
|质量指标|设备安装验收合格率|100%|100%|||
|时效指标|设备配备完成时间|2022年10月底前|2022年10月底前|||
|成本指标|设备采购资金节约率|≥3%|4%|||
效益指标|社会效益指标|乡镇卫生院门诊人次增长率|≥5%|6.2%|||
|可持续影响指标|设备运行维护制度|健全|健全|||
满意度指标|服务对象满意度指标|就诊群众满意度|≥90%|93%|||
"""),
    notes="说明无注：1、本表由项目实施单位填报",
    year=2022,
    weight_first=False,
    ascii_punct=True,
    wrap=8,
    no_points=True,
    snippets=380,
)


def main() -> None:
    pages = (
        ("rg_05_g3_glued_monitor", MONITOR, "生态环境", "train", LAYOUT),
        ("rg_06_g3_glued_library", LIBRARY, "文旅", "train", LAYOUT),
        ("rg_07_g3_glued_wrapped_reserve", GRAIN, "应急管理", "train", LAYOUT_WRAP),
        ("rg_b3_g3_glued_tea", TEA, "农业农村", "blind", LAYOUT_BLIND),
        ("rg_b4_g3_glued_wrapped_clinic", CLINIC, "卫健", "blind", LAYOUT_WRAP_BLIND),
    )
    entries = []
    for stem, page, sector, split, (layout, desc) in pages:
        write_doc(stem, "txt", page_text(page), page_gold(page))
        entries.append(flattened_entry(stem, layout, sector, split, desc))
    write_jsonl(MANIFEST, entries)


if __name__ == "__main__":
    main()
