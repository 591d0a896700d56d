"""Corpus ro: held-aside replicas for issue 17 (traditional characters and
scrambled reading order), written before any reader change for them.

Traditional (layout ``ro-traditional``), shapes seen on real pages:
  ro_01  department form as one cell a line, s2t, and the conversion-site
         damage of a pinyin reading in brackets after some characters
         (產(chǎn)出指標): every written text keeps it (gold "as written").
  ro_02  project form as converter pipe rows without outer bars, s2tw.
  ro_03  project form dumped on one line after a file-metadata line, cells
         converted unevenly (some left simplified).
Scrambled reading order (layout ``ro-scrambled``), text copied out of a PDF
viewer from a ruled table whose cells wrap:
  ro_04  read back from a rendered PDF by pdfplumber's line grouping (the
         viewer's order), narrow columns, space separated.
  ro_05  each visual line's fragments on their own line (a viewer copying one
         text run a line): a vertically centred one-line cell's text lands
         between the first and second line of a wrapped neighbour.
  ro_06  the same order with fragments of a line joined by single spaces,
         name and deviation columns wrapped together (their lines alternate
         with the values between).
Anchor-less interleaving (layout ``ro-scrambled-targets``): a 绩效目标表 with
指标值 as its only value column (no 分值, no 得分), so no line holds two of a
row's values; written and scored before any reader change for them:
  ro_07  project target form read back from a rendered PDF by pdfplumber
         (the viewer's order), 绩效指标 merged down the left, wrapped names
         and wrapped level labels.
  ro_08  department target form, each visual line's fragments joined by
         spaces, long names wrapping over three lines and qualitative or
         dated targets.

All content is invented. ``PYTHONPATH=. python training_data/replicas/build_ro.py``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import opencc  # noqa: E402
from rb_common import (  # noqa: E402
    Grid,
    Ind,
    ProjectForm,
    cell_per_line,
    gold_row,
    gold_value,
    indicator_block,
    one_line,
    parse_rows,
    project_grid,
    write_doc,
)
from rc_common import DeptForm, dept_grid, form_gold, viewer_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "training_data" / "manifest" / "corpus_ro.jsonl"
S2T = opencc.OpenCC("s2t")
S2TW = opencc.OpenCC("s2tw")

LAYOUTS = {
    "trad": (
        "ro-traditional",
        "report in traditional characters as real conversion sites publish it: one cell a line with "
        "pinyin readings in brackets after some characters (產(chǎn)), pipe rows without outer bars "
        "(s2tw), a one-line dump with cells converted unevenly",
    ),
    "tgt": (
        "ro-scrambled-targets",
        "绩效目标表 (指标值 its only value column) copied out of a PDF viewer from a ruled table with "
        "wrapped cells: no line holds two values of a row, a name's second line lands after its "
        "指标值, level labels spread over their rows",
    ),
    "scr": (
        "ro-scrambled",
        "text copied out of a PDF viewer from a ruled table with wrapped cells: a vertically centred "
        "cell's text lands between the wrapped lines of its neighbours (name's second line after the "
        "values, level labels spread over their rows, name and deviation lines alternating)",
    ),
}

# --------------------------------------------------------------------------
# Content (invented)
# --------------------------------------------------------------------------

SPORTS = DeptForm(
    department="临川市体育局",
    year=2023,
    budget=(2250.4, 2318.6, 2276.9),
    budget_score=9.82,
    goal="组织全民健身赛事活动，建设维护公共体育设施，培养输送竞技体育后备人才。",
    goal_done="举办全民健身赛事46场，新建健身路径38条，向省队输送运动员17名。",
    inds=parse_rows("""
