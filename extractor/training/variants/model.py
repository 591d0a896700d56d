"""What a transformation takes and returns: a document text with its gold."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Gold = dict[str, Any]


@dataclass(frozen=True)
class Variant:
    """A document text and the gold it must yield (the scorer's gold format).

    ``text`` is normalised (``normalize_text``), as ingest indexes it."""

    text: str
    gold: Gold

    def with_text(self, text: str) -> Variant:
        # Transformations never mutate a gold they were given (those that change it copy it
        # first), so a new text can share the gold.
        return Variant(text, self.gold)


Transform = Callable[[Variant, random.Random], Variant]


def normalize_text(text: str) -> str:
    """The text as ingest indexes it: no byte-order mark, ``\\r\\n`` and ``\\r`` become ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def indicators(gold: Gold) -> list[dict[str, Any]]:
    rows = gold.get("indicators") or []
    return [r for r in rows if isinstance(r, dict)]


def gold_strings(gold: Gold) -> Iterator[tuple[dict[str, Any], str]]:
    """(container, key) of every printed string of the gold: the ones that follow the text.

    Values (numbers, ops, kinds, labels) are not printed strings: they stay."""
    if isinstance(gold.get("department"), str):
        yield gold, "department"
    for row in indicators(gold):
        for key in ("group", "name", "deviation"):
            if isinstance(row.get(key), str):
                yield row, key
        for field in ("target", "actual"):
            value = row.get(field)
            if isinstance(value, dict) and isinstance(value.get("text"), str):
                yield value, "text"


def map_gold_strings(gold: Gold, fn: Callable[[str], str]) -> Gold:
    """A copy of ``gold`` with ``fn`` applied to every printed string."""
    out = copy.deepcopy(gold)
    for container, key in list(gold_strings(out)):
        container[key] = fn(container[key])
    return out
