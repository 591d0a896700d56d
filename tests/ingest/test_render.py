from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.render import (
    DraftCell,
    DraftItem,
    DraftPage,
    DraftParagraph,
    DraftRawText,
    DraftTable,
    join_lines,
    render,
)
from extractor.ingest.testing import evidence_errors
from extractor.types import BlockKind, Document, SourceInfo


def _doc(pages: list[DraftPage]) -> Document:
    text, rendered = render(pages)
    return Document(
        source=SourceInfo(filename="x", sha256="0", media_type="x"), text=text, pages=rendered
    )


def test_join_lines_chinese_without_space_latin_with_space() -> None:
    assert join_lines(["新增家庭养老床", "位"]) == "新增家庭养老床位"
    assert join_lines(["≥100", "张"]) == "≥100张"
    assert join_lines(["total", "amount"]) == "total amount"
    assert join_lines(["", " 产出 ", ""]) == "产出"


def test_merged_cell_leaves_its_covered_positions_empty_in_the_text() -> None:
    table = DraftTable(
        [
            DraftCell("产出指标", 0, 0, row_span=2),
            DraftCell("数量", 0, 1),
            DraftCell("质量", 1, 1),
        ]
    )
    doc = _doc([DraftPage(1, [DraftParagraph("标题"), table])])
    assert doc.text == "标题\n\n产出指标\t数量\n\t质量\n"
    block = doc.blocks()[1]
    assert [c.text for c in block.rows[1].cells] == ["质量"]
    assert block.rows[0].cells[0].row_span == 2
    assert evidence_errors(doc) == []


def test_pages_are_joined_with_form_feeds_and_numbered() -> None:
    doc = _doc([DraftPage(1, [DraftParagraph("一")]), DraftPage(2, [DraftParagraph("二")])])
    assert doc.text == "一\n\f二\n"
    assert [b.page for b in doc.blocks()] == [1, 2]
    assert doc.blocks()[1].evidence.line_start == 2
    assert evidence_errors(doc) == []


def test_raw_text_is_read_by_layout_text_and_shifted() -> None:
    raw = "部门名称\t民政局\n\n说明文字"
    doc = _doc([DraftPage(1, [DraftParagraph("前言"), DraftRawText(raw)])])
    kinds = [b.kind for b in doc.blocks()]
    assert kinds == [BlockKind.paragraph, BlockKind.table, BlockKind.paragraph]
    assert [b.index for b in doc.blocks()] == [0, 1, 2]
    assert evidence_errors(doc) == []


cell_text = st.text(alphabet=st.sampled_from(list("产出指标数量≥100%张 ,。\t\n人次")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.lists(cell_text, min_size=3, max_size=5), min_size=1, max_size=5),
    prose=st.lists(cell_text, max_size=3),
)
def test_any_table_renders_with_consistent_evidence(
    texts: list[list[str]], prose: list[str]
) -> None:
    cells = [DraftCell(t, r, c) for r, row in enumerate(texts) for c, t in enumerate(row)]
    items: list[DraftItem] = [DraftParagraph(p) for p in prose]
    items.append(DraftTable(cells))
    doc = _doc([DraftPage(1, items), DraftPage(2, [DraftTable(cells)])])
    assert evidence_errors(doc) == []
    # Re-reading the text finds the same non-empty cells row by row (with three
    # or more columns every row has two tabs, so layout_text reads it as a tab row).
    reread = [b for p in text_to_pages(doc.text) for b in p.blocks if b.kind == BlockKind.table]
    ours = [b for b in doc.blocks() if b.kind == BlockKind.table]
    for mine, again in zip(ours, reread, strict=False):
        assert [
            [c.text for c in r.cells if c.text] for r in mine.rows if any(c.text for c in r.cells)
        ] == [
            [c.text for c in r.cells if c.text] for r in again.rows if any(c.text for c in r.cells)
        ]
