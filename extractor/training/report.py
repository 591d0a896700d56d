"""Figures by layout: the scorer's figures per layout, per document and overall.

``scoring.score_documents`` is the project's scorer; this module groups its
input by layout and adds what a reviewer cares about on an unseen layout:
how many wrong fields the engine was sure of (confidence above 0.9). Blind
documents are reported in aggregate only, never row by row or by name.
"""

from __future__ import annotations

from typing import Any

from extractor.training.scoring import Json, field_outcomes, score_documents

CONFIDENT = 0.9

Triple = tuple[str, Json, Json]


def confident_errors(triples: list[Triple], above: float = CONFIDENT) -> int:
    """Wrong fields whose confidence is above ``above``."""
    return sum(
        1
        for _, gold, pred in triples
        for _, _, _, ok, c in field_outcomes(gold, pred)
        if not ok and c is not None and c > above
    )


def summary(triples: list[Triple]) -> Json:
    """The headline figures of some documents, without anything per document."""
    s = score_documents(triples)
    return {
        "docs": len(triples),
        "rows": s["rows"],
        "f1": s["f1"],
        "precision": s["precision"],
        "recall": s["recall"],
        "all_fields": s["all_fields"],
        "field_accuracy": s["field_accuracy"],
        "ece": s["ece"],
        "caught@20": s["errors_caught_in_lowest_20pct"],
        "wrong_above_0.9": confident_errors(triples),
        "document_fields": s["document_fields"],
    }


def _by_layout(triples: list[Triple], layout_of: dict[str, str]) -> dict[str, list[Triple]]:
    groups: dict[str, list[Triple]] = {}
    for t in triples:
        groups.setdefault(layout_of.get(t[0], t[0]), []).append(t)
    return dict(sorted(groups.items()))


def held_out_report(triples: list[Triple], layout_of: dict[str, str]) -> Json:
    """The scorer's overall figures, plus per layout and per document."""
    report = score_documents(triples)
    report["wrong_above_0.9"] = confident_errors(triples)
    report["per_layout"] = {
        layout: summary(group) for layout, group in _by_layout(triples, layout_of).items()
    }
    report["per_document"] = {stem: summary([(stem, g, p)]) for stem, g, p in triples}
    return report


def blind_report(triples: list[Triple], layout_of: dict[str, str]) -> Json:
    """Aggregate figures of blind documents: overall and per layout, no document named."""
    if not triples:
        return {}
    return {
        "overall": summary(triples),
        "per_layout": {
            layout: summary(group) for layout, group in _by_layout(triples, layout_of).items()
        },
    }


def _fmt(x: Any) -> str:
    return "-" if x is None else str(x)


def layout_table(per_layout: dict[str, Json], overall: Json | None = None) -> str:
    """One line per layout: documents, rows, F1, fields, ECE, caught@20, wrong>0.9."""
    head = f"{'layout':<40} {'docs':>4} {'rows':>5} {'F1':>6} {'fields':>6} {'ECE':>6} "
    head += f"{'c@20':>6} {'>0.9':>5}"
    lines = [head]
    items = list(per_layout.items()) + ([("OVERALL", overall)] if overall else [])
    for name, s in items:
        rows = s["rows"]["gold"] if isinstance(s.get("rows"), dict) else s.get("rows")
        caught = s.get("caught@20", s.get("errors_caught_in_lowest_20pct"))
        docs = s.get("docs")
        docs = len(docs) if isinstance(docs, dict) else docs
        lines.append(
            f"{name[:40]:<40} {_fmt(docs):>4} {_fmt(rows):>5} {_fmt(s['f1']):>6} "
            f"{_fmt(s['all_fields']):>6} {_fmt(s['ece']):>6} {_fmt(caught):>6} "
            f"{_fmt(s.get('wrong_above_0.9')):>5}"
        )
    return "\n".join(lines)