产出指标|数量指标|举办全民健身赛事活动场次|≥40场|46场|10|10|
|数量指标|新建社区健身路径数量|≥35条|38条|10|10|
|质量指标|公共体育设施完好率|≥95%|96.4%|10|10|
|质量指标|向省队输送运动员人数|≥20名|17名|10|8|两个项目省队选拔推迟至下年；加强梯队建设
|时效指标|健身器材安装完成时间|2023年9月底前|2023年9月18日|5|5|
|成本指标|每条健身路径建设成本|≤6万元|5.7万元|5|5|
效益指标|社会效益指标|经常参加体育锻炼人数比例|≥38%|39.2%|15|15|
|可持续影响指标|体育场馆免费低收费开放|持续开放|达成预期指标|15|15|
满意度指标|服务对象满意度指标|健身群众满意度|≥90%|93%|10|10|
"""),
)

WATER = ProjectForm(
    project="城区供水管网漏损改造项目",
    supervisor="沅安县水务局",
    implementer="沅安县供水服务中心",
    year=2024,
    budget=(480, 520, 508.6),
    budget_score=9.78,
    goal="改造城区老旧供水管网，降低管网漏损率，保障居民用水安全。",
    goal_done="改造老旧管网26.5公里，更换智能水表4300块，管网漏损率降至9.6%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|改造老旧供水管网长度|≥25公里|26.5公里|10|10|
|数量指标|更换智能远传水表数量|≥4000块|4300块|10|10|
|质量指标|管网改造工程验收合格率|100%|100%|10|10|
|时效指标|管网改造完工时间|2024年10月底前|2024年11月12日|10|8|雨季停工21天，工期顺延；下年提前安排施工
|成本指标|每公里管网改造成本|≤18万元|17.4万元|10|10|
效益指标（30分）|经济效益指标|年节约漏损水量|≥35万立方米|38.2万立方米|10|10|
|社会效益指标|城区管网漏损率|≤10%|9.6%|10|10|
|可持续影响指标|供水管网运行管理水平|持续提升|达成预期指标|10|10|
满意度指标（10分）|服务对象满意度指标|城区居民用水满意度|≥90%|92.8%|10|10|
"""),
)

LIBRARY = ProjectForm(
    project="公共图书馆免费开放及流动服务项目",
    supervisor="青禾县文化广电和旅游局",
    implementer="青禾县图书馆",
    year=2022,
    budget=(58, 58, 56.9),
    budget_score=9.81,
    goal="保障图书馆免费开放，开展流动图书服务和阅读推广活动。",
    goal_done="全年开放312天，流动图书车下乡服务96次，举办阅读推广活动64场。",
    inds=parse_rows("""
产出指标|数量指标|图书馆年开放天数|≥300天|312天|10|10|
|数量指标|流动图书车下乡服务次数|≥90次|96次|10|10|
|数量指标|阅读推广活动场次|≥60场|64场|10|10|
|质量指标|新增图书编目合格率|≥98%|99.3%|10|10|
|时效指标|新书上架周期|≤15天|12天|5|5|
|成本指标|流动服务单次运行成本|≤0.2万元|0.18万元|5|5|
效益指标|社会效益指标|年到馆读者人次|≥8万人次|7.6万人次|15|13|疫情期间限流开放，到馆人次下降；加强线上服务
|可持续影响指标|全民阅读氛围|逐步形成|逐步形成|15|15|
满意度指标|服务对象满意度指标|读者满意度|≥90%|94.1%|10|10|
"""),
)

MEDINS = DeptForm(
    department="枫林区医疗保障局",
    year=2023,
    budget=(936.5, 962.3, 948.7),
    budget_score=9.86,
    goal="推进医保基金监管和异地就医直接结算，落实城乡居民医保参保扩面。",
    goal_done="检查定点医药机构412家，追回违规基金386万元，居民医保参保率96.8%。",
    inds=parse_rows("""
产出指标|数量指标|定点医药机构现场检查覆盖数量|≥400家|412家|10|10|
|数量指标|城乡居民基本医疗保险参保人数|≥28万人|28.6万人|8|8|
|质量指标|异地就医住院费用直接结算率|≥70%|73.5%|8|8|
|质量指标|医保经办业务线上办理比例|≥80%|76.2%|8|6|部分业务系统接口尚未对接；下年完成系统改造
|时效指标|医保待遇报销结算办结时限|≤20个工作日|15个工作日|8|8|
|成本指标|追回违规使用医保基金|≥300万元|386万元|8|8|
效益指标|社会效益指标|城乡居民医保参保率|≥95%|96.8%|15|15|
|可持续影响指标|医保基金安全运行|平稳可持续|达成预期指标|15|15|
满意度指标|服务对象满意度指标|参保群众对医保经办服务满意度|≥90%|91.7%|10|10|
"""),
)

