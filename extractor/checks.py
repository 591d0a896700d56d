"""What the extractor verifies itself: targets met, claims consistent, sums add up.

Per record (``run_checks``): ``target_met``, ``claim_consistent``, ``score_consistent``.
Per document: ``check_scores`` (scores vs the stated total, weights vs 100/90) and
``check_budget`` (execution rate = actual / adjusted, parts add up to the total).

Unit rules for ``target_met`` (decided here, documented once):
- Numbers are compared after magnitude folding (``Value.normalized``: 12.6万人 -> 126000 人).
- Equal units compare; so do two count words (个, 张, 家, 户, 人, 次, …): a measure
  word that differs between target and actual (≥100个 床位 vs 122张) is a writing
  variation, not a different quantity. % and ‰ convert into each other.
- A side without a unit takes the other side's unit (actual "100" vs target "=100%").
- Anything else (元 vs 人) is ``unknown``: the numbers are not comparable.
- A bare target number (op ``=`` but no "=" written, e.g. 新增20个) is read as a minimum,
  as these forms mean it; only a written "=" (=100%) asks for equality.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.types import BudgetLine, Check, CheckResult, DocWarning, IndicatorRecord, Value

COUNT_UNITS = frozenset(
    [
        "个",
        "张",
        "家",
        "户",
        "人",
        "次",
        "件",
        "本",
        "份",
        "对",
        "宗",
        "项",
        "所",
        "座",
        "台",
        "套",
        "辆",
        "名",
        "场",
        "期",
        "批",
        "处",
        "条",
        "篇",
        "册",
        "间",
        "栋",
        "床",
        "支",
        "只",
        "头",
        "株",
        "棵",
        "亩",
        "公里",
        "千米",
        "平方米",
        "人次",
        "户次",
        "家次",
        "场次",
        "批次",
        "个次",
        "车次",
        "所次",
        "篇次",
        "天",
        "日",
        "月",
        "年",
        "小时",
    ]
)
_EPS = 1e-9
# Completion wording in an actual-value or status cell, tolerant of common OCR
# look-alikes (完->先/元, 成->戍/戌/咸, 已->己/巳). The trained claim model is the
# general tool; this pattern only decides whether a qualitative actual met its target.
_DONE = re.compile(
    r"(已|己|巳|均|全部|按期|按时|及时|如期|按计划|超额|全面|顺利)?[完先元宪][成戍戌咸场]"
    r"|达成|达到预期|达标|实现预期|已实现|已落实|到位"
)
# Negated or partial completion: 未完成, 没有达到, 尚未实现, 部分完成, 基本达成, 否.
_NOT_DONE = re.compile(
    r"(未|末|没有|没|不|部分|基本)(能|按期|按时|全部|完全)?[完先元宪达实][成戍戌咸场到现标]"
    r"|^否$|不合格"
)
_EQUALS = re.compile(r"[=＝]|等于")


def _check(rule: str, result: CheckResult, detail: str | None = None) -> Check:
    return Check(rule=rule, result=result, detail=detail)


def _number(value: str | int | float | None) -> float | None:
    """A score/weight cell as a number (cells may hold "5", "5.0", "5分")."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = re.search(r"-?\d+(?:\.\d+)?", value.replace(",", ""))
        return float(match.group()) if match else None
    return None


def _fmt(x: float) -> str:
    """122.0 -> "122", 362418.5 -> "362418.5" (no exponent, no float noise)."""
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _magnitude(v: Value) -> tuple[float, float | None, str | None] | None:
    """(lower, upper, unit) with magnitude folded; None for non-numeric values."""
    if v.kind not in ("numeric", "range") or v.value is None:
        return None
    if v.normalized is not None and v.normalized.value is not None:
        scale = v.normalized.value / v.value if v.value else 1.0
        upper = v.upper * scale if v.upper is not None else None
        return float(v.normalized.value), upper, v.normalized.unit
    return float(v.value), float(v.upper) if v.upper is not None else None, v.unit


def _unit_factor(actual_unit: str | None, target_unit: str | None) -> float | None:
    """Factor turning an actual number into the target's unit, or None if incomparable."""
    if actual_unit == target_unit or actual_unit is None or target_unit is None:
        return 1.0
    if actual_unit in COUNT_UNITS and target_unit in COUNT_UNITS:
        return 1.0
    if (actual_unit, target_unit) == ("‰", "%"):
        return 0.1
    if (actual_unit, target_unit) == ("%", "‰"):
        return 10.0
    return None


