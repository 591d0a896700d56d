"""A report and its gold rendered in traditional characters (OpenCC s2t).

For measuring and testing the simplified view (``extractor.chinese_script``):
the same report in either script should read the same. The gold's texts
("as written" in the contract) are converted with the report; level names
stay the contract's normalised simplified names.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opencc import OpenCC

    from extractor.types import Document

_TEXT_KEYS = ("group", "name", "deviation")


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    from opencc import OpenCC

    return OpenCC(config)


def traditional_rendering(
    text: str, gold: dict[str, Any], config: str = "s2t.json"
) -> tuple[str, dict[str, Any]]:
    """``(text, gold)`` in traditional characters (``s2tw.json``, ``s2hk.json``: Taiwan, Hong Kong character forms)."""
    conv = _converter(config).convert
    out = _gold_texts_converted(gold, conv)
    return conv(text), out


def learning_view(doc: Document, gold: dict[str, Any]) -> tuple[Document, dict[str, Any]]:
    """``(doc, gold)`` as the models see them: a report in traditional characters
    as its simplified view (``chinese_script``), its gold's texts converted the
    same way so that they are found in the view's cells. Models learn from
    what they will read."""
    from extractor.chinese_script import simplified_view, to_simplified

    view = simplified_view(doc)
    if view is None:
        return doc, gold
    out = _gold_texts_converted(gold, to_simplified)
    return view, out


def _gold_texts_converted(gold: dict[str, Any], conv: Callable[[str], str]) -> dict[str, Any]:
    """A copy of ``gold`` with every text a reader matches (department, names,
    values' text and unit) passed through ``conv``."""
    out = copy.deepcopy(gold)
    if isinstance(out.get("department"), str):
        out["department"] = conv(out["department"])
    for row in out.get("indicators", []):
        for key in _TEXT_KEYS:
            if isinstance(row.get(key), str):
                row[key] = conv(row[key])
        for key in ("target", "actual"):
            value = row.get(key)
            if not isinstance(value, dict):
                continue
            for v in [value, *value.get("alt", [])]:
                for k in ("text", "unit"):
                    if isinstance(v.get(k), str):
                        v[k] = conv(v[k])
    return out