ROADS = ProjectForm(
    project="农村公路养护及危桥改造项目",
    supervisor="石门县交通运输局",
    implementer="石门县公路养护中心",
    year=2023,
    budget=(1260, 1310, 1284.5),
    budget_score=9.81,
    goal="完成农村公路日常养护和危桥改造，提高农村公路通行安全水平。",
    goal_done="养护农村公路1126公里，改造危桥7座，完成安防工程86公里。",
    inds=parse_rows("""
产出指标（50分）|数量指标|农村公路日常养护里程|≥1100公里|1126公里|10|10|
|数量指标|完成四五类危旧桥梁改造数量|≥8座|7座|10|8|一座危桥因河道防洪评价未批复暂缓开工，已列入下年计划
|质量指标|农村公路优良中等路率|≥85%|87.3%|10|10|
|时效指标|危桥改造工程完工时间|2023年11月底前|2023年11月20日|10|10|
|成本指标|每公里公路年均养护费用|≤0.8万元|0.76万元|10|10|
效益指标（30分）|社会效益指标|农村公路通行安全事故下降率|≥5%|6.2%|15|15|
|可持续影响指标|农村公路管养长效机制|持续完善|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|沿线群众出行满意度|≥90%|92.4%|10|10|
"""),
)

FOREST = DeptForm(
    department="栖霞县林业和草原局",
    year=2024,
    budget=(1684.2, 1720.8, 1697.5),
    budget_score=9.86,
    goal="落实森林防火和林业有害生物防治，完成国土绿化任务，保护森林资源。",
    goal_done="完成人工造林1.32万亩，林业有害生物成灾率0.8‰，全年未发生重大森林火灾。",
    inds=parse_rows("""
产出指标|数量指标|完成人工造林及退化林修复面积|≥1.3万亩|1.32万亩|10|10|
|数量指标|聘用生态护林员人数|≥260人|254人|8|6|部分乡镇护林员续聘手续未在年内办结，已于次年一月补聘到位
|质量指标|当年新造林成活率|≥85%|88.6%|8|8|
|质量指标|林业有害生物成灾率|≤3‰|0.8‰|8|8|
|时效指标|森林火灾发现报告时间|≤30分钟|20分钟|8|8|
|成本指标|每亩人工造林补助标准|≤500元|480元|8|8|
效益指标|生态效益指标|全县森林覆盖率|≥62%|62.4%|15|15|
|社会效益指标|重大森林火灾发生次数|0次|0次|15|15|
满意度指标|服务对象满意度指标|林农及护林员对林业服务满意度|≥90%|94.5%|10|10|
"""),
)


DRAINS = [
    # l1, l2, name, 指标值
    ("产出指标", "数量指标", "完成雨污分流改造的老旧小区数量", "≥14个"),
    ("产出指标", "数量指标", "新建及改造小区排水管网长度", "≥23.5公里"),
    ("产出指标", "数量指标", "改造化粪池座数", "≥40座"),
    ("产出指标", "质量指标", "改造工程竣工验收合格率", "100%"),
    ("产出指标", "质量指标", "改造后小区雨天污水外溢点", "0处"),
    ("产出指标", "时效指标", "改造工程完工时间", "2024年11月底前"),
    ("产出指标", "成本指标", "每公里管网改造平均造价", "≤68万元"),
    ("效益指标", "生态效益指标", "城区污水处理厂进水化学需氧量浓度", "≥260mg/L"),
    ("效益指标", "社会效益指标", "受益居民户数", "≥5200户"),
    ("效益指标", "可持续影响指标", "小区排水设施长效管护机制", "逐步健全"),
    ("满意度指标", "服务对象满意度指标", "改造小区居民满意度", "≥90%"),
]

