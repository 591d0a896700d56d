"""OCR boxes + ruled tables -> the pipeline's ``Page`` (paragraphs and tables).

Boxes inside a ruled table go to the cell under their centre; a cell's lines
are joined top to bottom (Chinese without spaces). Boxes outside tables are
grouped into visual lines; runs of lines that split into the same columns
become a borderless table, the rest are paragraphs (wrapped lines rejoined).
Coordinates become PDF points via ``points_per_pixel``.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.ocr.engine import TextBox
from extractor.ocr.grid import RuledTable
from extractor.ocr.repair import repair
from extractor.types import Block, BlockKind, Cell, Evidence, Page, Row

# Two boxes are on one visual line when their centres are closer than this
# share of the smaller box's height.
SAME_LINE_CENTRES = 0.4
# A gap wider than this many line heights separates columns.
COLUMN_GAP = 1.5
# A line reaching this share of the text width runs on into the next one.
FULL_LINE = 0.9


@dataclass
class _Piece:
    """A block in reading order before it becomes a ``Block``."""

    top: float
    block: Block


def _same_line(a: TextBox, b: TextBox) -> bool:
    # Centres, not overlap: detector boxes are padded, and in tightly set
    # cells the boxes of neighbouring lines overlap by half their height.
    return abs(a.cy - b.cy) <= SAME_LINE_CENTRES * min(a.height, b.height)


def group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes grouped into visual lines, top to bottom, each left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for line in lines[-3:]:
            if _same_line(line[-1], box) or _same_line(line[0], box):
                line.append(box)
                break
        else:
            lines.append([box])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: min(b.y0 for b in ln))
    return lines


def join_text(parts: list[str]) -> str:
    """Join wrapped pieces: no space, except between two Latin words."""
    out = ""
    for part in parts:
        if (
            out
            and out[-1].isascii()
            and out[-1].isalpha()
            and part[:1].isascii()
            and part[:1].isalpha()
        ):
            out += " "
        out += part
    return out


def _confidence(boxes: list[TextBox]) -> float | None:
    """Character-weighted mean of the recogniser's scores."""
    n = sum(len(b.text) for b in boxes)
    return sum(b.score * len(b.text) for b in boxes) / n if n else None


