"""Numbers share one word form before tok2vec (norms.py), and a rate name
keeps no copula that jieba glued to its last character (decode.py)."""

from __future__ import annotations

import numpy
import spacy
from spacy.tokens import Doc, Span, SpanGroup

from extractor.engine.prose.decode import decode_spans, recover_names
from extractor.engine.prose.norms import number_norm


def test_counts_in_any_numerals_share_a_form() -> None:
    assert number_norm("468期") == number_norm("三十二期") == "0期"
    assert number_norm("98.2%") == number_norm("100%") == "0%"
    assert number_norm("2,310万次") == "0万次"
    assert number_norm("九百四十户") == number_norm("两户") == "0户"


def test_words_that_start_with_a_numeral_stay_words() -> None:
    for word in ("一是", "十分", "万元", "百姓", "建成", "千方百计"):
        assert number_norm(word) == word


def test_the_pipeline_step_sets_norms_only_on_numbers() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("prose_number_norms")
    doc = nlp(Doc(nlp.vocab, words=["全年", "建成", "站点", "三十二个", "，", "目标", "≥30个"]))
    plain = Doc(nlp.vocab, words=[t.text for t in doc])
    changed = [(t.text, t.norm_) for t, p in zip(doc, plain, strict=True) if t.norm_ != p.norm_]
    assert changed == [("三十二个", "0个"), ("≥30个", "≥0个")]


def _scored(words: list[str], spans: list[tuple[int, int, str, float]]) -> Doc:
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    group = SpanGroup(doc, name="sc", spans=[Span(doc, a, b, label=lab) for a, b, lab, _ in spans])
    group.attrs["scores"] = numpy.array([s for *_, s in spans])
    doc.spans["sc"] = group
    return doc


def test_a_rate_name_drops_the_copula_glued_to_it() -> None:
    # jieba: 传输|及时|率为|98.2%
    doc = _scored(["传输", "及时", "率为", "98.2%"], [(0, 3, "NAME", 0.9), (3, 4, "ACTUAL", 0.9)])
    found = [(doc.text[s.start : s.end], s.label) for s in decode_spans(doc)]
    assert found == [("传输及时率", "NAME"), ("98.2%", "ACTUAL")]


def test_other_names_ending_in_wei_are_kept() -> None:
    doc = _scored(["查处", "违法", "行为", "120起"], [(0, 3, "NAME", 0.9)])
    assert [doc.text[s.start : s.end] for s in decode_spans(doc)] == ["查处违法行为"]


def _statement() -> Doc:
    words = ["全年", "建成", "村级", "气象", "信息站", "三十二个", "，", "年度", "目标", "为"]
    words += ["不少于三十个", "，", "已完成", "。"]
    low_name, long_name = (1, 5, "NAME", 0.15), (1, 6, "NAME", 0.02)
    values = [(10, 11, "TARGET", 0.95), (12, 13, "CLAIM", 0.99)]
    return _scored(words, [low_name, long_name, *values])


def test_a_statement_with_values_and_no_name_takes_its_best_name_candidate() -> None:
    doc = _statement()
    kept = decode_spans(doc)
    assert [s.label for s in kept] == ["TARGET", "CLAIM"]
    found = [(doc.text[s.start : s.end], s.label) for s in recover_names(doc, kept, 0.1)]
    assert found[:2] == [("建成村级气象信息站", "NAME"), ("三十二个", "ACTUAL")]
    # below the floor no name is made up
    assert recover_names(doc, kept, 0.2) == kept


def test_a_recovered_name_leaves_its_lead_and_count() -> None:
    words = ["二是", "新建", "服务", "阵地", "5个", "，", "年度", "目标", "5个", "，", "已完成"]
    doc = _scored(words, [(0, 5, "NAME", 0.3), (8, 9, "TARGET", 0.9), (10, 11, "CLAIM", 0.9)])
    found = [
        (doc.text[s.start : s.end], s.label) for s in recover_names(doc, decode_spans(doc), 0.1)
    ]
    assert found[:2] == [("新建服务阵地", "NAME"), ("5个", "ACTUAL")]
