"""Assembly of decoded spans into records, without a model: spans are given."""

from __future__ import annotations

from extractor.engine.prose.assemble import borrow_level2, collect_drafts, merge_passes
from extractor.engine.prose.decode import ScoredSpan
from extractor.ingest import load_bytes
from extractor.types import Block

LINES = [
    ("年度目标1：健全养老服务体系", [("年度目标1：健全养老服务体系", "GROUP")]),
    ("1.产出指标", [("产出指标", "LEVEL1")]),
    (
        "（1）数量指标：新增家庭养老床≥100个；新增养老机构床位100张。",
        [
            ("数量指标", "LEVEL2"),
            ("新增家庭养老床", "NAME"),
            ("≥100个", "TARGET"),
            ("新增养老机构床位", "NAME"),
            ("100张", "TARGET"),
        ],
    ),
    ("2.效益指标", [("效益指标", "LEVEL1")]),
    ("（1）社会效益：完善农村养老设施。", [("社会效益", "LEVEL2"), ("完善农村养老设施", "NAME")]),
    ("（三）未完成的绩效目标", [("未完成", "CLAIM")]),  # a heading: no indicator's claim
    ("年度目标1：健全养老服务体系", [("年度目标1：健全养老服务体系", "GROUP")]),
    ("1.产出指标完成情况分析", [("产出指标", "LEVEL1")]),
    ("①新增家庭养老床位", [("新增家庭养老床位", "NAME")]),
    (
        "此指标目标值为≥100张，试点建设家庭养老床位122张，完成目标值。",
        # the restated name inside the analysis is not a second indicator
        [
            ("≥100张", "TARGET"),
            ("家庭养老床位", "NAME"),
            ("122张", "ACTUAL"),
            ("完成目标值", "CLAIM"),
        ],
    ),
    ("2.效益指标完成情况分析", [("效益指标", "LEVEL1")]),
    ("①完善农村养老设施（是否）", [("完善农村养老设施（是否）", "NAME")]),
    ("此指标目标值为是，完成目标值。", [("是", "TARGET"), ("完成目标值", "CLAIM")]),
]


def _blocks_and_spans() -> tuple[list[Block], list[list[ScoredSpan]]]:
    text = "\n".join(line for line, _ in LINES) + "\n"
    blocks = [b for b in load_bytes(text.encode(), "t.txt").blocks()]
    spans = []
    for block, (_, marks) in zip(blocks, LINES, strict=True):
        found = []
        for piece, label in marks:
            start = block.text.index(piece)
            found.append(ScoredSpan(start, start + len(piece), label, 0.9))
        spans.append(found)
    return blocks, spans


def test_summary_and_detail_merge_into_one_record_each() -> None:
    drafts = borrow_level2(merge_passes(collect_drafts(*_blocks_and_spans())))
    by_name = {d.name.text: d for d in drafts}
    assert set(by_name) == {"新增家庭养老床位", "新增养老机构床位", "完善农村养老设施（是否）"}
    bed = by_name["新增家庭养老床位"]
    assert bed.fields["TARGET"].text == "≥100张"  # the detailed line's own target wins
    assert bed.fields["ACTUAL"].text == "122张"
    assert bed.level2 is not None and bed.level2.text == "数量指标"  # from the summary
    only_summary = by_name["新增养老机构床位"]
    assert only_summary.fields["TARGET"].text == "100张"
    assert "CLAIM" not in only_summary.fields


def test_list_item_does_not_take_the_next_paragraphs_claim() -> None:
    drafts = collect_drafts(*_blocks_and_spans())
    summary_benefit = next(d for d in drafts if d.name.text == "完善农村养老设施")
    assert "CLAIM" not in summary_benefit.fields


def test_level2_borrowed_from_the_summary_list() -> None:
    drafts = borrow_level2(merge_passes(collect_drafts(*_blocks_and_spans())))
    benefit = next(d for d in drafts if d.name.text.startswith("完善农村养老设施"))
    assert benefit.level2 is not None and benefit.level2.text == "社会效益"


def test_evidence_offsets_index_the_document_text() -> None:
    blocks, spans = _blocks_and_spans()
    text = "\n".join(line for line, _ in LINES) + "\n"
    for d in collect_drafts(blocks, spans):
        ev = d.name.evidence
        assert ev.char_start is not None and ev.char_end is not None
        assert text[ev.char_start : ev.char_end] == d.name.text
