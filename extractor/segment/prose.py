"""Does a document state indicators in prose at all?

Reading prose with the spaCy model costs more than the rest of the engine
together, so it runs only where the text has the genre's marks of
indicator prose: 目标值/指标值/完成值 phrases, numbered 指标N： items, or ①-⑳
lists of indicator names. Forms whose paragraphs are titles, units and
notes skip it.
"""

from __future__ import annotations

import re

from extractor.types import BlockKind, Document

_MARKS = re.compile(
    r"目标值|指标值|完成值|实际完成|年初目标|指标\s*\d+\s*[:：]|^[①-⑳]|^[（(]\d+[)）]\s*\S{0,8}指标"
)
# Two marks: one can be a table caption or a note under a form.
MIN_MARKS = 2


def has_prose_indicators(doc: Document) -> bool:
    n = 0
    for block in doc.blocks():
        if block.kind == BlockKind.paragraph and _MARKS.search(block.text.strip()):
            n += 1
            if n >= MIN_MARKS:
                return True
    return False
