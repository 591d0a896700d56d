from __future__ import annotations

from extractor.engine.prose.metrics import span_prf


def test_span_prf_counts_exact_matches_per_label() -> None:
    gold = {(0, 4, "NAME"), (4, 8, "TARGET")}
    pred = {(0, 4, "NAME"), (4, 7, "TARGET"), (9, 12, "CLAIM")}
    m = span_prf([(gold, pred)])
    assert m["NAME_f"] == 1.0
    assert m["TARGET_p"] == 0.0 and m["TARGET_r"] == 0.0
    assert m["CLAIM_p"] == 0.0
    assert m["micro_p"] == round(1 / 3, 4) and m["micro_r"] == 0.5
