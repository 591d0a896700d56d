"""The CRF labeller: long streams are tagged a piece at a time with the same labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import ROOT, SHARED

from extractor.engine.stream import model as stream_model
from extractor.engine.stream.model import chunk_bounds, load_stream_model
from extractor.engine.stream.tokens import Token, tokenize

SAMPLE = SHARED / "samples" / "001_e29b54d99e7d5cbf.txt"
MODEL = ROOT / "models" / "default" / "stream"

_SEPS = st.sampled_from(["", "space", "tab", "line", "blank", "bar"])


@given(st.lists(_SEPS, min_size=1, max_size=400), st.integers(min_value=2, max_value=60))
def test_pieces_cover_the_stream_in_order_and_stay_within_the_size(
    seps: list[str], size: int
) -> None:
    tokens = [Token("字", i, i + 1, sep, "cjk") for i, sep in enumerate(seps)]
    bounds = chunk_bounds(tokens, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(tokens)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(0 < hi - lo <= size for lo, hi in bounds)


def test_a_piece_ends_before_a_blank_line_when_one_is_near() -> None:
    seps = ["space"] * 30
    seps[25] = "blank"
    tokens = [Token("字", i, i + 1, sep, "cjk") for i, sep in enumerate(seps)]
    assert chunk_bounds(tokens, 28)[0] == (0, 25)


def test_long_streams_get_the_labels_and_marginals_of_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens = tokenize(SAMPLE.read_text(encoding="utf-8"))
    model = load_stream_model(MODEL)
    whole = model.tag(tokens)
    monkeypatch.setattr(stream_model, "CHUNK_TOKENS", 800)
    pieces = model.tag(tokens)
    assert len(chunk_bounds(tokens, 800)) >= 4
    same = sum(a == b for a, b in zip(whole.labels, pieces.labels, strict=True))
    # Only tokens next to a cut lose context; the report's rows are read alike.
    assert same / len(tokens) > 0.98
    assert pieces.marginal is not None
    i = len(tokens) - 1
    assert sum(pieces.role_probs(i).values()) <= 1.0 + 1e-5


def test_a_piece_keeps_the_marginals_the_decoder_reads() -> None:
    """The marginals kept of a piece (the tagger forgets its lattice at the next) are the
    tagger's own, to float32: the chosen label's and the value roles'."""
    tokens = tokenize(SAMPLE.read_text(encoding="utf-8"))
    model = load_stream_model(MODEL)
    kept = model._tag_in_chunks(tokens)  # one piece: the stream is shorter than CHUNK_TOKENS
    asked = model.tag(tokens)
    assert asked.marginal is not None and kept.marginal is not None
    assert kept.labels == asked.labels
    assert kept.probs == pytest.approx(asked.probs, abs=1e-6)
    assert kept.known == frozenset(stream_model.READ_LABELS) & asked.known
    for i in range(len(tokens)):
        got, want = kept.role_probs(i), asked.role_probs(i)
        assert list(got) == list(want)
        assert list(got.values()) == pytest.approx(list(want.values()), abs=1e-6)
        for label in kept.known:
            assert kept.marginal(label, i) == pytest.approx(asked.marginal(label, i), abs=1e-6)


def test_labels_made_certain_are_certain_in_every_reading_of_the_marginals() -> None:
    tokens = tokenize(SAMPLE.read_text(encoding="utf-8"))
    model = load_stream_model(MODEL)
    for tagged in (model._tag_in_chunks(tokens), model.tag(tokens)):
        tagged.make_certain({3: "B-target", 4: "I-name"})
        assert tagged.probs[3] == tagged.probs[4] == 1.0
        assert tagged.role_probs(3) == {"O": 0.0, "target": 1.0} | {
            r: 0.0 for r in stream_model.VALUE_ROLES if r != "target"
        }
        assert set(tagged.role_probs(4).values()) == {0.0}
        assert tagged.marginal is not None and tagged.marginal("B-target", 3) == 1.0
