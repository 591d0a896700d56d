"""Scoring of extractions against gold, in step with the project's scorer.

This is ``shared/eval/score_extraction.py`` (the script that scores the
hidden reports) restated as functions over in-memory documents, so that
``extractor evaluate`` and the training loop count exactly what it counts.
``tests/training/test_scoring.py`` runs both on the same files and checks
that they agree.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from typing import Any

FIELDS = ["name", "group", "level1", "level2", "target", "actual", "status", "weight", "score"]

Json = dict[str, Any]


def norm(s: Any) -> str:
    if s is None:
        return ""
    t = re.sub(r"\s+", "", str(s))
    return re.sub(r"^(指标\d+[:：]|[①-⑳]|（\d+）|\(\d+\)|\d+[\.、])", "", t)


def sim(a: Any, b: Any) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def unit_norm(u: Any) -> str | None:
    return (u or "").replace("％", "%").strip() or None


def value_ok(g: Json | None, p: Json | None) -> bool:
    """Whether ``p`` reads gold value ``g``; a gold ``alt`` list holds the
    other accepted readings of a cell that can be read two ways."""
    if g is not None and g.get("alt"):
        first = {k: v for k, v in g.items() if k != "alt"}
        return any(value_ok(a, p) for a in [first, *g["alt"]])
    if g is None:
        return True
    if p is None:
        return False
    gk, pk = g.get("kind"), p.get("kind")
    if gk in ("numeric", "range"):
        if pk != gk:
            return False
        return (
            p.get("op") == g.get("op")
            and num_eq(p.get("value"), g.get("value"))
            and (gk != "range" or num_eq(p.get("upper"), g.get("upper")))
            and unit_norm(p.get("unit")) == unit_norm(g.get("unit"))
        )
    if gk == "missing":
        return pk in ("missing", None) or not (p.get("text") or "").strip()
    return pk == gk and sim(p.get("text"), g.get("text")) >= 0.8


def field_ok(f: str, g: Json, p: Json) -> bool:
    if f == "name":
        return sim(g.get("name"), (p.get("name") or {}).get("value")) >= 0.9
    if f == "group":
        pg = (p.get("group") or {}).get("value")
        if not g.get("group") or not pg:
            return not g.get("group") and not pg
        return sim(g["group"], pg) >= 0.8
    if f in ("target", "actual"):
        return value_ok(g.get(f), p.get(f))
    if f == "status":
        return bool((p.get("status") or {}).get("label") == g.get("status"))
    if f in ("weight", "score"):
        return num_eq((p.get(f) or {}).get("value"), g.get(f))
    return bool((p.get(f) or {}).get("value") == g.get(f))


def field_conf(f: str, p: Json) -> float | None:
    c = (p.get(f) or {}).get("confidence")
    return float(c) if isinstance(c, (int, float)) else None


def expected_calibration_error(pairs: list[tuple[float, bool]], n_bins: int = 10) -> float:
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for c, ok in pairs:
        bins[min(n_bins - 1, int(c * n_bins))].append((c, ok))
    return sum(
        len(b) / len(pairs) * abs(sum(c for c, _ in b) / len(b) - sum(o for _, o in b) / len(b))
        for b in bins
        if b
    )


def match(gold: list[Json], pred: list[Json]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing by name similarity, then group, then position."""
    pairs: list[tuple[int, int, float]] = []
    ng, np_ = max(1, len(gold)), max(1, len(pred))
    cands = sorted(
        (
            (
                round(sim(g["name"], (p.get("name") or {}).get("value")), 3),
                sim(g.get("group"), (p.get("group") or {}).get("value")),
                -abs(gi / ng - pi / np_),
                gi,
                pi,
            )
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
        ),
        reverse=True,
    )
    gused: set[int] = set()
    used: set[int] = set()
    for s, _, _, gi, pi in cands:
        if s < 0.75:
            break
        if gi in gused or pi in used:
            continue
        gused.add(gi)
        used.add(pi)
        pairs.append((gi, pi, s))
    return pairs


def field_outcomes(gold: Json, pred: Json) -> Iterable[tuple[str, int, int, bool, float | None]]:
    """(field, gold row, predicted row, correct, confidence) for every scored field."""
    gi, pi = gold["indicators"], pred.get("indicators", [])
    for a, b, _ in match(gi, pi):
        for f in FIELDS:
            if f not in gi[a] and f not in ("target", "actual"):
                continue
            yield f, a, b, field_ok(f, gi[a], pi[b]), field_conf(f, pi[b])


def score_documents(pairs: list[tuple[str, Json, Json]]) -> Json:
    """Score (stem, gold, prediction) triples exactly as the project's scorer does."""
    tot = {"gold": 0, "pred": 0, "match": 0}
    per = {f: [0, 0] for f in FIELDS}
    calib: list[tuple[float, bool]] = []
    row_calib: list[tuple[float, bool]] = []
    docs: dict[str, Json] = {}
    doc_fields = [0, 0]
    for stem, gold, pred in pairs:
        gi, pi = gold["indicators"], pred.get("indicators", [])
        matched_pairs = match(gi, pi)
        matched = {b for _, b, _ in matched_pairs}
        for j, rec in enumerate(pi):
            c = rec.get("confidence")
            if isinstance(c, (int, float)):
                row_calib.append((float(c), j in matched))
        tot["gold"] += len(gi)
        tot["pred"] += len(pi)
        tot["match"] += len(matched_pairs)
        d_ok = d_n = 0
        for f, _, _, ok, c in field_outcomes(gold, pred):
            per[f][0] += ok
            per[f][1] += 1
            d_ok += ok
            d_n += 1
            if c is not None:
                calib.append((c, ok))
        for key in ("form_type", "department", "year"):
            if key in gold:
                got = (pred.get(key) or {}).get("value")
                ok = (sim(gold[key], got) >= 0.9) if key == "department" else (got == gold[key])
                doc_fields[0] += ok
                doc_fields[1] += 1
        docs[stem] = {
            "gold": len(gi),
            "pred": len(pi),
            "matched": len(matched_pairs),
            "field_acc": round(d_ok / d_n, 3) if d_n else None,
        }
    p = tot["match"] / tot["pred"] if tot["pred"] else 0.0
    r = tot["match"] / tot["gold"] if tot["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    fa = {f: (round(v[0] / v[1], 3) if v[1] else None) for f, v in per.items()}
    allf = sum(v[0] for v in per.values()) / max(1, sum(v[1] for v in per.values()))
    ece = caught = None
    if calib:
        ece = expected_calibration_error(calib)
        errs = sum(1 for _, ok in calib if not ok)
        low = sorted(calib, key=lambda t: t[0])[: max(1, len(calib) // 5)]
        caught = (sum(1 for _, ok in low if not ok) / errs) if errs else 1.0
    return {
        "docs": docs,
        "rows": tot,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "field_accuracy": fa,
        "all_fields": round(allf, 3),
        "ece": None if ece is None else round(ece, 3),
        "errors_caught_in_lowest_20pct": None if caught is None else round(caught, 3),
        "row_ece": round(expected_calibration_error(row_calib), 3) if row_calib else None,
        "document_fields": f"{doc_fields[0]}/{doc_fields[1]}",
    }


def summary_line(out: Json) -> str:
    return (
        f"extraction: F1={out['f1']} P={out['precision']} R={out['recall']} "
        f"fields={out['all_fields']} ece={out['ece']} "
        f"caught@20={out['errors_caught_in_lowest_20pct']} row_ece={out['row_ece']} "
        f"doc={out['document_fields']}"
    )
