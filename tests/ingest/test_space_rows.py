"""Web tables that lost their grid: single-space rows and cells on lines of their own.

The held-aside replicas (rs_b1, rs_b2) were written before the cutter and are
never trained on (column_kinds.json is built from the training split only);
the other cases are written here or generated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest.cell_kinds import load_column_kinds
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.space_rows import cut_line, find_header
from extractor.types import BlockKind
from extractor.vocab import squash

DATA = Path(__file__).resolve().parents[2] / "training_data"


def table_rows(text: str) -> list[dict[int, str]]:
    """Every table row of ``text`` as {column: cell text} (empty cells left out)."""
    return [
        {c.col: c.text for c in row.cells if c.text.strip()}
        for page in text_to_pages(text)
        for block in page.blocks
        if block.kind == BlockKind.table
        for row in block.rows
    ]


def check_offsets(text: str) -> None:
    for page in text_to_pages(text):
        for block in page.blocks:
            for row in block.rows:
                for c in row.cells:
                    assert text[c.evidence.char_start : c.evidence.char_end] == c.text


def _column_of(rows: list[dict[int, str]], header_word: str) -> int:
    header = next(r for r in rows if header_word in r.values())
    return next(k for k, t in header.items() if t == header_word)


# --------------------------------------------------------------------------
# Held-aside replicas
# --------------------------------------------------------------------------


def _gold(stem: str) -> dict:
    return json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def test_held_aside_space_rows_keep_values_in_their_columns() -> None:
    stem = "rs_b1_sb1_fireguard_note"
    text = (DATA / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    rows = table_rows(text)
    target, actual = _column_of(rows, "年度指标值"), _column_of(rows, "实际完成值")
    weight, score = _column_of(rows, "分值"), _column_of(rows, "得分")
    gold = _gold(stem)["indicators"]
    by_actual = {squash(r.get(actual, "")): r for r in rows}
    for g in gold:
        row = by_actual.get(squash(g["actual"]["text"]))
        assert row is not None, g["name"]
        assert row.get(weight) == str(g["weight"]) and row.get(score) == str(g["score"])
    # Most targets stand alone in their column (an explanation before them may join them).
    alone = sum(
        squash(g["target"]["text"]) in {squash(r.get(target, "")) for r in rows} for g in gold
    )
    assert alone >= len(gold) // 2
    check_offsets(text)


def test_held_aside_bars_on_own_lines_become_rows_under_the_header() -> None:
    stem = "rs_b2_sb2_water_bars"
    text = (DATA / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    rows = table_rows(text)
    name, target = _column_of(rows, "三级指标"), _column_of(rows, "年度指标值")
    pairs = {(r.get(name), r.get(target)) for r in rows}
    for g in _gold(stem)["indicators"]:
        assert (g["name"], g["target"]["text"]) in pairs
    check_offsets(text)


# --------------------------------------------------------------------------
# Written here
# --------------------------------------------------------------------------

SCORING_RULE = (
    "项目名称 村级便民服务站运行补助\n"
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 评分标准\n"
    "产出指标 数量指标 运行服务站数量 ≥40个 42个 20 20 每少1个扣2分， 扣完为止\n"
    "时效指标 补助发放时间 2024年6月底前 按时发放 10 10 逾期 不得分\n"
    "满意度指标 服务对象满意度指标 村民满意度 ≥85% 88% 10 10 满意度 低于85%按比例扣分\n"
    "注：评分标准栏不作为指标值。\n"
    "【关闭】\n"
)


def test_rows_with_sentences_in_the_last_column() -> None:
    rows = table_rows(SCORING_RULE)
    assert rows[1] == {
        0: "产出指标",
        1: "数量指标",
        2: "运行服务站数量",
        3: "≥40个",
        4: "42个",
        5: "20",
        6: "20",
        7: "每少1个扣2分， 扣完为止",
    }
    assert rows[2] == {
        1: "时效指标",
        2: "补助发放时间",
        3: "2024年6月底前",
        4: "按时发放",
        5: "10",
        6: "10",
        7: "逾期 不得分",
    }
    assert rows[3][7] == "满意度 低于85%按比例扣分"
    # The note and the page's buttons under the table are no rows of it.
    assert len(rows) == 4
    check_offsets(SCORING_RULE)


def test_header_glued_to_a_line_of_text_and_a_stacked_header() -> None:
    text = (
        "表中数据经单位审核 一级指标 二级指标 三级指标 年度 实际 分值 得分\n"
        "指标值 完成值\n"
        "产出指标 数量指标 培训人次 ≥300人次 320人次 30 30\n"
        "质量指标 培训合格率 ≥90% 93% 30 30\n"
    )
    pages = text_to_pages(text)
    kinds = [b.kind for b in pages[0].blocks]
    assert kinds == [BlockKind.paragraph, BlockKind.table]
    assert pages[0].blocks[0].text == "表中数据经单位审核"
    rows = table_rows(text)
    # 年度 / 指标值 and 实际 / 完成值: one header cell each, wrapped onto the next line.
    assert rows[0][3] == "年度指标值" and rows[0][4] == "实际完成值"
    assert rows[1] == {
        0: "产出指标",
        1: "数量指标",
        2: "培训人次",
        3: "≥300人次",
        4: "320人次",
        5: "30",
        6: "30",
    }
    assert rows[2] == {1: "质量指标", 2: "培训合格率", 3: "≥90%", 4: "93%", 5: "30", 6: "30"}


def test_split_target_rows_whose_empty_unit_is_gone() -> None:
    text = (
        "一级指标 二级指标 三级指标 指标性质 指标方向 目标值 计量单位 分值 备注\n"
        "产出指标 数量指标 巡查次数 正向 ≥ 48 次 10\n"
        "产出指标 质量指标 安全事故次数 反向 = 0 10\n"
    )
    rows = table_rows(text)
    assert rows[1] == {
        0: "产出指标",
        1: "数量指标",
        2: "巡查次数",
        3: "正向",
        4: "≥",
        5: "48",
        6: "次",
        7: "10",
    }
    assert rows[2] == {
        0: "产出指标",
        1: "质量指标",
        2: "安全事故次数",
        3: "反向",
        4: "=",
        5: "0",
        7: "10",
    }


def test_prose_and_whole_tables_on_one_line_stay_text() -> None:
    prose = (
        "一级指标和二级指标按年度指标值考核 实际完成值见附表 得分另行公布\n本年度完成培训200人。\n"
    )
    assert table_rows(prose) == []
    # A whole table on one line is the stream reader's input, not a header.
    one_line = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 " + " ".join(
        f"产出指标 数量指标 指标{k} ≥{k}0个 {k}1个 10 10" for k in range(1, 12)
    )
    assert find_header(one_line) is None
    assert table_rows(one_line + "\n") == []


def test_pipe_rows_without_outer_bars_are_placed_under_the_header() -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
        "产出指标 | 数量指标 | 新增图书册数 | ≥3000册 | 3120册 | 20 | 20\n"
        "质量指标 | 图书完好率 | ≥95% | 97% | 20 | 20\n"
    )
    rows = table_rows(text)
    # The merged 一级指标 cell is absent: the row's cells move one column right.
    assert rows[2] == {1: "质量指标", 2: "图书完好率", 3: "≥95%", 4: "97%", 5: "20", 6: "20"}
    check_offsets(text)


def test_lone_bars_between_cells_are_empty_cells_not_row_breaks() -> None:
    # Without a closing run of bars, lone bars are empty cells: no bar-row table here.
    text = "一级指标 |\n二级指标 |\n三级指标 |\n指标值 |\n|\n产出指标 |\n数量指标 |\n巡查次数 |\n48次 |\n|\n"
    assert all(len(r) <= 1 for r in table_rows(text))


# --------------------------------------------------------------------------
# Generated: derived variants and property-based cuts
# --------------------------------------------------------------------------


def test_spacing_variants_cut_alike() -> None:
    """One to three spaces between cells, or spaces at the line's ends, change no cell."""
    rng = random.Random(11)
    base = table_rows(SCORING_RULE)
    for _ in range(5):
        lines = []
        for line in SCORING_RULE.splitlines():
            words = line.split(" ")
            lines.append(" " + "".join(w + " " * rng.choice((1, 1, 2, 3)) for w in words))
        variant = "\n".join(lines) + "\n"
        got = table_rows(variant)
        assert [{k: squash(v) for k, v in r.items()} for r in got] == [
            {k: squash(v) for k, v in r.items()} for r in base
        ]


