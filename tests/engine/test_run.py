"""The engine's run: a target form's one value per row is its target."""

from __future__ import annotations

from extractor.engine.candidates import Candidate
from extractor.engine.run import values_as_targets
from extractor.types import IndicatorRecord, ScalarField, Value
from extractor.values import parse_value


def _cand(target: str | None, actual: str | None) -> Candidate:
    rec = IndicatorRecord(
        id="i-0001",
        name=ScalarField(value="图书借阅人次"),
        target=parse_value(target) if target else Value(),
        actual=parse_value(actual) if actual else Value(),
    )
    cand = Candidate(rec)
    if actual:
        cand.signal("actual", role_prob=0.8)
    return cand


def test_a_target_forms_lone_value_read_as_actual_is_its_target() -> None:
    lone, both = _cand(None, "≥1200人次"), _cand("≥1200人次", "1350人次")
    values_as_targets([lone, both], "target_approval")
    assert lone.record.target.text == "≥1200人次" and lone.record.actual.kind == "missing"
    assert lone.signals["target"] == {"role_prob": 0.8} and lone.signals["actual"] == {}
    # A row stating two values keeps them as read.
    assert both.record.target.text == "≥1200人次" and both.record.actual.text == "1350人次"


def test_a_self_evaluation_keeps_an_actual_without_target() -> None:
    lone = _cand(None, "1350人次")
    values_as_targets([lone], "project_self_evaluation")
    assert lone.record.actual.text == "1350人次" and lone.record.target.kind == "missing"
