"""Reading indicator tables: merged labels, drifted rows, header shifts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from support import EXAMPLES, gold_for

from extractor.engine.roles import HeuristicScorer
from extractor.engine.table_reader import LabelState, read_indicator_region
from extractor.ingest import load_bytes
from extractor.segment import find_table_regions
from extractor.training.scoring import sim

SAMPLE = EXAMPLES / "000_29d121b4221180d5.txt"

TABLE = (
    "一级指标\t二级指标\t三级指标\t指标值\t分值\t实际完成值\t得分\t完成情况\n"
    "产出指标\t数量指标\t培训教师人数\t≥200人\t10\t230人\t10\t已完成\n"
    "\t\t新建校舍面积\t≥5000平方米\t10\t5200平方米\t10\t已完成\n"
    "\t质量指标\t教师培训合格率\t≥95%\t10\t97%\t10\t已完成\n"
    "\t时效指标\t项目完成时间\t12月底前\t10\t11月\t10\t已完成\n"
    "效益指标\t社会效益指标\t适龄儿童入学率\t≥99%\t20\t99.5%\t20\t已完成\n"
    "满意度指标\t服务对象满意度指标\t家长满意度\t≥90%\t10\t88%\t8\t部分完成\n"
)


def read(text: str) -> list[dict[str, object]]:
    doc = load_bytes(text.encode(), "t.txt")
    state = LabelState()
    out = []
    for region in find_table_regions(doc):
        for c in read_indicator_region(region, HeuristicScorer(), state):
            r = c.record
            out.append(
                {
                    "level1": r.level1.value,
                    "level2": r.level2.value,
                    "name": r.name.value,
                    "target": r.target.text,
                    "actual": r.actual.text,
                    "weight": r.weight.value,
                    "score": r.score.value,
                    "status": r.status.text,
                }
            )
    return out


def test_labels_of_merged_cells_carry_down() -> None:
    rows = read(TABLE)
    assert [r["name"] for r in rows][:2] == ["培训教师人数", "新建校舍面积"]
    assert rows[1]["level1"] == "产出指标" and rows[1]["level2"] == "数量指标"
    assert rows[2]["level2"] == "质量指标" and rows[2]["level1"] == "产出指标"
    assert rows[5] == {
        "level1": "满意度指标", "level2": "服务对象满意度指标", "name": "家长满意度",
        "target": "≥90%", "actual": "88%", "weight": 10, "score": 8, "status": "部分完成",
    }  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2), min_size=6, max_size=6))
def test_rows_drifted_left_keep_their_fields(drifts: list[int]) -> None:
    """Dropping up to two leading cells of any data row changes nothing."""
    lines = TABLE.splitlines()
    out = [lines[0]]
    for line, drift in zip(lines[1:], drifts, strict=True):
        cells = line.split("\t")
        k = 0
        while k < drift and cells and cells[0] == "":
            cells.pop(0)
            k += 1
        out.append("\t".join(cells))
    assert read("\n".join(out) + "\n") == read(TABLE)


def test_sample_rows_match_gold() -> None:
    gold = gold_for(SAMPLE.stem)["indicators"]
    rows = read(SAMPLE.read_text(encoding="utf-8"))
    assert len(rows) == len(gold)
    for r, g in zip(rows, gold, strict=True):
        assert sim(r["name"], g["name"]) >= 0.9
        assert r["level1"] == g["level1"] and r["level2"] == g["level2"]
        assert r["weight"] == g["weight"] and r["score"] == g["score"]
        assert r["target"] == g["target"]["text"]


def test_header_shifted_against_its_rows_is_realigned() -> None:
    # The header lost its leading label cell: every row sits one column right.
    lines = TABLE.splitlines()
    shifted = [lines[0]] + ["\t" + line for line in lines[1:]]
    assert read("\n".join(shifted) + "\n") == read(TABLE)


def test_end_of_table_rows_are_not_indicators() -> None:
    text = TABLE + "偏差大或目标未完成原因分析\t无\n自评得分\t98\n"
    names = [r["name"] for r in read(text)]
    assert not any(re.match("偏差|自评", str(n)) for n in names)


def test_split_target_columns_are_composed() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重\n"
        "产出指标\t数量指标\t改造农村公路里程\t≥\t120\t公里\t20\n"
        "\t质量指标\t工程验收合格率\t=\t100\t%\t20\n"
    )
    rows = read(text)
    assert [r["target"] for r in rows] == ["≥120公里", "=100%"]
    assert [r["weight"] for r in rows] == [20, 20]


OLDER_SCORING_LAYOUT = (
    "一级指标\t二级指标\t三级指标\t分值\t指标值\t实际完成值\t得分\n"
    "项目决策（20分）\t项目立项\t立项依据充分性\t5\t充分\t充分\t5\n"
    "\t绩效目标\t绩效目标合理性\t5\t合理\t基本合理\t4\n"
    "\t资金投入\t预算编制科学性\t10\t科学\t科学\t10\n"
    "项目管理（20分）\t资金管理\t资金到位率\t10\t100%\t100%\t10\n"
    "\t组织实施\t管理制度健全性\t10\t健全\t健全\t10\n"
    "项目产出（40分）\t数量指标\t维修村道里程\t40\t≥35公里\t36公里\t40\n"
)


def test_older_scoring_layout_management_rows_are_indicators() -> None:
    rows = read(OLDER_SCORING_LAYOUT)
    assert [r["name"] for r in rows] == [
        "立项依据充分性", "绩效目标合理性", "预算编制科学性", "资金到位率",
        "管理制度健全性", "维修村道里程",
    ]  # fmt: skip
    assert [(r["level1"], r["level2"]) for r in rows] == [
        ("项目决策", "项目立项"), ("项目决策", "绩效目标"), ("项目决策", "资金投入"),
        ("项目管理", "资金管理"), ("项目管理", "组织实施"), ("产出指标", "数量指标"),
    ]  # fmt: skip
    assert rows[3]["weight"] == 10 and rows[3]["target"] == "100%"
    assert rows[1]["score"] == 4
