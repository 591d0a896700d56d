"""OCR look-alikes in values: repaired where the value decides, kept where it does not."""

from __future__ import annotations

import pytest

from extractor.engine.stream.repair import repair_value


@pytest.mark.parametrize(
    ("text", "actual", "op", "value", "unit"),
    [
        ("$90%", None, ">=", 90, "%"),
        ("工15000册", None, ">=", 15000, "册"),
        ("^98%", None, ">=", 98, "%"),
        ("W35兀", None, "<=", 35, "元"),
        ("290%", "94%", ">=", 90, "%"),  # 290% cannot be a target whose actual is 94%
        ("1OO%", None, "=", 100, "%"),
    ],
)
def test_repaired(text: str, actual: str | None, op: str, value: float, unit: str) -> None:
    got, repaired = repair_value(text, actual)
    assert repaired
    assert (got.op, got.value, got.unit) == (op, value, unit)
    assert got.text == text  # the text stays as written


@pytest.mark.parametrize("text", ["26次", "≥5年", "200人"])
def test_left_alone_where_nothing_decides(text: str) -> None:
    got, repaired = repair_value(text, "6次")
    assert not repaired
    assert got.text == text
