"""Where a viewer-scrambled indicator table stands: a header line of the
genre's column words (wrapped words put back) down to the next header or
total line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.ingest.reading_order.fragments import (
    HEADER_COLUMNS,
    Fragment,
    VisualLine,
    is_value,
)
from extractor.ingest.reading_order.labels import COLUMN_LABEL

# Where a header word sits in the genre's column order (分值 may stand before
# the target or after the actual, so it has no rank of its own).
_RANK = {
    "level1": 0,
    "level2": 1,
    "name": 2,
    "target": 4,
    "actual": 5,
    "score": 7,
    "deviation": 8,
}
VALUE_COLUMNS = ("weight", "target", "actual", "score")
_END = re.compile(r"^(?:总分|合计|总计)")


def header_columns(frags: list[Fragment]) -> list[str] | None:
    """The columns a header line names: the name and at least two value
    columns, or the target alone (a 绩效目标表's 指标值) under the level
    labels."""
    cols = [HEADER_COLUMNS[f.text] for f in frags if f.text in HEADER_COLUMNS]
    values = [c for c in cols if c in VALUE_COLUMNS]
    if len(cols) >= 4 and "name" in cols and (len(values) >= 2 or values == ["target"]):
        return cols
    return None


def _unexplained_header(frags: list[Fragment]) -> bool:
    """A header column this module cannot place (评分标准, 指标解释): its text
    would be read into the name, so such a table is left as it is."""
    return any(
        f.text not in HEADER_COLUMNS and not header_piece(f.text) and f.text != COLUMN_LABEL
        for f in frags
    )


def _complete_header(cols: list[str], pieces: list[Fragment]) -> list[str]:
    """Header words wrapped around the header line (实际完 / 成值) put back in the
    genre's column order."""
    texts = [p.text for p in pieces]
    for i in range(len(texts)):
        for j in range(len(texts)):
            word = texts[i] + texts[j]
            col = HEADER_COLUMNS.get(word)
            if i != j and col and col not in cols:
                rank = _RANK.get(col, 9)
                at = max((k + 1 for k, c in enumerate(cols) if _RANK.get(c, -1) < rank), default=0)
                cols = cols[:at] + [col] + cols[at:]
    return cols


@dataclass
class Region:
    header_line: int
    end_line: int  # exclusive
    columns: list[str]
    body_start: int = 0


def header_piece(text: str) -> bool:
    return not is_value(text) and any(
        w != text and (w.startswith(text) or w.endswith(text)) for w in HEADER_COLUMNS
    )


def _attach_header_pieces(lines: list[VisualLine], region: Region) -> None:
    """Header words wrapped around the header line: a line of pieces just
    before it and one just after it (实际完 / header / 成值)."""
    h = region.header_line
    pieces: list[Fragment] = []
    if h > 0 and all(header_piece(f.text) for f in lines[h - 1][1]):
        pieces += lines[h - 1][1]
    pieces += [f for f in lines[h][1] if f.text not in HEADER_COLUMNS]
    region.body_start = h + 1
    if h + 1 < region.end_line and all(header_piece(f.text) for f in lines[h + 1][1]):
        pieces += lines[h + 1][1]
        region.body_start = h + 2
    region.columns = _complete_header(region.columns, pieces)


def find_regions(lines: list[VisualLine]) -> list[Region]:
    regions = []
    i = 0
    while i < len(lines):
        cols = header_columns(lines[i][1])
        if cols is None:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and header_columns(lines[j][1]) is None:
            if _END.match(lines[j][1][0].text):
                break
            j += 1
        region = Region(i, j, cols)
        _attach_header_pieces(lines, region)
        if not _unexplained_header(lines[i].frags):
            regions.append(region)
        i = j
    return regions
