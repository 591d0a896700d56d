"""Learn which kind of text sits under which header role from the training tables.

Every table of the training split that reaches us with its grid (tab text,
HTML, DOCX, XLSX, PDF; never a scan, never a flattened replica, never a
blind document) gives, per data cell, the role its header names and the kind
of its text (``ingest.cell_kinds.cell_kind``), whether it is empty and
whether it holds a space. The smoothed frequencies, and the per-column score
below which hardly any real row falls, go to ``ingest/column_kinds.json``;
the space-row cutter reads them.

    PYTHONPATH=. python -m extractor.training.column_kinds [training_data]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from extractor.ingest import load_document
from extractor.ingest.cell_kinds import (
    COLUMN_KINDS,
    ColumnKinds,
    cell_kind,
    column_role,
    fit_column_kinds,
)
from extractor.ingest.space_rows import columns_of, cut_line, find_header, row_score
from extractor.training.corpus import load_corpus, load_manifest
from extractor.types import BlockKind, Row
from extractor.vocab import squash

_CORE = {"level1", "level2", "name", "target", "actual", "weight", "score"}
# Read with their grid intact; flattened shapes are what the cutter rebuilds.
_GRID_FORMATS = {"txt", "html", "docx", "xlsx", "pdf"}


def _roles(row: Row) -> list[str]:
    width = max((c.col + c.col_span for c in row.cells), default=0)
    roles = ["other"] * width
    for c in row.cells:
        for k in range(c.col, c.col + c.col_span):
            roles[k] = column_role(c.text)
    return roles


def _is_header(roles: list[str]) -> bool:
    return len({r for r in roles if r in _CORE}) >= 3


def _headers(row: Row) -> list[str]:
    width = max((c.col + c.col_span for c in row.cells), default=0)
    texts = [""] * width
    for c in row.cells:
        for k in range(c.col, c.col + c.col_span):
            texts[k] = c.text
    return texts


def table_rows(data_dir: Path) -> list[tuple[list[str], list[str]]]:
    """(header texts, cell texts by column) of every data row of the training tables."""
    manifest = load_manifest(data_dir)
    out: list[tuple[list[str], list[str]]] = []
    for g in load_corpus(data_dir):
        entry = manifest.get(g.stem, {})
        if g.split != "train" or g.kind != "table" or entry.get("format") not in _GRID_FORMATS:
            continue
        doc = load_document(g.path)
        for page in doc.pages:
            for block in page.blocks:
                if block.kind != BlockKind.table:
                    continue
                header: list[str] | None = None
                for row in block.rows:
                    if _is_header(_roles(row)):
                        header = _headers(row)
                        continue
                    if header is None or not any(c.text.strip() for c in row.cells):
                        continue
                    texts = [""] * len(header)
                    for c in row.cells:
                        if c.col < len(header):
                            texts[c.col] = c.text
                    out.append((header, texts))
    return out


def _space_cells(text: str, model: ColumnKinds) -> set[str] | None:
    """Squashed texts of every cell the space-row cutter makes of ``text``
    (None when it finds no table of space rows)."""
    lines = text.split("\n")
    cells: set[str] = set()
    found = False
    i = 0
    while i < len(lines):
        header = find_header(lines[i])
        i += 1
        if header is None:
            continue
        while i < len(lines) and (cut := cut_line(lines[i], header, model)) is not None:
            found = True
            cells.update(squash(lines[i][a:b]) for _, a, b in cut.cells)
            i += 1
    return cells if found else None


def _gold_texts(gold: dict[str, Any]) -> list[str]:
    out = []
    for row in gold.get("indicators", []):
        for text in (row.get("name"), (row.get("target") or {}).get("text")):
            if text:
                out.append(squash(text))
        actual = (row.get("actual") or {}).get("text")
        if actual:
            out.append(squash(actual))
    return out


def fit_join_cost(data_dir: Path, model: ColumnKinds) -> float:
    """The cost of a space inside a cell that makes the cutter's cells of the
    training split's flattened text hold the most gold texts whole: the mean
    share per document, over the documents where a table of space rows is
    found whatever the cost (elsewhere the rows are not this shape)."""
    docs = [
        (g.path.read_text(encoding="utf-8"), _gold_texts(g.gold))
        for g in load_corpus(data_dir)
        if g.split == "train" and g.kind == "flattened" and g.path.suffix == ".txt"
    ]
    costs = [k / 4 for k in range(33)]
    shares: list[list[float | None]] = []
    for cost in costs:
        trial = replace(model, join_cost=cost)
        row: list[float | None] = []
        for text, wanted in docs:
            cells = _space_cells(text, trial)
            row.append(
                None
                if cells is None or not wanted
                else sum(t in cells for t in wanted) / len(wanted)
            )
        shares.append(row)
    domain = [d for d in range(len(docs)) if all(row[d] is not None for row in shares)]
    totals = [sum(row[d] or 0.0 for d in domain) for row in shares]
    return costs[totals.index(max(totals))]


def build(data_dir: Path) -> dict[str, object]:
    rows = table_rows(data_dir)
    by_role: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_header: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    header_roles: dict[str, str] = {}
    for headers, texts in rows:
        for header, text in zip(headers, texts, strict=True):
            kind, role, key = cell_kind(text), column_role(header), squash(header)
            by_role[role][kind] += 1
            by_header[key][kind] += 1
            header_roles[key] = role
    by_role["other"]  # always present: the fallback of an unseen role
    plain = {r: dict(c) for r, c in by_role.items()}
    keyed = {h: dict(c) for h, c in by_header.items()}
    first = fit_column_kinds(plain, keyed, header_roles, [])
    model = ColumnKinds(first["by_role"], first["by_header"], 0.0, 0.0)  # type: ignore[arg-type]
    scores = [row_score(texts, columns_of(headers, model)) for headers, texts in rows]
    payload = fit_column_kinds(plain, keyed, header_roles, scores)
    fitted = ColumnKinds(payload["by_role"], payload["by_header"], payload["row_floor"], 0.0)  # type: ignore[arg-type]
    payload["join_cost"] = fit_join_cost(data_dir, fitted)
    payload["rows"] = len(rows)
    return payload


def main(argv: list[str]) -> None:
    data_dir = Path(argv[0]) if argv else Path("training_data")
    payload = build(data_dir)
    COLUMN_KINDS.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(
        f"{COLUMN_KINDS}: {payload['rows']} rows, row floor {payload['row_floor']:.2f}, "
        f"join cost {payload['join_cost']}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
