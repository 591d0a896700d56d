"""A target form with a mid-term and an annual column group: one record per indicator.

``data/mid_term_columns.txt`` is a 项目支出绩效目标申报表 written for this test (its own
project and figures) in the layout real forms of multi-year projects use: each row states
the indicator under 中期目标 and again under 年度目标, with the year's figures second.
"""

from __future__ import annotations

from pathlib import Path

from extractor.engine.stream.choose import once_per_indicator
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

TEXT = (Path(__file__).parent / "data" / "mid_term_columns.txt").read_text(encoding="utf-8")
ANNUAL = {
    "新增馆藏图书": "≥10000册",
    "流动服务点": "≥12个",
    "图书编目合格率": "≥98%",
    "采购完成时间": "2025年底前",
    "读者满意度": "≥92%",
}


def _rows(text: str) -> dict[str, str]:
    doc = extract_document(load_bytes(text.encode("utf-8"), "mid_term_columns.txt"))
    names = [str(r.name.value) for r in doc.indicators]
    assert len(names) == len(set(names)), names  # never both copies
    return {str(r.name.value): r.target.text for r in doc.indicators}


def test_a_pipe_table_row_takes_the_annual_columns() -> None:
    assert _rows(TEXT) == ANNUAL


def test_a_one_line_row_takes_the_annual_copy() -> None:
    one_line = " ".join(line.replace("|", " ") for line in TEXT.splitlines())
    assert _rows(" ".join(one_line.split())) == ANNUAL


# Two projects' self-evaluation tables pasted onto one line (a web page copied whole):
# each project has its own 服务对象满意度 row, and both are indicators.
TWO_PROJECTS = (
    "某县卫生健康局2024年度项目支出绩效自评表 项目名称:乡村医生培训项目 "
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
    "产出指标 数量指标 培训乡村医生人数 ≥300人 326人 20 20 "
    "质量指标 培训考核合格率 ≥95% 97% 20 20 "
    "满意度指标 服务对象满意度指标 服务对象满意度 ≥90% 93% 10 10 "
    "项目名称:村卫生室设备配置项目 "
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
    "产出指标 数量指标 配置设备村卫生室数 ≥40个 42个 20 20 "
    "时效指标 设备到位时间 2024年9月底前 2024年8月 20 20 "
    "满意度指标 服务对象满意度指标 服务对象满意度 ≥90% 95% 10 10"
)


def test_one_line_page_keeps_each_projects_own_row_of_the_same_name() -> None:
    doc = extract_document(load_bytes(TWO_PROJECTS.encode("utf-8"), "two_projects.txt"))
    satisfied = [r.actual.text for r in doc.indicators if r.name.value == "服务对象满意度"]
    assert satisfied == ["93%", "95%"]


def test_a_text_the_stream_reads_nothing_of_gives_no_record() -> None:
    assert once_per_indicator([]) == []
    doc = extract_document(load_bytes("预算绩效管理工作通知".encode(), "notice.txt"))
    assert doc.indicators == []
