"""Span decoding repairs, without a model: spans and candidates are given.

Replica sentences (own content) in the shapes real 自评报告 write: a level
word glued to the name, names joined by 、/和 sharing one value, two
quantities in one statement, a comparative word before a value.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from extractor.engine.prose.decode import (
    SPANS_KEY,
    ScoredSpan,
    coordinated_names,
    decode_spans,
    joined,
    recover_names,
    shares_value,
    split_level_leads,
    widen_comparators,
)


def _span(text: str, piece: str, label: str, score: float = 0.9, after: int = 0) -> ScoredSpan:
    start = text.index(piece, after)
    return ScoredSpan(start, start + len(piece), label, score)


def _words(text: str, spans: list[ScoredSpan]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in sorted(spans, key=lambda s: s.start)]


def _doc(text: str, candidates: list[tuple[str, str, float, int]]) -> Doc:
    """A character-token doc whose span group holds scored candidates
    (piece, label, score, search offset), as the spancat leaves them."""
    doc = spacy.blank("zh").make_doc(text)  # the blank zh tokenizer splits characters
    spans, scores = [], []
    for piece, label, score, after in candidates:
        start = text.index(piece, after)
        span = doc.char_span(start, start + len(piece), label=label)
        assert span is not None
        spans.append(span)
        scores.append(score)
    doc.spans[SPANS_KEY] = spans
    doc.spans[SPANS_KEY].attrs["scores"] = scores
    return doc


def test_a_level_word_glued_to_a_name_becomes_its_level_span() -> None:
    text = "质量指标护栏安装验收合格率达到100%;服务对象满意度指标沿线村民满意度为96%。"
    spans = [
        _span(text, "质量指标护栏安装验收合格率", "NAME"),
        _span(text, "100%", "ACTUAL"),
        _span(text, "服务对象满意度指标沿线村民满意度", "NAME", 0.4),
        _span(text, "96%", "ACTUAL"),
    ]
    assert _words(text, split_level_leads(spans, text)) == [
        ("质量指标", "LEVEL2"),
        ("护栏安装验收合格率", "NAME"),
        ("100%", "ACTUAL"),
        ("服务对象满意度指标", "LEVEL2"),
        ("沿线村民满意度", "NAME"),
        ("96%", "ACTUAL"),
    ]


def test_a_level_word_before_a_name_without_a_span_is_its_level() -> None:
    text = "数量指标修复林区防火道路达到42公里。"
    spans = [_span(text, "修复林区防火道路", "NAME", 0.1), _span(text, "42公里", "ACTUAL")]
    assert _words(text, split_level_leads(spans, text))[0] == ("数量指标", "LEVEL2")


def test_a_name_that_only_mentions_a_level_word_is_kept_whole() -> None:
    # a level word not right before the name, or a word in 指标 outside the
    # framework's vocabulary, stays where it is
    text = "数量指标完成情况良好的乡镇达到12个。"
    spans = [_span(text, "乡镇", "NAME")]
    assert _words(text, split_level_leads(spans, text)) == [("乡镇", "NAME")]
    other = "考核指标体系建设完成率100%"
    assert _words(
        other, split_level_leads([_span(other, "考核指标体系建设完成率", "NAME")], other)
    ) == [("考核指标体系建设完成率", "NAME")]


def test_rate_names_joined_by_a_comma_of_enumeration_are_both_names() -> None:
    text = "社会效益指标护林员工资按时发放率、林区道路完好率均达到100%;"
    spans = [
        _span(text, "社会效益指标", "LEVEL2"),
        _span(text, "林区道路完好率", "NAME", 0.3),
        _span(text, "100%", "ACTUAL"),
    ]
    found = coordinated_names(spans, text)
    assert ("护林员工资按时发放率", "NAME") in _words(text, found)
    assert next(s for s in found if text[s.start : s.end] == "护林员工资按时发放率").score == 0.3
    names = [s for s in found if s.label == "NAME"]
    assert joined(text, names[0].end, names[1].start)
    assert shares_value(text, names[1].end, text.index("100%"))


def test_objects_joined_inside_one_name_are_not_split() -> None:
    text = "道路和桥梁验收合格率达到100%"
    spans = [_span(text, "桥梁验收合格率", "NAME"), _span(text, "100%", "ACTUAL")]
    assert _words(text, coordinated_names(spans, text))[0] == ("桥梁验收合格率", "NAME")
    assert not shares_value("A率、B率分别达到95%", 7, 12)


def test_a_comparative_before_a_value_is_part_of_it_and_not_of_the_name() -> None:
    text = "村民满意度均大于等于92%;设备完好率不低于95%;资金到位率达到100%"
    spans = [
        _span(text, "92%", "ACTUAL"),
        _span(text, "95%", "TARGET"),
        _span(text, "100%", "ACTUAL"),
    ]
    assert [text[s.start : s.end] for s in widen_comparators(spans, text)] == [
        "大于等于92%",
        "不低于95%",
        "100%",  # 达到 states the outcome, not a bound
    ]


def test_a_name_ending_in_a_comparative_or_shared_marker_is_trimmed() -> None:
    text = "家长满意度大于年度指标值≥95%。巡护及时率均达到100%。"
    doc = _doc(
        text,
        [
            ("家长满意度大于", "NAME", 0.9, 0),
            ("≥95%", "TARGET", 0.9, 0),
            ("巡护及时率均", "NAME", 0.8, 0),
            ("100%", "ACTUAL", 0.9, 0),
        ],
    )
    assert _words(text, decode_spans(doc)) == [
        ("家长满意度", "NAME"),
        ("≥95%", "TARGET"),
        ("巡护及时率", "NAME"),
        ("100%", "ACTUAL"),
    ]


def test_a_second_quantity_in_one_statement_gets_its_own_name() -> None:
    text = "2.质量指标。设备验收合格率100%，档案归档率100%。"
    doc = _doc(
        text,
        [
            ("质量指标", "LEVEL2", 0.99, 0),
            ("设备验收合格率", "NAME", 0.95, 0),
            ("100%", "ACTUAL", 0.9, 0),
            ("档案归档率", "NAME", 0.2, 0),
            ("100%", "ACTUAL", 0.9, text.index("档案")),
        ],
    )
    kept = decode_spans(doc, 0.5)
    assert ("档案归档率", "NAME") not in _words(text, kept)
    assert ("档案归档率", "NAME") in _words(text, recover_names(doc, kept, 0.02))


def test_a_plan_and_an_actual_of_one_indicator_stay_one_indicator() -> None:
    text = "林道修复计划40公里，实际完成42公里。"
    doc = _doc(
        text,
        [
            ("林道修复", "NAME", 0.95, 0),
            ("40公里", "TARGET", 0.9, 0),
            ("实际完成", "NAME", 0.05, 0),
            ("42公里", "ACTUAL", 0.9, 0),
        ],
    )
    found = recover_names(doc, decode_spans(doc, 0.5), 0.02)
    assert [w for w, label in _words(text, found) if label == "NAME"] == ["林道修复"]


def test_a_name_without_a_value_takes_its_best_value_candidate() -> None:
    from extractor.engine.prose.decode import recover_values

    text = "7.服务对象满意度指标。村民满意度达到93%以上。护林员配备到位。"
    doc = _doc(
        text,
        [
            ("服务对象满意度指标", "LEVEL2", 0.99, 0),
            ("村民满意度", "NAME", 0.99, 0),
            ("93%以上", "TARGET", 0.2, 0),
            ("达到93%以上", "TARGET", 0.09, 0),
            ("93%以上", "ACTUAL", 0.01, 0),
            ("护林员配备到位", "NAME", 0.8, 0),
            ("到位", "ACTUAL", 0.05, 0),
        ],
    )
    found = recover_values(doc, decode_spans(doc, 0.5), 0.02)
    assert _words(text, found) == [
        ("服务对象满意度指标", "LEVEL2"),
        ("村民满意度", "NAME"),
        ("93%以上", "TARGET"),
        ("护林员配备到位", "NAME"),  # 到位 reads as no number, range or deadline
    ]


def test_a_name_with_a_target_only_takes_its_best_actual_candidate() -> None:
    from extractor.engine.prose.decode import recover_values

    text = "村民满意度为94%，高于年度目标90%。"
    doc = _doc(
        text,
        [
            ("村民满意度", "NAME", 0.99, 0),
            ("94%", "ACTUAL", 0.3, 0),
            ("94%", "TARGET", 0.08, 0),
            ("90%", "TARGET", 0.98, 0),
        ],
    )
    found = recover_values(doc, decode_spans(doc, 0.5), 0.02)
    assert _words(text, found) == [("村民满意度", "NAME"), ("94%", "ACTUAL"), ("90%", "TARGET")]


def test_a_statement_with_nothing_above_the_threshold_takes_a_name_and_a_value() -> None:
    from extractor.engine.prose.decode import recover_values

    text = "5.社会效益指标。林区火灾发生率较上年下降9%。护林员队伍稳定。"
    doc = _doc(
        text,
        [
            ("社会效益指标", "LEVEL2", 0.99, 0),
            ("林区火灾发生率较上年下降", "NAME", 0.03, 0),
            ("林区火灾发生率", "NAME", 0.02, 0),
            ("9%", "ACTUAL", 0.15, 0),
            ("护林员队伍", "NAME", 0.04, 0),
        ],
    )
    found = recover_values(doc, decode_spans(doc, 0.5), 0.02)
    assert _words(text, found) == [
        ("社会效益指标", "LEVEL2"),
        ("林区火灾发生率较上年下降", "NAME"),
        ("9%", "ACTUAL"),
    ]  # the statement with no value candidate stays unread
