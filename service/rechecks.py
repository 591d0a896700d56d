"""Checks re-run after a correction: the row's own (``run_checks``) and the
document's (weight sum, stated total, budget arithmetic), with the library's
functions, so a reviewer sees at once whether an edit made the sums add up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extractor.checks import check_budget, check_scores, run_checks
from extractor.types import BudgetLine, IndicatorRecord
from service.models import Document, Indicator

# The document warnings these checks own: replaced, never duplicated, on a re-check.
DOCUMENT_RULES = ("weight_sum", "score_total", "budget_rate", "budget_sum")


def row_checks(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's checks as contract JSON, computed from its current fields."""
    record = IndicatorRecord.model_validate(data)
    return [c.model_dump(mode="json") for c in run_checks(record)]


def document_checks(doc: Document, indicators: Iterable[Indicator]) -> list[dict[str, Any]]:
    """One entry per document rule: pass, fail (with the library's message) or
    unknown (nothing to check: no weights, no stated total, no budget lines)."""
    records = [
        IndicatorRecord.model_validate(i.data)
        for i in sorted(indicators, key=lambda i: i.position)
        if i.state != "deleted"
    ]
    budget = [BudgetLine.model_validate(b) for b in (doc.extraction or {}).get("budget") or []]
    warnings = check_scores(records, doc.stated_total_score, doc.budget_execution_score)
    warnings += check_budget(budget)
    failed: dict[str, list[str]] = {}
    for w in warnings:
        failed.setdefault(w.code, []).append(w.message)
    has_weights = any(r.weight.value is not None for r in records)
    has_scores = any(r.score.value is not None for r in records)
    applies = {
        "weight_sum": has_weights,
        "score_total": doc.stated_total_score is not None and has_scores,
        "budget_rate": any(b.execution_rate is not None for b in budget),
        "budget_sum": len(budget) >= 3,
    }
    out = []
    for rule in DOCUMENT_RULES:
        if rule in failed:
            out.append({"rule": rule, "result": "fail", "detail": "; ".join(failed[rule])})
        else:
            out.append({"rule": rule, "result": "pass" if applies[rule] else "unknown"})
    return out


def merged_warnings(extraction: dict[str, Any], checks: list[dict[str, Any]]) -> list[Any]:
    """The document's warnings with those of the re-run rules replaced by ``checks``' failures."""
    kept = [w for w in extraction.get("warnings") or [] if w.get("code") not in DOCUMENT_RULES]
    for c in checks:
        if c["result"] == "fail":
            kept.append({"code": c["rule"], "message": c["detail"]})
    return kept
