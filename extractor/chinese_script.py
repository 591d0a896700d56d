"""Traditional characters: the engine reads a simplified view, the output keeps the text as written.

Reports reach users converted to 繁體 or mixing both scripts (指標, 產出, 實際完成值,
萬元). Every model and rule here learned simplified text, so the engine reads a
*view* of the document in simplified characters (OpenCC's t2s conversion: a
well-kept library, not a table of ours), and the texts of the result (names,
target and actual texts, units, claims, deviations, groups, the department)
are mapped back to the characters as written.

The view is converted character for character: every string keeps its length,
so every offset and evidence of the view is also an offset into the original
text, and a string the engine returns is found in the view and cut from the
original at the same place. Where OpenCC's phrase conversion would change a
line's length, that line is converted one character at a time instead.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opencc import OpenCC

    from extractor.types import Document, Evidence, Extraction, Value


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    from opencc import OpenCC

    return OpenCC("t2s.json")


# A reading in brackets after a character, as some conversion sites annotate
# the characters they converted (產(chǎn)出指標(biāo)): pinyin with at least one
# tone mark, so that no Latin word in brackets is taken for one.
_READING = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


# A site that annotates does so throughout a page; a lone gloss is left as written.
_MIN_READINGS = 3


def annotated(text: str) -> bool:
    """Whether ``text`` carries a conversion site's readings throughout."""
    return len(_READING.findall(text, 0, 20000)) >= _MIN_READINGS


def to_simplified(text: str, readings: bool | None = None) -> str:
    """``text`` in simplified characters, of exactly the same length.

    ``readings``: blank bracketed readings (產(chǎn) -> 产 followed by spaces, so
    the view reads the characters); by default when ``text`` is annotated
    throughout. A document decides once for all its strings."""
    if readings if readings is not None else annotated(text):
        text = _READING.sub(lambda m: " " * len(m.group()), text)
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        got = conv.convert(line)
        if len(got) != len(line):
            got = "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in line)
        lines.append(got)
    return "\n".join(lines)


def simplified_view(doc: Document) -> Document | None:
    """A copy of ``doc`` with every text in simplified characters; None when
    the document has no traditional character (the common case costs one
    conversion of the text and no copy)."""
    readings = annotated(doc.text)
    view_text = to_simplified(doc.text, readings)
    if view_text == doc.text:
        return None
    view = doc.model_copy(deep=True)
    view.text = view_text
    for block in view.blocks():
        block.text = to_simplified(block.text, readings)
        for row in block.rows:
            for cell in row.cells:
                cell.text = to_simplified(cell.text, readings)
    return view


class _Restorer:
    """Finds a string of the view in the view's text and cuts the original's
    characters at the same place, nearest the record's evidence first."""

    def __init__(self, original: str, view: str) -> None:
        self.original = original
        self.view = view
        # A string the engine assembled (wrapped cells joined) is not in the
        # view as such: its characters are mapped back one by one, as this
        # document writes them.
        self.by_char = {
            v: o for v, o in zip(view, original, strict=True) if v != o and not v.isspace()
        }

    def written(self, s: str | None, near: Evidence | None = None) -> str | None:
        if not s:
            return s
        at = self._find(s, near)
        if at is None:
            return "".join(self.by_char.get(ch, ch) for ch in s)
        return self.original[at : at + len(s)]

    def _find(self, s: str, near: Evidence | None) -> int | None:
        if near is not None and near.char_start is not None and near.char_end is not None:
            at = self.view.find(s, near.char_start, near.char_end + 1)
            if at >= 0:
                return at
        at = self.view.find(s)
        return at if at >= 0 else None

    def value(self, v: Value, near: Evidence | None) -> None:
        written = self.written(v.text, near)
        if v.unit and v.text and written:
            at = v.text.find(v.unit)
            if at >= 0:
                v.unit = written[at : at + len(v.unit)]
        v.text = written
        for part in v.parts:
            self.value(part, near)


def restore_written(ex: Extraction, original: Document, view: Document) -> Extraction:
    """``ex`` (read from ``view``) with its texts as ``original`` writes them.

    level1/level2 stay the contract's normalised names; everything the
    contract takes "as written" is mapped back.
    """
    r = _Restorer(original.text, view.text)
    ex.source = original.source
    if isinstance(ex.department.value, str):
        ex.department.value = r.written(ex.department.value, ex.department.evidence)
    for rec in ex.indicators:
        ev = rec.evidence
        for field in (rec.group, rec.name):
            if isinstance(field.value, str):
                field.value = r.written(field.value, ev)
        r.value(rec.target, ev)
        r.value(rec.actual, ev)
        rec.status.text = r.written(rec.status.text, ev)
        rec.deviation.text = r.written(rec.deviation.text, ev)
    for line in ex.budget:
        line.label = r.written(line.label, line.evidence) or line.label
    return ex
