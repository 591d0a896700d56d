"""Glued forms (no separator between any cells): fused points cut by the arithmetic.

The two documents read through the engine are corpus g's held-aside replicas
(``rg_b1``, ``rg_b2``, split ``blind``): the stream reader never trained on
them, and they were written before the code that reads them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.numbers import choose_totals
from extractor.engine.stream.tokens import tokenize
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.training.scoring import score_documents

ROOT = Path(__file__).resolve().parents[3] / "training_data"
_KNOWN = frozenset(
    f"{b}-{r}"
    for b in "BI"
    for r in ("level1", "level2", "name", "target", "actual", "weight", "score", "header")
) | {"O"}


def _sure_of(text: str, cells: list[tuple[str, str]]) -> tuple[list, Tagged]:
    """Tokens of ``text`` and a labeller 90% sure of the labels the cells give."""
    tokens, labels = labelled_tokens(text, cells)

    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return tokens, Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


HEADER = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"


def test_an_actual_run_into_the_points_is_cut_where_the_numbers_are_plausible() -> None:
    # ≥45处461010: the labeller reads actual 4610, weight 1, score 0 (an allowed cut);
    # an actual a hundred times its target and a score of nothing are not plausible:
    # actual 46, weight 10, score 10.
    text = HEADER + "产出指标（20分）数量指标更新健身路径≥45处461010"
    cells = [(h, "header") for h in HEADER.split()] + [
        ("产出指标（20分）", "level1"), ("数量指标", "level2"), ("更新健身路径", "name"),
        ("≥45处", "target"), ("4610", "actual"), ("1", "weight"), ("0", "score"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    assert (rec.target.text, rec.actual.text, rec.weight.value, rec.score.value) == (
        "≥45处",
        "46",
        10,
        10,
    )


def test_a_target_holding_the_actual_gives_it_back() -> None:
    # ≥90%92%1010 all read as the target: its two values are target and actual, the
    # digits after them the points.
    text = HEADER + "满意度指标（10分）服务对象满意度指标老人满意度≥90%92%1010\n总分10098.8"
    cells = [(h, "header") for h in HEADER.split()] + [
        ("满意度指标（10分）", "level1"), ("服务对象满意度指标", "level2"),
        ("老人满意度", "name"), ("≥90%92%1010", "target"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    got = (rec.target.text, rec.actual.text, rec.weight.value, rec.score.value)
    assert got == ("≥90%", "92%", 10, 10)


def test_the_weights_must_add_up_to_the_points_of_their_level() -> None:
    # Alone, the second row's best cut is weight 1 (the labeller is sure of it); under
    # 产出指标（20分） with a first row of 10, only weight 10 adds up.
    options = [[(0.0, 10.0)], [(0.0, 1.0), (-3.0, 10.0)]]
    assert choose_totals(options, 20) == [0, 1]
    assert choose_totals(options, 25) is None  # nothing adds up: each keeps its best


def test_a_row_that_cannot_be_cut_keeps_no_points() -> None:
    # 89 after the actual: weight 8 and score 9 would be a score above its weight, and
    # no other cut exists: no weight and no score rather than shifted ones.
    text = HEADER + "产出指标数量指标培训人数≥200人215人89"
    cells = [(h, "header") for h in HEADER.split()] + [
        ("产出指标", "level1"), ("数量指标", "level2"), ("培训人数", "name"),
        ("≥200人", "target"), ("215人", "actual"), ("8", "weight"), ("9", "score"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    assert (rec.actual.text, rec.weight.value, rec.score.value) == ("215人", None, None)


def _held_aside(stem: str) -> tuple[dict[str, Any], dict[str, Any]]:
    manifest = [
        json.loads(line)
        for line in (ROOT / "manifest" / "corpus_g.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {"doc": stem, "split": "blind"}.items() <= next(
        m for m in manifest if m["doc"] == stem
    ).items()
    gold = json.loads((ROOT / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    data = (ROOT / "docs" / f"{stem}.txt").read_bytes()
    return gold, extract_document(load_bytes(data, f"{stem}.txt")).to_json_dict()


@pytest.mark.parametrize("stem", ["rg_b1_g1_glued_fitness", "rg_b2_g2_target_forestfire"])
def test_held_aside_glued_documents_read_without_shifted_points(stem: str) -> None:
    gold, got = _held_aside(stem)
    report = score_documents([(stem, gold, got)])
    assert report["f1"] >= 0.85, report
    assert report["all_fields"] >= 0.9, report
    # Precision of the cut: every weight and score read is the form's (or none at all).
    by_name = {r["name"]: r for r in gold["indicators"]}
    for rec in got["indicators"]:
        want = by_name.get(rec["name"]["value"])
        if want is None:
            continue
        for key in ("weight", "score"):
            assert rec[key]["value"] in (None, want[key]), (rec["name"]["value"], key)


def test_an_ascii_comparator_is_one_token_and_never_ends_a_name() -> None:
    # Web text glues a 指标性质 cell (>=, <=) between the name and the value.
    text = HEADER + "产出指标成本指标专项资金支出<=4758万元已完成"
    assert ">=" in [t.text for t in tokenize("发放人数>=24500人")]
    cells = [(h, "header") for h in HEADER.split()] + [
        ("产出指标", "level1"), ("成本指标", "level2"), ("专项资金支出<=", "name"),
        ("4758万元", "target"), ("已完成", "actual"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    assert (rec.name.value, rec.target.text, rec.target.op) == ("专项资金支出", "<=4758万元", "<=")


def test_a_unit_read_as_the_actual_ends_the_target_and_the_actual_is_in_the_digits() -> None:
    # ≥18 | 座 | 181010: a unit alone states no value; the actual 18 is run into the points.
    text = HEADER + "产出指标（10分）数量指标维修小型泵站≥18座181010"
    cells = [(h, "header") for h in HEADER.split()] + [
        ("产出指标（10分）", "level1"), ("数量指标", "level2"), ("维修小型泵站", "name"),
        ("≥18", "target"), ("座", "actual"), ("18", "weight"), ("1010", "score"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    got = (rec.target.text, rec.actual.text, rec.weight.value, rec.score.value)
    assert got == ("≥18座", "18", 10, 10)


def test_a_target_tables_points_are_one_weight() -> None:
    # No header read and no 得分 declared: the labeller cuts ≥120人15 into weight 1 and
    # score 5, a score above its weight; the digits are one weight, 15.
    text = "产出指标数量指标防火巡护人员≥120人15质量指标火情处置到位率100%15"
    cells = [
        ("产出指标", "level1"), ("数量指标", "level2"), ("防火巡护人员", "name"),
        ("≥120人", "target"), ("1", "weight"), ("5", "score"), ("质量指标", "level2"),
        ("火情处置到位率", "name"), ("100%", "target"), ("1", "weight"), ("5", "score"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    recs = [c.record for c in decode_records(text, tokens, tagged)]
    assert [(r.target.text, r.weight.value, r.score.value) for r in recs] == [
        ("≥120人", 15, None),
        ("100%", 15, None),
    ]


def test_a_header_naming_only_the_target_makes_every_value_a_target() -> None:
    # 绩效目标表: 一级/二级/三级指标 and 指标值 only; a value the labeller calls the actual
    # is the row's target (there is no actual column).
    text = "一级指标二级指标三级指标指标值产出指标成本指标每页档案加工成本≤0.8元"
    cells = [
        ("一级指标", "header"), ("二级指标", "header"), ("三级指标", "header"),
        ("指标值", "header"), ("产出指标", "level1"), ("成本指标", "level2"),
        ("每页档案加工成本", "name"), ("≤0.8元", "actual"),
    ]  # fmt: skip
    tokens, tagged = _sure_of(text, cells)
    (rec,) = [c.record for c in decode_records(text, tokens, tagged)]
    assert (rec.target.text, rec.actual.kind) == ("≤0.8元", "missing")
