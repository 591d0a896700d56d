"""Corpus k: indicator tables read out column by column (issues 10 and 17).

Text taken out of an XLSX sheet or a PDF by some converters walks a table by
column (or by block) instead of by row. Shapes seen in published reports
(content here is invented; only the structure and damage are kept):

K1 column runs (train, ``rk_01``): one cell a line; the header words in one
   run, then the level labels in a run of their own (each written once), then
   every indicator name, then every target, every actual, every weight and
   every score, each run as long as the table has rows; a 总分 line closes it.
K2 value block then names (blind, ``rk_b1``): the header words in one run,
   then every row's values (target, actual, weight, score) one a line in row
   order, then the names in a run with the level labels standing between
   them where each group starts.

Run from anywhere: ``PYTHONPATH=. .venv/bin/python training_data/replicas/build_rk.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import ROOT, Ind, fmt, gold_row, parse_rows, write_doc  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_k.jsonl"

LAYOUTS = {
    "k1": (
        "k1-column-runs",
        "xlsx text read column by column: header words in a run, level labels in a run of their own, "
        "then all names, all targets, all actuals, all weights, all scores, one cell a line",
    ),
    "k2": (
        "k2-value-block-then-names",
        "pdf text read by block: header words in a run, every row's target/actual/weight/score one a "
        "line in row order, then the names with level labels standing where each group starts",
    ),
}

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]

# K1: a county library's reading-promotion project.
LIBRARY = parse_rows(
    """
产出指标|数量指标|开展阅读推广活动场次|≥40场|46场|15|15
 | |新增馆藏图书册数|≥8000册|8350册|10|10
 |质量指标|读者借阅满意率|≥90%|93%|10|10
 |时效指标|活动完成时间|2023年11月底前|2023年10月底前|10|10
效益指标|社会效益指标|年度到馆读者人次|≥12万人次|11.4万人次|20|18.5
满意度指标|服务对象满意度指标|参与活动群众满意度|≥95%|96.2%|10|10
"""
)

# K2 (blind): a township's rural drinking-water maintenance project.
WATER = parse_rows(
    """
产出指标|数量指标|维修供水管网长度|≥12公里|12.6公里|20|20
 | |更换入户水表数量|≥600块|588块|10|9.5
 |质量指标|水质检测达标率|100%|100%|20|20
效益指标|社会效益指标|受益农村人口|≥5400人|5520人|20|20
满意度指标|服务对象满意度指标|受益群众满意度|≥90%|92%|10|10
"""
)


def _head(project: str, supervisor: str, implementer: str, year: int) -> list[str]:
    return [
        f"{project}绩效自评表.xlsx",
        "项目支出绩效自评表",
        f"（{year}年度）",
        "项目名称",
        project,
        "主管部门",
        supervisor,
        "实施单位",
        implementer,
    ]


def _levels(inds: list[Ind]) -> list[str]:
    out: list[str] = []
    for ind in inds:
        for label in (ind.l1, ind.l2):
            if label and label not in out:
                out.append(label)
    return out


def k1_text(inds: list[Ind]) -> str:
    lines = _head("全民阅读推广活动项目", "青禾县文化和旅游局", "青禾县图书馆", 2023)
    lines += HEADER + _levels(inds)
    lines += [i.name for i in inds]
    lines += [i.target for i in inds]
    lines += [i.actual for i in inds]
    lines += [fmt(i.weight) for i in inds]
    lines += [fmt(i.score) for i in inds]
    lines += ["总分", "83.5"]
    return "\n".join(lines)


def k2_text(inds: list[Ind]) -> str:
    lines = _head("农村饮水安全工程维修养护项目", "柳岸县水利局", "柳岸县白沙镇人民政府", 2022)
    lines += HEADER
    for i in inds:
        lines += [i.target, i.actual, fmt(i.weight), fmt(i.score)]
    seen: set[str] = set()
    for i in inds:
        for label in (i.l1, i.l2):
            if label and label not in seen:
                seen.add(label)
                lines.append(label)
        lines.append(i.name)
    lines += ["总分", "79.5"]
    return "\n".join(lines)


def _gold(inds: list[Ind], group: str, department: str, year: int) -> dict[str, Any]:
    return {
        "form_type": "project_self_evaluation",
        "department": department,
        "year": year,
        "indicators": [gold_row(i, group) for i in inds],
    }


DOCS = [
    (
        "rk_01_k1_column_runs_library",
        "k1",
        "文旅",
        "train",
        k1_text(LIBRARY),
        _gold(LIBRARY, "全民阅读推广活动项目", "青禾县文化和旅游局", 2023),
    ),
    (
        "rk_b1_k2_value_block_water",
        "k2",
        "水利",
        "blind",
        k2_text(WATER),
        _gold(WATER, "农村饮水安全工程维修养护项目", "柳岸县水利局", 2022),
    ),
]


def main() -> None:
    rows = []
    for stem, layout, sector, split, text, gold in DOCS:
        write_doc(stem, "txt", text, gold)
        name, description = LAYOUTS[layout]
        rows.append(
            {
                "doc": stem,
                "layout": name,
                "kind": "flattened",
                "sector": sector,
                "origin": "replica",
                "split": split,
                "format": "txt",
                "description": description,
            }
        )
    MANIFEST.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
