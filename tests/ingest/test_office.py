"""DOCX (python-docx) and XLSX (openpyxl) ingest."""

from __future__ import annotations

import io

import openpyxl
import pytest

from extractor.ingest import hostile, load_bytes
from extractor.ingest.testing import (
    PERFORMANCE_TABLE,
    Grid,
    docx_bytes,
    evidence_errors,
    grid_cells,
    table_cells,
    xlsx_bytes,
)
from extractor.ingest.xlsx import format_value
from extractor.settings import settings
from extractor.types import BlockKind

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BUDGET = Grid(
    [
        ["资金来源", "年初预算数", "执行率", "说明"],
        ["合计", "16,539.54", "100.00%", ""],
        ["其中：一般公共预算拨款", "14,053.03", "95.5%", "按计划执行"],
        ["政府性基金", "0", "100%", ""],
    ]
)


def test_docx_paragraphs_and_merged_table_in_document_order() -> None:
    doc = load_bytes(docx_bytes(["报告标题", PERFORMANCE_TABLE, "结尾说明"]), "report.docx")
    assert doc.source.media_type == DOCX_MEDIA
    kinds = [b.kind for b in doc.blocks()]
    assert kinds == [BlockKind.paragraph, BlockKind.table, BlockKind.paragraph]
    assert table_cells(doc) == grid_cells(PERFORMANCE_TABLE)  # gridSpan and vMerge
    assert evidence_errors(doc) == []


def test_docx_paragraphs_aligned_with_tabs_or_spaces_become_rows() -> None:
    lines = [
        "单位：\t万元",
        "一级指标    二级指标    指标值",
        "产出指标    数量指标    100张",
        "正文说明。",
    ]
    doc = load_bytes(docx_bytes(lines), "aligned.docx")
    rows = [r.texts() for b in doc.blocks() if b.kind == BlockKind.table for r in b.rows]
    assert ["单位：", "万元"] in rows
    assert ["产出指标", "数量指标", "100张"] in rows
    assert doc.blocks()[-1].text == "正文说明。"
    assert evidence_errors(doc) == []


def test_docx_multi_paragraph_cell_is_one_line() -> None:
    import docx

    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "完成发放困难残疾人"
    cell.add_paragraph("生活补贴")
    buf = io.BytesIO()
    document.save(buf)
    doc = load_bytes(buf.getvalue(), "x.docx")
    assert table_cells(doc)[0][0] == "完成发放困难残疾人生活补贴"


def test_xlsx_sheets_become_pages_with_spans_and_displayed_numbers() -> None:
    data = xlsx_bytes({"绩效表": PERFORMANCE_TABLE, "预算": BUDGET})
    doc = load_bytes(data, "report.xlsx")
    assert doc.source.media_type == XLSX_MEDIA
    assert doc.source.pages == 2
    first, second = doc.pages
    assert [b.page for b in first.blocks + second.blocks] == [1, 2]
    grid = [
        (c.text, c.row, c.col, c.row_span, c.col_span)
        for r in first.blocks[0].rows
        for c in r.cells
    ]
    assert grid == grid_cells(PERFORMANCE_TABLE)  # empty edge rows/cols dropped
    budget = [[c.text for c in r.cells] for r in second.blocks[0].rows]
    assert budget == BUDGET.rows
    assert doc.text.count("\f") == 1
    assert evidence_errors(doc) == []


def test_xlsx_formatting_far_below_the_data_costs_nothing() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["B2"], ws["C2"] = "指标", "值"
    ws.row_dimensions[1_000_000].height = 30  # a formatted row a million rows down
    ws.cell(row=1_000_000, column=200).number_format = "0%"
    buf = io.BytesIO()
    wb.save(buf)
    doc = load_bytes(buf.getvalue(), "x.xlsx")
    assert doc.text == "指标\t值\n"


def test_xlsx_cached_formula_values_are_read() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"] = "合计", 0.98
    ws["B1"].number_format = "0%"
    buf = io.BytesIO()
    wb.save(buf)
    doc = load_bytes(buf.getvalue(), "x.xlsx")
    assert doc.text == "合计\t98%\n"


def test_xlsx_cells_at_both_ends_of_the_sheet_cost_two_cells() -> None:
    # A1 and XFD1048576 exist, with a merge over the whole grid between them:
    # only real cells are read, the grid is capped and the warning says so.
    doc = load_bytes(hostile.xlsx_far_cells(), "far.xlsx")
    assert doc.text == "first\n"
    [warning] = doc.warnings
    assert warning.code == "sheet_truncated"
    assert "far.xlsx: sheet 'Sheet1': 1 cells beyond" in warning.message
    assert warning.evidence is not None and warning.evidence.page == 1


def test_xlsx_row_column_and_workbook_caps_come_from_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "max_sheet_rows", 3)
    monkeypatch.setattr(settings, "max_sheet_cols", 2)
    doc = load_bytes(xlsx_bytes({"绩效表": PERFORMANCE_TABLE, "预算": BUDGET}), "r.xlsx")
    first = [[c.text for c in r.cells] for r in doc.pages[0].blocks[0].rows]
    assert first == [
        ["2023年度项目支出绩效自评表"],
        ["一级指标", "二级指标"],
        ["产出指标", "数量指标"],
    ]
    assert [w.evidence.page for w in doc.warnings if w.evidence] == [1, 2]
    monkeypatch.setattr(settings, "max_sheet_rows", 5000)
    monkeypatch.setattr(settings, "max_sheet_cols", 200)
    monkeypatch.setattr(settings, "max_workbook_cells", 30)
    doc = load_bytes(xlsx_bytes({"绩效表": PERFORMANCE_TABLE, "预算": BUDGET}), "r.xlsx")
    assert doc.pages[0].blocks and not doc.pages[1].blocks  # 7x5 slots: sheet 1 fills the budget
    assert [w.code for w in doc.warnings] == ["sheet_truncated", "sheet_truncated"]


def test_format_value_follows_the_number_format() -> None:
    assert format_value(1.0, "0%") == "100%"
    assert format_value(0.955, "0.0%") == "95.5%"
    assert format_value(16539.54, "#,##0.00") == "16,539.54"
    assert format_value(16539.5, '"¥"#,##0.00_);[Red]("¥"#,##0.00)') == "16,539.50"
    assert format_value(3, "General") == "3"
    assert format_value(0.1 + 0.2, "General") == "0.3"
    assert format_value(None, "0%") == ""
    assert format_value(" 已完成 ", "@") == "已完成"
