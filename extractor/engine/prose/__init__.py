"""Learned reader for indicators stated in prose (自评报告).

``train_prose`` trains a spaCy span categoriser (jieba words) on annotated and
generated paragraphs; ``load_prose`` returns a ``ProseReader`` whose ``read``
turns a ``Document``'s paragraphs into ``IndicatorRecord`` objects.
"""

from extractor.engine.prose.reader import ProseReader, load_prose
from extractor.engine.prose.train import train_prose

__all__ = ["ProseReader", "load_prose", "train_prose"]
