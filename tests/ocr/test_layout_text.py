"""From OCR boxes to blocks, and from blocks to text with exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.ocr.engine import TextBox
from extractor.ocr.grid import GridCell, RuledTable
from extractor.ocr.layout import build_page, join_text
from extractor.ocr.text import render_pages
from extractor.types import BlockKind


def _box(text: str, x0: float, y0: float, score: float = 0.99) -> TextBox:
    return TextBox(text, score, x0, y0, x0 + 28 * len(text), y0 + 30)


def _ruled() -> RuledTable:
    # 3 rows x 3 cols; col 0 merged over rows 1-2.
    ys, xs = [0, 50, 150, 200], [0, 300, 600, 900]
    cells = [
        GridCell(0, 0, 1, 1, xs[0], ys[0], xs[1], ys[1]),
        GridCell(0, 1, 1, 1, xs[1], ys[0], xs[2], ys[1]),
        GridCell(0, 2, 1, 1, xs[2], ys[0], xs[3], ys[1]),
        GridCell(1, 0, 2, 1, xs[0], ys[1], xs[1], ys[3]),
        GridCell(1, 1, 1, 1, xs[1], ys[1], xs[2], ys[2]),
        GridCell(1, 2, 1, 1, xs[2], ys[1], xs[3], ys[2]),
        GridCell(2, 1, 1, 1, xs[1], ys[2], xs[2], ys[3]),
        GridCell(2, 2, 1, 1, xs[2], ys[2], xs[3], ys[3]),
    ]
    return RuledTable(0, 0, 900, 200, 3, 3, cells)


def test_ruled_table_cells_wrap_join_and_repair() -> None:
    boxes = [
        _box("指标名称", 10, 10),
        _box("指标值", 310, 10),
        _box("完成情况", 610, 10),
        _box("产出", 10, 100),
        _box("补助资金拨付", 310, 60),
        _box("准确率", 310, 95, score=0.8),  # wrapped line of the same cell
        _box("≥9596", 610, 60),  # "%" read as "96" in a rate row
        _box("已先成", 610, 160),
    ]
    page = build_page(1, boxes, [_ruled()], 0.36, (1000, 300))
    (table,) = page.blocks
    assert table.kind == BlockKind.table
    grid = {(c.row, c.col): c for r in table.rows for c in r.cells}
    assert grid[(1, 0)].row_span == 2 and grid[(1, 0)].text == "产出"
    assert grid[(1, 1)].text == "补助资金拨付准确率"
    assert grid[(1, 1)].ocr_confidence == 0.8  # the weakest line decides
    assert grid[(1, 2)].text == "≥95%"
    assert grid[(2, 2)].text == "已完成"
    assert grid[(2, 1)].text == "" and grid[(2, 1)].ocr_confidence is None
    assert grid[(0, 0)].evidence.bbox == [0.0, 0.0, 108.0, 18.0]
    text = render_pages([page])
    assert text.split("\n") == [
        "指标名称\t指标值\t完成情况",
        "产出\t补助资金拨付准确率\t≥95%",
        "\t\t已完成",
    ]


def test_borderless_rows_become_a_table_and_prose_a_paragraph() -> None:
    boxes = [
        _box("一、部门基本情况和职能", 0, 0),
        _box("指标", 0, 60),
        _box("目标值", 400, 60),
        _box("实际值", 800, 60),
        _box("床位数", 0, 110),
        _box("≥2300张", 400, 110),
        _box("1700", 800, 110),
    ]
    page = build_page(1, boxes, [], 0.36, (1200, 400))
    kinds = [b.kind for b in page.blocks]
    assert kinds == [BlockKind.paragraph, BlockKind.table]
    rows = [[c.text for c in r.cells] for r in page.blocks[1].rows]
    assert rows == [["指标", "目标值", "实际值"], ["床位数", "≥2300张", "1700"]]


def test_wrapped_prose_lines_rejoin() -> None:
    boxes = [
        _box("区民政局本级机关单位2022年度部门年初预算为", 0, 0),
        _box("27,799.22万元。", 0, 40),
    ]
    page = build_page(1, boxes, [], 0.36, (1400, 200))
    (para,) = page.blocks
    assert para.text == "区民政局本级机关单位2022年度部门年初预算为27,799.22万元。"


def test_join_text_spaces_only_between_latin_words() -> None:
    assert join_text(["完成率", "达到"]) == "完成率达到"
    assert join_text(["Annual", "report"]) == "Annual report"
    assert join_text(["95", "%"]) == "95%"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet="指标值完成≥%0123456789", min_size=1, max_size=6),
            min_size=2,
            max_size=4,
        ),
        min_size=2,
        max_size=5,
    )
)
def test_every_evidence_slices_its_own_text(rows: list[list[str]]) -> None:
    boxes = [_box(t, 300 * c, 60 * r) for r, row in enumerate(rows) for c, t in enumerate(row)]
    pages = [build_page(n, boxes, [], 0.36, (1500, 400)) for n in (1, 2)]
    text = render_pages(pages)
    assert text.count("\f") == 1
    for page in pages:
        for block in page.blocks:
            for row in block.rows:
                for cell in row.cells:
                    ev = cell.evidence
                    assert ev.char_start is not None and ev.char_end is not None
                    assert text[ev.char_start : ev.char_end] == cell.text
                    assert ev.page == page.number


def test_tightly_set_cell_lines_keep_their_order() -> None:
    # Padded detector boxes of neighbouring lines overlap by half their height.
    boxes = [
        TextBox("推动婚姻登", 0.99, 10, 688, 116, 720),
        TextBox("记工作顺利", 0.99, 10, 711, 116, 744),
        TextBox("开展，促进", 0.99, 6, 727, 118, 773),
        TextBox("婚姻家庭和谐", 0.99, 7, 756, 120, 798),
    ]
    page = build_page(1, boxes, [], 0.36, (1400, 900))
    assert [b.text for b in page.blocks][0].startswith("推动婚姻登记工作顺利开展，促进")


def test_a_short_title_does_not_swallow_the_next_line() -> None:
    boxes = [_box("2021年度民政局本级部门预算项目绩效自评表", 0, 0), _box("单位：万元", 0, 40)]
    ruled = _ruled()
    table = RuledTable(0, 100, 1800, 300, ruled.n_rows, ruled.n_cols, [])
    page = build_page(1, boxes, [table], 0.36, (2000, 400))
    assert [b.text for b in page.blocks if b.kind == BlockKind.paragraph] == [
        "2021年度民政局本级部门预算项目绩效自评表",
        "单位：万元",
    ]
