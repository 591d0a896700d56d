"""Corpus n: tables pasted as text whose indicator names carry their ordinals.

Shapes seen in published reports read through the ``pages`` corpus (all content
here is invented; only the structure and damage are kept):

N1 space rows of a 区域绩效目标自评表 (train): one table row a line, cells cut by
   single spaces, the header broken over lines (一级⏎指标⏎二级指标 三级指标 指标值
   完成值: no points columns), the level-2 label written once before its first
   row, every name numbered 指标1. / 指标2. within its level 2, rows the form left
   empty (a numbered name and nothing else).
N2 one cell a line of a 项目绩效目标申报表 (train, and blind): empty cells dropped,
   level-1 labels spaced out one character a line (产⏎出⏎指⏎标), names numbered
   指标1： and wrapped inside their cell (the two halves on two lines), targets
   only (no actual, no points).

Run from the repository root: ``PYTHONPATH=. python training_data/replicas/build_rn.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import ROOT, Ind, gold_row, gold_value, missing, write_doc  # noqa: E402
from rc_common import flattened_entry, write_jsonl  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_n.jsonl"

LAYOUTS = {
    "n1": (
        "n1-space-rows-numbered",
        "区域绩效目标自评表 copied from a web page: one row a line, single spaces between cells, header "
        "broken over lines with no points columns (指标值 完成值), level-2 labels written once, names "
        "numbered 指标1./指标2. within their level, rows the form left empty",
    ),
    "n2": (
        "n2-cell-lines-numbered-targets",
        "项目绩效目标申报表 pasted one cell a line: empty cells dropped, level-1 labels spaced out one "
        "character a line, names numbered 指标1： and wrapped over two lines, targets only",
    ),
}

# (level 1, level 2, name, target, actual); a name may hold ⏎ where its cell wraps;
# "" for a value the form left empty.
Row = tuple[str, str, str, str, str]


def _ind(row: Row) -> Ind:
    l1, l2, name, target, actual = row
    return Ind(l1, l2, name.replace("⏎", ""), target, actual, status=None)


def _gold(
    form_type: str, dept: str, year: int, rows: list[Row], project: str | None = None
) -> dict[str, Any]:
    """Gold as the README's conventions say: a project form's rows sit under its project."""
    out = []
    for row in rows:
        ind = _ind(row)
        rec = gold_row(ind, project)
        rec["target"] = gold_value(ind.target) if ind.target else missing()
        rec["actual"] = gold_value(ind.actual) if ind.actual else missing()
        out.append(rec)
    return {"form_type": form_type, "department": dept, "year": year, "indicators": out}


def render_n1(title: str, unit: str, contact: str, rows: list[Row]) -> str:
    lines = [title, "填报类型:整体□  区域√  项目□", f"单位名称 {unit} 联系人及电话 {contact}", ""]
    lines += ["一级", "指标", "二级指标 三级指标 指标值 完成值", "", ""]
    l2_seen = ""
    k = 0
    for l1, l2, name, target, actual in rows:
        numbered = l2 != "时效指标"  # a level with one row writes no ordinal
        k = 1 if l2 != l2_seen else k + 1
        cells = [l2] if l2 != l2_seen else []
        cells.append(f"指标{k}.{name}" if numbered else name)
        cells += [c for c in (target, actual) if c]
        l2_seen = l2
        lines.append(" ".join(cells))
    return "\n".join(lines) + "\n"


def _spaced(label: str) -> list[str]:
    return list(label)


def render_n2(title: str, project: str, dept: str, unit: str, money: str, goal: str,
              rows: list[Row]) -> str:  # fmt: skip
    lines = [title, "", "项目名称", project, "主管部门及代码", dept, "实施单位", unit]
    lines += [
        "项目资金",
        "（万元）",
        "年度资金总额：",
        money,
        "其中：财政拨款",
        money,
        "年度目标",
        goal,
    ]
    lines += ["", *_spaced("绩效指标"), "一级", "指标", "二级指标", "三级指标", "指标值", ""]
    l1_seen = l2_seen = ""
    k = 0
    for l1, l2, name, target, _ in rows:
        if l1 != l1_seen:
            lines += _spaced(l1)
        if l2 != l2_seen:
            lines.append(l2)
        k = 1 if l2 != l2_seen else k + 1
        lines += f"指标{k}：{name}".split("⏎")
        if target:
            lines.append(target)
        l1_seen, l2_seen = l1, l2
    return "\n".join(lines) + "\n"


N1_EMPLOY: list[Row] = [
    ("产出指标", "数量指标", "职业技能培训人数", "≥1200", "1356"),
    ("产出指标", "数量指标", "创业担保贷款发放笔数", "≥80", "97"),
    ("产出指标", "数量指标", "公益性岗位安置人数", "≥150", "162"),
    ("产出指标", "数量指标", "就业见习岗位开发数", "≥60", "5"),
    ("产出指标", "质量指标", "培训合格率", "≥90%", "93.5%"),
    ("产出指标", "质量指标", "补贴资金发放准确率", "100%", "100%"),
    ("产出指标", "质量指标", "见习人员留用率", "", ""),
    ("产出指标", "质量指标", "就业困难人员帮扶率", "100%", "100%"),
    ("产出指标", "时效指标", "补贴发放完成时间", "2024年12月底", "2024年12月底"),
    ("产出指标", "成本指标", "人均培训补贴标准", "≤1500元/人", "1380元/人"),
    ("产出指标", "成本指标", "见习补贴月均标准", "", ""),
]

N2_CULTURE: list[Row] = [
    ("产出指标", "数量指标", "送戏下乡⏎演出场次", "≥120场", ""),
    ("产出指标", "数量指标", "农家书屋图书⏎更新册数", "≥8000册", ""),
    ("产出指标", "质量指标", "演出节目⏎审查通过率", "100%", ""),
    ("产出指标", "质量指标", "图书配送⏎到位率", "≥98%", ""),
    ("产出指标", "时效指标", "项目完成时间", "2024年11月底前", ""),
    ("产出指标", "成本指标", "单场演出补助⏎标准", "≤6000元/场", ""),
    ("效益指标", "社会效益指标", "惠及农村群众⏎人次", "≥5万人次", ""),
    ("效益指标", "可持续影响指标", "基层文化服务⏎长效机制", "持续运行", ""),
    ("满意度指标", "服务对象满意度指标", "农村群众⏎满意度", "≥90%", ""),
]

NB1_CLINIC: list[Row] = [
    ("产出指标", "数量指标", "村卫生室标准化⏎建设个数", "≥25个", ""),
    ("产出指标", "数量指标", "乡村医生⏎培训人次", "≥300人次", ""),
    ("产出指标", "质量指标", "建设项目验收⏎合格率", "100%", ""),
    ("产出指标", "时效指标", "设备配置⏎完成时间", "2024年10月底前", ""),
    ("产出指标", "成本指标", "单个卫生室⏎建设补助", "≤8万元", ""),
    ("效益指标", "社会效益指标", "农村居民就近⏎就诊率", "≥70%", ""),
    ("效益指标", "可持续影响指标", "基层医疗服务⏎能力", "持续提升", ""),
    ("满意度指标", "服务对象满意度指标", "就诊群众⏎满意度", "≥92%", ""),
]


def main() -> None:
    entries = []
    docs: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
        (
            "rn_01_n1_employment_zone",
            "n1",
            "人社",
            "train",
            render_n1(
                "2024年就业补助资金区域绩效目标自评表(东岭区)",
                "东岭区人力资源和社会保障局",
                "周敏,0570-6612345",
                N1_EMPLOY,
            ),
            _gold("project_self_evaluation", "东岭区人力资源和社会保障局", 2024, N1_EMPLOY),
        ),
        (
            "rn_02_n2_culture_targets",
            "n2",
            "文旅",
            "train",
            render_n2(
                "2024年度项目绩效目标申报表",
                "农村公共文化服务运行维护",
                "南湖县文化和旅游局",
                "南湖县文化馆",
                "186",
                "完成送戏下乡演出和农家书屋图书更新，提升农村公共文化服务水平。",
                N2_CULTURE,
            ),
            _gold(
                "target_approval",
                "南湖县文化和旅游局",
                2024,
                N2_CULTURE,
                "农村公共文化服务运行维护",
            ),
        ),
        (
            "rn_b1_n2_clinic_targets",
            "n2",
            "卫健",
            "blind",
            render_n2(
                "2024年度项目绩效目标申报表",
                "村卫生室标准化建设",
                "北川县卫生健康局",
                "北川县基层卫生服务中心",
                "230",
                "完成村卫生室标准化建设和乡村医生培训，提升基层医疗服务能力。",
                NB1_CLINIC,
            ),
            _gold("target_approval", "北川县卫生健康局", 2024, NB1_CLINIC, "村卫生室标准化建设"),
        ),
    ]
    for stem, shape, sector, split, text, gold in docs:
        write_doc(stem, "txt", text, gold)
        layout, desc = LAYOUTS[shape]
        entries.append(flattened_entry(stem, layout, sector, split, desc))
    write_jsonl(MANIFEST, entries)


if __name__ == "__main__":
    main()
