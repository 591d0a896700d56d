"""Prose mentions merge into the table row the scorer's name similarity picks,
without a full similarity for every (prose, row) pair."""

from __future__ import annotations

import difflib

import pytest

from extractor.engine.candidates import Candidate
from extractor.engine.merge import NAME_MATCH, merge_prose
from extractor.training.scoring import sim
from extractor.types import IndicatorRecord, ScalarField, Value

NAMES = [
    "新增家庭养老床位数",
    "培训护理人员人次",
    "验收合格率",
    "服务对象满意度",
    "项目按期完成率",
    "资金拨付及时率",
    "老年人生活质量提升",
    "社区食堂覆盖率",
    "设备完好率",
    "巡查次数",
]


def _candidate(i: int, name: str, actual: str | None = None) -> Candidate:
    record = IndicatorRecord(id=f"i-{i}", name=ScalarField(value=name))
    if actual:
        record.actual = Value(text=actual, kind="qualitative")
    return Candidate(record=record)


def _prose() -> list[Candidate]:
    variants = [n[:-1] for n in NAMES] + [n + "指标" for n in NAMES] + ["完全无关的一句话"]
    return [_candidate(100 + i, v, f"值{i}") for i, v in enumerate(variants)]


def _expected(table: list[Candidate], p: Candidate) -> str | None:
    best, best_sim = None, NAME_MATCH
    for t in table:
        s = sim(t.record.name.value, p.record.name.value)
        if s >= best_sim:
            best, best_sim = t, s
    return best.record.id if best else None


def test_each_prose_mention_fills_the_row_plain_sim_picks() -> None:
    table = [_candidate(i, f"{i}.{name}") for i, name in enumerate(NAMES * 3)]
    prose = _prose()
    expected = {p.record.actual.text: _expected(table, p) for p in prose}
    merge_prose(table, prose)
    filled = {t.record.actual.text: t.record.id for t in table if t.record.actual.text}
    # A later equal match wins in both; rows taken by an earlier mention keep it.
    for actual, row in filled.items():
        assert expected[actual] == row
    assert "值20" not in filled  # the unrelated sentence matches nothing


def test_full_similarity_is_computed_for_few_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    ratio = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        nonlocal calls
        calls += 1
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    table = [_candidate(i, f"{name}{i}") for i, name in enumerate(NAMES * 20)]
    prose = _prose()
    merge_prose(table, prose)
    assert calls < len(table) * len(prose) / 4


def _read(i: int, name: str, source: str, chars: tuple[int, int]) -> Candidate:
    from extractor.types import Evidence

    record = IndicatorRecord(
        id=f"i-{i}",
        name=ScalarField(value=name),
        source=source,  # type: ignore[arg-type]
        evidence=Evidence(page=1, char_start=chars[0], char_end=chars[1]),
    )
    return Candidate(record=record)


def test_a_stream_row_read_out_of_sentences_gives_way_to_their_statements() -> None:
    # 城乡居民基本养老保险参保率年度目标≥95%，实际达到96.3%，已完成。社会保障卡持卡人数计划新增6万人…
    # the stream reader reads both sentences as one row; the prose reader reads two statements
    stream = [_read(1, "城乡居民基本养老保险参保率年度目标", "stream", (100, 170))]
    prose = [
        _read(2, "城乡居民基本养老保险参保率", "prose", (100, 135)),
        _read(3, "社会保障卡持卡人数", "prose", (136, 170)),
    ]
    out = merge_prose(stream, prose)
    assert [c.record.name.value for c in out] == [
        "城乡居民基本养老保险参保率",
        "社会保障卡持卡人数",
    ]


def test_a_flattened_line_read_as_more_rows_keeps_the_stream_reading() -> None:
    stream = [_read(k, f"指标{k}", "stream", (10 * k, 10 * k + 9)) for k in range(3)]
    prose = [_read(9, "指标0", "prose", (0, 25))]
    out = merge_prose(stream, prose)
    assert [c.record.source for c in out] == ["stream"] * 3


def test_a_table_row_is_never_dropped_for_prose() -> None:
    table = [_read(1, "新增家庭养老床位数", "table", (0, 40))]
    prose = [_read(2, "新增床位", "prose", (0, 20)), _read(3, "培训人次", "prose", (21, 40))]
    out = merge_prose(table, prose)
    assert [c.record.source for c in out] == ["table"]


def test_beside_other_stream_rows_a_row_read_once_each_way_stays_a_row() -> None:
    # a glued form: the prose reader also reads one row's characters as a statement
    stream = [_read(k, f"指标{k}", "stream", (20 * k, 20 * k + 15)) for k in range(3)]
    prose = [_read(9, "指标1", "prose", (20, 30))]
    out = merge_prose(stream, prose)
    assert [c.record.name.value for c in out] == ["指标0", "指标1", "指标2"]


def _read_line(i: int, name: str, source: str, chars: tuple[int, int], line: int) -> Candidate:
    cand = _read(i, name, source, chars)
    assert cand.record.evidence is not None
    cand.record.evidence.line_start = cand.record.evidence.line_end = line
    return cand


def test_a_stream_row_on_a_prose_line_is_one_passage_with_its_statements() -> None:
    # 社会效益指标护林员工资发放率、林道完好率均达到100%；…；服务对象满意度指标村民满意度均大于等于92%。
    # the stream reader reads the line's tail as a row, the prose reader its
    # first clause as two statements: their characters do not overlap
    stream = [_read_line(1, "村民满意度均大于等于", "stream", (71, 90), 2)]
    prose = [
        _read_line(2, "护林员工资发放率", "prose", (6, 14), 2),
        _read_line(3, "林道完好率", "prose", (15, 20), 2),
    ]
    out = merge_prose(stream, prose)
    assert [c.record.name.value for c in out] == ["护林员工资发放率", "林道完好率"]
    # on a line of its own the stream row stands beside the statements
    stream = [_read_line(1, "村民满意度均大于等于", "stream", (95, 110), 3)]
    out = merge_prose(stream, prose)
    assert [c.record.source for c in out] == ["stream"]
