"""A time limit on one extraction, checked where the work is long.

A thread cannot be stopped from outside, so the limit is cooperative: the
caller opens ``time_limit(seconds, filename)`` around an extraction, and the
loops whose cost grows with the input (PDF pages, OCR pages and frames, the
engine's table regions and prose paragraphs) call ``check_time()``, which
raises ``TimeLimitExceeded`` once the deadline has passed. The longest
uninterrupted step is then one page or one region, not one document. The
deadline lives in a context variable, so concurrent extractions in one
process (the service's job threads) each keep their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from extractor.errors import TimeLimitExceeded


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic() value
    seconds: float
    filename: str


_current: ContextVar[_Deadline | None] = ContextVar("extraction_deadline", default=None)


@contextmanager
def time_limit(seconds: float | None, filename: str) -> Iterator[None]:
    """Within this block, ``check_time`` raises once ``seconds`` have passed
    (no limit for None or a non-positive value)."""
    if seconds is None or seconds <= 0:
        yield
        return
    token = _current.set(_Deadline(time.monotonic() + seconds, seconds, filename))
    try:
        yield
    finally:
        _current.reset(token)


def check_time() -> None:
    """Raise ``TimeLimitExceeded`` if the current extraction is past its limit."""
    d = _current.get()
    if d is not None and time.monotonic() > d.at:
        raise TimeLimitExceeded(d.filename, f"stopped after {d.seconds:g} s")
