"""Whole pages glued into one paragraph: the form runs on from the notice prose before it.

With no separator anywhere, the whole page is one run between separators; what
that run would parse to (a range, a number) must not decide how its tokens are
labelled. The document read through the engine is corpus g3's held-aside
replica ``rg_b3`` (split ``blind``), written before the change that reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractor.engine.stream.features import stream_features
from extractor.engine.stream.tokens import tokenize
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.training.scoring import score_documents

ROOT = Path(__file__).resolve().parents[3] / "training_data"

FORM = (
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
    "产出指标(50分)数量指标新建村级文化广场10≥8个8个10质量指标工程验收合格率10100%100%10"
)
# Notice prose after which the whole page, read as one value, is a range (…10万元至12万元…)
# in one case and a number in the other.
PROSE_RANGE = "全年预算数10万元至12万元,现将项目绩效自评结果公示如下,"
PROSE_NUMBER = "现将2023年度项目绩效自评结果公示如下,"


def _run_features(text: str, skip: int) -> list[list[str]]:
    """The features that describe the run a token sits in, for the form's tokens."""
    tokens = tokenize(text)
    feats = stream_features(tokens)
    first = next(i for i, t in enumerate(tokens) if t.start >= skip) + 2  # past the seam
    return [[f for f in fs if f.startswith(("ch:", "pch:", "nch:"))] for fs in feats[first:]]


def test_the_form_is_described_alike_whatever_prose_is_glued_before_it() -> None:
    a = _run_features(PROSE_RANGE + FORM, len(PROSE_RANGE))
    b = _run_features(PROSE_NUMBER + FORM, len(PROSE_NUMBER))
    assert a == b


def test_a_short_run_is_still_described_by_its_value() -> None:
    (feats,) = stream_features(tokenize("≥8个"))[:1]
    assert "ch:kind=numeric" in feats


def test_held_aside_whole_glued_page_reads_every_row() -> None:
    stem = "rg_b3_g3_glued_tea"
    manifest = [
        json.loads(line)
        for line in (ROOT / "manifest" / "corpus_g3.jsonl").read_text("utf-8").splitlines()
    ]
    assert next(m for m in manifest if m["doc"] == stem)["split"] == "blind"
    gold = json.loads((ROOT / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    data = (ROOT / "docs" / f"{stem}.txt").read_bytes()
    got = extract_document(load_bytes(data, f"{stem}.txt")).to_json_dict()
    report = score_documents([(stem, gold, got)])
    assert report["f1"] >= 0.97, report
