"""The shipped engine on a narrative report it never trained on (a sector,
department and wording of none of the training reports): rows come from the
indicator section only, targets and actuals are not mixed, Chinese numerals
are read, and nothing comes from 基本情况, 存在的问题 or 改进措施."""

from __future__ import annotations

import pytest

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.types import Extraction

REPORT = """东湖县气象局2023年度部门整体支出绩效自评报告

一、部门基本情况
县气象局内设科室4个，在职职工31人。2023年部门预算986.40万元，实际支出952.10万元，预算执行率96.52%。

二、绩效目标完成情况
（一）产出指标
1.数量指标：全年建成村级气象信息站三十二个，年度目标为不少于三十个，已完成；发布重要天气预报服务材料468期，年度目标为400期以上，已完成。
2.质量指标：暴雨预警准确率达到86%，年度目标为≥85%，已完成；气象观测数据传输及时率为98.2%，年度目标为99%，未完成，主要原因是两处区域站通信线路老化。
（二）效益指标
1.社会效益指标：气象灾害预警信息公众覆盖率达到97%，年度目标为≥95%，已完成。
（三）满意度指标
公众气象服务满意度为92.5%，年度目标为≥90%，已完成。

三、存在的问题
部分乡镇气象信息员年龄偏大，60岁以上占比达到41%，培训覆盖率仅为72%；区域自动站设备运行超过8年的有15套。

四、改进措施
2024年计划新招募信息员50名，培训覆盖率提高到90%以上；分批更新区域自动站设备10套。
"""


@pytest.fixture(scope="module")
def result() -> Extraction:
    return extract_document(load_bytes(REPORT.encode("utf-8"), "东湖县气象局自评报告.txt"))


def _record(result: Extraction, words: str):  # type: ignore[no-untyped-def]
    found = [r for r in result.indicators if words in str(r.name.value)]
    assert found, f"no record named like {words!r}: {[r.name.value for r in result.indicators]}"
    return found[0]


def test_rows_come_from_the_indicator_section_only(result: Extraction) -> None:
    start = REPORT.index("二、绩效目标完成情况")
    end = REPORT.index("三、存在的问题")
    assert 5 <= len(result.indicators) <= 7
    for rec in result.indicators:
        assert rec.evidence.char_start is not None
        assert start <= rec.evidence.char_start < end, rec.name.value


def test_nothing_from_problems_or_improvements(result: Extraction) -> None:
    names = " ".join(str(r.name.value) for r in result.indicators)
    for words in ("信息员", "培训覆盖率", "自动站设备", "预算执行率"):
        assert words not in names


def test_target_and_actual_are_not_mixed(result: Extraction) -> None:
    rec = _record(result, "暴雨预警准确率")
    assert (rec.target.op, rec.target.value, rec.target.unit) == (">=", 85, "%")
    assert (rec.actual.value, rec.actual.unit) == (86, "%")
    rec = _record(result, "传输及时率")
    assert (rec.target.value, rec.actual.value) == (99, 98.2)


def test_second_statement_of_a_paragraph_is_read(result: Extraction) -> None:
    rec = _record(result, "天气预报服务材料")
    assert (rec.target.op, rec.target.value) == (">=", 400)
    assert rec.actual.value == 468


def test_chinese_numerals_are_read(result: Extraction) -> None:
    rec = _record(result, "村级气象信息站")
    assert rec.actual.value == 32
    assert (rec.target.op, rec.target.value) == (">=", 30)


def test_a_miss_keeps_its_claim_and_levels(result: Extraction) -> None:
    rec = _record(result, "传输及时率")
    assert rec.status.label == "not_completed"
    assert rec.level1.value == "产出指标" and rec.level2.value == "质量指标"
    assert rec.actual.value == 98.2 and rec.target.value == 99
