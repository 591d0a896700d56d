"""The tables of a plain-text report as editable grids, and the gold rows in them.

Tables are found with the project's own ingest, so a variant sees the same
blocks the extractor will. A block is edited as a list of rows (a row: a list
of cell texts; a plain ``str`` stands for a raw line such as a wrapped tail)
and written back over the lines it came from, in its own layout or another.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Literal

from extractor.ingest import load_bytes
from extractor.types import Block, BlockKind
from extractor.vocab import header_role, squash

Layout = Literal["tabs", "cell_lines", "html", "markdown"]
GridRow = list[str] | str  # a str is a raw line, written as is


@dataclass
class TableBlock:
    first_line: int  # 0-based index into text.split("\n")
    last_line: int  # inclusive
    rows: list[GridRow]
    layout: Layout


@dataclass
class RowRef:
    """Where a gold indicator sits: block index, row index, column of its name cell."""

    block: int
    row: int
    col: int


@dataclass
class Tables:
    text: str
    blocks: list[TableBlock]
    refs: list[RowRef | None] = field(default_factory=list)  # one per gold indicator


def _layout_of(block: Block) -> Layout:
    multi_line = any((r.evidence.line_end or 0) > (r.evidence.line_start or 0) for r in block.rows)
    return "cell_lines" if multi_line else "tabs"


def _grid(block: Block) -> list[GridRow]:
    rows: list[GridRow] = []
    for row in block.rows:
        width = max((c.col + 1 for c in row.cells), default=0)
        cells = [""] * width
        for cell in row.cells:
            cells[cell.col] = cell.text
        rows.append(cells)
    return rows


def read_tables(text: str, gold: dict[str, Any] | None = None) -> Tables:
    """The table blocks of ``text`` (already newline-normalised) and, given a gold, its rows."""
    doc = load_bytes(text.encode("utf-8"), "variant.txt")
    if doc.text != text:
        # Ingest rendered markup (HTML, CSV) into other text: its lines are not ours to edit.
        return Tables(text, [], [None] * len((gold or {}).get("indicators") or []))
    blocks = [
        TableBlock(
            first_line=(b.evidence.line_start or 1) - 1,
            last_line=(b.evidence.line_end or 1) - 1,
            rows=_grid(b),
            layout=_layout_of(b),
        )
        for b in doc.blocks()
        if b.kind == BlockKind.table and b.rows
    ]
    tables = Tables(text, blocks)
    if gold is not None:
        names = [str(r.get("name") or "") for r in gold.get("indicators") or []]
        tables.refs = locate_rows(blocks, names)
    return tables


def _name_col(row: list[str], name: str, skip: set[int]) -> int | None:
    want = squash(name)
    if not want:
        return None
    free = [i for i in range(len(row)) if i not in skip]
    for i in free:
        if squash(row[i]) == want:
            return i
    for i in free:
        if want in squash(row[i]):
            return i
    return None


def locate_rows(blocks: list[TableBlock], names: list[str]) -> list[RowRef | None]:
    """The cell of each name, in document order: equal names take successive cells, and a
    wide table row (one project, several indicators) holds several names."""
    positions = [
        (b, r) for b, block in enumerate(blocks) for r, row in enumerate(block.rows)
        if isinstance(row, list)
    ]  # fmt: skip
    refs: list[RowRef | None] = []
    cursor = 0
    taken: dict[tuple[int, int], set[int]] = {}
    for name in names:
        found: RowRef | None = None
        for b, r in positions[cursor:] + positions[:cursor]:
            row = blocks[b].rows[r]
            col = _name_col(row, name, taken.get((b, r), set())) if isinstance(row, list) else None
            if col is not None:
                found = RowRef(b, r, col)
                cursor = positions.index((b, r))  # the next name may sit in the same row
                taken.setdefault((b, r), set()).add(col)
                break
        refs.append(found)
    return refs


def gold_rows(tables: Tables) -> list[tuple[RowRef, list[str]]]:
    """Each table row holding gold names once, with the column of its first name."""
    first: dict[tuple[int, int], RowRef] = {}
    for ref in tables.refs:
        if ref is not None:
            key = (ref.block, ref.row)
            if key not in first or ref.col < first[key].col:
                first[key] = ref
    out = []
    for key in sorted(first):
        row = tables.blocks[key[0]].rows[key[1]]
        if isinstance(row, list):
            out.append((first[key], row))
    return out


_FIELDS = ("target", "weight", "actual", "score")


def field_orders(block: TableBlock) -> list[list[str]]:
    """For each row: the roles target/weight/actual/score in the order of the nearest header
    row above it (the usual order where there is none)."""
    current = list(_FIELDS)
    out = []
    for row in block.rows:
        out.append(current)
        if isinstance(row, list):
            found = [r for r in (header_role(c) for c in row) if r in _FIELDS]
            if len(found) >= 2:
                current = list(dict.fromkeys(found)) + [r for r in _FIELDS if r not in found]
    return out


def _same(cell: str, want: object) -> bool:
    if isinstance(want, bool) or want is None:
        return False
    if isinstance(want, int | float):
        try:
            return float(cell.strip()) == float(want)
        except ValueError:
            return False
    return squash(cell) == squash(str(want)) != ""


def field_cells(
    row: list[str], name_col: int, indicator: dict[str, Any], order: list[str]
) -> dict[str, int]:
    """Columns of the target/actual/weight/score cells of a gold row, matched left to right."""
    wanted: dict[str, object] = {
        "target": (indicator.get("target") or {}).get("text"),
        "actual": (indicator.get("actual") or {}).get("text"),
        "weight": indicator.get("weight"),
        "score": indicator.get("score"),
    }
    out: dict[str, int] = {}
    cursor = name_col + 1
    for role in order:
        for col in range(cursor, len(row)):
            if _same(row[col], wanted[role]):
                out[role] = col
                cursor = col + 1
                break
    return out


# --------------------------------------------------------------------------
# Writing blocks back
# --------------------------------------------------------------------------


def _tab_lines(rows: list[GridRow]) -> list[str]:
    return [r if isinstance(r, str) else _tab_line(r) for r in rows]


def _tab_line(row: list[str]) -> str:
    line = "\t".join(row).rstrip("\t")
    # A row must keep a tab, or it would read as a paragraph (or a blank line) and split the table.
    return line if "\t" in line else line + "\t"


def _cell_line_lines(rows: list[GridRow]) -> list[str]:
    out: list[str] = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
            continue
        if out and out[-1] != "":
            out.append("")
        out.extend("\t" + cell for cell in row)
    out.append("")
    return out


def _spans(rows: list[list[str]], spannable: set[int]) -> dict[tuple[int, int], int]:
    """Row spans of label cells: an empty leading cell under a label is merged into it."""
    spans: dict[tuple[int, int], int] = {}
    owner: dict[int, tuple[int, int]] = {}  # column -> cell that spans down it
    for r, row in enumerate(rows):
        lead = next((i for i, c in enumerate(row) if c), len(row))
        for c in range(len(row)):
            if r in spannable and c < lead and c in owner:
                spans[owner[c]] += 1
                spans[(r, c)] = 0
            elif row[c]:
                owner[c] = (r, c)
                spans[(r, c)] = 1
            else:
                owner.pop(c, None)
        for c in [c for c in owner if c >= len(row)]:
            owner.pop(c)
    return spans


def _html_lines(rows: list[GridRow], spannable: set[int]) -> list[str]:
    grid = [r if isinstance(r, list) else [r] for r in rows]
    spans = _spans(grid, spannable)
    out = ["<table>"]
    for r, row in enumerate(grid):
        tds = []
        for c, cell in enumerate(row):
            span = spans.get((r, c), 1)
            if span == 0:
                continue
            attr = f' rowspan="{span}"' if span > 1 else ""
            tds.append(f"<td{attr}>{html.escape(cell, quote=False).replace(chr(10), '<br>')}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return out


def _markdown_lines(rows: list[GridRow]) -> list[str]:
    grid = [r if isinstance(r, list) else [r] for r in rows]
    width = max((len(r) for r in grid), default=1)
    out = []
    for i, row in enumerate(grid):
        cells = [c.replace("|", "\\|").replace("\n", " ") for c in row] + [""] * (width - len(row))
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "---|" * width)
    return out


def render_block(block: TableBlock, layout: Layout, spannable: set[int] | None = None) -> list[str]:
    """The lines of ``block`` in ``layout``; ``spannable`` rows may merge label cells (HTML)."""
    if layout == "cell_lines":
        return _cell_line_lines(block.rows)
    if layout == "html":
        return _html_lines(block.rows, spannable or set())
    if layout == "markdown":
        return _markdown_lines(block.rows)
    return _tab_lines(block.rows)


def write_blocks(text: str, new_lines: dict[int, list[str]], blocks: list[TableBlock]) -> str:
    """``text`` with the lines of each block ``i`` in ``new_lines`` replaced."""
    lines = text.split("\n")
    for i in sorted(new_lines, key=lambda i: blocks[i].first_line, reverse=True):
        block = blocks[i]
        first = lines[block.first_line]
        feeds = first[: len(first) - len(first.lstrip("\f"))]  # keep page breaks
        replacement = list(new_lines[i]) or [""]
        replacement[0] = feeds + replacement[0]
        lines[block.first_line : block.last_line + 1] = replacement
    return "\n".join(lines)


def rewrite(tables: Tables, changed: set[int]) -> str:
    """The text with every block in ``changed`` written back in its own layout."""
    new = {i: render_block(tables.blocks[i], tables.blocks[i].layout) for i in changed}
    return write_blocks(tables.text, new, tables.blocks)


def gold_blocks(tables: Tables) -> list[int]:
    """Indices of blocks holding at least one gold row, in order."""
    return sorted({ref.block for ref in tables.refs if ref is not None})
