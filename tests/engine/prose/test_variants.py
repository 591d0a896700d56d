from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.engine.prose.annotations import LABELS
from extractor.engine.prose.variants import generate_document, generate_mixed
from extractor.engine.prose.vocab import DEPARTMENTS


@settings(max_examples=40, deadline=None)
@given(dept=st.sampled_from(DEPARTMENTS), index=st.integers(0, 50), seed=st.integers(0, 5))
def test_generated_spans_match_expected_records(dept, index: int, seed: int) -> None:
    doc = generate_document(dept, index, seed)
    names, targets = [], []
    for para in doc.paragraphs:
        last = 0
        for span in para.spans:
            assert span.label in LABELS
            assert last <= span.start < span.end <= len(para.text)  # sorted, no overlap
            last = span.end
            text = para.text[span.start : span.end]
            assert text == text.strip() and text
            if span.label == "NAME":
                names.append(text)
            if span.label == "TARGET":
                targets.append(text)
    assert doc.expected
    for rec in doc.expected:
        assert rec["name"] in names
        assert rec["target"] is None or rec["target"] in targets


def test_mixed_departments_vary_names() -> None:
    docs = generate_mixed(4)
    names = {
        p.text[s.start : s.end]
        for d in docs
        for p in d.paragraphs
        for s in p.spans
        if s.label == "NAME"
    }
    assert len(names) > 20
    assert all(d.doc_id.startswith("gen-mix-") for d in docs)


def test_sentence_layout_states_values_inside_the_sentence_and_reasons_after_a_miss() -> None:
    from extractor.engine.prose.variants import generate_corpus

    docs = generate_corpus(per_department=4)
    deviations = [
        (p, s) for d in docs for p in d.paragraphs for s in p.spans if s.label == "DEVIATION"
    ]
    assert deviations
    for para, span in deviations:
        # the reason follows a claim in the same paragraph
        claims = [s for s in para.spans if s.label == "CLAIM" and s.end <= span.start]
        assert claims, para.text
    cn_counts = [
        p.text[s.start : s.end]
        for d in docs
        for p in d.paragraphs
        for s in p.spans
        if s.label in ("TARGET", "ACTUAL") and any(c in p.text[s.start : s.end] for c in "十百千")
    ]
    assert cn_counts and not any("%" in t for t in cn_counts)


def test_ascii_twin_keeps_every_span_on_the_same_words() -> None:
    from support import TRAINING

    from extractor.engine.prose.annotations import load_annotations
    from extractor.engine.prose.variants_sentences import ASCII_TWIN, ascii_twin

    doc = next(d for d in load_annotations(TRAINING / "prose") if d.doc_id.startswith("n_01"))
    twin = ascii_twin(doc.paragraphs)
    assert any("，" in p.text for p in doc.paragraphs)
    for para, other in zip(doc.paragraphs, twin, strict=True):
        assert not set("，：；（）") & set(other.text)
        assert other.spans == para.spans
        for span in para.spans:
            words = para.text[span.start : span.end]
            assert other.text[span.start : span.end] == words.translate(ASCII_TWIN)
