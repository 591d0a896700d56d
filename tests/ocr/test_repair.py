"""OCR-confusion repair: sure fixes applied, unsure ones only lower confidence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.ocr.repair import DOUBT_FACTOR, repair


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("已先成", "", "已完成"),  # as in examples/001 (an OCR'd source)
        ("未先成", "", "未完成"),
        ("先成", "", "完成"),
        ("已完戍", "", "已完成"),
        ("达戍预期指标", "", "达成预期指标"),
        ("$95%", "补助县区资金拨付准确率", "≥95%"),
        ("工90%", "满意度", "≥90%"),
        ("9596", "补助县区资金拨付准确率", "95%"),
        ("≥9596", "婚姻收养登记合格率", "≥95%"),
        ("10096", "预算执行率", "100%"),
        ("1O0%", "", "100%"),
        ("l00", "", "100"),
        ("3，450.5万元", "", "3,450.5万元"),
        ("１２月底前", "", "12月底前"),
    ],
)
def test_sure_confusions_are_fixed(text: str, context: str, expected: str) -> None:
    got = repair(text, 0.97, context)
    assert got.text == expected
    assert got.confidence == 0.97
    assert got.fixes


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("≥9596", "开展政府购买居家养老服务人数"),  # not a rate: 95% or 9596 people?
        ("290%", "补助县区资金拨付准确率"),  # ≥90% or a real 290%?
    ],
)
def test_unsure_confusions_lower_confidence_only(text: str, context: str) -> None:
    got = repair(text, 0.9, context)
    assert got.text == text
    assert got.doubts
    assert got.confidence == pytest.approx(0.9 * DOUBT_FACTOR)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("2396", "开展政府购买居家养老服务人数"),  # a plain count ending in 96
        ("≥6000人", "开展政府购买居家养老服务人数"),
        ("先进单位", ""),  # 先 not before 成
        ("IOS系统", ""),
        ("完成发放残疾人补贴人数", ""),
        ("2022年度", "合格率"),
    ],
)
def test_legitimate_text_is_left_alone(text: str, context: str) -> None:
    got = repair(text, 0.95, context)
    assert (got.text, got.confidence, got.doubts) == (text, 0.95, ())


_SAFE = st.text(alphabet="成完达指标值人个万元年度≥≤<>=.%0123456789 ", max_size=30)


@given(_SAFE, st.sampled_from(["", "合格率", "人数"]))
def test_repair_is_idempotent(text: str, context: str) -> None:
    once = repair(text, 0.9, context)
    twice = repair(once.text, 0.9, context)
    assert twice.text == once.text


@given(st.text(alphabet="部门预算绩效目标完成情况指标值人次", max_size=40))
def test_text_without_confusable_characters_is_unchanged(text: str) -> None:
    assert repair(text, None).text == text