SEEDS = [
    ("产出指标", "数量指标", "良种苗木推广面积", "≥3.6万亩"),
    ("产出指标", "数量指标", "开展林木种苗质量抽检批次", "≥120批次"),
    ("产出指标", "数量指标", "培训苗圃经营户及林农技术骨干人次", "≥450人次"),
    ("产出指标", "质量指标", "主要造林树种良种使用率", "≥75%"),
    ("产出指标", "质量指标", "种苗质量抽检合格率", "≥92%"),
    ("产出指标", "时效指标", "春季造林苗木调运完成时间", "2024年3月31日前"),
    ("产出指标", "成本指标", "良种苗木补助标准", "≤150元/亩"),
    ("效益指标", "经济效益指标", "带动苗圃经营户增收", "≥800万元"),
    ("效益指标", "生态效益指标", "新造林地块保存率", "≥85%"),
    ("效益指标", "社会效益指标", "林木种苗生产经营许可管理", "规范有序"),
    ("满意度指标", "服务对象满意度指标", "苗圃经营户及造林主体满意度", "≥90%"),
]


def target_grid(
    title: str, head: list[tuple[str, str]], rows: list[tuple[str, str, str, str]], left: str | None
) -> Grid:
    """A 绩效目标表: head rows (label | value), then 一级/二级/三级指标 | 指标值 with
    the labels merged down (and ``left`` merged down the first column)."""
    lead = 1 if left else 0
    n = lead + 4
    g = Grid([])
    g.add([title] + [""] * (n - 1), {0: n})
    for label, value in head:
        g.add([label, value] + [""] * (n - 2), {1: n - 1})
    h = g.add(([left] if left else []) + ["一级指标", "二级指标", "三级指标", "指标值"])
    inds = [Ind(l1, l2, name, t, "", status=None) for l1, l2, name, t in rows]
    indicator_block(g, inds, lead, ["target"])
    if left:
        g.vmerge(0, h, len(g.rows) - 1)
    return g


def target_gold(
    department: str, year: int, group: str | None, rows: list[tuple[str, str, str, str]]
) -> dict[str, Any]:
    inds = []
    for l1, l2, name, t in rows:
        r = gold_row(Ind(l1, l2, name, t, "", status=None), group)
        r["actual"] = gold_value(None)
        inds.append(r)
    return {
        "form_type": "target_approval",
        "department": department,
        "year": year,
        "indicators": inds,
    }


# --------------------------------------------------------------------------
# Traditional renderings
# --------------------------------------------------------------------------

# Conversion-site damage: a reading after some characters (the site's
# annotation of characters whose simplified form differs).
PINYIN = {
    "產": "chǎn",
    "數": "shù",
    "質": "zhì",
    "標": "biāo",
    "應": "yīng",
    "續": "xù",
    "導": "dǎo",
}


def with_pinyin(text: str) -> str:
    return "".join(f"{ch}({PINYIN[ch]})" if ch in PINYIN else ch for ch in text)


def mixed(text: str) -> str:
    """Cells converted unevenly: by a stable hash, about one in three left simplified."""
    return text if sum(ord(c) for c in text) % 3 == 0 else S2T.convert(text)


