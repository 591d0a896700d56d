"""The prose gate: indicator prose is read only where the text shows it."""

from __future__ import annotations

from extractor.ingest import load_bytes
from extractor.segment.prose import has_prose_indicators


def gate(text: str) -> bool:
    return has_prose_indicators(load_bytes(text.encode(), "t.txt"))


def test_narrative_with_targets_is_read() -> None:
    text = "①新增学位\n此指标目标值为≥500个，实际完成520个，完成目标值。\n②校舍改造\n此指标目标值为10所。\n"
    assert gate(text)


def test_numbered_indicator_items_are_read() -> None:
    assert gate("指标1：培训人数。年初目标值为200人。\n指标2：合格率。年初目标值为95%。\n")


def test_a_form_with_title_and_notes_is_not() -> None:
    text = (
        "2023年度项目支出绩效自评表\n单位：万元\n一级指标\t二级指标\t三级指标\n备注：请如实填写。\n"
    )
    assert not gate(text)
