"""PDF with a text layer -> drafts, through pdfplumber.

Tables come from ``find_tables`` (ruling lines; the text strategy only when a
page has no ruled table and the result looks like a real grid). Merged cells
are read from the cell geometry: every cell box is placed on the grid of
distinct cell edges, so a box spanning three row bands is one cell with
``row_span=3`` (where ``extract()`` would give None for the covered slots).
Characters are assigned to cells by their centre; a cell's wrapped lines are
joined (Chinese without a space). Characters outside tables become one
paragraph per text line. Pages whose text layer is missing or garbled are
flagged for OCR (see ``pdf_quality``).
"""

from __future__ import annotations

import io
from bisect import bisect_right
from typing import Any

import pdfplumber
from pdfplumber.page import Page as PlumberPage
from pdfplumber.table import Table
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import PdfminerException

from extractor.deadline import check_time
from extractor.errors import (
    CorruptPDF,
    EmptyDocument,
    EncryptedPDF,
    FileTooLarge,
    TimeLimitExceeded,
)
from extractor.ingest.limits import check_pages
from extractor.ingest.pdf_quality import garbled_reason
from extractor.ingest.render import (
    DraftCell,
    DraftItem,
    DraftPage,
    DraftParagraph,
    DraftTable,
    join_lines,
)

Char = dict[str, Any]
_EDGE_TOLERANCE = 1.5  # points: cell edges closer than this are one grid line
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
# A text-strategy table must have this share of rows with two or more filled cells.
_MIN_FILLED_ROWS = 0.6
_MIN_GAPPED_LINES = 2
# Characters whose tops differ by less than this many font sizes share a line.
_SAME_LINE = 0.5
# A cell line ending within this many font sizes (cell padding included) of
# the cell's right edge was wrapped by the layout.
_WRAP_GAP = 2.5


def _cluster(values: list[float]) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > _EDGE_TOLERANCE:
            edges.append(v)
    return edges


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(edges)]
    return min(candidates, key=lambda j: abs(edges[j] - v))


class _Grid:
    """Cell boxes of one table placed on the grid of their distinct edges."""

    def __init__(self, table: Table, from_text: bool = False) -> None:
        self.from_text = from_text
        boxes = [tuple(map(float, c)) for c in table.cells]
        self.xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
        self.ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
        self.bbox = list(map(float, table.bbox))
        self.cells: list[DraftCell] = []
        self.slots: dict[tuple[int, int], int] = {}
        self.chars: list[list[Char]] = []
        for x0, top, x1, bottom in boxes:
            c0, c1 = _nearest(self.xs, x0), _nearest(self.xs, x1)
            r0, r1 = _nearest(self.ys, top), _nearest(self.ys, bottom)
            if c1 <= c0 or r1 <= r0 or (r0, c0) in self.slots:
                continue
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.slots.setdefault((r, c), len(self.cells))
            self.cells.append(DraftCell("", r0, c0, r1 - r0, c1 - c0, bbox=[x0, top, x1, bottom]))
            self.chars.append([])

    def take(self, char: Char) -> bool:
        """Give ``char`` to the cell under its centre; False if none is."""
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        col, row = bisect_right(self.xs, cx) - 1, bisect_right(self.ys, cy) - 1
        slot = self.slots.get((row, col))
        if slot is None:
            return False
        self.chars[slot].append(char)
        return True

    def draft(self, drop_empty_rows: bool = False) -> DraftTable:
        for cell, chars in zip(self.cells, self.chars, strict=True):
            cell.text = cell_text(chars, cell.bbox[2] if cell.bbox else None)
        if drop_empty_rows:  # the text strategy makes a row of the gap between lines
            filled = {r for c in self.cells if c.text for r in range(c.row, c.row + c.row_span)}
            self.cells = [c for c in self.cells if filled & set(range(c.row, c.row + c.row_span))]
        # Rows and columns are renumbered so that empty grid bands vanish.
        used_rows = sorted({c.row for c in self.cells})
        used_cols = sorted({c.col for c in self.cells})
        row_of = {r: i for i, r in enumerate(used_rows)}
        col_of = {c: i for i, c in enumerate(used_cols)}
        for cell in self.cells:
            end_row = sum(1 for r in used_rows if r < cell.row + cell.row_span)
            end_col = sum(1 for c in used_cols if c < cell.col + cell.col_span)
            cell.row, cell.col = row_of[cell.row], col_of[cell.col]
            cell.row_span, cell.col_span = end_row - cell.row, end_col - cell.col
        return DraftTable(cells=self.cells, bbox=self.bbox)

    def release_prose_edges(self) -> list[Char]:
        """Text strategy: rows at the top or bottom with at most one filled
        cell are prose lines caught by the column search. Drop them from the
        table and return their characters."""
        filled: dict[int, int] = {}
        for cell, chars in zip(self.cells, self.chars, strict=True):
            filled[cell.row] = filled.get(cell.row, 0) + bool(chars)
        rows = sorted(filled)
        while rows and filled[rows[0]] <= 1:
            rows.pop(0)
        while rows and filled[rows[-1]] <= 1:
            rows.pop()
        keep = range(rows[0], rows[-1] + 1) if rows else range(0)
        released = [
            ch
            for c, cs in zip(self.cells, self.chars, strict=True)
            if c.row not in keep
            for ch in cs
        ]
        kept = [(c, cs) for c, cs in zip(self.cells, self.chars, strict=True) if c.row in keep]
        self.cells, self.chars = [c for c, _ in kept], [cs for _, cs in kept]
        boxes = [c.bbox for c in self.cells if c.bbox]
        if boxes:
            self.bbox = [
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            ]
        return released


