"""PDF ingest on reportlab PDFs (STSong-Light text layer, ruled tables with SPANs)."""

from __future__ import annotations

import io
import re

import pdfplumber
from reportlab.lib.pagesizes import A4

from extractor.ingest import load_bytes
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.testing import (
    PERFORMANCE_TABLE,
    Grid,
    evidence_errors,
    grid_cells,
    pdf_bytes,
    sample_grids,
    table_cells,
)
from extractor.types import BlockKind


def _squash(text: str) -> str:
    # Whitespace moves where cells wrap; "·" has no STSong-Light glyph.
    return re.sub(r"[\s·]", "", text)


def test_ruled_table_with_merged_cells_reads_back_exactly() -> None:
    data = pdf_bytes(
        ["绩效自评报告", PERFORMANCE_TABLE, "说明：以上为自评结果。"], page_size=A4, font_size=9
    )
    doc = load_bytes(data, "report.pdf")
    assert doc.source.media_type == "application/pdf"
    assert doc.source.pages == 1
    assert table_cells(doc) == grid_cells(PERFORMANCE_TABLE)
    kinds = [b.kind for b in doc.blocks()]
    assert kinds == [BlockKind.paragraph, BlockKind.table, BlockKind.paragraph]
    assert evidence_errors(doc) == []


def test_merged_first_level_cell_covers_the_rows_under_it() -> None:
    doc = load_bytes(pdf_bytes([PERFORMANCE_TABLE], page_size=A4, font_size=9), "r.pdf")
    table = doc.blocks()[0]
    first = table.rows[2].cells[0]
    assert (first.text, first.row_span) == ("产出指标", 3)
    assert [c.col for c in table.rows[3].cells] == [2, 3, 4]  # cols 0-1 covered
    assert table.rows[0].cells[0].col_span == 5


def test_wrapped_chinese_cell_is_joined_without_spaces() -> None:
    doc = load_bytes(pdf_bytes([PERFORMANCE_TABLE], page_size=A4, font_size=9), "r.pdf")
    texts = [c[0] for c in table_cells(doc)]
    assert "老年人生活质量提升，服务覆盖面持续扩大" in texts


def test_number_wrapped_in_a_narrow_cell_is_joined_without_a_space() -> None:
    grid = Grid([["项目", "决算数", "说明"], ["一般公共预算", "277,992,200.00", "已完成"]])
    data = pdf_bytes([grid], page_size=(220, 400), font_size=9)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the layout really wrapped it
        assert "277,992,200.00" not in pdf.pages[0].extract_text()
    cells = {c[0] for c in table_cells(load_bytes(data, "narrow.pdf"))}
    assert "277,992,200.00" in cells


def test_geometry_is_kept_in_points() -> None:
    doc = load_bytes(pdf_bytes([PERFORMANCE_TABLE], page_size=A4, font_size=9), "r.pdf")
    page = doc.pages[0]
    assert (round(page.width or 0), round(page.height or 0)) == (595, 842)
    for row in doc.blocks()[0].rows:
        for cell in row.cells:
            x0, top, x1, bottom = cell.evidence.bbox or [0, 0, 0, 0]
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height  # type: ignore[operator]


def test_samples_rendered_to_pdf_give_back_every_cell(
    sample_texts: dict[str, str], sample_pdfs: dict[str, bytes]
) -> None:
    for name, text in sample_texts.items():
        doc = load_bytes(sample_pdfs[name], name.replace(".txt", ".pdf"))
        expected = [
            _squash(t)
            for g in sample_grids(text)
            if isinstance(g, Grid)
            for row in g.rows
            for t in row
        ]
        got = [_squash(c[0]) for c in table_cells(doc)]
        assert [t for t in got if t] == [t for t in expected if t], name
        assert evidence_errors(doc) == [], name
        assert not doc.warnings


