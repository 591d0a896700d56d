"""A form the stream reader never trained on, in every flattened shape, through the engine.

``data/flat_form.txt`` is a project self-evaluation form written for these
tests (its own project, department and numbers); its gold is
``data/flat_form.json``. Each shape is rendered by the training renderer
with a seed of its own and extracted with the shipped models.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.training.scoring import score_documents
from extractor.training.variants.flat import render_flat

DATA = Path(__file__).parent / "data"
TEXT = (DATA / "flat_form.txt").read_text(encoding="utf-8")
GOLD: dict[str, Any] = json.loads((DATA / "flat_form.json").read_text(encoding="utf-8"))

# (shape, least row F1, least field accuracy)
CASES = [
    ("one_line", 0.85, 0.85),
    ("cell_lines", 0.85, 0.85),
    ("pipe", 0.85, 0.85),
    ("fused", 0.7, 0.7),
    ("ocr", 0.7, 0.7),
]


def _extract(text: str) -> dict[str, Any]:
    return extract_document(load_bytes(text.encode("utf-8"), "flat_form.txt")).to_json_dict()


@pytest.mark.parametrize(("shape", "min_f1", "min_fields"), CASES)
def test_flattened_form_reads(shape: str, min_f1: float, min_fields: float) -> None:
    text = render_flat(TEXT, GOLD, shape, random.Random(f"test/{shape}")).text
    report = score_documents([("flat_form", GOLD, _extract(text))])
    assert report["f1"] >= min_f1, (shape, report)
    assert report["all_fields"] >= min_fields, (shape, report)


def test_whole_form_on_one_line_with_chrome() -> None:
    rows = [line.split("\t") for line in TEXT.splitlines()]
    line = " ".join(c for row in rows for c in row if c.strip())
    text = (
        "首页 > 信息公开 > 财政资金\n" + line + "\n附件下载：自评表.xls 【打印本页】【关闭窗口】\n"
    )
    got = _extract(text)
    report = score_documents([("flat_form", GOLD, got)])
    assert report["f1"] >= 0.85, report
    # Every field's evidence points at its own characters.
    for rec in got["indicators"]:
        ev = rec["name"]["evidence"]
        assert text[ev["char_start"] : ev["char_end"]].replace(" ", "") == rec["name"]["value"]


def test_page_chrome_alone_gives_no_row() -> None:
    chrome = "\n".join(
        [
            "首页 > 政务公开 > 预决算公开",
            "发布日期：2024-03-12 浏览次数：311",
            "李明 zl000311 1 2024-05-22T04:56:35Z 2024-09-13T11:21:51Z 15.00 "
            "2052-11.1.0.311 9A0C3E55B1D24F7A8E6B0C1D2E3F4A5B 933 0 False",
            "注：得分一档为100%-90%（含），二档为90%-80%（含）。",
            "【打印本页】【关闭窗口】 上一篇：关于做好年度预算公开的通知",
        ]
    )
    assert _extract(chrome + "\n")["indicators"] == []


def _rows() -> list[list[str]]:
    return [line.split("\t") for line in TEXT.splitlines()]


def test_pipe_rows_without_outer_bars() -> None:
    text = "\n".join(" | ".join(row) for row in _rows()) + "\n"
    report = score_documents([("flat_form", GOLD, _extract(text))])
    assert report["f1"] >= 0.9, report
    assert report["all_fields"] >= 0.9, report


def test_bars_on_lines_of_their_own() -> None:
    lines: list[str] = []
    for row in _rows():
        cells = [c for c in row if c.strip()]
        for k, cell in enumerate(cells):
            lines.append(cell)
            if k < len(cells) - 1:
                lines.append("|")
        lines.append("")
    report = score_documents([("flat_form", GOLD, _extract("\n".join(lines)))])
    assert report["f1"] >= 0.85, report
    assert report["all_fields"] >= 0.85, report
