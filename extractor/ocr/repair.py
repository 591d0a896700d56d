"""Repair the OCR confusions typical of these reports, only where sure.

Sure (fixed): 已先成 -> 已完成, 完戍 -> 完成, "$95%" -> "≥95%", full-width
digits and the full-width comma inside numbers, O/l/丨 inside a number, and
"9596" -> "95%" when the context is a rate (率) and the number is at most 100.
Not sure (left alone, confidence lowered): a leading "2" that may be a misread
"≥", or a trailing "96" on a number outside a rate context.

``repair`` is plain text in, text out, so the engine can also call it on the
cells of text-layer documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Confidence is scaled by this for each doubt left in the text.
DOUBT_FACTOR = 0.6

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_STATUS = [
    (re.compile(r"(已|未|基本|全部|均|按时|已经|尚未|全面)先成"), r"\1完成"),
    (re.compile(r"^先成$"), "完成"),
    (re.compile(r"完[戍戌]"), "完成"),
    (re.compile(r"达[戍戌]"), "达成"),
    (re.compile(r"[戍戌](?=效|果)"), "成"),
]
_NUMBER_PUNCT = re.compile(r"(?<=\d)[，,](?=\d{3})|(?<=\d)[。．](?=\d)")
# "$" never occurs in these reports; "工" right before a number at the start
# of a cell is a misread "≥".
_GE = re.compile(r"^[\$＄工](?=\s*\d)")
_CONFUSED_NUMBER = re.compile(r"(?<![A-Za-z])[\dOoIl丨|][\dOoIl丨|.]*[\dOoIl丨|](?![A-Za-z])")
_LETTER_DIGITS = str.maketrans("OoIl丨|", "001111")
_LETTER_DIGITS = str.maketrans("OoIl丨|", "001111")
_PERCENT_96 = re.compile(r"^([≥≤><=]?\s*)(\d+(?:\.\d+)?)96$")
_LEADING_2 = re.compile(r"^2(\d+(?:\.\d+)?)\s*%$")
_RATE_WORDS = ("率", "百分比", "%")


@dataclass(frozen=True)
class Repaired:
    text: str
    confidence: float | None
    fixes: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()


def _fix_number_token(match: re.Match[str]) -> str:
    token = match.group(0)
    digits = sum(ch.isdigit() for ch in token)
    letters = sum(ch in "OoIl丨|" for ch in token)
    if letters == 0 or digits < 2 or letters > digits / 2:
        return token
    return token.translate(_LETTER_DIGITS)


def repair(text: str, confidence: float | None = None, context: str = "") -> Repaired:
    """Fix sure confusions in ``text``; lower ``confidence`` for unsure ones.

    ``context`` is whatever tells what the text is: the column header, the
    indicator name, the row's other cells (a 率 there makes "%" expected).
    """
    fixes: list[str] = []
    doubts: list[str] = []
    out = text.translate(_FULLWIDTH_DIGITS)
    if out != text:
        fixes.append("fullwidth_digits")
    for pattern, repl in _STATUS:
        new = pattern.sub(repl, out)
        if new != out:
            fixes.append("status_word")
            out = new
    new = _NUMBER_PUNCT.sub(lambda m: "," if m.group(0) in "，," else ".", out)
    if new != out:
        fixes.append("number_punctuation")
        out = new
    new = _GE.sub("≥", out)
    if new != out:
        fixes.append("comparator")
        out = new
    new = _CONFUSED_NUMBER.sub(_fix_number_token, out)
    if new != out:
        fixes.append("letter_in_number")
        out = new
    is_rate = any(w in context for w in _RATE_WORDS)
    m = _PERCENT_96.match(out.strip())
    if m and float(m.group(2)) <= 100:
        if is_rate:
            out = f"{m.group(1)}{m.group(2)}%"
            fixes.append("percent_as_96")
        elif m.group(1).strip():
            # "≥9596" outside a rate: "≥95%" or "≥9596"? Only the reviewer knows.
            doubts.append("maybe_percent_as_96")
    m2 = _LEADING_2.match(out.strip())
    if m2 and is_rate and float("2" + m2.group(1)) > 100:
        # A rate over 100 % that starts with 2: likely "≥", but "2" may be real.
        doubts.append("maybe_comparator_as_2")
    if doubts:
        confidence = (confidence if confidence is not None else 1.0) * DOUBT_FACTOR ** len(doubts)
    return Repaired(out, confidence, tuple(fixes), tuple(doubts))
