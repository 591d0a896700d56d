"""Corpus g: glued forms, every cell of a row run into the next (issue 10).

Shapes seen in published reports read through the ``pages`` corpus (web pages
and document-site text whose table lost every separator; content here is
invented, only the structure and damage are kept):

G1 glued self-evaluation form (rg_01, rg_02 train; rg_b1 blind): a 项目支出绩效
   自评表 whose rows lost every separator (``数量指标培训人数≥200人215人109``),
   level labels fused before the name (``产出指标（50分）数量指标…``), actuals
   often bare numbers under a target with a unit (``≥7座71010``: actual 7,
   weight 10, score 10), the weights summing to the form's 100 with the budget
   row's 10, a 总分 row; the rows either one a line or all in one paragraph,
   with page chrome around.
G2 glued target table (rg_03, rg_04 train; rg_b2 blind): a 绩效目标表 with
   only 一级/二级/三级指标 and 指标值 (and in 04/b2 a 分值 column, written after
   a space (04) or fused onto the value (b2), closed by a 合计100 row), the whole
   table glued into one paragraph or a few lines.

Blind documents (rg_b1, rg_b2) were written before any code change for this
shape; their first-run figures are in ``FIGURES.md``.

Run: ``PYTHONPATH=. .venv/bin/python training_data/replicas/build_rg.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import (  # noqa: E402
    ROOT,
    Ind,
    ProjectForm,
    fmt,
    gold_row,
    gold_value,
    is_indicator,
    parse_rows,
    project_grid,
    write_doc,
)
from rc_common import flattened_entry, form_gold, fused_rows, write_jsonl  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_g.jsonl"

LAYOUTS = {
    "g1": (
        "g1-glued-self-eval-form",
        "项目支出绩效自评表 whose rows lost every separator: level labels fused before the name, "
        "target, actual, weight and score run together (≥200人215人109, bare actuals ≥7座71010), "
        "weights summing to 100 with the budget row, 总分 row; one row a line or one paragraph",
    ),
    "g1b": (
        "g1b-glued-self-eval-wrapped",
        "项目支出绩效自评表 glued into one paragraph (no separator between any cells), the web page "
        "wrapping it every 60 characters, in the middle of words and numbers (blind)",
    ),
    "g2": (
        "g2-glued-target-table",
        "绩效目标表 with 一级/二级/三级指标 and 指标值 only (and a 分值 column after a space or fused "
        "onto the value, 合计100), the whole table glued into one paragraph or a few lines",
    ),
    "g2b": (
        "g2b-glued-target-table-fused-points",
        "project 绩效目标表 glued into one paragraph with its 分值 fused onto each 指标值 (≥120人15, "
        "100%15), 合计100 at the end (blind)",
    ),
}

# =============================================================================
# G1 glued self-evaluation forms
# =============================================================================

ELDER = ProjectForm(
    project="社区居家养老服务补助项目",
    supervisor="清河县民政局",
    implementer="清河县养老服务指导中心",
    year=2023,
    budget=(180, 180, 176.4),
    budget_score=9.8,
    goal="为全县高龄、失能老人提供居家养老上门服务，开展护理员培训，提升社区养老服务能力。",
    goal_done="上门服务老人1260人，培训护理员215人，社区养老服务站运行正常。",
    inds=parse_rows("""
产出指标（50分）|数量指标|上门服务老人人数|≥1200人|1260人|10|10|
|数量指标|护理员培训人数|≥200人|215人|10|9|部分学员未参加结业考核；下年加强组织
|质量指标|服务回访合格率|≥95%|97.5%|10|10|
|时效指标|补助资金拨付及时率|100%|100%|10|10|
|成本指标|人均上门服务补助标准|≤1400元|1380元|10|10|
效益指标（30分）|社会效益指标|失能老人照护水平|有效提升|达成预期指标|15|15|
|可持续影响指标|社区养老服务站持续运行|长期|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|服务老人满意度|≥90%|92%|10|10|
"""),
)

IRRIGATION = ProjectForm(
    project="小型农田水利设施维修养护项目",
    supervisor="白沙县水利局",
    implementer="白沙县农村水利服务站",
    year=2022,
    budget=(240, 240, 231.6),
    budget_score=9.7,
    goal="维修养护小型泵站、渠道和山塘，保障灌溉用水，改善农业生产条件。",
    goal_done="维修泵站18座、渠道42公里、山塘9处，灌溉面积恢复。",
    inds=parse_rows("""
