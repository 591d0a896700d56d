"""A target form with its 中期 and 年度 halves side by side (invented content):
each pipe row states the same indicator twice, which is one indicator."""

from __future__ import annotations

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document

FORM = """项目支出绩效目标申报表 | |||||||
项目名称 | 河道保洁服务项目 | ||||||
绩 效 指 标 |
一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值 | ||
产出指标 | 数量指标 | 保洁河道长度 | ≥86公里 | 数量指标 | 保洁河道长度 | ≥86公里 | |||
打捞水面漂浮物 | ≥300吨 | 打捞水面漂浮物 | ≥300吨 | |||||
质量指标 | 河面保洁达标率 | ≥95% | 质量指标 | 河面保洁达标率 | ≥95% | ||||
时效指标 | 漂浮物清理时限 | ≤24小时 | 时效指标 | 漂浮物清理时限 | ≤24小时 | ||||
"""


def test_an_indicator_stated_twice_in_its_row_is_one_record() -> None:
    got = extract_document(load_bytes(FORM.encode("utf-8"), "form.txt")).to_json_dict()
    names = [r["name"]["value"] for r in got["indicators"]]
    assert sorted(names) == sorted(
        ["保洁河道长度", "打捞水面漂浮物", "河面保洁达标率", "漂浮物清理时限"]
    )
