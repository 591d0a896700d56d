from __future__ import annotations

import pytest

from extractor.engine.prose.normalise import (
    claim_label,
    level1_of_level2,
    name_key,
    normalise_level1,
    normalise_level2,
)


@pytest.mark.parametrize(
    ("text", "level1"),
    [
        ("产出指标", "产出指标"),
        ("产出效益", "产出指标"),
        ("满意度指", "满意度指标"),
        ("效益指标", "效益指标"),
        ("成本指标", "成本指标"),
        ("执行率情况", None),
    ],
)
def test_level1(text: str, level1: str | None) -> None:
    assert normalise_level1(text) == level1


@pytest.mark.parametrize(
    ("text", "level2"),
    [
        ("社会效益", "社会效益指标"),
        ("社会效益指", "社会效益指标"),
        ("数量指标", "数量指标"),
        ("服务对象满意度指标", "服务对象满意度指标"),
        ("满意度", "满意度指标"),
        ("经济成本指标", "经济成本指标"),
        ("可持续影响", "可持续影响指标"),
        ("年度目标", None),
    ],
)
def test_level2(text: str, level2: str | None) -> None:
    assert normalise_level2(text) == level2


def test_level1_inferred_from_level2() -> None:
    assert level1_of_level2("时效指标") == "产出指标"
    assert level1_of_level2("生态效益指标") == "效益指标"


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("完成目标值", "completed"),
        ("完场目标值", "completed"),
        ("达成预期指标", "completed"),
        ("未完成", "not_completed"),
        ("未达到目标值", "not_completed"),
        ("部分完成", "partial"),
        ("不适用", "not_applicable"),
    ],
)
def test_claim_label(claim: str, label: str) -> None:
    assert claim_label(claim)[0] == label


def test_name_key_ignores_markers_of_form_not_content() -> None:
    assert name_key("进一步完善农村养老设施建设（是否）") == "进一步完善农村养老设施建设"
    assert name_key("开展“三方联动”试点") == "开展三方联动试点"


def test_level1_follows_the_level2_lead_unless_a_heading_says_otherwise() -> None:
    from extractor.engine.prose.normalise import level1_under

    assert level1_under(None, "社会效益指标") == "效益指标"
    # a stale heading: no 效益指标 heading came between
    assert level1_under("产出指标", "社会效益指标") == "效益指标"
    assert level1_under("产出指标", "成本指标") == "产出指标"
    # the 成本指标 level 1 of the newer framework keeps its own level 2s
    assert level1_under("成本指标", "经济成本指标") == "成本指标"
    assert level1_under("效益指标", None) == "效益指标"
    # 4.成本指标 read as the newer framework's level 1 does not hold 5.社会效益指标
    assert level1_under("成本指标", "社会效益指标") == "效益指标"
    assert level1_under("成本指标", "成本指标") == "成本指标"
