"""Fused numbers cut by the CRF's marginals within what the arithmetic allows."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.numbers import fused_tail, split_tail
from extractor.engine.stream.tokens import tokenize


def _marginals(tokens: list, labels: list[str]) -> Tagged:
    """A labeller sure of ``labels`` (0.9) with the rest spread over B-/I- weight/score."""
    known = frozenset({"O", "B-weight", "I-weight", "B-score", "I-score", "B-actual", "I-actual"})

    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(known) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, known)


def _cut(text: str, roles: list[str], labels: list[str] | None = None) -> dict[str, str] | None:
    tokens = tokenize(text)
    tail = fused_tail(tokens, 0, len(tokens) - 1)
    assert tail is not None
    tagged = _marginals(tokens, labels or ["O"] * len(tokens))
    split = split_tail(tokens, tagged, tail[0], tail[1], roles)
    assert split is not None
    if not split.valid:
        return None
    return {r: "".join(t.text for t in tokens[a : b + 1]) for r, (a, b) in split.pieces.items()}


def test_arithmetic_cuts_where_the_labeller_cannot() -> None:
    # 1010: 1|010 is no number, 101|0 a weight over 100: only 10|10 holds.
    assert _cut("≥95%98%1010", ["weight", "score"]) == {"weight": "10", "score": "10"}


def test_a_cut_the_labeller_prefers_is_refused_when_the_score_exceeds_the_weight() -> None:
    # 159 after 次: the labeller leans to 1|59, a score above its weight; 15|9 it is.
    text = "12次12次159"
    labels = ["O"] * 6 + ["B-weight", "B-score", "I-score"]
    assert _cut(text, ["weight", "score"], labels) == {"weight": "15", "score": "9"}


def test_a_score_above_every_possible_weight_gives_no_numbers() -> None:
    # 89 as weight 8 and score 9 would score above the weight: no cut is trusted.
    assert _cut("6个6个89", ["weight", "score"]) is None


def test_separated_numbers_are_not_a_fused_tail() -> None:
    tokens = tokenize("≥95% 98% 10 10")
    assert fused_tail(tokens, 0, len(tokens) - 1) is None


def _labelled(text: str, cells: list[tuple[str, str]]) -> tuple[list, Tagged]:
    """Tokens of ``text`` and a labeller's labels from (cell text, role) in order."""
    tokens, labels = labelled_tokens(text, cells)
    return tokens, Tagged(labels, [1.0] * len(labels))


def test_a_weight_fused_into_the_name_or_the_target_is_cut_out() -> None:
    # 分值 before 年度指标值: the labeller left the weight in the name (…数量10) and in
    # the target (20100%); the header order and the arithmetic put it back.
    header = "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分\n"
    body = "产出指标数量指标安装路灯数量10≥120盏≥120盏10质量指标验收合格率20100%100%20"
    text = header + body
    cells = [(h, "header") for h in header.split()] + [
        ("产出指标", "level1"), ("数量指标", "level2"), ("安装路灯数量10", "name"),
        ("≥120盏", "target"), ("≥120盏", "actual"), ("10", "score"),
        ("质量指标", "level2"), ("验收合格率", "name"), ("20100%", "target"),
        ("100%", "actual"), ("20", "score"),
    ]  # fmt: skip
    tokens, tagged = _labelled(text, cells)
    recs = [c.record for c in decode_records(text, tokens, tagged)]
    got = [(r.name.value, r.target.text, r.weight.value, r.score.value) for r in recs]
    assert got == [("安装路灯数量", "≥120盏", 10, 10), ("验收合格率", "100%", 20, 20)]


def test_fused_values_without_a_name_take_the_words_before_them() -> None:
    # The labeller found the second row's values but called its name "other": the words
    # running into them, past the level labels fused before them, are the name.
    header = "三级指标 年度指标值 实际完成值 分值 得分\n"
    body = "产出指标数量指标新建泵站数量≥3座3座1010质量指标(20分)工程验收合格率100%100%2020"
    text = header + body
    cells = [(h, "header") for h in header.split()] + [
        ("产出指标", "level1"), ("数量指标", "level2"), ("新建泵站数量", "name"),
        ("≥3座", "target"), ("3座", "actual"), ("10", "weight"), ("10", "score"),
        ("100%", "target"), ("100%", "actual"), ("20", "weight"), ("20", "score"),
    ]  # fmt: skip
    tokens, tagged = _labelled(text, cells)
    recs = [c.record for c in decode_records(text, tokens, tagged)]
    assert [(r.name.value, r.target.text, r.weight.value, r.level2.value) for r in recs] == [
        ("新建泵站数量", "≥3座", 10, "数量指标"),
        ("工程验收合格率", "100%", 20, "质量指标"),
    ]
