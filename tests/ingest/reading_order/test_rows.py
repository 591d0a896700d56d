"""Rows rebuilt from a viewer's copy where a deviation is taller than its
row's name: its first line stands alone above the name's first line and was
first read as the name's."""

from __future__ import annotations

from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.types import BlockKind

# A 项目支出绩效自评表 copied out of a viewer (invented content): the last
# row's deviation (3 lines) is centred on its values, its name (2 lines)
# half a line off: the deviation's first line comes before the name's.
TALL_DEVIATION = """项目支出绩效自评表
一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施
新建村级综合服
10 ≥12个 12个 10
务站数量
数量指标
组织农技培训班
10 ≥30期 30期 10
期数
产出指标
质量指标 培训学员结业率 10 ≥95% 97% 10
2个合作社因资
效益指标 合作社规范运营
可持续影响指标 15 ≥90% 86% 12 金未到位暂缓，
率
已督促下年完成。
"""


def test_a_deviation_taller_than_its_name_keeps_its_first_line() -> None:
    pages = rebuild_reading_order(TALL_DEVIATION, text_to_pages(TALL_DEVIATION))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    last = {c.col: c.text for c in block.rows[-1].cells}
    assert last[2] == "合作社规范运营率"
    assert last[7] == "2个合作社因资金未到位暂缓，已督促下年完成。"
    # the text alone could be read either way: the row says so
    assert all(c.order_guess == 1.0 for c in block.rows[-1].cells)


# A viewer's copy (invented content) with no name on any values' line and a
# level-2 label wrapped around its row's values (服务对象满意度 / 指标), its
# tail beside the name's last line: the tail is the label's, not a name of
# two characters beside a wide deviation, so the wrapped names stay names.
LABEL_TAIL = """一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施
新建农村供水工
10 ≥40处 42处 10
程数量
数量指标
集中供水工程水
产出指标 质量指标 10 ≥95% 96% 10
质检测合格率
服务对象满意度 受益农户对集中
满意度指标 10 ≥90% 93% 10
指标 供水服务满意度
"""


def test_a_wrapped_labels_tail_gives_no_name_width() -> None:
    pages = rebuild_reading_order(LABEL_TAIL, text_to_pages(LABEL_TAIL))
    [block] = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    rows = [{c.col: c.text for c in row.cells} for row in block.rows[1:]]
    assert [r.get(2) for r in rows] == [
        "新建农村供水工程数量",
        "集中供水工程水质检测合格率",
        "受益农户对集中供水服务满意度",
    ]
    assert not any(r.get(7) for r in rows)
