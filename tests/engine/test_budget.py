"""Budget lines from the budget tables of performance forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.checks import check_budget
from extractor.engine.budget import (
    CONFIDENCE,
    SHIFTED_CONFIDENCE,
    parse_amount,
    read_budget_lines,
    read_prose_budget,
)
from extractor.ingest import load_bytes, load_document
from extractor.types import Document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def doc_of(text: str) -> Document:
    return load_bytes(text.encode("utf-8"), "variant.txt")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("27,799.22", 27799.22),
        ("100.00%", 100.0),
        ("-1693.77", -1693.77),
        ("0", 0.0),
        ("", None),
        ("达成预期指标", None),
        ("3，450.5", 3450.5),
    ],
)
def test_parse_amount(text: str, value: float | None) -> None:
    assert parse_amount(text) == value


def test_sample_000_shifted_row_is_realigned_and_arithmetic_holds() -> None:
    [path] = EXAMPLES.glob("000_*.txt")
    doc = load_document(path)
    lines = read_budget_lines(doc)
    other = lines[-1]
    # "其他资金\t2486.51\t\t-2486.51\t0\t0": the converter dropped the leading empty cell.
    assert (other.label, other.initial, other.adjusted, other.actual) == ("其他资金", 2486.51, 0, 0)
    assert other.confidence == SHIFTED_CONFIDENCE
    assert lines[0].confidence == CONFIDENCE
    assert lines[0].evidence is not None and lines[0].evidence.line_start == 6
    assert check_budget(lines) == []


def test_unit_from_a_unit_line_above_the_table() -> None:
    text = (
        "收入决算明细表\n单位：元\n"
        "项目\t年初预算数\t调整预算数\t决算数\n"
        "一、一般公共预算财政拨款收入\t277,992,200.00\t218,492,342.07\t218,492,342.07\n"
        "总 计\t277,992,200.00\t218,492,342.07\t218,492,342.07\n"
    )
    lines = read_budget_lines(doc_of(text))
    assert [(x.label, x.unit, x.adjusted) for x in lines] == [
        ("一、一般公共预算财政拨款收入", "元", 218492342.07),
        ("总计", "元", 218492342.07),
    ]


def test_the_form_budget_block_wins_over_supporting_tables() -> None:
    text = (
        "项目\t年初预算数\t调整预算数\t决算数\n"
        "三、其他收入\t0.00\t3,346,189.60\t3,346,189.60\n"
        "\n说明文字。\n\n"
        "预算执行情况（万元）\t\t预算数（A）\t执行数（B）\t执行率（B/A）\n"
        "\t部门整体支出总额\t23,367.00\t23,367.00\t100%\n"
    )
    [line] = read_budget_lines(doc_of(text))
    assert (line.label, line.initial, line.actual, line.execution_rate) == (
        "部门整体支出总额",
        23367.0,
        23367.0,
        100.0,
    )


def test_an_empty_spacer_column_does_not_shift_the_values() -> None:
    # The label sits one column left of the header's first value column because the
    # form has an empty spacer column, not because a cell was dropped: no realignment.
    text = (
        "项目资金（万元）\t\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t\t64\t64\t60.8\t10\t95.00%\t9.5\n"
    )
    [line] = read_budget_lines(doc_of(text))
    assert (line.initial, line.adjusted, line.actual, line.execution_rate) == (64, 64, 60.8, 95)
    assert line.confidence == CONFIDENCE
    assert check_budget([line]) == []


def test_no_budget_table_gives_no_lines() -> None:
    assert read_budget_lines(doc_of("2022年度绩效自评报告\n一、基本情况\n")) == []


def test_prose_sentence_of_sample_002_gives_one_overall_line() -> None:
    [path] = EXAMPLES.glob("002_*.txt")
    [line] = read_prose_budget(load_document(path))
    assert (line.initial, line.adjusted, line.actual, line.execution_rate, line.unit) == (
        27799.22,
        23367.0,
        23367.0,
        100.0,
        "万元",
    )
    assert line.evidence is not None and line.evidence.line_start == 9
    assert check_budget([line]) == []


def test_prose_is_only_a_fallback_and_needs_two_amounts_in_one_unit() -> None:
    text = "2022年度绩效自评报告\n年初预算为120万元，调整后预算数为100万元，决算支出数为98万元，执行率达98%。\n"
    [line] = read_budget_lines(doc_of(text))
    assert (line.label, line.adjusted, line.actual, line.execution_rate) == ("合计", 100, 98, 98)
    assert read_prose_budget(doc_of("年初预算为120万元。\n")) == []
    assert read_prose_budget(doc_of("年初预算为120万元，调整后预算数为1000000元。\n")) == []
