"""A name is its whole cell: the labeller may stop or start a name inside it.

``data/cell_names.txt`` is a one-cell-a-line page written for this test (its own
project and numbers) whose names carry bracketed words (农村(偏远)饮水…), as web
pages of 项目支出绩效自评表 copied as text do. The shipped reader labels the
first words of such a cell outside every field; the row still names the cell.
"""

from __future__ import annotations

from pathlib import Path

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

TEXT = (Path(__file__).parent / "data" / "cell_names.txt").read_text(encoding="utf-8")


def _names(text: str) -> list[str]:
    doc = extract_document(load_bytes(text.encode("utf-8"), "cell_names.txt"))
    return [str(r.name.value or "") for r in doc.indicators]


def test_a_name_runs_from_its_cell_start_to_its_cell_end() -> None:
    names = _names(TEXT)
    assert "解决农村(偏远)饮水安全问题户数" in names
    assert "受益脱贫(监测)人口数" in names
    # every name read is a whole line of the page, never a piece of one
    lines = {line.strip() for line in TEXT.splitlines()}
    assert names and all(n in lines for n in names)


def test_a_name_stops_at_a_cell_a_field_took() -> None:
    # the same rows on one line: cells end at spaces, and the target is no part of the name
    one_line = " ".join(line for line in TEXT.splitlines() if line.strip())
    for name in _names(one_line):
        assert "≥" not in name and not name[-1].isdigit()
