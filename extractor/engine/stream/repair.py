"""OCR look-alikes inside a value, repaired only where the value itself decides it.

A comparator read as ``$``, ``工`` or ``^`` (≥) or ``W`` (≤) before a number
cannot be anything else; ``2`` for ≥ only where the number it would make is
impossible (a percentage over 100 whose actual is not). ``O``/``o`` and
``l``/``I`` between digits are 0 and 1, ``兀`` after a number is 元. The text
stays as written; the value is parsed from the repaired text, and the
field says it was repaired (the calibrator lowers its confidence).
"""

from __future__ import annotations

import re

from extractor.engine.features import cached_value
from extractor.types import Value

_GE = re.compile(r"^[\$工\^](?=\d)")
_LE = re.compile(r"^W(?=\d)")
_DIGIT_O = re.compile(r"(?<=\d)[Oo]|[Oo](?=\d)")
_DIGIT_L = re.compile(r"(?<=\d)[lI]|[lI](?=\d)")
_YUAN = re.compile(r"(?<=\d)兀")


def _fix_chars(text: str) -> str:
    text = _GE.sub("≥", text)
    text = _LE.sub("≤", text)
    text = _DIGIT_O.sub("0", text)
    text = _DIGIT_L.sub("1", text)
    return _YUAN.sub("元", text)


def repair_value(text: str, actual: str | None = None) -> tuple[Value, bool]:
    """The value of ``text`` (repaired where it must be) and whether anything was repaired."""
    fixed = _fix_chars(text)
    value = cached_value(fixed)
    if (
        fixed.startswith("2")
        and value.kind == "numeric"
        and value.unit in ("%", "％")
        and (value.value or 0) > 100
    ):
        other = cached_value("≥" + fixed[1:])
        real = cached_value(_fix_chars(actual)) if actual else None
        if (other.value or 0) <= 100 and (real is None or (real.value or 0) <= 100):
            fixed, value = "≥" + fixed[1:], other
    out = value.model_copy(deep=True)
    if fixed != text:
        out.text = text
    return out, fixed != text