产出指标（50分）|数量指标|维修养护小型泵站|≥18座|18|10|10|
|数量指标|清淤维修渠道长度|≥40公里|42|10|10|
|质量指标|工程验收合格率|100%|100|10|10|
|时效指标|维修养护完成时间|2022年10月底前|达成预期指标|10|10|
|成本指标|每公里渠道维修成本|≤2.6万元|2.5|10|10|
效益指标（30分）|经济效益指标|恢复改善灌溉面积|≥1.5万亩|1.42|15|12|部分渠段因降雨停工；下年汛前完成
|可持续影响指标|设施正常运行年限|≥5年|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|受益农户满意度|≥85%|91|10|10|
"""),
)

# Blind (written before any change for this shape).
FITNESS = ProjectForm(
    project="全民健身设施更新项目",
    supervisor="宁川市体育局",
    implementer="宁川市体育设施管理所",
    year=2024,
    budget=(96, 96, 94.1),
    budget_score=9.8,
    goal="更新城区和乡镇老旧健身器材，新建社区多功能运动场，方便群众就近健身。",
    goal_done="更新健身器材路径46处，新建多功能运动场6片，均已投入使用。",
    inds=parse_rows("""
产出指标（50分）|数量指标|更新健身器材路径|≥45处|46|10|10|
|数量指标|新建多功能运动场|6片|6|10|10|
|质量指标|器材安装验收合格率|100%|100|10|10|
|时效指标|项目完工时间|2024年9月底前|达成预期指标|10|10|
|成本指标|每处健身路径更新成本|≤1.5万元|1.46|10|10|
效益指标（30分）|社会效益指标|群众健身参与人次|≥30万人次|28.6|15|13|乡镇场地使用率偏低；加强宣传组织赛事
|可持续影响指标|器材维护管理制度|健全|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|健身群众满意度|≥90%|94|10|10|
"""),
)

_CHROME_HEAD = ("首页 > 信息公开 > 财政资金信息", "发布时间：2024-04-12 浏览次数：")
_CHROME_TAIL = ("相关附件：", "【打印本页】【关闭窗口】")


def build_g1() -> list[tuple[str, str, str, str]]:
    out = []
    # 01: one table row a line, cells glued; the bare actual gold is as written.
    lines = fused_rows(project_grid(ELDER))
    text = "\n".join(
        [_CHROME_HEAD[0], "清河县2023年度项目支出绩效自评结果公开", *lines, _CHROME_TAIL[1]]
    )
    write_doc("rg_01_g1_glued_elder", "txt", text, form_gold(ELDER))
    out.append(("rg_01_g1_glued_elder", "g1", "民政", "train"))

    # 02: the whole form glued into one paragraph after a document-site head.
    body = "".join(fused_rows(project_grid(IRRIGATION)))
    text = "\n".join(["文档简介", "附件2" + body, "下载文档 加入收藏"])
    write_doc("rg_02_g1_glued_irrigation", "txt", text, form_gold(IRRIGATION))
    out.append(("rg_02_g1_glued_irrigation", "g1", "水利", "train"))

    # b1 (blind): one paragraph, the web page wrapping it every 60 characters.
    body = "".join(fused_rows(project_grid(FITNESS)))
    wrapped = [body[k : k + 60] for k in range(0, len(body), 60)]
    text = "\n".join([_CHROME_HEAD[0], _CHROME_HEAD[1] + "312", *wrapped, _CHROME_TAIL[0]])
    write_doc("rg_b1_g1_glued_fitness", "txt", text, form_gold(FITNESS))
    out.append(("rg_b1_g1_glued_fitness", "g1b", "体育", "blind"))
    return out


# =============================================================================
# G2 glued target tables
# =============================================================================

ARCHIVE = parse_rows("""
产出指标|数量指标|数字化加工档案数量|≥12万页||||
|数量指标|档案库房巡查次数|≥48次||||
|质量指标|数字化成果验收合格率|≥98%||||
|时效指标|年度加工任务完成时间|2024年11月底前||||
|成本指标|每页档案数字化加工成本|≤0.8元||||
效益指标|社会效益指标|档案查阅利用便捷程度|明显提升||||
|可持续影响指标|档案安全保管年限|长期||||
满意度指标|服务对象满意度指标|查档群众满意度|≥90%||||
""")

SCHOOL_MEALS = parse_rows("""
产出指标|数量指标|受益学生人数|≥8600人||20||
|质量指标|食品安全抽检合格率|100%||20||
|时效指标|补助资金按月拨付率|100%||20||
|成本指标|学生每天营养餐补助标准|5元||10||
效益指标|社会效益指标|学生营养健康状况|持续改善||20||
满意度指标|服务对象满意度指标|学生家长满意度|≥90%||10||
""")

# Blind (written before any change for this shape).
FOREST_FIRE = parse_rows("""
产出指标|数量指标|防火巡护人员|≥120人||15||
|数量指标|新建防火隔离带长度|≥35公里||15||
|质量指标|火情处置到位率|100%||15||
|时效指标|火情报告时间|≤30分钟||10||
|成本指标|巡护员人均补助|≤1.2万元||10||
效益指标|生态效益指标|森林火灾受害率|≤0.9‰||15||
|社会效益指标|群众防火意识|明显增强||10||
满意度指标|服务对象满意度指标|林区群众满意度|≥90%||10||
""")


def _target_rows(inds: list[Ind], weight_sep: str | None) -> list[str]:
    """Glued target-table rows: merged labels written once, 分值 after ``weight_sep``."""
    rows, last = [], ("", "")
    for i in inds:
        labels = (i.l1 if i.l1 != last[0] else "") + (i.l2 if (i.l1, i.l2) != last else "")
        last = (i.l1, i.l2)
        row = labels + i.name + i.target
        if weight_sep is not None:
            row += weight_sep + fmt(i.weight)
        rows.append(row)
    return rows


def _target_gold(department: str, year: int, group: str | None, inds: list[Ind]) -> dict[str, Any]:
    rows = []
    for i in inds:
        if not is_indicator(i):
            continue
        r = gold_row(i, group)
        r["actual"] = gold_value(None)
        r["status"] = None
        rows.append(r)
    return {
        "form_type": "target_approval",
        "department": department,
        "year": year,
        "indicators": rows,
    }


def build_g2() -> list[tuple[str, str, str, str]]:
    out = []
    # 03: a department's whole target table, every row glued into one paragraph.
    body = (
        "部门（单位）名称桐溪县档案馆年度主要任务档案数字化加工和库房安全管理"
        "年度绩效指标一级指标二级指标三级指标指标值" + "".join(_target_rows(ARCHIVE, None))
    )
    text = "\n".join(
        [
            "首页 > 预决算公开 > 部门预算",
            "桐溪县档案馆2024年度部门整体支出绩效目标表",
            body,
            "注：本表由部门（单位）填报。",
        ]
    )
    write_doc(
        "rg_03_g2_target_archive", "txt", text, _target_gold("桐溪县档案馆", 2024, None, ARCHIVE)
    )
    out.append(("rg_03_g2_target_archive", "g2", "档案", "train"))

    # 04: a project target table with 分值 after a space and a 合计100 row, a few lines.
    rows = _target_rows(SCHOOL_MEALS, " ")
    text = "\n".join(
        [
            "农村义务教育学生营养改善计划项目绩效目标表（2023年度）",
            "项目名称农村义务教育学生营养改善计划主管部门柏林县教育局",
            "一级指标二级指标三级指标指标值分值",
            " ".join(rows[:3]),
            " ".join(rows[3:]) + " 合计100",
            "项目负责人：财务负责人：",
        ]
    )
    gold = _target_gold("柏林县教育局", 2023, "农村义务教育学生营养改善计划", SCHOOL_MEALS)
    write_doc("rg_04_g2_target_meals", "txt", text, gold)
    out.append(("rg_04_g2_target_meals", "g2", "教育", "train"))

    # b2 (blind): 分值 fused onto the value, one paragraph, 合计100 at the end.
    body = (
        "项目名称森林防火巡护项目主管部门云岭县林业局一级指标二级指标三级指标指标值分值"
        + "".join(_target_rows(FOREST_FIRE, ""))
        + "合计100"
    )
    text = "\n".join(["云岭县林业局2024年度项目支出绩效目标表", body, "附件下载：绩效目标表.xls"])
    gold = _target_gold("云岭县林业局", 2024, "森林防火巡护项目", FOREST_FIRE)
    write_doc("rg_b2_g2_target_forestfire", "txt", text, gold)
    out.append(("rg_b2_g2_target_forestfire", "g2b", "林业", "blind"))
    return out


def main() -> None:
    entries = []
    for stem, key, sector, split in build_g1() + build_g2():
        layout, desc = LAYOUTS[key]
        entries.append(flattened_entry(stem, layout, sector, split, desc))
    write_jsonl(MANIFEST, entries)


if __name__ == "__main__":
    main()