class _Geometry:
    def __init__(self, page: int, points_per_pixel: float) -> None:
        self.page = page
        self.k = points_per_pixel

    def evidence(self, x0: float, y0: float, x1: float, y1: float) -> Evidence:
        k = self.k
        return Evidence(
            page=self.page,
            bbox=[round(x0 * k, 1), round(y0 * k, 1), round(x1 * k, 1), round(y1 * k, 1)],
        )

    def of_boxes(self, boxes: list[TextBox]) -> Evidence:
        return self.evidence(
            min(b.x0 for b in boxes),
            min(b.y0 for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
        )


def _cell_text(boxes: list[TextBox]) -> str:
    return join_text([join_text([b.text for b in line]) for line in group_lines(boxes)])


def _make_cell(
    boxes: list[TextBox], row: int, col: int, ev: Evidence, spans: tuple[int, int] = (1, 1)
) -> Cell:
    return Cell(
        text=_cell_text(boxes),
        row=row,
        col=col,
        row_span=spans[0],
        col_span=spans[1],
        evidence=ev,
        ocr_confidence=min((b.score for b in boxes), default=None),
    )


def _table_block(cells: list[Cell], n_rows: int, geo: _Geometry, conf: float | None) -> Block:
    rows = []
    for r in range(n_rows):
        mine = sorted((c for c in cells if c.row == r), key=lambda c: c.col)
        ev = Evidence.union([c.evidence for c in mine]) if mine else Evidence(page=geo.page)
        rows.append(Row(index=r, cells=mine, evidence=ev))
    _repair_cells(rows)
    return Block(
        kind=BlockKind.table,
        index=0,
        page=geo.page,
        rows=rows,
        evidence=Evidence.union([c.evidence for c in cells]),
        ocr_confidence=conf,
    )


def _repair_cells(rows: list[Row]) -> None:
    """Fix OCR confusions with the row and its column header as context."""
    header = {c.col: c.text for c in rows[0].cells} if rows else {}
    for row in rows:
        row_text = " ".join(c.text for c in row.cells)
        for cell in row.cells:
            if not cell.text:
                continue
            fixed = repair(
                cell.text, cell.ocr_confidence, context=f"{header.get(cell.col, '')} {row_text}"
            )
            cell.text, cell.ocr_confidence = fixed.text, fixed.confidence


def ruled_table_block(table: RuledTable, boxes: list[TextBox], geo: _Geometry) -> Block:
    inside: dict[int, list[TextBox]] = {i: [] for i in range(len(table.cells))}
    for box in boxes:
        for i, gc in enumerate(table.cells):
            if gc.contains(box.cx, box.cy):
                inside[i].append(box)
                break
    cells = [
        _make_cell(
            inside[i],
            gc.row,
            gc.col,
            geo.evidence(gc.x0, gc.y0, gc.x1, gc.y1),
            (gc.row_span, gc.col_span),
        )
        for i, gc in enumerate(table.cells)
    ]
    return _table_block(cells, table.n_rows, geo, _confidence(boxes))


def _columns(lines: list[list[TextBox]]) -> list[tuple[float, float]]:
    """Column bands: the x-intervals of all boxes merged where they overlap."""
    spans = sorted((b.x0, b.x1) for line in lines for b in line)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _split_columns(line: list[TextBox]) -> list[list[TextBox]]:
    """A line's boxes grouped where the gap between them is wide."""
    height = max(b.height for b in line)
    groups = [[line[0]]]
    for box in line[1:]:
        if box.x0 - groups[-1][-1].x1 > COLUMN_GAP * height:
            groups.append([box])
        else:
            groups[-1].append(box)
    return groups


def _borderless_block(lines: list[list[TextBox]], geo: _Geometry) -> Block:
    bands = _columns(lines)
    cells = []
    for r, line in enumerate(lines):
        by_col: dict[int, list[TextBox]] = {}
        for group in _split_columns(line):
            col = next(i for i, (a, b) in enumerate(bands) if group[0].x0 <= b)
            by_col.setdefault(col, []).extend(group)
        for col, group in by_col.items():
            cells.append(_make_cell(group, r, col, geo.of_boxes(group)))
    return _table_block(cells, len(lines), geo, _confidence([b for ln in lines for b in ln]))


def _paragraph(lines: list[list[TextBox]], geo: _Geometry) -> Block:
    boxes = [b for ln in lines for b in ln]
    text = join_text([join_text([b.text for b in ln]) for ln in lines])
    fixed = repair(text, _confidence(boxes))
    return Block(
        kind=BlockKind.paragraph,
        index=0,
        page=geo.page,
        text=fixed.text,
        evidence=geo.of_boxes(boxes),
        ocr_confidence=fixed.confidence,
    )


def _free_pieces(boxes: list[TextBox], geo: _Geometry, extent: tuple[float, float]) -> list[_Piece]:
    """Paragraphs and borderless tables; ``extent`` is the page's text column
    (left, right), so a short line is not mistaken for a full one."""
    lines = group_lines(boxes)
    if not lines:
        return []
    left, right = extent
    pieces: list[_Piece] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(_split_columns(lines[j])) >= 2:
            j += 1
        if j - i >= 2:
            pieces.append(_Piece(min(b.y0 for b in lines[i]), _borderless_block(lines[i:j], geo)))
            i = j
            continue
        # A paragraph: this line plus the lines it runs on into.
        j = i + 1
        while (
            j < len(lines)
            and len(_split_columns(lines[j])) == 1
            and lines[j - 1][-1].x1 >= left + FULL_LINE * (right - left)
            and lines[j][0].x0 <= left + 2 * lines[j][0].height
        ):
            j += 1
        pieces.append(_Piece(min(b.y0 for b in lines[i]), _paragraph(lines[i:j], geo)))
        i = j
    return pieces


def build_page(
    number: int,
    boxes: list[TextBox],
    tables: list[RuledTable],
    points_per_pixel: float,
    size_pixels: tuple[int, int],
) -> Page:
    """The OCR'd page: blocks in reading order, geometry in points."""
    geo = _Geometry(number, points_per_pixel)
    pieces: list[_Piece] = []
    free = list(boxes)
    for table in tables:
        mine = [b for b in free if table.contains(b.cx, b.cy)]
        free = [b for b in free if not table.contains(b.cx, b.cy)]
        pieces.append(_Piece(table.y0, ruled_table_block(table, mine, geo)))
    extent = (min((b.x0 for b in boxes), default=0.0), max((b.x1 for b in boxes), default=0.0))
    if tables:
        extent = (min(extent[0], *(t.x0 for t in tables)), max(extent[1], *(t.x1 for t in tables)))
    pieces += _free_pieces(free, geo, extent)
    pieces.sort(key=lambda p: p.top)
    blocks = [p.block for p in pieces]
    for i, block in enumerate(blocks):
        block.index = i
    w, h = size_pixels
    return Page(
        number=number,
        width=round(w * points_per_pixel, 1),
        height=round(h * points_per_pixel, 1),
        ocr=True,
        blocks=blocks,
    )
