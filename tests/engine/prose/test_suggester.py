from __future__ import annotations

import spacy

from extractor.engine.prose.suggester import build_clause_ngram_suggester, clause_ngrams


def test_candidates_stay_inside_clauses_and_off_punctuation() -> None:
    nlp = spacy.blank("zh")  # char tokens: enough to check the boundary rules
    doc = nlp.make_doc("新增床位≥100张。完成目标值，好")
    spans = clause_ngrams(doc, max_size=30)
    texts = {doc[a:b].text for a, b in spans}
    assert "新增床位≥100张" in texts and "完成目标值" in texts
    assert not any("。" in t for t in texts)
    assert not any(t.startswith("，") or t.endswith("，") for t in texts)


def test_max_size_limits_length() -> None:
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("一二三四五六七八九十")
    assert max(b - a for a, b in clause_ngrams(doc, max_size=4)) == 4


def test_registered_suggester_returns_one_length_per_doc() -> None:
    nlp = spacy.blank("zh")
    docs = [nlp.make_doc("甲乙"), nlp.make_doc("。"), nlp.make_doc("丙")]
    ragged = build_clause_ngram_suggester(5)(docs)
    assert ragged.lengths.tolist() == [3, 0, 1]
