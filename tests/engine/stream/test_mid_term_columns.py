"""A target form with a mid-term and an annual column group: one record per indicator.

``data/mid_term_columns.txt`` is a 项目支出绩效目标申报表 written for this test (its own
project and figures) in the layout real forms of multi-year projects use: each row states
the indicator under 中期目标 and again under 年度目标, with the year's figures second.
"""

from __future__ import annotations

from pathlib import Path

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

TEXT = (Path(__file__).parent / "data" / "mid_term_columns.txt").read_text(encoding="utf-8")
ANNUAL = {
    "新增馆藏图书": "≥10000册",
    "流动服务点": "≥12个",
    "图书编目合格率": "≥98%",
    "采购完成时间": "2025年底前",
    "读者满意度": "≥92%",
}


def _rows(text: str) -> dict[str, str]:
    doc = extract_document(load_bytes(text.encode("utf-8"), "mid_term_columns.txt"))
    names = [str(r.name.value) for r in doc.indicators]
    assert len(names) == len(set(names)), names  # never both copies
    return {str(r.name.value): r.target.text for r in doc.indicators}


def test_a_pipe_table_row_takes_the_annual_columns() -> None:
    assert _rows(TEXT) == ANNUAL


def test_a_one_line_row_takes_the_annual_copy() -> None:
    one_line = " ".join(line.replace("|", " ") for line in TEXT.splitlines())
    assert _rows(" ".join(one_line.split())) == ANNUAL