def _same_text(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return re.sub(r"[\s。；;，,]", "", s or "")

    return bool(norm(a)) and norm(a) == norm(b)


def _qualitative_actual(target: Value, actual: Value) -> Check:
    text = actual.text or ""
    if _same_text(text, target.text):
        return _check("target_met", "pass", f"actual equals target: {text}")
    if target.kind == "boolean" and text.strip() in ("是", "否"):
        met = text.strip() == (target.text or "").strip()
        return _check("target_met", "pass" if met else "fail", f"{text} vs {target.text}")
    if _NOT_DONE.search(text.strip()):
        return _check("target_met", "fail", f"actual states non-completion: {text}")
    if _DONE.search(text):
        return _check("target_met", "pass", f"actual states completion: {text}")
    return _check("target_met", "unknown", f"cannot compare {text!r} with {target.text!r}")


def target_met(target: Value, actual: Value) -> Check:
    """Actual against target by op; see the module docstring for the unit rules."""
    if actual.kind == "missing" or not (actual.text or actual.value is not None):
        return _check("target_met", "unknown", "no actual value")
    if target.kind == "missing":
        return _check("target_met", "unknown", "no target value")
    t, a = _magnitude(target), _magnitude(actual)
    if t is None or a is None:
        return _qualitative_actual(target, actual)
    factor = _unit_factor(a[2], t[2])
    if factor is None:
        return _check("target_met", "unknown", f"units differ: {a[2]} vs {t[2]}")
    x, (lo, hi, _) = a[0] * factor, t
    op = target.op or "="
    if op == "=" and not _EQUALS.search(target.text or ""):
        op = ">="  # a bare target number is a minimum (module docstring)
    tol = _EPS * max(1.0, abs(lo))
    if op == "range" or (target.kind == "range" and hi is not None):
        upper = hi if hi is not None else lo
        ok = lo - tol <= x <= upper + tol
        return _check(
            "target_met",
            "pass" if ok else "fail",
            f"{_fmt(lo)} ≤ {_fmt(x)} ≤ {_fmt(upper)}"
            if ok
            else f"{_fmt(x)} outside {_fmt(lo)}–{_fmt(upper)}",
        )
    outcomes = {
        ">=": (x >= lo - tol, "≥", "<"),
        ">": (x > lo + tol, ">", "≤"),
        "<=": (x <= lo + tol, "≤", ">"),
        "<": (x < lo - tol, "<", "≥"),
        "=": (abs(x - lo) <= tol, "=", "≠"),
    }
    ok, yes, no = outcomes[op]
    return _check(
        "target_met", "pass" if ok else "fail", f"{_fmt(x)} {yes if ok else no} {_fmt(lo)}"
    )


def claim_consistent(rec: IndicatorRecord, met: Check) -> Check:
    """The status claim against ``target_met`` and against score vs weight."""
    label = rec.status.label
    if label is None:
        return _check("claim_consistent", "unknown", "no claim")
    if label == "not_applicable":
        return _check("claim_consistent", "unknown", "claim is not applicable")
    score, weight = _number(rec.score.value), _number(rec.weight.value)
    full = score is not None and weight is not None and score >= weight - _EPS
    short = score is not None and weight is not None and score < weight - _EPS
    scores = (
        f"score {_fmt(score)} of {_fmt(weight)}" if score is not None and weight is not None else ""
    )
    claim = rec.status.text or label
    if label == "completed":
        if met.result == "fail":
            return _check("claim_consistent", "fail", f"claims {claim} but {met.detail}")
        if short:
            return _check("claim_consistent", "fail", f"claims {claim} but {scores}")
        if met.result == "pass" or full:
            return _check(
                "claim_consistent", "pass", met.detail if met.result == "pass" else scores
            )
        return _check("claim_consistent", "unknown", "nothing to compare")
    # partial / not_completed: contradicted when the target is met without a deduction.
    if met.result == "pass" and not short:
        return _check("claim_consistent", "fail", f"claims {claim} but {met.detail}")
    if met.result == "fail" or short:
        return _check("claim_consistent", "pass", met.detail if met.result == "fail" else scores)
    return _check("claim_consistent", "unknown", "nothing to compare")


def score_consistent(rec: IndicatorRecord) -> Check:
    score, weight = _number(rec.score.value), _number(rec.weight.value)
    if score is None or weight is None:
        return _check("score_consistent", "unknown", "score or weight missing")
    ok = -_EPS <= score <= weight + _EPS
    relation = "≤" if ok else (">" if score > weight else "< 0, weight")
    return _check(
        "score_consistent",
        "pass" if ok else "fail",
        f"score {_fmt(score)} {relation} {_fmt(weight)}",
    )


def run_checks(rec: IndicatorRecord) -> list[Check]:
    """``target_met``, ``claim_consistent`` and ``score_consistent`` for one record."""
    met = target_met(rec.target, rec.actual)
    return [met, claim_consistent(rec, met), score_consistent(rec)]


def check_scores(
    records: Sequence[IndicatorRecord],
    stated_total: float | None,
    budget_score: float | None = None,
) -> list[DocWarning]:
    """Sum of scores vs the stated total (自评得分) and sum of weights vs 100 or 90.

    When weights sum to 90, the form gives the remaining 10 points to budget
    execution (预算执行(10分)), outside the indicator rows. With ``budget_score``
    known, the stated total must equal indicator scores + budget score; without it
    the stated total may exceed the indicator scores by up to 10.
    """
    scores = [s for s in (_number(r.score.value) for r in records) if s is not None]
    weights = [w for w in (_number(r.weight.value) for r in records) if w is not None]
    warnings: list[DocWarning] = []
    weight_sum = sum(weights)
    if weights and not any(abs(weight_sum - full) < 0.01 for full in (100, 90)):
        warnings.append(
            DocWarning(
                code="weight_sum", message=f"weights sum to {_fmt(weight_sum)}, not 100 or 90"
            )
        )
    if stated_total is None or not scores:
        return warnings
    score_sum = sum(scores)
    if budget_score is not None:
        low = high = score_sum + budget_score
        expected = f"{_fmt(score_sum)} + budget execution {_fmt(budget_score)} = {_fmt(low)}"
    else:
        room = 10.0 if weights and abs(weight_sum - 90) < 0.01 else 0.0
        low, high = score_sum, score_sum + room
        expected = _fmt(low) + (f" to {_fmt(high)}" if room else "")
    if not low - 0.05 <= stated_total <= high + 0.05:
        warnings.append(
            DocWarning(
                code="score_total",
                message=f"stated total {_fmt(stated_total)} but indicator scores give {expected}",
            )
        )
    return warnings


_TOTAL_LABEL = re.compile(r"合计|总计|小计")
RATE_TOLERANCE = 0.5  # percentage points; forms round rates to whole or 0.01 %


def check_budget(lines: Sequence[BudgetLine]) -> list[DocWarning]:
    """Execution rate = actual / adjusted × 100 per line, and parts add up to the total."""
    warnings = []
    for line in lines:
        base = line.adjusted if line.adjusted is not None else line.initial
        if line.execution_rate is None or line.actual is None or not base:
            continue
        expected = line.actual / base * 100
        if abs(expected - line.execution_rate) > RATE_TOLERANCE:
            warnings.append(
                DocWarning(
                    code="budget_rate",
                    message=(
                        f"{line.label}: execution rate {_fmt(line.execution_rate)}% but "
                        f"{_fmt(line.actual)} / {_fmt(base)} = {expected:.2f}%"
                    ),
                    evidence=line.evidence,
                )
            )
    totals = [x for x in lines if _TOTAL_LABEL.search(x.label)]
    parts = [x for x in lines if not _TOTAL_LABEL.search(x.label)]
    if len(totals) == 1 and len(parts) >= 2:
        warnings.extend(_sum_warnings(totals[0], parts))
    return warnings


def _sum_warnings(total: BudgetLine, parts: Sequence[BudgetLine]) -> list[DocWarning]:
    out = []
    for column in ("initial", "adjusted", "actual"):
        want = getattr(total, column)
        got = [getattr(p, column) for p in parts]
        if want is None or all(g is None for g in got):
            continue
        have = sum(g for g in got if g is not None)
        if abs(have - want) > 0.011 + 1e-6 * abs(want):
            out.append(
                DocWarning(
                    code="budget_sum",
                    message=f"{total.label} {column} {_fmt(want)} but the lines below sum to {_fmt(have)}",
                    evidence=total.evidence,
                )
            )
    return out
