"""normalize: patterns that begin with a numeral run must start only where a
run starts, so a long digit string costs linear, not quadratic, time."""

from __future__ import annotations

import re

import pytest

from extractor.values.normalize import _FRACTION, _MIXED, _PERCENT, _RMB, normalize

#: (pattern, a text it rewrites once the whole run is read)
RUN_PATTERNS = [
    (_MIXED, "{}又0.5"),
    (_RMB, "{}元5角"),
    (_FRACTION, "{}分之3"),
    (_PERCENT, "百分之{}"),
]


@pytest.mark.parametrize(
    ("pattern", "template"), RUN_PATTERNS, ids=["mixed", "rmb", "fraction", "percent"]
)
@pytest.mark.parametrize("run", ["1234567", "一二三四五六", "1.2.3.4", "三点一四一五"])
def test_a_match_never_starts_inside_a_numeral_run(
    pattern: re.Pattern[str], template: str, run: str
) -> None:
    text = template.format(run)
    starts = [pos for pos in range(len(text)) if pattern.match(text, pos)]
    # Each run is tried from its first character only: a start inside it would
    # re-read the rest of the run, once per character (the quadratic cost).
    assert starts == [0], (text, starts)


def test_a_long_digit_string_with_a_trigger_character_is_normalized_whole() -> None:
    text = "1" * 50_000 + "又"  # took minutes when every position re-read the run
    assert normalize(text) == text


def test_mixed_numbers_and_money_still_fold() -> None:
    assert normalize("三又0.5") == "3.5"
    assert normalize("十二元五角") == "12.5元"
    assert normalize("四分之三") == "0.75"
