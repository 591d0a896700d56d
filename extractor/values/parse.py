"""Placeholder: the real parser is being written (see issue 2)."""

from extractor.types import Value


def parse_value(text: str | None) -> Value:
    t = (text or "").strip()
    return Value(text=t or None, kind="missing" if not t else "qualitative")
