"""A pipeline step that gives every number the same word form before tok2vec.

spaCy's hashed word features see ``468期``, ``三十二个`` and ``98.2%`` as
unrelated rare words, so a value the model never met in training (or one in
Chinese numerals) scored a few percent as ACTUAL, and the name before it was
missed with it. Writing the digits of a token as ``0`` in its NORM (``0期``,
``0个``, ``0%``) lets every count of a unit share one vector. Registered as
the ``prose_number_norms`` component; importing this module (the reader and
trainer do) makes saved pipelines load.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# A run of Chinese numerals at the start of a word (三十二个, 九百四十户), or a
# single one before a measure word (两处, 五个); 一是 and 十分 stay words.
_CHINESE = re.compile(
    r"^(?:[零一二三四五六七八九十百千两]{2,}|[一二三四五六七八九十两](?=[个户人次场所名件项座期台套家处辆条批篇份本张]))"
)


def number_norm(word: str) -> str:
    """``word`` with its digits (and a leading Chinese numeral) written ``0``."""
    return _CHINESE.sub("0", _DIGITS.sub("0", word))


@Language.component("prose_number_norms")
def number_norms(doc: Doc) -> Doc:
    for token in doc:
        norm = number_norm(token.text)
        if norm != token.text:
            token.norm_ = norm
    return doc