def test_sample_spans_are_recovered(
    sample_texts: dict[str, str], sample_pdfs: dict[str, bytes]
) -> None:
    name = sorted(sample_texts)[0]
    grids = [g for g in sample_grids(sample_texts[name]) if isinstance(g, Grid)]
    doc = load_bytes(sample_pdfs[name], "s.pdf")
    got = {(_squash(c[0]), c[3], c[4]) for c in table_cells(doc) if c[3] > 1 or c[4] > 1}
    want = {
        (_squash(g.rows[r][c]), rs, cs) for g in grids for r, c, rs, cs in g.merges if g.rows[r][c]
    }
    assert want and want <= got


def test_pdf_text_reads_the_same_through_layout_text() -> None:
    doc = load_bytes(pdf_bytes(["标题", PERFORMANCE_TABLE], page_size=A4, font_size=9), "r.pdf")
    again = [b for p in text_to_pages(doc.text) for b in p.blocks]
    ours = doc.blocks()
    assert [b.kind for b in again] == [b.kind for b in ours]
    for mine, other in zip(ours[1].rows, again[1].rows, strict=True):
        assert [c.text for c in mine.cells if c.text] == [c.text for c in other.cells if c.text]
        assert [c.evidence.char_start for c in mine.cells if c.text] == [
            c.evidence.char_start for c in other.cells if c.text
        ]


def test_table_across_a_page_break_stays_two_blocks_with_its_header() -> None:
    header = PERFORMANCE_TABLE.rows[1]
    body = [[f"指标{i}", "数量指标", f"项目{i}", f"≥{i}张", f"{i}张"] for i in range(60)]
    doc = load_bytes(pdf_bytes([Grid([header, *body])], page_size=A4, font_size=9), "long.pdf")
    tables = [b for b in doc.blocks() if b.kind == BlockKind.table]
    assert len(doc.pages) == 2 and len(tables) == 2
    assert [b.page for b in tables] == [1, 2]
    assert tables[0].rows[0].texts() == header
    assert sum(len(t.rows) for t in tables) == 61
    assert "\f" in doc.text
    assert evidence_errors(doc) == []


def test_repeated_header_row_is_kept_on_the_continuation_page() -> None:
    header = PERFORMANCE_TABLE.rows[1]
    body = [[f"指标{i}", "数量指标", f"项目{i}", f"≥{i}张", f"{i}张"] for i in range(60)]
    data = pdf_bytes([Grid([header, *body])], page_size=A4, font_size=9, repeat_rows=1)
    tables = [b for b in load_bytes(data, "long.pdf").blocks() if b.kind == BlockKind.table]
    assert [t.rows[0].texts() for t in tables] == [header, header]
    assert sum(len(t.rows) for t in tables) == 62


def test_ruleless_table_falls_back_to_text_columns() -> None:
    grid = Grid(
        [
            ["指标名称", "目标值", "实际值"],
            ["床位数量", "≥100张", "120张"],
            ["满意度", "≥90%", "95%"],
        ]
    )
    items: list[Grid | str] = ["绩效自评报告", grid, "说明：以上为自评结果。"]
    doc = load_bytes(pdf_bytes(items, page_size=A4, font_size=10, ruled=False), "plain.pdf")
    tables = [b for b in doc.blocks() if b.kind == BlockKind.table]
    assert len(tables) == 1
    assert [r.texts() for r in tables[0].rows] == grid.rows
    paragraphs = [b.text for b in doc.blocks() if b.kind == BlockKind.paragraph]
    assert paragraphs == ["绩效自评报告", "说明：以上为自评结果。"]  # not caught in the table
    assert evidence_errors(doc) == []


def test_prose_page_is_not_taken_for_a_table(sample_texts: dict[str, str]) -> None:
    text = sorted(sample_texts.items())[-1][1]
    prose = [line for line in text.split("\n") if line.strip() and "\t" not in line][:40]
    doc = load_bytes(pdf_bytes(prose, page_size=A4, font_size=10, ruled=False), "prose.pdf")
    assert all(b.kind == BlockKind.paragraph for b in doc.blocks())
    assert _squash("".join(b.text for b in doc.blocks())) == _squash("".join(prose))
