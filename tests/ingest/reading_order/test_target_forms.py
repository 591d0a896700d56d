"""A 绩效目标表 whose only value column is 指标值, copied out of a PDF viewer:
no line holds two of a row's values, so each row's anchor is the line that
ends in (or holds alone) its target. Checked on the held-out replicas
ro_07 (pdfplumber's lines of a rendered form) and ro_08 (spaced visual
lines), which no rule was written from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.types import Block, BlockKind

DATA = Path(__file__).resolve().parents[3] / "training_data"
REPLICAS = ["ro_07_tgt_viewer_drains", "ro_08_tgt_spaced_seeds"]


def rebuilt_table(text: str) -> Block:
    pages = rebuild_reading_order(text, text_to_pages(text))
    tables = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    assert len(tables) == 1
    return tables[0]


def by_column(block: Block) -> list[dict[str, str]]:
    """Body rows as {header word: cell text}."""
    header = next(r for r in block.rows if any(c.text == "三级指标" for c in r.cells))
    names = {c.col: c.text for c in header.cells}
    body = block.rows[block.rows.index(header) + 1 :]
    return [{names[c.col]: c.text for c in row.cells} for row in body]


@pytest.mark.parametrize("stem", REPLICAS)
def test_anchorless_rows_rebuilt_as_the_form_wrote_them(stem: str) -> None:
    text = (DATA / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    rows = by_column(rebuilt_table(text))
    assert [(r["三级指标"], r["年度指标值"]) for r in rows] == [
        (g["name"], g["target"]["text"]) for g in gold["indicators"]
    ]


@pytest.mark.parametrize("stem", REPLICAS)
def test_anchorless_cells_point_into_the_original_text(stem: str) -> None:
    text = (DATA / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    block = rebuilt_table(text)
    header = next(r for r in block.rows if any(c.text == "三级指标" for c in r.cells))
    for row in block.rows[block.rows.index(header) + 1 :]:
        for cell in row.cells:
            span = text[cell.evidence.char_start : cell.evidence.char_end]
            # a wrapped cell's span runs over the lines between its pieces
            assert re.sub(r"\s+", "", cell.text) in re.sub(r"\s+", "", span) or all(
                piece in span for piece in cell.text
            )


# A target form's lines where a lone fragment is neither a number nor a word
# of state (规范有序 here): only its place (after a full-width name piece,
# narrower than the name column) makes it the row's 指标值, so the row is a
# guess and its cells say so.
LONE_TEXT_TARGET = """项目支出绩效目标表
一级指标 二级指标 三级指标 指标值
新建农村公益性公
≥9个
墓数量
数量指标
农村散埋乱葬坟墓
≥1200座
集中迁移数量
产出指标
殡葬服务收费公示
质量指标 100%
覆盖率
殡葬管理制度执行
效益指标 社会效益指标 规范有序
情况
"""


def test_lone_text_read_as_target_by_its_place_is_a_guess() -> None:
    block = rebuilt_table(LONE_TEXT_TARGET)
    rows = by_column(block)
    assert [(r["三级指标"], r["年度指标值"]) for r in rows] == [
        ("新建农村公益性公墓数量", "≥9个"),
        ("农村散埋乱葬坟墓集中迁移数量", "≥1200座"),
        ("殡葬服务收费公示覆盖率", "100%"),
        ("殡葬管理制度执行情况", "规范有序"),
    ]
    guesses = [max(c.order_guess or 0.0 for c in row.cells) for row in block.rows[-4:]]
    assert guesses == [0.0, 0.0, 0.0, 1.0]


def test_date_target_cut_over_two_lines_stays_one_cell() -> None:
    text = """项目支出绩效目标表
一级指标 二级指标 三级指标 指标值
数量指标 巡查河道里程 ≥420公里
清理河道漂浮垃圾
产出指标 ≥1800吨
数量
河道保洁服务合同 2024年3
时效指标
签订时间 月底前
沿河群众对河道环
满意度指标 服务对象满意度指标 ≥90%
境满意度
"""
    block = rebuilt_table(text)
    rows = by_column(block)
    assert [(r["三级指标"], r["年度指标值"]) for r in rows] == [
        ("巡查河道里程", "≥420公里"),
        ("清理河道漂浮垃圾数量", "≥1800吨"),
        ("河道保洁服务合同签订时间", "2024年3月底前"),
        ("沿河群众对河道环境满意度", "≥90%"),
    ]
