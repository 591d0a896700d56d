"""Rows the stream reader reads only under the "stating" condition carry a signal.

The budget block of a self-evaluation form copied one cell a line (as web pages
of 项目支出绩效自评表 are) ends with the form's note on how its rate is computed
(1.资金使用率=实际支出数/…). The labeller puts every cell after the note's first
words outside a row, and ``assign_stating`` forces its first stated value in: the
row is junk, and the calibrator must be able to tell it from rows read plainly.
The text is written for this test (its own department, rates and numbers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.calibration import row_features
from extractor.engine.candidates import Candidate
from extractor.engine.stream.reader import StreamReader, load_stream_reader

MODEL = Path(__file__).resolve().parents[3] / "models" / "default" / "stream"

BUDGET_BLOCK = """资金执行情况(10分) |
年度资金数(万元) |
年初预算 |
调整后预算数 |
实际支出数 |
资金使用率 |
权重 |
得分 |
原因 |
总额 |
64.50 |
70.20 |
68.80 |
98.01% |
10 |
|
1.资金使用率=实际支出数/调整后预算数,资金使用率低于85%的应写明原因(200字以内);\
2.当年追加资金的,应另行列明理由;3.自筹资金包括:村集体出资、农户自筹. |
其中:财政资金 |
64.50 |
"""

FORM = """| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
| 产出指标 | 数量指标 | 推广新型农机具台数 | ≥40台 | 43台 | 20 | 20 |
| 效益指标 | 社会效益指标 | 农机作业覆盖率 | ≥80% | 85% | 20 | 20 |
| 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 93% | 10 | 10 |
"""


@pytest.fixture(scope="module")
def reader() -> StreamReader:
    return load_stream_reader(MODEL)


def _note_rows(cands: list[Candidate]) -> list[Candidate]:
    return [c for c in cands if "资金使用率" in str(c.record.name.value or "")]


def test_the_note_read_as_a_row_says_it_was_read_under_the_stating_condition(
    reader: StreamReader,
) -> None:
    rows = _note_rows(reader.read_text(BUDGET_BLOCK))
    assert rows, "the shipped labeller reads the note as a row (the case this signal is for)"
    for c in rows:
        assert c.row_signals["stream_stating"] == 1.0
        assert row_features(c)["stream_stating"] == 1.0
        assert c.signals["name"]["stating"] == 1.0
        stated = [f for f in ("target", "actual") if c.signals.get(f, {}).get("present")]
        assert all(c.signals[f]["stating"] == 1.0 for f in stated)


def test_rows_read_plainly_carry_no_stating_signal(reader: StreamReader) -> None:
    cands = reader.read_text(FORM)
    assert [c.record.name.value for c in cands] == [
        "推广新型农机具台数",
        "农机作业覆盖率",
        "农户满意度",
    ]
    for c in cands:
        assert row_features(c)["stream_stating"] == 0.0
        assert "stating" not in c.signals["name"]
        assert row_features(c)["name_junk"] == 0.0


def test_a_budget_line_where_the_name_stands_is_marked_for_the_calibrator() -> None:
    from extractor.types import IndicatorRecord, ScalarField

    for name, junk in (("其中:财政资金", 1.0), ("年度资金总额", 1.0), ("农户满意度", 0.0)):
        rec = IndicatorRecord(id="", name=ScalarField(value=name), source="stream")
        assert row_features(Candidate(rec))["name_junk"] == junk
