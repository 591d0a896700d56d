"""The token stream: offsets into the text, separators kept, digits one by one."""

from __future__ import annotations

from extractor.engine.stream.tokens import drop_ordinals, tokenize, unwrap_fixed_width


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


# A glued form a web page wrapped every 24 characters, through words and numbers.
_GLUED = (
    "产出指标（20分）数量指标养护乡村道路≥100公里120公里1010质量指标养护路段验收合格率≥95%97%109"
    "效益指标（30分）社会效益指标通行条件明显改善达成预期指标1515"
)


def _wrapped(text: str, width: int) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def test_a_page_wrapped_at_a_fixed_width_separates_nothing_at_its_wraps() -> None:
    text = "项目支出绩效自评表\n" + _wrapped(_GLUED, 24) + "\n总分100"
    toks = unwrap_fixed_width(text, tokenize(text))
    wraps = [k for k in range(24, len(_GLUED), 24)]
    base = len("项目支出绩效自评表\n")
    at_wraps = [t for t in toks if any(t.start == base + k + k // 24 for k in wraps)]
    assert at_wraps and all(t.sep == "" for t in at_wraps)
    # The form's own line breaks (before the table, before 总分) still separate.
    assert toks[[t.text for t in toks].index("产出")].sep == "line"
    assert toks[[t.text for t in toks].index("总分")].sep == "line"


def test_lines_of_many_lengths_keep_their_breaks() -> None:
    # One cell a line: no width most lines share, every break is a separator.
    text = "产出指标\n数量指标\n养护乡村道路长度\n≥100公里\n120公里\n10\n10\n质量指标"
    toks = tokenize(text)
    assert unwrap_fixed_width(text, toks) == toks


def _words(text: str) -> list[str]:
    return [t.text for t in drop_ordinals(tokenize(text))]


def test_ordinals_numbering_names_are_dropped_and_their_separator_kept() -> None:
    text = "数量指标 指标1.农机补贴户数 ≥50 62\n指标2：补贴发放及时率 100% 100%\n3、培训人次 ≥8 9"
    toks = drop_ordinals(tokenize(text))
    words = [t.text for t in toks]
    assert "指标" not in words and "." not in words and "：" not in words and "、" not in words
    assert words[:2] == ["数量指标", "农机"]
    assert {t.text: t.sep for t in toks}["农机"] == "space"
    assert {t.text: t.sep for t in toks}["培训"] == "line"
    # glued pages number their names too
    assert _words("质量指标指标2:验收合格率≥95%")[:2] == ["质量指标", "验收"]
    assert _words("①受益户数≥20户") == ["受益", "户数", "≥", "2", "0", "户"]


def test_numbers_that_are_values_are_not_ordinals() -> None:
    for text in ("资金1.5万元", "目标值 1.5万元", "得分10、满意度", "数量指标 20 指标"):
        assert _words(text) == [t.text for t in tokenize(text)], text
