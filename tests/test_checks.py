"""Checks on realistic records: values built directly (not via parse_value)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractor.checks import (
    check_budget,
    check_scores,
    claim_consistent,
    run_checks,
    score_consistent,
    target_met,
)
from extractor.types import (
    BudgetLine,
    IndicatorRecord,
    Normalized,
    ScalarField,
    StatusField,
    StatusLabel,
    Value,
)


def num(
    text: str,
    value: float,
    unit: str | None = None,
    op: str = "=",
    norm: tuple[float, str | None] | None = None,
) -> Value:
    nv, nu = norm if norm is not None else (value, unit)
    return Value(
        text=text,
        kind="numeric",
        op=op,  # type: ignore[arg-type]
        value=value,
        unit=unit,
        normalized=Normalized(value=nv, unit=nu),
    )


def qual(text: str, kind: str = "qualitative") -> Value:
    return Value(text=text, kind=kind)  # type: ignore[arg-type]


def record(
    target: Value,
    actual: Value,
    status: StatusLabel | None = None,
    status_text: str | None = None,
    weight: float | str | None = None,
    score: float | str | None = None,
) -> IndicatorRecord:
    return IndicatorRecord(
        id="i-0001",
        target=target,
        actual=actual,
        status=StatusField(text=status_text, label=status),
        weight=ScalarField(value=weight),
        score=ScalarField(value=score),
    )


# ---------------------------------------------------------------- target_met


def test_magnitudes_fold_before_comparing() -> None:
    check = target_met(
        num("≥9万人", 9, "万人", ">=", (90000, "人")),
        num("12.6万人", 12.6, "万人", "=", (126000, "人")),
    )
    assert check.result == "pass"
    assert check.detail == "126000 ≥ 90000"


def test_count_words_are_compatible() -> None:
    check = target_met(num("≥100个", 100, "个", ">="), num("122张", 122, "张"))
    assert (check.result, check.detail) == ("pass", "122 ≥ 100")


def test_cost_over_ceiling_fails_with_numbers() -> None:
    check = target_met(num("≤350000元", 350000, "元", "<="), num("362418.5元", 362418.5, "元"))
    assert (check.result, check.detail) == ("fail", "362418.5 > 350000")


def test_wan_yuan_actual_against_yuan_target() -> None:
    check = target_met(
        num("≤40万元", 40, "万元", "<=", (400000, "元")),
        num("362418.5元", 362418.5, "元"),
    )
    assert check.result == "pass"


def test_bare_actual_against_percent_target() -> None:
    assert target_met(num("=100%", 100, "%"), num("100", 100)).result == "pass"
    assert target_met(num("≥95%", 95, "%", ">="), num("100", 100)).result == "pass"
    assert target_met(num("≥95%", 95, "%", ">="), num("93.5%", 93.5, "%")).result == "fail"


def test_written_equals_demands_equality_but_bare_target_is_a_minimum() -> None:
    assert target_met(num("=100%", 100, "%"), num("98%", 98, "%")).result == "fail"
    assert target_met(num("20个", 20, "个"), num("22个", 22, "个")).result == "pass"
    assert target_met(num("20个", 20, "个"), num("18个", 18, "个")).result == "fail"


def test_incomparable_units_are_unknown() -> None:
    check = target_met(
        num("≥100人", 100, "人", ">="), num("100万元", 100, "万元", "=", (1e6, "元"))
    )
    assert check.result == "unknown"
    assert "units differ" in (check.detail or "")


def test_range_target() -> None:
    target = Value(
        text="90%-95%",
        kind="range",
        op="range",
        value=90,
        upper=95,
        unit="%",
        normalized=Normalized(value=90, unit="%"),
    )
    assert target_met(target, num("92%", 92, "%")).result == "pass"
    assert target_met(target, num("97%", 97, "%")).result == "fail"


def test_qualitative_targets() -> None:
    assert target_met(qual("12月底前", "deadline"), qual("达成预期指标")).result == "pass"
    assert target_met(qual("长期/优"), qual("长期/优")).result == "pass"
    assert target_met(qual("是", "boolean"), qual("是", "boolean")).result == "pass"
    assert target_met(qual("是", "boolean"), qual("否", "boolean")).result == "fail"
    assert target_met(qual("稳步提升"), qual("有所提高")).result == "unknown"
    assert target_met(qual("12月底前", "deadline"), qual("未完成")).result == "fail"


def test_qualitative_actual_against_numeric_target_ocr_damaged() -> None:
    assert target_met(num("≥5000人", 5000, "人", ">="), qual("已先成")).result == "pass"
    assert target_met(num("≥5000人", 5000, "人", ">="), qual("末完成")).result == "fail"


def test_missing_actual_is_unknown() -> None:
    assert target_met(num("≥100个", 100, "个", ">="), Value()).result == "unknown"


# ---------------------------------------------------------- claim_consistent


def test_completion_claim_with_unmet_target_fails() -> None:
    rec = record(
        num("≤350000元", 350000, "元", "<="),
        num("362418.5元", 362418.5, "元"),
        "completed",
        "已完成",
        5,
        5,
    )
    checks = {c.rule: c for c in run_checks(rec)}
    assert checks["target_met"].result == "fail"
    assert checks["claim_consistent"].result == "fail"
    assert "362418.5 > 350000" in (checks["claim_consistent"].detail or "")


def test_completion_claim_with_deducted_score_fails() -> None:
    rec = record(qual("按实际发生数"), qual("按实际发生数"), "completed", "已完成", 5, 3)
    assert claim_consistent(rec, target_met(rec.target, rec.actual)).result == "fail"


def test_completion_claim_agreeing_passes() -> None:
    rec = record(num("≥6000人", 6000, "人", ">="), num("6047", 6047), "completed", "已完成", 5, 5)
    assert [c.result for c in run_checks(rec)] == ["pass", "pass", "pass"]


def test_not_completed_claim_with_met_target_and_full_score_fails() -> None:
    rec = record(num("≥95%", 95, "%", ">="), num("100", 100), "not_completed", "未完成", 10, 10)
    assert claim_consistent(rec, target_met(rec.target, rec.actual)).result == "fail"


def test_not_completed_claim_with_deduction_passes() -> None:
    rec = record(num("≥95%", 95, "%", ">="), num("90", 90), "not_completed", "未完成", 10, 6)
    assert claim_consistent(rec, target_met(rec.target, rec.actual)).result == "pass"


def test_no_claim_or_nothing_to_compare_is_unknown() -> None:
    rec = record(qual("稳步提升"), qual("有所提高"))
    assert claim_consistent(rec, target_met(rec.target, rec.actual)).result == "unknown"
    rec = record(qual("稳步提升"), qual("有所提高"), "completed", "已完成")
    assert claim_consistent(rec, target_met(rec.target, rec.actual)).result == "unknown"


# ---------------------------------------------------------- score and sums


def test_score_above_weight_fails_and_text_cells_parse() -> None:
    assert score_consistent(record(Value(), Value(), weight="5分", score="6")).result == "fail"
    assert score_consistent(record(Value(), Value(), weight="5", score="4.5")).result == "pass"
    assert score_consistent(record(Value(), Value(), weight=5)).result == "unknown"


@given(st.floats(0, 100), st.floats(0, 100))
def test_score_consistent_matches_definition(weight: float, score: float) -> None:
    result = score_consistent(record(Value(), Value(), weight=weight, score=score)).result
    assert result == ("pass" if score <= weight + 1e-9 else "fail")


def sample000_records() -> list[IndicatorRecord]:
    # Sample 000: ten 5-point and four 10-point indicators, all full marks.
    weights = [5] * 10 + [10] * 4
    return [record(Value(), Value(), weight=w, score=w) for w in weights]


def test_scores_sum_to_90_leave_room_for_budget_execution() -> None:
    records = sample000_records()
    assert check_scores(records, 97.36) == []
    warnings = check_scores(records, 85.0)
    assert [w.code for w in warnings] == ["score_total"]
    assert "85" in warnings[0].message and "90 to 100" in warnings[0].message


def test_sample000_stated_total_disagrees_once_budget_score_is_known() -> None:
    # 自评得分 97.36, 预算执行(10分) 10.00, indicator scores all full (90): 100 ≠ 97.36.
    [warning] = check_scores(sample000_records(), 97.36, budget_score=10.0)
    assert warning.code == "score_total"
    assert warning.message == (
        "stated total 97.36 but indicator scores give 90 + budget execution 10 = 100"
    )
    assert check_scores(sample000_records(), 97.36, budget_score=7.36) == []


def test_weight_sum_warning_names_the_sum() -> None:
    records = [record(Value(), Value(), weight=w, score=w) for w in (30, 30, 30, 5)]
    warnings = check_scores(records, 95)
    assert [w.code for w in warnings] == ["weight_sum"]
    assert "95" in warnings[0].message


def test_budget_from_sample000_is_consistent() -> None:
    lines = [
        BudgetLine(
            label="合计", initial=16539.54, adjusted=14845.77, actual=14845.77, execution_rate=100.0
        ),
        BudgetLine(
            label="其中：一般公共预算拨款",
            initial=14053.03,
            adjusted=13517.34,
            actual=13517.34,
            execution_rate=100.0,
        ),
        BudgetLine(
            label="政府性基金", initial=0, adjusted=1328.43, actual=1328.43, execution_rate=100.0
        ),
        BudgetLine(label="国有资本经营预算", initial=0, adjusted=0, actual=0),
        BudgetLine(label="其他资金", initial=2486.51, adjusted=0, actual=0),
    ]
    assert check_budget(lines) == []
    lines[2] = lines[2].model_copy(update={"actual": 1200.0})
    codes = sorted(w.code for w in check_budget(lines))
    assert codes == ["budget_rate", "budget_sum"]


def test_budget_rate_tolerance_is_half_a_point() -> None:
    line = BudgetLine(label="合计", adjusted=200.0, actual=197.0, execution_rate=98.0)
    assert check_budget([line]) == []  # 98.5 vs 98.0
    line = BudgetLine(label="合计", adjusted=200.0, actual=197.0, execution_rate=97.0)
    [warning] = check_budget([line])
    assert "98.50%" in warning.message


COMPARE = {">=": float.__ge__, "<=": float.__le__, ">": float.__gt__, "<": float.__lt__}


@given(
    st.sampled_from(sorted(COMPARE)),
    st.floats(0, 1e7, allow_nan=False).map(lambda x: round(x, 2)),
    st.floats(0, 1e7, allow_nan=False).map(lambda x: round(x, 2)),
)
def test_target_met_follows_the_operator(op: str, t: float, x: float) -> None:
    check = target_met(num(f"{op}{t}人", t, "人", op), num(f"{x}人", x, "人"))
    assert check.result == ("pass" if COMPARE[op](x, t) else "fail")


@given(
    st.integers(1, 10_000).map(lambda n: n / 100),
    st.integers(0, 2_000_000),
)
def test_magnitude_prefix_does_not_change_the_verdict(wan: float, people: int) -> None:
    folded = target_met(
        num(f"≥{wan}万人", wan, "万人", ">=", (wan * 10_000, "人")),
        num(f"{people}人", people, "人"),
    )
    assert folded.result == ("pass" if people >= wan * 10_000 - 1e-6 else "fail")
