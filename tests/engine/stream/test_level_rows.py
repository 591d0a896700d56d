"""A row the labeller leaves wholly outside in separated text is read by its cells.

Replica rows (own wording) of a one-line 项目支出绩效自评表: a level-2 label written once
opens a row whose name and worded target and actual the labeller reads as outside, its
weight and score labelled."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.reader import recover_level_rows

_KNOWN = frozenset(
    f"{b}-{r}"
    for b in "BI"
    for r in ("level2", "name", "target", "actual", "weight", "score", "header")
) | {"O"}


def _tagged(labels: list[str]) -> Tagged:
    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


HEADER = "三级指标 年度指标值 实际完成值 分值 得分 "
ROW = "社会效益指标 对提升社区服务水平的作用 作用明显 达成预期指标 10 9 "
LOST = "生态效益指标 对改善河道水环境的影响 影响显著 基本达成 10 8 "


def _rows(text: str, cells: list[tuple[str, str]]) -> dict[str, tuple[object, ...]]:
    tokens, labels = labelled_tokens(text, cells)
    tagged = recover_level_rows(tokens, _tagged(labels))
    out = {}
    for c in decode_records(text, tokens, tagged):
        r = c.record
        out[str(r.name.value)] = (
            r.level2.value,
            r.target.text,
            r.actual.text,
            r.weight.value,
            r.score.value,
        )
    return out


_READ = [
    ("三级指标", "header"), ("年度指标值", "header"), ("实际完成值", "header"),
    ("分值", "header"), ("得分", "header"),
    ("社会效益指标", "level2"), ("对提升社区服务水平的作用", "name"), ("作用明显", "target"),
    ("达成预期指标", "actual"), ("10", "weight"), ("9", "score"),
]  # fmt: skip


def test_a_level_row_left_outside_is_read_by_its_cells() -> None:
    rows = _rows(HEADER + ROW + LOST, [*_READ, ("10", "weight"), ("8", "score")])
    assert rows["对改善河道水环境的影响"] == ("生态效益指标", "影响显著", "基本达成", 10, 8)
    assert rows["对提升社区服务水平的作用"] == ("社会效益指标", "作用明显", "达成预期指标", 10, 9)


def test_a_run_not_opened_by_a_level_label_stays_outside() -> None:
    # Page text after a table's last row (a signature line before two numbers) is no row.
    tail = "填表人 张三 联系电话 12 30 "
    rows = _rows(HEADER + ROW + tail, [*_READ, ("12", "weight"), ("30", "score")])
    assert list(rows) == ["对提升社区服务水平的作用"]


_COST = "成本指标 单项检测成本 不超过定额 达成预期指标 10 10 "


def test_worded_cells_before_a_labelled_weight_fill_the_declared_columns() -> None:
    # The labeller starts the name and leaves its rest and both worded values outside;
    # the row's cells stand in the header's columns before the weight it labelled.
    cells = [
        *_READ[:5],
        ("成本指标", "level2"),
        ("单项", "name"),
        ("10", "weight"),
        ("10", "score"),
    ]
    rows = _rows(HEADER + _COST, cells)
    assert rows == {"单项检测成本": ("成本指标", "不超过定额", "达成预期指标", 10, 10)}
