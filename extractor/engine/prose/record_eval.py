"""Record-level scores of a ProseReader on generated documents with known answers."""

from __future__ import annotations

from extractor.engine.prose.annotations import AnnotatedDoc
from extractor.engine.prose.normalise import name_key
from extractor.engine.prose.reader import ProseReader
from extractor.ingest import load_bytes


def score_records(reader: ProseReader, docs: list[AnnotatedDoc]) -> dict[str, float]:
    """Share of expected indicators found by name, and of those, how many have
    the expected target / actual / claim text and level2; plus record precision."""
    n_expected = n_found = n_records = n_true_records = 0
    right = {"target": 0, "actual": 0, "claim": 0, "level2": 0}
    asked = dict.fromkeys(right, 0)
    for adoc in docs:
        records = reader.read(load_bytes(adoc.text().encode("utf-8"), f"{adoc.doc_id}.txt"))
        by_name = {name_key(str(r.name.value)): r for r in records}
        expected_keys = {name_key(str(e["name"])) for e in adoc.expected}
        n_records += len(records)
        n_true_records += sum(1 for k in by_name if k in expected_keys)
        for exp in adoc.expected:
            n_expected += 1
            rec = by_name.get(name_key(str(exp["name"])))
            if rec is None:
                continue
            n_found += 1
            got = {
                "target": rec.target.text,
                "actual": rec.actual.text,
                "claim": rec.status.text,
                "level2": rec.level2.value,
            }
            for key in right:
                if exp.get(key) is not None:
                    asked[key] += 1
                    right[key] += got[key] == exp[key]
    out = {
        "name_recall": n_found / n_expected if n_expected else 0.0,
        "record_precision": n_true_records / n_records if n_records else 0.0,
        "expected": float(n_expected),
    }
    for key in right:
        out[f"{key}_accuracy"] = right[key] / asked[key] if asked[key] else 0.0
    return {k: round(v, 4) for k, v in out.items()}
