"""Rebuilt rows as one table block: the header in the genre's own words,
the form's project-name row above it, and each cell's evidence pointing at
its fragments in the original text."""

from __future__ import annotations

import re

from extractor.ingest.reading_order.fragments import HEADER_COLUMNS, Fragment, VisualLine, is_value
from extractor.ingest.reading_order.regions import VALUE_COLUMNS, Region
from extractor.ingest.reading_order.rows import Rebuilder
from extractor.types import Block, BlockKind, Cell, Evidence, Row

_PROJECT_LABEL = re.compile(r"项目(?:支出)?名称[:：]?")
# How far above the header the project name is looked for: a form's top part
# (project, units, funds, goals) as a viewer copies it, every cell wrapped.
_PROJECT_LINES = 60


def _evidence(frags: list[Fragment], lines: list[VisualLine]) -> Evidence:
    return Evidence(
        page=lines[frags[0].line].line.page,
        line_start=min(lines[f.line][0].number for f in frags),
        line_end=max(lines[f.line][0].number for f in frags),
        char_start=min(f.start for f in frags),
        char_end=max(f.end for f in frags),
    )


def _cell(frags: list[Fragment], row: int, col: int, lines, guessed: bool) -> Cell:
    return Cell(
        text="".join(f.written for f in frags),
        row=row,
        col=col,
        evidence=_evidence(frags, lines),
        order_guess=1.0 if guessed else 0.0,
    )


def _bare_value(text: str) -> bool:
    """A value with little text of its own (2023年, 126万); a project name may
    start with its year (2023年森林防火 / 能力建设项目)."""
    return is_value(text) and sum("\u4e00" <= ch <= "\u9fff" for ch in text) < 4


def _project_row(lines: list[VisualLine], region: Region, floor: int) -> Row | None:
    """The form's ``项目名称 | X`` row above the table (项目支出名称 as 绩效目标
    申报表 forms write it), as the segmenter reads a project form's name (the
    group of its rows). A project name wrapped in its cell lies around the
    label: the lines just above and below it; written on two lines, it
    leaves the label's line to the row's other cells (预算部门 | X). Looked for
    down to ``floor`` (the table above's end): wrapped in its cells, the
    form's top part (funds, goals) takes many lines."""
    for i in range(region.header_line - 1, max(floor - 1, region.header_line - _PROJECT_LINES), -1):
        frags = lines[i].frags
        at = next((k for k, f in enumerate(frags) if _PROJECT_LABEL.fullmatch(f.text)), None)
        if at is None:
            continue
        value = frags[at + 1 :]
        around = [lines[j].frags for j in (i - 1, i + 1) if 0 <= j < region.header_line]
        pieces = [
            fr[0]
            for fr in around
            if len(fr) == 1 and not _bare_value(fr[0].text) and fr[0].text[0] not in "（("
        ]
        if not value or (
            len(value) >= 2 and len(pieces) == 2 and pieces[0].width >= pieces[1].width
        ):
            # nothing beside the label, or more than one cell beside it while
            # a lone line above (filling the cell) and one below hold the name
            value = pieces
        elif len(value) == 1 and len(pieces) == 2 and pieces[0].width == value[0].width:
            # a name of three lines, its middle one beside the label: the
            # lines above and below, the first as wide as the middle
            value = [pieces[0], value[0], pieces[1]]
        if not value:
            return None
        label = _cell([frags[at]], 0, 0, lines, False)
        return Row(
            index=0, cells=[label, _cell(value, 0, 1, lines, False)], evidence=label.evidence
        )
    return None


def rebuilt_block(lines: list[VisualLine], region: Region, rb: Rebuilder, floor: int = 0) -> Block:
    header_frags = lines[region.header_line][1]
    columns = ["level1", "level2", "name", *[c for c in region.columns if c in VALUE_COLUMNS]]
    columns.append("deviation")
    # The header in the genre's own words, every column named (a wrapped
    # header word is whole again), so the segmenter and role model read it.
    names = {v: k for k, v in reversed(list(HEADER_COLUMNS.items()))}
    project = _project_row(lines, region, floor)
    h = 0 if project is None else 1
    header = Row(
        index=h,
        cells=[
            Cell(text=names[c], row=h, col=k, evidence=_evidence(header_frags, lines))
            for k, c in enumerate(columns)
        ],
        evidence=_evidence(header_frags, lines),
    )
    rows = [header] if project is None else [project, header]
    first = len(rows)
    for r, (row, labels) in enumerate(zip(rb.rows, rb.labelled_rows(), strict=True), start=first):
        cells = []
        for k, col in enumerate(columns):
            frags = sorted(row.cells.get(col, []), key=lambda f: (f.line, f.start))
            if col.startswith("level"):
                if col in labels:
                    cells.append(_cell([labels[col]], r, k, lines, row.guessed))
                continue
            if frags:
                cells.append(_cell(frags, r, k, lines, row.guessed))
        rows.append(Row(index=r, cells=cells, evidence=Evidence.union([c.evidence for c in cells])))
    return Block(
        kind=BlockKind.table,
        index=0,
        page=lines[region.header_line][0].page,
        rows=rows,
        evidence=Evidence.union([r.evidence for r in rows]),
    )
