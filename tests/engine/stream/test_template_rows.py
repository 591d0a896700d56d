"""A self-evaluation form saved one cell a line keeps its template's leftovers: rows the
form left blank but for their item number (指标2：), and the total row (总分) under the
last indicator. Replica cells (own wording)."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.tokens import drop_ordinals, tokenize

_ROLES = ("level1", "level2", "name", "target", "actual", "weight", "score", "header")
_KNOWN = frozenset(f"{b}-{r}" for b in "BI" for r in _ROLES) | {"O"}


def _tagged(labels: list[str]) -> Tagged:
    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


def test_an_item_number_alone_in_its_cell_is_an_empty_cell() -> None:
    text = "\n\n".join(["20", "20", "指标2：", "质量指标", "指标1：管网验收合格率", "100%"])
    kept = [t.text for t in drop_ordinals(tokenize(text))]
    # 20 | 20 | 质量指标: the numbered name keeps its words, its number dropped as before.
    assert kept[:7] == ["2", "0", "2", "0", "质量指标", "管网", "验收"]


def test_a_number_after_the_total_cell_is_the_forms_not_the_last_rows() -> None:
    cells = [
        "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "师生满意度", "≥90%", "95%", "10", "9", "总分", "100", "96",
    ]  # fmt: skip
    text = "\n\n".join(cells)
    roles = ["header"] * 5 + ["name", "target", "actual", "weight", None, None, "score", None]
    tokens, labels = labelled_tokens(text, [(c, r) for c, r in zip(cells, roles, strict=True) if r])
    (cand,) = decode_records(text, tokens, _tagged(labels))
    assert cand.record.score.value != 100
    assert cand.record.weight.value == 10
