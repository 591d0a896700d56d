"""Renamed copies of the annotated narratives (substitute.py): every span
still covers its own words, names are swapped for names of their kind, and
the same name gets the same substitute throughout a report."""

from __future__ import annotations

import re

import pytest
from support import ROOT

from extractor.engine.prose.annotations import AnnotatedDoc, load_annotations
from extractor.engine.prose.substitute import build_lexicon, substituted
from extractor.engine.prose.train import is_held_out, is_renamed

PROSE = ROOT / "training_data" / "prose"


@pytest.fixture(scope="module")
def docs() -> list[AnnotatedDoc]:
    return load_annotations(PROSE)


def test_lexicon_recombines_verbs_and_rate_endings(docs: list[AnnotatedDoc]) -> None:
    lexicon = build_lexicon(docs)
    gold = {p.text[s.start : s.end] for d in docs for p in d.paragraphs for s in p.spans}
    new_counts = [n for n in lexicon.counts if n not in gold]
    new_rates = [n for n in lexicon.rates if n not in gold]
    assert len(new_counts) >= 100 and len(new_rates) >= 100
    assert all(re.search(r"(率|度|比例|比重|占比|（是否）)$", n) for n in lexicon.rates)
    # a verb-led name: the first word is one the training names open with
    assert any(n.startswith(("开展", "新增", "建设", "改造")) for n in new_counts)


def test_renamed_copies_keep_every_value_span(docs: list[AnnotatedDoc]) -> None:
    lexicon = build_lexicon(docs)
    originals = {d.doc_id: d for d in docs}
    renamed = substituted(docs, lexicon, copies=2)
    assert len(renamed) == 2 * len(docs)
    changed = 0
    for copy in renamed:
        assert is_renamed(copy.doc_id)
        source = originals[copy.doc_id.rsplit("-", 1)[0]]
        assert is_held_out(copy.doc_id, {source.doc_id})
        swapped: dict[str, str] = {}
        for old, new in zip(source.paragraphs, copy.paragraphs, strict=True):
            assert [s.label for s in old.spans] == [s.label for s in new.spans]
            assert old.relations == new.relations
            for a, b in zip(old.spans, new.spans, strict=True):
                old_text, new_text = old.text[a.start : a.end], new.text[b.start : b.end]
                if a.label != "NAME":
                    assert old_text == new_text
                    continue
                # one substitute per name in a report
                assert swapped.setdefault(old_text, new_text) == new_text
                changed += old_text != new_text
    assert changed > 100


def test_rate_names_are_replaced_by_rate_names(docs: list[AnnotatedDoc]) -> None:
    lexicon = build_lexicon(docs)
    source = next(d for d in docs if d.doc_id.startswith("n_17"))
    copy = substituted([source], lexicon, copies=1)[0]
    for old, new in zip(source.paragraphs, copy.paragraphs, strict=True):
        for a, b in zip(old.spans, new.spans, strict=True):
            if a.label == "NAME" and old.text[a.start : a.end].endswith("率"):
                assert re.search(r"(率|度|比例|比重|占比|（是否）)$", new.text[b.start : b.end])
