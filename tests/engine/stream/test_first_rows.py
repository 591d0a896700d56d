"""Rows of a one-cell-a-line target form the labeller reads only in part.

Replica cells (own wording) of a 项目支出绩效目标表 written one cell a line with a blank
line between cells: the labeller leaves the first row under the header outside (with the
header's last word), reads a level-2 label written under its level 1 as a second level 1,
and leaves a worded target outside together with the next row's level labels."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.reader import (
    recover_first_rows,
    recover_row_values,
    second_level_ones,
)

_KNOWN = frozenset(
    f"{b}-{r}" for b in "BI" for r in ("level1", "level2", "name", "target", "header")
) | {"O"}


def _tagged(labels: list[str]) -> Tagged:
    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


def _rows(cells: list[tuple[str, str | None]]) -> dict[str, tuple[object, ...]]:
    text = "\n\n".join(c for c, _ in cells)
    tokens, labels = labelled_tokens(text, [(c, r) for c, r in cells if r])
    tagged = recover_first_rows(tokens, _tagged(labels))
    tagged = recover_row_values(tokens, second_level_ones(tokens, tagged))
    out = {}
    for c in decode_records(text, tokens, tagged):
        r = c.record
        out[str(r.name.value)] = (r.level1.value, r.level2.value, r.target.text)
    return out


HEADER: list[tuple[str, str | None]] = [
    ("一级指标", "header"),
    ("二级指标", "header"),
    ("三级指标", "header"),
    ("指标值", None),  # the header's last word, left outside
]
SECOND: list[tuple[str, str | None]] = [
    ("质量指标", "level2"),
    ("树苗成活率", "name"),
    ("≥90%", "target"),
]


def test_the_first_row_left_outside_under_the_header_is_read_by_its_cells() -> None:
    first: list[tuple[str, str | None]] = [
        ("产出指标", None),
        ("数量指标", None),
        ("新植行道树株数", None),
        ("≥800株", "target"),  # its value alone labelled
    ]
    rows = _rows(HEADER + first + SECOND)
    assert rows["新植行道树株数"] == ("产出指标", "数量指标", "≥800株")
    assert rows["树苗成活率"] == ("产出指标", "质量指标", "≥90%")


def test_page_text_under_a_header_is_no_row() -> None:
    # One stray cell (a note) between the header and the first labelled row: no row.
    rows = _rows([*HEADER, ("单位名称见附表", None), *SECOND])
    assert list(rows) == ["树苗成活率"]


def test_a_second_level_one_naming_a_level_two_is_the_rows_level_two() -> None:
    cells: list[tuple[str, str | None]] = [
        *HEADER[:3],
        ("产出指标", "level1"),
        ("成本指标", "level1"),
        ("成本指标", "level2"),
        ("每株养护费用", "name"),
        ("≤120元", "target"),
        *SECOND,
    ]
    rows = _rows(cells)
    assert rows["每株养护费用"] == ("产出指标", "成本指标", "≤120元")
    assert rows["树苗成活率"] == ("产出指标", "质量指标", "≥90%")


def test_a_worded_target_left_outside_with_the_next_rows_levels_is_the_target() -> None:
    cells: list[tuple[str, str | None]] = [
        *HEADER[:3],
        ("产出指标", "level1"),
        ("数量指标", "level2"),
        ("新植行道树株数", "name"),
        ("≥800株", "target"),
        ("成本指标", "level2"),
        ("养护费用控制", "name"),
        ("控制在合同金额内", None),
        ("效益指标", None),
        ("生态效益指标", None),
        ("生态效益指标", "level2"),
        ("城区绿化覆盖率提升", "name"),
        ("≥1%", "target"),
    ]
    rows = _rows(cells)
    assert rows["养护费用控制"] == ("产出指标", "成本指标", "控制在合同金额内")
    assert rows["城区绿化覆盖率提升"] == ("效益指标", "生态效益指标", "≥1%")
