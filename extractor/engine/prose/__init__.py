"""Learned reader for indicators stated in prose (自评报告).

``train_prose`` trains a spaCy span categoriser (jieba words) on annotated and
generated paragraphs; ``load_prose`` returns a ``ProseReader`` whose ``read``
turns a ``Document``'s paragraphs into ``IndicatorRecord`` objects.

The names are imported on first use: importing ``extractor.engine.prose.gate``
(the paragraph gate every document passes) must not import spaCy, which only
documents with indicator prose need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.engine.prose.reader import ProseReader, load_prose
    from extractor.engine.prose.train import train_prose

__all__ = ["ProseReader", "load_prose", "train_prose"]
_HOME = {"ProseReader": "reader", "load_prose": "reader", "train_prose": "train"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
