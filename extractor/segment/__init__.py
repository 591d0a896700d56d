"""Segmentation: find the indicator tables of a document.

A region starts at a header row (cells naming 一级指标, 三级指标/指标内容,
指标值, 实际完成值, …), possibly in the middle of a larger table block, and
runs on through later blocks that carry no header of their own (tables
continued over a page break), until the next header or a long stretch of
prose. Wide project tables (one project a row, with repeated 年度指标内容 /
完成情况 column pairs) are recognised by their repeated pair headers.
"""

from __future__ import annotations

from extractor.segment.tables import find_table_regions

__all__ = ["find_table_regions"]