NAMES = [
    "改造农村公路里程",
    "培训基层干部人次",
    "资金拨付及时率",
    "群众满意度",
    "设备完好率",
    "新增就业岗位",
]
UNITS = ["公里", "人次", "%", "个", "万元", "户"]
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
]
HEADER = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施"


@st.composite
def rows_strategy(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(2, 6))):
        l1, l2 = draw(st.sampled_from(LEVELS))
        unit = draw(st.sampled_from(UNITS))
        target = draw(st.integers(1, 5000))
        actual = draw(st.integers(1, 5000))
        weight = draw(st.integers(1, 30))
        score = draw(st.integers(0, weight))
        rows.append(
            [
                l1,
                l2,
                draw(st.sampled_from(NAMES)),
                f"≥{target}{unit}",
                f"{actual}{unit}",
                str(weight),
                str(score),
            ]
        )
    return rows


@settings(max_examples=40, deadline=None)
@given(rows_strategy(), st.booleans())
def test_generated_rows_are_cut_back_into_their_cells(rows: list[list[str]], once: bool) -> None:
    header = find_header(HEADER)
    assert header is not None
    model = load_column_kinds()
    last: tuple[str, str] | None = None
    for cells in rows:
        shown = list(cells)
        if once and last == (cells[0], cells[1]):
            shown[0] = shown[1] = ""  # merged labels written once
        last = (cells[0], cells[1])
        line = " ".join(c for c in shown if c)
        cut = cut_line(line, header, model)
        assert cut is not None, line
        got = {col: line[a:b] for col, a, b in cut.cells}
        assert got == {k: c for k, c in enumerate(shown) if c}, line
