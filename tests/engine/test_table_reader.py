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


# A county web page's form: 年度指标值 spans 指标性质 | 指标值 | 度量单位 in a second header
# row, and the 一级/二级/三级指标 labels sit in a third row below it.
STACKED_HEADER_HTML = """<html><head><title>某县第二小学2023年度校舍维修项目支出绩效自评表</title></head><body>
<table>
<tr><td>项目名称</td><td colspan="9">校舍维修改造</td></tr>
<tr><td rowspan="2" colspan="3">绩效指标</td><td colspan="3">年度指标值</td>
<td rowspan="2">实际完成值</td><td rowspan="2">分值</td><td rowspan="2">得分</td>
<td rowspan="2">偏差原因分析及改进措施</td></tr>
<tr><td>指标性质</td><td>指标值</td><td>度量单位</td></tr>
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td rowspan="3">产出指标</td><td>数量指标</td><td>维修教室间数</td><td>≥</td><td>24</td><td>间</td>
<td>22间</td><td>20</td><td>18</td><td>两间教室并入下年工程</td></tr>
<tr><td>时效指标</td><td>完工时间</td><td>定性</td><td>8月底前</td><td></td><td>按时完成</td><td>20</td><td>20</td><td></td></tr>
<tr><td>成本指标</td><td>每间维修费用</td><td>≤</td><td>3.5</td><td>万元</td><td>3.2万元</td><td>20</td><td>20</td><td></td></tr>
<tr><td>效益指标</td><td>社会效益指标</td><td>师生安全保障</td><td>定性</td><td>有效提升</td><td></td><td>有效提升</td><td>20</td><td>20</td><td></td></tr>
</table></body></html>"""


def test_stacked_split_target_header_is_one_table() -> None:
    doc = load_bytes(STACKED_HEADER_HTML.encode(), "t.html")
    regions = find_table_regions(doc)
    assert len(regions) == 1
    cols = regions[0].columns
    assert cols[:6] == ["level1", "level2", "name", "op", "target", "unit"]
    assert {"actual", "weight", "score", "deviation"} <= set(cols)
    state = LabelState()
    rows = [c.record for c in read_indicator_region(regions[0], HeuristicScorer(), state)]
    assert [r.name.value for r in rows] == [
        "维修教室间数",
        "完工时间",
        "每间维修费用",
        "师生安全保障",
    ]
    assert [r.target.text for r in rows] == ["≥24间", "8月底前", "≤3.5万元", "有效提升"]
    assert [r.target.kind for r in rows] == ["numeric", "deadline", "numeric", "qualitative"]
    assert rows[0].deviation.text == "两间教室并入下年工程"
    assert [r.score.value for r in rows] == [18, 20, 20, 20]


def test_ellipsis_placeholder_rows_are_neither_names_nor_tails() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\n"
        "产出指标\t质量指标\t种苗成活率\t10\t≥90%\t93%\t10\n"
        "\t\t……\n"
        "\t时效指标\t苗木栽植完成时间\t10\t4月底前\t4月20日\t10\n"
    )
    rows = read(text)
    assert [r["name"] for r in rows] == ["种苗成活率", "苗木栽植完成时间"]


# A web table converted to pipe rows: merged label cells are dropped, so the
# rows under a label are one or two cells shorter than the header.
DROPPED_MERGED = """| 一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 | 度量单位 | 指标值说明 | |
| 产出指标 | 数量指标 | 新建灌溉渠道长度(公里) | ≥ | 12 | 公里 | 依据年度计划 | |
| 维修泵站数量(座) | = | 6 | 座 | 依据年度计划 | |||
| 水质监测点位(个) | ≥ | 40 | 个 | 依据监测方案 | |||
| 质量指标 | 工程验收合格率(%) | ≥ | 98 | % | 依据验收规范 | |
| 效益指标 | 社会效益指标 | 受益灌溉面积(万亩) | ≥ | 3.5 | 万亩 | 依据设计文件 | |
"""


def test_rows_that_lost_their_merged_cells_keep_the_labels_above() -> None:
    from extractor.pipeline import extract_bytes

    got = extract_bytes(DROPPED_MERGED.encode(), "dropped.txt").indicators
    rows = [(r.level1.value, r.level2.value, r.name.value, r.target.text) for r in got]
    assert rows == [
        ("产出指标", "数量指标", "新建灌溉渠道长度(公里)", "≥12公里"),
        ("产出指标", "数量指标", "维修泵站数量(座)", "=6座"),
        ("产出指标", "数量指标", "水质监测点位(个)", "≥40个"),
        ("产出指标", "质量指标", "工程验收合格率(%)", "≥98%"),
        ("效益指标", "社会效益指标", "受益灌溉面积(万亩)", "≥3.5万亩"),
    ]


# A 项目支出绩效目标表 saved as pipe text (own wording): merged level cells are written
# once, the satisfaction group's level 2 is written across both level columns (one cell),
# and the form's sign-off line 财政部门审核意见 follows the last indicator.
TARGET_FORM = (
    "项目名称 | 公共厕所提质改造 |\n"
    "一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
    "产出指标 | 数量指标 | 新建公厕数量 | 12座 |\n"
    "质量指标 | 公厕验收合格率 | 100% |\n"
    "效益指标 | 社会效益指标 | 如厕环境改善情况 | 明显改善 |\n"
    "社会公众或服务对象满意度指标 | 周边群众满意度 | ≥90% |\n"
    "| 财政部门审核意见 | | | |\n"
)


def test_a_level2_of_another_level1_ends_the_level1_carried_down() -> None:
    rows = {r["name"]: (r["level1"], r["level2"]) for r in read(TARGET_FORM)}
    assert rows["周边群众满意度"] == ("满意度指标", "服务对象满意度指标")
    assert rows["如厕环境改善情况"] == ("效益指标", "社会效益指标")


def test_a_lone_cell_after_the_last_row_stating_a_value_is_no_indicator() -> None:
    names = [r["name"] for r in read(TARGET_FORM)]
    assert names == ["新建公厕数量", "公厕验收合格率", "如厕环境改善情况", "周边群众满意度"]
