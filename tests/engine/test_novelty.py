"""Signals of a new layout, and documents whose rows are mostly junk."""

from __future__ import annotations

from extractor.calibration import JUNK_CONFIDENCE_CAP, apply_calibration, field_features
from extractor.engine.candidates import Candidate
from extractor.engine.novelty import junk_row, junk_warning, unseen_header_share
from extractor.engine.roles import HeuristicScorer
from extractor.engine.table_reader import LabelState, read_indicator_region
from extractor.ingest import load_bytes
from extractor.segment import find_table_regions


def candidates(text: str) -> list[Candidate]:
    state = LabelState()
    regions = find_table_regions(load_bytes(text.encode(), "t.txt"))
    return [c for r in regions for c in read_indicator_region(r, HeuristicScorer(), state)]


FORM = (
    "一级指标\t二级指标\t三级指标\t指标值\t分值\t实际完成值\t得分\n"
    "产出指标\t数量指标\t新建污水管网长度\t≥12公里\t30\t12.5公里\t30\n"
    "\t\t改造雨污分流小区数\t≥8个\t30\t\t20\n"
    "\t质量指标\t管网验收合格率\t100%\t30\t100%\t30\n"
)


def test_a_field_empty_where_its_column_is_filled_is_flagged() -> None:
    cands = candidates(FORM)
    assert cands[1].signals["actual"].get("empty_in_filled_column") == 1.0
    assert "empty_in_filled_column" not in cands[0].signals.get("actual", {})


def test_weights_that_do_not_add_up_are_flagged() -> None:
    cands = candidates(FORM)  # 30 + 30 + 30 = 90: a form with 10 points for the budget
    assert all(c.row_signals["weights_off"] == 0.0 for c in cands)
    off = candidates(FORM.replace("\t30\t12.5", "\t25\t12.5"))  # 85
    assert all(c.row_signals["weights_off"] == 1.0 for c in off)
    assert "row:weights_off" in str(field_features(off[0], "weight"))


def test_header_words_never_seen_raise_the_unseen_share() -> None:
    doc = load_bytes(FORM.encode(), "t.txt")
    region = find_table_regions(doc)[0]
    known = frozenset({"一级指标", "二级指标", "三级指标", "指标值", "分值", "实际完成值", "得分"})
    assert unseen_header_share(region, known) == 0.0
    assert unseen_header_share(region, frozenset({"一级指标"})) > 0.8
    assert unseen_header_share(region, None) == 0.0


def test_value_in_the_name_place_is_flagged() -> None:
    cands = candidates(
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n产出指标\t数量指标\t≥15个\t15个\t14个\n"
    )
    assert cands and cands[0].signals["name"].get("name_is_value") == 1.0


JUNK = (
    "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
    "年度资金总额\t\t\t\t\n"
    "其中：当年财政拨款\t\t\t\t\n"
    "每降低1个百分点扣2分，扣完为止\t\t\t\t\n"
    "产出指标\t数量指标\t开展普法讲座场次\t≥24场\t26场\n"
)


def test_budget_lines_and_scoring_rules_are_junk_rows() -> None:
    recs = [c.record for c in candidates(JUNK)]
    flags = {str(r.name.value): junk_row(r) for r in recs}
    assert flags["开展普法讲座场次"] is False
    assert all(v for k, v in flags.items() if k != "开展普法讲座场次")


def test_mostly_junk_output_gets_a_warning_and_low_record_confidence() -> None:
    cands = candidates(JUNK)
    recs = [c.record for c in cands]
    assert sum(junk_row(r) for r in recs) == 3
    assert [w.code for w in junk_warning(recs)] == ["mostly_junk"]
    apply_calibration(cands, None)
    for c in cands:
        if junk_row(c.record):
            assert c.record.confidence <= JUNK_CONFIDENCE_CAP
    good = [c.record for c in candidates(FORM)]
    assert junk_warning(good) == []


def test_a_cell_no_column_explains_raises_the_unexplained_share() -> None:
    plain = candidates(FORM)
    assert all(c.row_signals["unexplained"] == 0.0 for c in plain)
    extra = candidates(
        FORM.replace("\t30\t12.5公里\t30\n", "\t30\t12.5公里\t30\t备用栏一\t备用栏二\n")
    )
    assert extra[0].row_signals["unexplained"] > 0.0
