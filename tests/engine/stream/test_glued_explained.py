"""Glued target-form rows whose value sits between words (指标值 | 指标值内容 | 评分标准).

Replica rows (own wording) of a pasted 项目支出绩效目标表 with an explanation and a scoring
column glued after the target: the labeller stops the name early and reads the rest of
the line, target included, as outside every field."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged

_KNOWN = frozenset(
    f"{b}-{r}" for b in "BI" for r in ("level1", "level2", "name", "target", "header")
) | {"O"}


def _tagged(labels: list[str]) -> Tagged:
    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


HEADER = "一级指标二级指标三级指标指标值指标值内容评分标准\n"
ROW = "满意度指标服务对象满意度指标家长对配餐服务满意度92%以上家长对配餐满意程度92%以上得10分\n"


def _rows(cells: list[tuple[str, str]]) -> dict[str, str | None]:
    text = HEADER + ROW
    tokens, labels = labelled_tokens(text, cells)
    return {
        str(c.record.name.value): c.record.target.text
        for c in decode_records(text, tokens, _tagged(labels))
    }


_HEAD = [("一级指标", "header"), ("二级指标", "header"), ("三级指标", "header"),
         ("指标值", "header"), ("满意度指标", "level1"), ("服务对象满意度指标", "level2")]  # fmt: skip


def test_words_left_between_a_short_name_and_its_value_are_the_name() -> None:
    rows = _rows([*_HEAD, ("家长对配餐", "name")])
    assert rows == {"家长对配餐服务满意度": "92%以上"}


def test_a_name_the_labeller_read_whole_keeps_its_labelled_target() -> None:
    rows = _rows([*_HEAD, ("家长对配餐服务满意度", "name"), ("92%以上", "target")])
    assert rows == {"家长对配餐服务满意度": "92%以上"}
