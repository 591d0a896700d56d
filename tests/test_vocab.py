"""The genre's vocabularies: level names in every spelling the forms use."""

from __future__ import annotations

import pytest

from extractor.vocab import LEVEL1, LEVEL2, level1_of, normalize_level1, normalize_level2


@pytest.mark.parametrize(
    ("cell", "level1"),
    [
        ("项目决策", "项目决策"),
        ("决策（20分）", "项目决策"),
        ("项目管理", "项目管理"),
        ("过程", "项目管理"),
        ("项目产出", "产出指标"),
        ("项目效益", "效益指标"),
        ("产出指标(50分)", "产出指标"),
        ("效益指标（30分）", "效益指标"),
        ("满意度指", "满意度指标"),
        ("立项依据充分性", None),
    ],
)
def test_level1_cells(cell: str, level1: str | None) -> None:
    assert normalize_level1(cell) == level1


@pytest.mark.parametrize(
    ("cell", "level2"),
    [
        ("项目立项", "项目立项"),
        ("绩效目标", "绩效目标"),
        ("资金投入（10分）", "资金投入"),
        ("资金管理", "资金管理"),
        ("组织实施", "组织实施"),
        ("产出数量", "数量指标"),
        ("数量指标(20分)", "数量指标"),
        # the framework's full name of the satisfaction group
        ("社会公众或服务对象满意度指标", "服务对象满意度指标"),
        # indicators of the management rows are not their level-2 names
        ("绩效目标合理性", None),
        ("资金到位率", None),
    ],
)
def test_level2_cells(cell: str, level2: str | None) -> None:
    assert normalize_level2(cell) == level2


def test_every_level2_has_a_level1_in_the_contract() -> None:
    for name in LEVEL2:
        assert level1_of(name) in LEVEL1
    assert level1_of("资金管理") == "项目管理" and level1_of("项目立项") == "项目决策"
