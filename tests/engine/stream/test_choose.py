"""Which reading of a found table is kept, and what the stream adds outside tables."""

from __future__ import annotations

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value
from extractor.engine.stream.choose import choose_readings
from extractor.types import Evidence, IndicatorRecord, ScalarField


def _cand(
    name: str, at: int, target: str = "", actual: str = "", weight: float | None = None
) -> Candidate:
    rec = IndicatorRecord(
        id="",
        name=ScalarField(value=name),
        target=cached_value(target),
        actual=cached_value(actual),
        weight=ScalarField(value=weight),
        evidence=Evidence(char_start=at, char_end=at + 10),
    )
    return Candidate(rec)


def test_an_equal_stream_reading_leaves_the_table_reading() -> None:
    table = [_cand("图书编目合格率", 10, "≥98%", "99%", 10)]
    stream = [_cand("图书编目合格率", 12, "≥98%", "99%", 10)]
    assert choose_readings([((0, 100), table)], stream) == table


def test_a_better_stream_reading_replaces_a_poor_table_reading() -> None:
    table = [_cand("图书编目合格率 ≥98% 99%", 10)]  # one merged cell, nothing read
    stream = [
        _cand("图书编目合格率", 10, "≥98%", "99%", 10),
        _cand("读者满意度", 40, "≥90%", "94%", 15),
    ]
    assert choose_readings([((0, 100), table)], stream) == stream


def test_stream_rows_outside_found_tables_are_added_in_text_order() -> None:
    table = [_cand("新增流转图书册数", 210, "≥15000册", "16200册", 10)]
    before = _cand("配送流动书箱数量", 20, "≥120个", "112个", 10)
    after = _cand("读者满意度", 500, "≥90%", "94%", 15)
    got = choose_readings([((200, 300), table)], [before, after])
    assert got == [before, table[0], after]


def test_a_stream_row_outside_tables_without_a_value_is_dropped() -> None:
    # A budget header or a prose sentence the labeller took for a name states no value.
    header = _cand("预算执行率(%)", 5)
    prose = _cand("开展养老培训" * 20, 60, "开展养老培训600人次" * 10)
    row = _cand("读者满意度", 500, "≥90%", "94%", 15)
    assert choose_readings([], [header, prose, row]) == [row]


def test_a_stream_reading_that_contradicts_itself_leaves_the_table_reading() -> None:
    # Single-space rows read well by the table reader; the stream's cells are shifted by
    # one, so every score is above its weight: it states more, but explains less.
    table = [_cand("图书编目合格率", 10, "≥98%"), _cand("读者满意度", 40, "≥90%")]
    stream = [
        _cand("图书编目合格率", 10, "≥98%", "99%", 5),
        _cand("读者满意度", 40, "≥90%", "94%", 8),
    ]
    for c, score in zip(stream, (10, 15), strict=True):
        c.record.score.value = score
    assert choose_readings([((0, 100), table)], stream) == table
