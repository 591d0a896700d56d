"""Blocks and evidence from lines of text (shared by the plain-text table readers)."""

from __future__ import annotations

from typing import Protocol

from extractor.types import Block, BlockKind, Evidence, Row


class TextLine(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def page(self) -> int: ...


def line_evidence(line: TextLine, start: int | None = None, end: int | None = None) -> Evidence:
    return Evidence(
        page=line.page,
        line_start=line.number,
        line_end=line.number,
        char_start=line.start if start is None else start,
        char_end=line.end if end is None else end,
    )


def table_block(rows: list[Row], index: int, page: int) -> Block:
    for r_i, row in enumerate(rows):
        row.index = r_i
        for cell in row.cells:
            cell.row = r_i
    return Block(
        kind=BlockKind.table,
        index=index,
        page=page,
        rows=rows,
        text="\n".join("\t".join(row.texts()) for row in rows),
        evidence=Evidence.union([r.evidence for r in rows]),
    )
