from __future__ import annotations

from extractor.engine.docfields import read_document_fields
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


def test_page_title_is_kept_as_the_first_line() -> None:
    page = (
        "<html><head><title>柳溪县林业局2023年度森林防火项目支出绩效自评表</title></head>"
        "<body><div>当前位置：首页 &gt; 预算绩效</div><table>"
        "<tr><td>三级指标</td><td>指标值</td><td>实际完成值</td></tr>"
        "<tr><td>巡护里程</td><td>≥800公里</td><td>860公里</td></tr></table></body></html>"
    )
    doc = load_bytes(page.encode(), "page.html")
    assert doc.text.splitlines()[0] == "柳溪县林业局2023年度森林防火项目支出绩效自评表"
    fields = read_document_fields(doc)
    assert (fields.department.value, fields.year.value) == ("柳溪县林业局", 2023)


def test_page_title_repeated_in_the_body_is_not_doubled() -> None:
    page = (
        "<html><head><title>柳溪县林业局 绩效自评</title></head>"
        "<body><h1>柳溪县林业局 绩效自评</h1><p>正文</p></body></html>"
    )
    doc = load_bytes(page.encode(), "page.html")
    assert doc.text.count("柳溪县林业局") == 1


def test_a_page_nested_thousands_deep_is_read_without_recursion() -> None:
    row = "<tr><td>数量指标</td><td>培训人数</td><td>≥200人</td></tr>"
    markup = "<div>" * 20000 + f"<p>甲县农业局</p><table>{row}</table>" + "</div>" * 20000
    items = html_to_items(markup)
    assert [type(i) for i in items] == [DraftParagraph, DraftTable]
    assert items[0].text == "甲县农业局"
    assert "≥200人" in [c.text for c in items[1].cells]
