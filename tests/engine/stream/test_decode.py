"""The constrained decoder: fields follow the header's column order."""

from __future__ import annotations

from extractor.engine.stream.decode import Unit, assign, assign_stating


def _unit(**probs: float) -> Unit:
    return Unit(0, 0, {"O": 0.0, **probs})


def test_header_order_decides_between_look_alike_numbers() -> None:
    # The labeller is unsure which bare number is which; 分值 comes before 实际完成值 here.
    units = [
        _unit(target=0.9, actual=0.1),
        _unit(weight=0.5, actual=0.3, score=0.2),
        _unit(actual=0.4, score=0.6),
        _unit(score=0.6, weight=0.4),
    ]
    texts = ["≤2300张", "5", "1700", "5"]
    assert assign(units, ["target", "weight", "actual", "score"], texts) == [
        "target", "weight", "actual", "score",
    ]  # fmt: skip


def test_a_unit_the_labeller_calls_other_stays_out() -> None:
    units = [_unit(target=1.0), Unit(1, 1, {"O": 0.999, "actual": 0.001}), _unit(weight=1.0)]
    got = assign(units, ["target", "actual", "weight"], ["≥5年", "见附件说明", "10"])
    assert got == ["target", "O", "weight"]


def test_a_split_target_continues() -> None:
    units = [_unit(target=0.9), _unit(target=0.9), _unit(target=0.8), _unit(weight=0.9)]
    got = assign(units, ["target", "weight"], ["≥", "1200", "公里", "10"])
    assert got == ["target", "target", "target", "weight"]


def test_without_a_header_each_field_is_filled_once() -> None:
    units = [_unit(target=0.9), _unit(target=0.6, actual=0.4)]
    assert assign(units, None, ["≥98%", "99%"]) == ["target", "actual"]


def test_a_name_with_nothing_after_it() -> None:
    assert assign([], ["target", "actual"], []) == []
    assert assign([], None, []) == []


def test_a_row_the_labeller_left_out_still_states_its_target() -> None:
    # A form the labeller never saw: every cell after the name read as outside the row
    # (指标性质 | comparator | number | unit | 分值). The row's reading that states a value
    # takes the comparator, the number and its unit as the target.
    units = [Unit(k, k, {"O": 0.99, "target": 0.005, "weight": 0.005}) for k in range(5)]
    texts = ["正向", "≥", "24", "场", "6"]
    assert assign(units, ["target", "weight"], texts) == ["O"] * 5
    got = assign_stating(units, ["target", "weight"], texts)
    assert got is not None and got[1:4] == ["target", "target", "target"]
    assert got[0] == "O"


def test_no_stating_cell_no_forced_reading() -> None:
    units = [Unit(k, k, {"O": 0.99, "target": 0.01}) for k in range(2)]
    assert assign_stating(units, None, ["反映全年办结的案件数量", "酌情扣分"]) is None