def _char_lines(chars: list[Char]) -> list[list[Char]]:
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and char["top"] - lines[-1][0]["top"] < _SAME_LINE * char.get("size", 10.0):
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def _join_wrapped(head: str, tail: str) -> str:
    # A line broken by wrapping: only two English words need a space back.
    space = head[-1].isascii() and head[-1].isalpha() and tail[0].isascii() and tail[0].isalpha()
    return head + (" " if space else "") + tail


def cell_text(chars: list[Char], right_edge: float | None) -> str:
    """A cell's lines joined into one. A line reaching the cell's right edge
    was wrapped, so "16539." + "54" join without a space; a shorter line ended
    on purpose and joins like any two lines (a space unless Chinese)."""
    out = ""
    prev_end, prev_size = 0.0, 0.0
    for line in _char_lines(chars):
        text = extract_text(line).strip()
        if not text:
            continue
        if out and right_edge is not None and right_edge - prev_end <= _WRAP_GAP * prev_size:
            out = _join_wrapped(out, text)
        else:
            out = join_lines([out, text])
        prev_end = max(c["x1"] for c in line)
        prev_size = max(c.get("size", 10.0) for c in line)
    return out


def _is_real_grid(grid: _Grid) -> bool:
    rows: dict[int, int] = {}
    for cell, chars in zip(grid.cells, grid.chars, strict=True):
        if chars:
            rows[cell.row] = rows.get(cell.row, 0) + 1
    if len(grid.xs) < 3 or len(rows) < 2:
        return False
    return sum(1 for n in rows.values() if n >= 2) / len(rows) >= _MIN_FILLED_ROWS


def _has_column_gaps(chars: list[Char]) -> bool:
    """Do a few lines have wide gaps between their characters (ruled-less columns)?

    A cheap test that spares prose pages the slower text-strategy table search.
    """
    lines: dict[int, list[Char]] = {}
    for char in chars:
        lines.setdefault(round(char["top"] / 2), []).append(char)
    gapped = 0
    for line in lines.values():
        line.sort(key=lambda c: c["x0"])
        if any(
            b["x0"] - a["x1"] > 2 * max(a.get("size", 0.0), 1.0)
            for a, b in zip(line, line[1:], strict=False)
        ):
            gapped += 1
    return gapped >= _MIN_GAPPED_LINES


def _tables(page: PlumberPage, chars: list[Char]) -> tuple[list[_Grid], list[Char]]:
    """Tables on ``page`` and the characters left outside them."""
    for settings, check in (({}, False), (_TEXT_STRATEGY, True)):
        if check and not _has_column_gaps(chars):
            break
        # A lone box (a frame around the page) is not a table.
        grids = [_Grid(t, check) for t in page.find_tables(settings) if len(t.cells) >= 2]
        outside: list[Char] = []
        for char in chars:
            if not any(g.take(char) for g in grids):
                outside.append(char)
        if check:
            for grid in grids:
                grid.release_prose_edges()
            grids = [g for g in grids if _is_real_grid(g)]
            kept = {id(c) for g in grids for cs in g.chars for c in cs}
            outside = [c for c in chars if id(c) not in kept]
        if grids:
            return grids, outside
    return [], chars


def _lines(page: PlumberPage, outside: list[Char]) -> list[DraftParagraph]:
    keep = {id(c) for c in outside}
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)
    return [
        DraftParagraph(line["text"], bbox=[line["x0"], line["top"], line["x1"], line["bottom"]])
        for line in rest.extract_text_lines(strip=True, return_chars=False)
        if line["text"].strip()
    ]


def _image_share(page: PlumberPage) -> float:
    area = float(page.width * page.height) or 1.0
    covered = sum(float(i["width"] * i["height"]) for i in page.images)
    return min(covered / area, 1.0)


def read_page(page: PlumberPage) -> tuple[DraftPage, str | None]:
    """The page's drafts and, if its text layer is unusable, why."""
    draft = DraftPage(number=page.page_number, width=float(page.width), height=float(page.height))
    chars: list[Char] = page.chars
    text = "".join(c["text"] for c in chars)
    reason = garbled_reason(text, _image_share(page), 0 if text.strip() else len(page.curves))
    if reason:
        draft.needs_ocr = True
        return draft, reason
    grids, outside = _tables(page, chars)
    placed: list[tuple[float, DraftItem]] = [(g.bbox[1], g.draft(g.from_text)) for g in grids]
    placed += [(p.bbox[1] if p.bbox else 0.0, p) for p in _lines(page, outside)]
    draft.items = [item for _, item in sorted(placed, key=lambda t: t[0])]
    return draft, None


def _open_error(exc: Exception, filename: str) -> Exception:
    inner = exc.args[0] if exc.args else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return EncryptedPDF(filename, "a password is needed to open it")
    return CorruptPDF(filename, f"{name}: {inner}".strip(": "))


def read_pdf(data: bytes, filename: str) -> list[tuple[DraftPage, str | None]]:
    """Every page's drafts with its needs-OCR reason (None when the text is fine)."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise EmptyDocument(filename, "the PDF has no pages")
            check_pages(len(pdf.pages), filename)
            out = []
            for page in pdf.pages:
                check_time()
                out.append(read_page(page))
                page.close()  # frees the page's parsed objects: flat memory on long files
            return out
    except PdfminerException as exc:
        raise _open_error(exc, filename) from exc
    except (EmptyDocument, EncryptedPDF, CorruptPDF, FileTooLarge, TimeLimitExceeded):
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        raise CorruptPDF(filename, f"{type(exc).__name__}: {exc}") from exc
