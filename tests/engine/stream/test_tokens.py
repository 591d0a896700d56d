"""The token stream: offsets into the text, separators kept, digits one by one."""

from __future__ import annotations

from extractor.engine.stream.tokens import tokenize


def test_offsets_point_into_the_text() -> None:
    text = "产出指标 数量指标\n\n| 配送书箱数量 | ≥120个 |"
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text


def test_separators_are_kept_on_the_next_token() -> None:
    toks = tokenize("读者满意度 ≥90%\n\n94%|15")
    seps = {t.text: t.sep for t in toks}
    assert seps["≥"] == "space"
    assert toks[[t.text for t in toks].index("%") + 1].sep == "blank"
    assert toks[-2].sep == "bar"  # "1" of 15 after the bar


def test_fused_numbers_split_into_digits() -> None:
    # weight 4 and score 4 run together: the labeller must be able to cut between them
    toks = tokenize("≥6次6次44")
    assert [t.text for t in toks] == ["≥", "6", "次", "6", "次", "4", "4"]
    assert all(t.sep == "" for t in toks[1:])
