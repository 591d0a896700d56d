from __future__ import annotations

from extractor.ingest import load_bytes
from extractor.ingest.html import html_to_items, mixed_to_items
from extractor.ingest.render import DraftParagraph, DraftRawText, DraftTable
from extractor.ingest.testing import (
    PERFORMANCE_TABLE,
    evidence_errors,
    grid_cells,
    html_bytes,
    table_cells,
)


def test_html_document_tables_keep_rowspan_and_colspan() -> None:
    doc = load_bytes(html_bytes(["报告标题", PERFORMANCE_TABLE, "结尾"]), "report.html")
    assert doc.source.media_type == "text/html"
    assert table_cells(doc) == grid_cells(PERFORMANCE_TABLE)
    assert [b.text for b in doc.blocks() if b.kind.value == "paragraph"] == ["报告标题", "结尾"]
    assert "<title>" not in doc.text and "报告\n" not in doc.text  # head skipped
    assert evidence_errors(doc) == []


def test_text_rendering_is_tab_separated_one_row_a_line() -> None:
    doc = load_bytes(html_bytes([PERFORMANCE_TABLE]), "x.htm")
    assert "产出指标\t数量指标\t新增家庭养老床位\t≥100张\t120张\n\t\t培训护理人员人次" in doc.text


def test_irregular_markup_is_parsed_leniently() -> None:
    items = html_to_items(
        "<table><tr><td rowspan=abc>a<br>b<td colspan=2>c</tr><tr><td>d<td>e<td>f</table>"
    )
    table = items[0]
    assert isinstance(table, DraftTable)
    assert [(c.text, c.row, c.col, c.row_span, c.col_span) for c in table.cells] == [
        ("a b", 0, 0, 1, 1),
        ("c", 0, 1, 1, 2),
        ("d", 1, 0, 1, 1),
        ("e", 1, 1, 1, 1),
        ("f", 1, 2, 1, 1),
    ]


def test_rowspan_past_the_last_row_is_clipped() -> None:
    table = html_to_items("<table><tr><td rowspan=9>x</td><td>y</td></tr></table>")[0]
    assert isinstance(table, DraftTable)
    assert table.cells[0].row_span == 1


def test_nested_table_text_stays_in_its_cell() -> None:
    table = html_to_items(
        "<table><tr><td>外<table><tr><td>内</td></tr></table></td><td>二</td></tr></table>"
    )[0]
    assert isinstance(table, DraftTable)
    assert [c.text for c in table.cells] == ["外内", "二"]


def test_mixed_splits_plain_lines_from_fragments() -> None:
    items = mixed_to_items("甲\n<p>乙</p>\n丙\t丁\n")
    assert [type(i) for i in items] == [DraftRawText, DraftParagraph, DraftRawText]


def test_paragraph_over_several_lines_stays_one_fragment() -> None:
    items = mixed_to_items("前言\n<p>第一行\n第二行\n第三行</p>\n部门\t民政局")
    assert [type(i) for i in items] == [DraftRawText, DraftParagraph, DraftRawText]
    paragraph = items[1]
    assert isinstance(paragraph, DraftParagraph)
    assert paragraph.text == "第一行第二行第三行"
