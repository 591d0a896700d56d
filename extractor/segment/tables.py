"""Header detection and region building for indicator tables."""

from __future__ import annotations

import re

from extractor.types import Block, BlockKind, Cell, Document, Row, TableRegion
from extractor.vocab import (
    header_role,
    is_group_label,
    normalize_level1,
    normalize_level2,
    squash,
)

# Roles whose presence makes a row an indicator-table header.
_CORE = {"level1", "level2", "name", "target", "actual", "weight", "score"}
# How many paragraph blocks may sit between two parts of one table
# (page numbers, running headers) before the table is considered ended.
_MAX_GAP_PARAGRAPHS = 3


def _roles(row: Row) -> list[str | None]:
    width = max((c.col + c.col_span for c in row.cells), default=0)
    roles: list[str | None] = [None] * width
    for c in row.cells:
        role = header_role(c.text)
        for k in range(c.col, c.col + c.col_span):
            roles[k] = role
    return roles


def is_header_row(row: Row) -> bool:
    roles = {r for r in _roles(row) if r in _CORE}
    return len(roles) >= 3 or (len(roles) == 2 and "name" in roles)


def is_wide_header_row(row: Row) -> bool:
    texts = [squash(c.text) for c in row.cells]
    pairs = sum("年度指标内容" in t or t.endswith("指标内容") for t in texts)
    status = sum(t.endswith("完成情况") for t in texts)
    return pairs >= 2 or (pairs >= 1 and status >= 2)


def _wide_pair_labels(header_rows: list[Row]) -> list[str | None]:
    """Level-2 labels of the (content, status) pairs, in column order."""
    labels: list[tuple[int, str]] = []
    has_output = False
    for row in header_rows:
        for c in row.cells:
            t = squash(c.text).lstrip(".…")
            if t.startswith("产出"):
                has_output = True
            norm = normalize_level2(t)
            if norm and not t.endswith("内容"):
                labels.append((c.col, norm))
    labels.sort()
    out: list[str | None] = [lab for _, lab in labels]
    if has_output and "数量指标" not in out:
        out.insert(0, "数量指标")
    return out


# What a header cell written over several columns may stand over: the field columns a
# value is split into (指标性质 | 指标值 | 度量单位 under 年度指标值), the level columns
# under one word (一级 | 二级 | 三级指标 under 绩效指标).
_LEVEL_COLUMNS = frozenset({"level1", "level2", "name", None})


def _spans_over(upper: str | None, lower: list[str | None]) -> bool:
    if upper in _LEVEL_COLUMNS:
        return all(r in _LEVEL_COLUMNS for r in lower)
    if upper in ("target", "actual"):
        # over its own value's parts: the value itself among them
        fits = all(r in (upper, "op", "unit", None) for r in lower)
        return fits and (upper in lower or all(r is None for r in lower))
    return len(lower) == 1 and lower[0] in (upper, None)


def _spanless(row: Row) -> bool:
    """Cells written one after another from the first column, none spanning: a header
    row read out of text, where a cell over several columns lost its span."""
    return all(c.col == k and c.col_span == 1 for k, c in enumerate(row.cells))


