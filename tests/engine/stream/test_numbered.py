"""Space tables whose names are numbered (指标1.…) and whose header names fewer
columns than a self-evaluation form's: the labeller's reading, decoded.

The text is a replica written here (a regional 绩效目标自评表 pasted from a web
page: one row a line, cells cut by single spaces, the row's level label written
once, a row left empty by the form)."""

from __future__ import annotations

from support import labelled_tokens

from extractor.engine.stream.choose import choose_readings
from extractor.engine.stream.decode import decode_records
from extractor.engine.stream.model import Tagged
from extractor.engine.stream.reader import restart_numbered
from extractor.engine.stream.tokens import drop_ordinals
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

_KNOWN = frozenset(
    f"{b}-{r}" for b in "BI" for r in ("level2", "name", "target", "actual", "score", "header")
) | {"O"}


def _tagged(labels: list[str]) -> Tagged:
    def marginal(label: str, i: int) -> float:
        return 0.9 if labels[i] == label else 0.1 / (len(_KNOWN) - 1)

    return Tagged(labels, [0.9] * len(labels), marginal, _KNOWN)


def test_a_lone_digit_under_a_header_without_points_is_the_actual() -> None:
    # The labeller leaves 完成值 out of the header and reads the lone 7 as a score; the
    # header line, read to its end, has no points column.
    text = "三级指标 指标值 完成值\n技术培训场次 ≥3 7\n"
    tokens, labels = labelled_tokens(
        text,
        [
            ("三级指标", "header"),
            ("指标值", "header"),
            ("技术培训场次", "name"),
            ("≥3", "target"),
            ("7", "score"),
        ],
    )
    (cand,) = decode_records(text, tokens, _tagged(labels))
    assert cand.record.target.text == "≥3"
    assert cand.record.actual.text == "7"
    assert cand.record.score.value is None


def test_the_same_digit_stays_a_score_where_the_header_names_points() -> None:
    text = "三级指标 指标值 得分\n技术培训场次 ≥3 7\n"
    tokens, labels = labelled_tokens(
        text,
        [
            ("三级指标", "header"),
            ("指标值", "header"),
            ("得分", "header"),
            ("技术培训场次", "name"),
            ("≥3", "target"),
            ("7", "score"),
        ],
    )
    (cand,) = decode_records(text, tokens, _tagged(labels))
    assert cand.record.score.value == 7
    assert cand.record.actual.kind == "missing"


def test_a_numbered_empty_row_is_not_read_into_the_next_rows_name() -> None:
    text = "指标3.技术指导到位率 ≥95% 98%\n指标4.监测点覆盖率\n指标5.新品种引进数量 ≥6 8\n"
    raw, labels = labelled_tokens(
        text,
        [("技术指导到位率", "name"), ("≥95%", "target"), ("98%", "actual"), ("监测点覆盖率", "name"),
         ("新品种引进数量", "name"), ("≥6", "target"), ("8", "actual")],
    )  # fmt: skip
    # The labeller reads the empty row's name on into the next row's.
    by_start = dict(zip([t.start for t in raw], labels, strict=True))
    tokens = drop_ordinals(raw)
    kept = [by_start[t.start] for t in tokens]
    nxt = text.index("新品种")
    kept = ["I-name" if t.start == nxt else lab for t, lab in zip(tokens, kept, strict=True)]
    cands = decode_records(text, tokens, restart_numbered(tokens, _tagged(kept)))
    names = [c.record.name.value for c in cands]
    assert names == ["技术指导到位率", "监测点覆盖率", "新品种引进数量"]
    # The empty row stands beside rows that state values: a form's row left empty.
    assert [c.record.name.value for c in choose_readings([], cands)] == names


def test_an_unnumbered_label_without_values_stays_out() -> None:
    text = "技术指导到位率 ≥95% 98%\n新品种引进数量 ≥6 8\n本表由项目单位填写\n"
    tokens, labels = labelled_tokens(
        text,
        [("技术指导到位率", "name"), ("≥95%", "target"), ("98%", "actual"),
         ("新品种引进数量", "name"), ("≥6", "target"), ("8", "actual"), ("本表由项目单位填写", "name")],
    )  # fmt: skip
    cands = decode_records(text, tokens, _tagged(labels))
    assert len(cands) == 3
    assert "本表由项目单位填写" not in [c.record.name.value for c in choose_readings([], cands)]


_REPLICA = """2023年度区域绩效目标自评表(农业技术推广分局)
单位名称 某县农业技术推广站 联系人及电话 李四,13800000000

一级
指标
二级指标 三级指标 指标值 完成值



数量指标 指标1.示范基地建设个数 ≥4 5
指标2.技术培训场次 ≥12 15
指标3.新品种引进数量 ≥6 8
质量指标 指标1.示范基地验收合格率 100% 100%
指标2.病虫害监测点覆盖率
指标3.技术指导到位率 ≥95% 98%
时效指标 任务完成时间 2023年底 2023年底
成本指标 指标1.培训成本 300元/人 260元/人
指标2.品种试验平均成本
"""


