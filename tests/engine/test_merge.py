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