def converted_gold(f: ProjectForm | DeptForm, conv: Any) -> dict[str, Any]:
    """Gold from the simplified content, written texts passed through the
    document's conversion (levels stay the contract's simplified names)."""
    gd = form_gold(f)
    gd["department"] = conv(gd["department"])
    for row in gd["indicators"]:
        row["group"] = conv(row["group"]) if row["group"] else None
        for key in ("name", "deviation"):
            if row[key]:
                row[key] = conv(row[key])
        for key in ("target", "actual"):
            v = row[key]
            if v["text"]:
                t = conv(v["text"])
                if v.get("unit") and t != v["text"]:
                    u = conv(v["unit"])
                    v["unit"] = u if u in t else v["unit"]
                v["text"] = t
    return gd


def convert_grid(g: Grid, conv: Any) -> Grid:
    return Grid([[conv(t) if t else t for t in row] for row in g.rows], list(g.merges))


def pipe_no_bars(g: Grid) -> str:
    """Converter pipe rows without a leading or trailing bar: ``a | b | c``."""
    lines = []
    for row in g.cells():
        cells = [t.replace("\n", "") for _, t in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Scrambled renderings (viewer order of a ruled table with vertically centred cells)
# --------------------------------------------------------------------------


def wrap(text: str, width: int) -> list[str]:
    text = text.replace("\n", "")
    if not text:
        return []
    return [text[i : i + width] for i in range(0, len(text), width)]


def viewer_lines(g: Grid, widths: list[int]) -> list[list[str]]:
    """Fragments per visual line, in column order: each cell wrapped to its
    column's width (a merged cell to the sum of its columns) and centred
    vertically in its rows; lines are grouped by their height on the page,
    as a viewer's copy orders them (half-line offsets kept apart)."""
    spans = {(r, c): (rs, cs) for r, c, rs, cs in g.merges}
    cov = g.covered()
    rows = g.padded()
    wrapped: dict[tuple[int, int], list[str]] = {}
    height = [1] * len(rows)
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            if (r, c) in cov or not t:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            wrapped[r, c] = wrap(t, sum(widths[c : c + cs]))
            if rs == 1:
                height[r] = max(height[r], len(wrapped[r, c]))
    top = [0]
    for h in height:
        top.append(top[-1] + 2 * h)  # half-line units
    slots: dict[int, list[tuple[int, str]]] = {}
    for (r, c), lines in wrapped.items():
        rs, _ = spans.get((r, c), (1, 1))
        span = top[r + rs] - top[r]
        y0 = top[r] + (span - 2 * len(lines)) // 2
        for i, frag in enumerate(lines):
            slots.setdefault(y0 + 2 * i, []).append((c, frag))
    return [[f for _, f in sorted(slots[y])] for y in sorted(slots)]


def build() -> list[tuple[str, str, str, str]]:
    out = []

    # ro_01: one cell a line, s2t with pinyin readings
    def conv1(t: str) -> str:
        return with_pinyin(S2T.convert(t))

    text = conv1("临川市体育局2023年度部门整体支出绩效自评表\n") + cell_per_line(
        convert_grid(dept_grid(SPORTS), conv1)
    )
    write_doc("ro_01_trad_pinyin_sports", "txt", text, converted_gold(SPORTS, conv1))
    out.append(("ro_01_trad_pinyin_sports", "trad", "体育", "txt"))

    # ro_02: pipe rows without outer bars, s2tw
    text = pipe_no_bars(convert_grid(project_grid(WATER), S2TW.convert))
    write_doc("ro_02_trad_pipe_water", "txt", text, converted_gold(WATER, S2TW.convert))
    out.append(("ro_02_trad_pipe_water", "trad", "水务", "txt"))

    # ro_03: metadata line, then the whole form on one line, cells mixed
    meta = (
        "qhtsg 1 2023-03-02T08:14:25Z 2023-03-06T02:41:09Z 12.00 2052-11.1.0.12598 "
        "5C1E0F7D2B8A4E61A0D3 4410 9120 0 0"
    )
    text = meta + "\n" + one_line(convert_grid(project_grid(LIBRARY), mixed))
    write_doc("ro_03_trad_oneline_library", "txt", text, converted_gold(LIBRARY, mixed))
    out.append(("ro_03_trad_oneline_library", "trad", "文化", "txt"))

    # ro_04: pdfplumber's reading of a rendered ruled PDF
    text = viewer_text([dept_grid(MEDINS)], font_size=10)
    write_doc("ro_04_scr_viewer_medins", "txt", text, form_gold(MEDINS))
    out.append(("ro_04_scr_viewer_medins", "scr", "医疗保障", "txt"))

    # ro_05: one fragment a line in the viewer's order
    widths = [4, 6, 6, 8, 7, 6, 3, 3, 12]
    lines = viewer_lines(project_grid(ROADS), widths)
    text = "\n".join(f for line in lines for f in line) + "\n第 1 页"
    write_doc("ro_05_scr_cellline_roads", "txt", text, form_gold(ROADS))
    out.append(("ro_05_scr_cellline_roads", "scr", "交通", "txt"))

    # ro_06: a visual line's fragments joined by spaces; names and deviations wrap
    widths = [4, 6, 6, 9, 3, 7, 7, 3, 10]
    lines = viewer_lines(dept_grid(FOREST), widths)
    text = "\n".join(" ".join(line) for line in lines)
    write_doc("ro_06_scr_spaced_forest", "txt", text, form_gold(FOREST))
    out.append(("ro_06_scr_spaced_forest", "scr", "林草", "txt"))
    # ro_07: pdfplumber's reading of a rendered project target form
    project = "城区老旧小区雨污分流改造项目"
    g = target_grid(
        "2024年度项目支出绩效目标表",
        [
            ("项目名称", project),
            ("主管部门", "湘渠县住房和城乡建设局"),
            ("年度绩效目标", "完成14个老旧小区雨污分流改造，消除小区污水外溢，改善人居环境。"),
        ],
        DRAINS,
        "绩效指标",
    )
    text = viewer_text([g], font_size=14)
    write_doc(
        "ro_07_tgt_viewer_drains",
        "txt",
        text,
        target_gold("湘渠县住房和城乡建设局", 2024, project, DRAINS),
    )
    out.append(("ro_07_tgt_viewer_drains", "tgt", "住建", "txt"))

    # ro_08: a department target form, a visual line's fragments joined by spaces
    g = target_grid(
        "柏岭县林业局2024年度部门整体支出绩效目标表",
        [
            ("部门名称", "柏岭县林业局"),
            ("年度绩效目标", "推广良种苗木，规范种苗生产经营，提高造林质量。"),
        ],
        SEEDS,
        None,
    )
    lines = viewer_lines(g, [5, 6, 8, 7])
    text = "\n".join(" ".join(line) for line in lines)
    write_doc("ro_08_tgt_spaced_seeds", "txt", text, target_gold("柏岭县林业局", 2024, None, SEEDS))
    out.append(("ro_08_tgt_spaced_seeds", "tgt", "林草", "txt"))
    return out


def main() -> None:
    entries = []
    for stem, key, sector, ext in build():
        layout, desc = LAYOUTS[key]
        entries.append(
            {
                "doc": stem,
                "layout": layout,
                "kind": "flattened" if key in ("scr", "tgt") or "oneline" in stem else "table",
                "sector": sector,
                "origin": "replica",
                "split": "blind",
                "format": ext,
                "description": desc,
            }
        )
    MANIFEST.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    for e in entries:
        gold = json.loads(
            (ROOT / "training_data" / "gold" / f"{e['doc']}.json").read_text(encoding="utf-8")
        )
        flat = re.sub(
            r"\s+",
            "",
            (ROOT / "training_data" / "docs" / f"{e['doc']}.txt").read_text(encoding="utf-8"),
        )
        for r in gold["indicators"]:
            for s in (r["name"], r["target"]["text"], r["actual"]["text"]):
                if s and e["layout"] == "ro-traditional" and re.sub(r"\s+", "", s) not in flat:
                    print(f"  {e['doc']}: not in document: {s!r}")


if __name__ == "__main__":
    main()