def _stacked_columns(upper: Row, lower: Row) -> list[str | None] | None:
    """Roles of a two-row header read out of text, where the upper row's cells either
    stood over both rows (实际完成值, 分值, 得分: a column each) or over a run of the lower
    row's cells (年度指标值 over 指标性质 | 指标值 | 度量单位), in order; None when the
    rows do not fit that way, or fit only column by column."""
    if not (_spanless(upper) and _spanless(lower)):
        return None
    up = [header_role(c.text) for c in upper.cells]
    low = [header_role(c.text) for c in lower.cells]
    m, n = len(up), len(low)
    # best[i][j]: the alignment of up[:i] over low[:j] with the most spans, or None.
    best: list[list[tuple[int, list[str | None]] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    best[0][0] = (0, [])
    for i in range(m):
        for j in range(n + 1):
            here = best[i][j]
            if here is None:
                continue
            spans, cols = here
            options = [(j, spans, [*cols, up[i]])]  # stands over both rows
            for k in range(j + 1, n + 1):
                if not _spans_over(up[i], low[j:k]):
                    continue
                run = [r if r is not None else up[i] for r in low[j:k]]
                options.append((k, spans + (k - j > 1), cols + run))
            for k, sp, cs in options:
                old = best[i + 1][k]
                if old is None or sp > old[0]:
                    best[i + 1][k] = (sp, cs)
    done = best[m][n]
    if done is None or done[0] == 0 or len(done[1]) == n:
        return None
    return done[1]


def _merge_header(rows: list[Row]) -> list[str | None]:
    """Column roles from one or more stacked header rows (lower rows win; two rows
    read out of text, spans lost, aligned by ``_stacked_columns``)."""
    if len(rows) == 2:
        stacked = _stacked_columns(rows[0], rows[1])
        if stacked is not None:
            return stacked
    width = max((len(_roles(r)) for r in rows), default=0)
    merged: list[str | None] = [None] * width
    for r in rows:
        for k, role in enumerate(_roles(r)):
            if role is not None:
                merged[k] = role
    return merged


def _is_level_only_header(row: Row) -> bool:
    """A second header row that only names level-2 groups (e.g. 数量指标 | 质量指标)."""
    texts = [c.text for c in row.cells if c.text.strip()]
    return bool(texts) and all(normalize_level2(t) or normalize_level1(t) for t in texts)


# 项目名称：X, 项目名称 | X | (a web table saved as text) or 项目名称 X (its cells
# joined by a space, X then one word).
_PROJECT = re.compile(r"^\s*项目名称(?:\s*[:：|]\s*([^\s|].*?)[\s|]*|\s+([^\s|:：]+)\s*)$")


def project_in_paragraph(block: Block) -> Cell | None:
    """``项目名称：XXX`` (or ``项目名称 | XXX |`` of a web table saved as text) as a
    line of text: XXX as a cell with its own evidence."""
    m = _PROJECT.match(block.text)
    if not m:
        return None
    k = 1 if m.group(1) is not None else 2
    ev = block.evidence
    start = (ev.char_start or 0) + m.start(k)
    evidence = ev.model_copy(update={"char_start": start, "char_end": start + len(m.group(k))})
    return Cell(text=m.group(k), row=0, col=0, evidence=evidence)


# 项目名称, or 项目支出名称 as 绩效目标申报表 forms write it.
_PROJECT_LABEL = re.compile(r"^项目(支出)?名称")


def project_in_row(row: Row) -> Cell | None:
    """A ``项目名称 | XXX`` row: the cell after the label (a header word there
    means a wide table's header, not a project)."""
    cells = [c for c in row.cells if c.text.strip()]
    labelled = 2 <= len(cells) <= 4 and bool(_PROJECT_LABEL.match(squash(cells[0].text)))
    if labelled and header_role(cells[1].text) is None:
        return cells[1]
    return None


class _Context:
    """What the tables seen so far say about the ones still to come."""

    def __init__(self) -> None:
        self.project: Cell | None = None


def find_table_regions(doc: Document) -> list[TableRegion]:
    regions: list[TableRegion] = []
    current: TableRegion | None = None
    context = _Context()
    gap = 0
    for block in doc.blocks():
        if block.kind == BlockKind.paragraph:
            project = project_in_paragraph(block)
            if project is not None:
                context.project, current = project, None
            gap += 1
            if gap > _MAX_GAP_PARAGRAPHS:
                current = None
            continue
        gap = 0
        current = _scan_block(block, current, regions, context)
    return regions


def _scan_block(
    block: Block, current: TableRegion | None, regions: list[TableRegion], context: _Context
) -> TableRegion | None:
    rows = block.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        if is_wide_header_row(row) or (
            i + 2 < len(rows) and _starts_wide_header(rows, i) and not is_header_row(row)
        ):
            header = [row]
            j = i + 1
            while j < len(rows) and (is_wide_header_row(rows[j]) or _header_like(rows[j])):
                header.append(rows[j])
                j += 1
            current = TableRegion(
                kind="wide",
                columns=_merge_header(header),
                header_rows=header,
                block_indices=[block.index],
                pair_labels=_wide_pair_labels(header),
            )
            regions.append(current)
            i = j
            continue
        if is_header_row(row):
            header = [row]
            j = i + 1
            if _blank(rows, j) and j + 1 < len(rows) and is_header_row(rows[j + 1]):
                j += 1  # an empty row between a header's two rows
            while j < len(rows) and (
                is_header_row(rows[j])
                or _is_level_only_header(rows[j])
                or _is_sub_header(rows[j], rows[j + 1 :])
            ):
                if _is_sub_header(rows[j], rows[j + 1 :]):
                    # 指标性质 | 指标值 | 度量单位 under a spanning 年度指标值, with the
                    # 一级/二级/三级指标 row below it: one header, not two tables.
                    header.append(rows[j])
                    j += 1
                    continue
                if _is_level_only_header(rows[j]) and any(
                    normalize_level2(c.text) for c in rows[j].cells if c.col > 3
                ):
                    header.append(rows[j])
                    j += 1
                    continue
                if is_header_row(rows[j]):
                    header.append(rows[j])
                    j += 1
                    continue
                break
            current = TableRegion(
                kind="indicator",
                columns=_merge_header(header),
                header_rows=header,
                block_indices=[block.index],
                rows=_group_rows_above(rows, i),
                project=context.project,
            )
            regions.append(current)
            i = j
            continue
        project = project_in_row(row)
        if project is not None:
            # A new project's form begins: the previous table has ended.
            context.project, current = project, None
        elif current is not None:
            if block.index not in current.block_indices:
                current.block_indices.append(block.index)
            current.rows.append(row)
        i += 1
    return current


def _blank(rows: list[Row], j: int) -> bool:
    return j < len(rows) and not any(c.text.strip() for c in rows[j].cells)


def _group_rows_above(rows: list[Row], i: int) -> list[Row]:
    """A goal/project label just above a header belongs to the table below it."""
    for k in range(i - 1, max(-1, i - 3), -1):
        cells = [c for c in rows[k].cells if c.text.strip()]
        if len(cells) == 1 and is_group_label(cells[0].text):
            return [rows[k]]
        if len(cells) > 1:
            break
    return []


def _is_sub_header(row: Row, below: list[Row]) -> bool:
    """A stacked header row naming only field columns (指标性质 | 指标值 | 度量单位),
    directly followed by a full header row: the header goes on below it."""
    if is_header_row(row) or not below or not is_header_row(below[0]):
        return False
    texts = [c.text for c in row.cells if c.text.strip()]
    return bool(texts) and all(header_role(t) is not None for t in texts)


def _header_like(row: Row) -> bool:
    """A row of a multi-row wide header: mostly header words, no data."""
    texts = [squash(c.text) for c in row.cells if c.text.strip()]
    if not texts:
        return False
    named = sum(1 for t in texts if header_role(t) or normalize_level2(t) or "预算" in t)
    return named / len(texts) >= 0.6


def _starts_wide_header(rows: list[Row], i: int) -> bool:
    """A wide table's header often starts one or two rows above the pair row."""
    return any(is_wide_header_row(rows[k]) for k in range(i + 1, min(i + 3, len(rows)))) and (
        _header_like(rows[i]) or any("项目名称" in squash(c.text) for c in rows[i].cells)
    )