def test_a_numbered_space_table_reads_its_rows_empty_ones_included() -> None:
    got = extract_document(load_bytes(_REPLICA.encode(), "zone.txt")).to_json_dict()
    rows = {r["name"]["value"]: r for r in got["indicators"]}
    for name in ("技术培训场次", "新品种引进数量", "技术指导到位率", "培训成本"):
        assert name in rows, sorted(rows)
    assert rows["新品种引进数量"]["actual"]["text"] == "8"
    assert rows["新品种引进数量"]["score"]["value"] is None
    assert "病虫害监测点覆盖率" in rows and "品种试验平均成本" in rows
    assert not any(name.startswith("指标") for name in rows)


def test_a_qualitative_target_read_into_the_name_is_given_back() -> None:
    # One-line form, cells cut by single spaces: the labeller runs the name on into the
    # target cell; the header declares a target before the actual, the row has an actual.
    text = (
        "三级指标 年度指标值 实际完成值 分值 得分 经费支出合规性 严格执行财务制度 达成预期指标 8 8 "
    )
    tokens, labels = labelled_tokens(
        text,
        [("三级指标", "header"), ("年度指标值", "header"), ("实际完成值", "header"), ("分值", "header"),
         ("得分", "header"), ("经费支出合规性 严格执行财务制度", "name"), ("达成预期指标", "actual"),
         ("8", "weight"), ("8", "score")],
    )  # fmt: skip
    (cand,) = decode_records(text, tokens, _tagged(labels))
    assert cand.record.name.value == "经费支出合规性"
    assert cand.record.target.text == "严格执行财务制度"
    assert cand.record.actual.text == "达成预期指标"


def test_a_wrapped_name_of_a_glued_row_stays_whole() -> None:
    # A glued page: the name's cell wrapped and its pieces came back joined by a space,
    # the values fused after it. The second piece is the name's, not a target.
    text = "三级指标 年度指标值 实际完成值 分值 得分\n养护乡村 道路长度≥100公里120公里1010\n"
    tokens, labels = labelled_tokens(
        text,
        [("三级指标", "header"), ("年度指标值", "header"), ("实际完成值", "header"), ("分值", "header"),
         ("得分", "header"), ("养护乡村 道路", "name"), ("长度≥100公里", "target"), ("120公里", "actual")],
    )  # fmt: skip
    (cand,) = decode_records(text, tokens, _tagged(labels))
    assert cand.record.name.value.replace(" ", "").startswith("养护乡村道路")


def test_the_first_numbered_row_under_a_header_left_outside_is_read() -> None:
    # The labeller leaves the first row under the header outside every field, its ≥ too,
    # and reads its two digits as weight and score; the rows after it it reads well.
    text = "二级指标 三级指标 指标值 完成值\n数量指标 指标1.示范基地建设个数 ≥4 5\n指标2.技术培训场次 ≥12 15\n"
    raw, labels = labelled_tokens(
        text,
        [("二级指标", "header"), ("三级指标", "header"), ("指标值", "header"),
         ("4", "weight"), ("5", "score"),
         ("技术培训场次", "name"), ("≥12", "target"), ("15", "actual")],
    )  # fmt: skip
    by_start = dict(zip([t.start for t in raw], labels, strict=True))
    tokens = drop_ordinals(raw)
    kept = [by_start[t.start] for t in tokens]
    cands = decode_records(text, tokens, restart_numbered(tokens, _tagged(kept)))
    rows = {c.record.name.value: (c.record.target.text, c.record.actual.text) for c in cands}
    assert rows == {"示范基地建设个数": ("≥4", "5"), "技术培训场次": ("≥12", "15")}


def test_a_numbered_heading_after_a_header_is_not_made_a_row() -> None:
    # A numbered line whose values sit on the lines below is a heading, not a row.
    text = "三级指标 指标值\n一、项目实施情况\n培训人数 ≥50 60\n"
    raw, labels = labelled_tokens(
        text,
        [("三级指标", "header"), ("指标值", "header"),
         ("培训人数", "name"), ("≥50", "target"), ("60", "actual")],
    )  # fmt: skip
    by_start = dict(zip([t.start for t in raw], labels, strict=True))
    tokens = drop_ordinals(raw)
    kept = [by_start[t.start] for t in tokens]
    cands = decode_records(text, tokens, restart_numbered(tokens, _tagged(kept)))
    assert [c.record.name.value for c in cands] == ["培训人数"]


def test_a_footnote_listing_points_is_not_a_row() -> None:
    # The labeller reads a form's footnote (its scoring rule names a level and points)
    # as a name and a target; the line a note marker opens is no row outside a table.
    text = (
        "三级指标 指标值 完成值\n技术培训场次 ≥12 15\n总分 100 100\n"
        "    注:1.一级指标分值设置为:产出指标50分、满意度指标10分、预算执行率10分。如有\n"
    )
    tokens, labels = labelled_tokens(
        text,
        [("三级指标", "header"), ("指标值", "header"),
         ("技术培训场次", "name"), ("≥12", "target"), ("15", "actual"),
         ("10分、预算执行率", "name"), ("10分。", "target")],
    )  # fmt: skip
    cands = decode_records(text, tokens, _tagged(labels))
    assert [c.record.name.value for c in choose_readings([], cands)] == ["技术培训场次"]
