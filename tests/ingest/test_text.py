"""Plain text, TSV, CSV and HTML-fragment input through ``load_bytes``."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extractor.ingest import load_bytes, load_document
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.testing import evidence_errors, table_cells
from extractor.types import BlockKind

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]


def test_samples_load_as_text_with_tables_and_sound_evidence(sample_paths: list[Path]) -> None:
    for path in sample_paths:
        doc = load_document(path)
        assert doc.source.media_type == "text/plain"
        assert doc.source.filename == path.name
        assert len(doc.source.sha256) == 64
        assert any(b.kind == BlockKind.table for b in doc.blocks())
        assert evidence_errors(doc) == []


def test_layout_text_behaviour_on_the_samples_is_kept(sample_texts: dict[str, str]) -> None:
    for name, text in sample_texts.items():
        doc = load_bytes(text.encode(), name)
        assert doc.text == text
        assert doc.pages == text_to_pages(text)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_gives_the_same_document(
    sample_texts: dict[str, str], encoding: str
) -> None:
    name, text = sorted(sample_texts.items())[0]
    reference = load_bytes(text.encode(), name)
    doc = load_bytes(text.encode(encoding), name)
    assert doc.text == reference.text
    assert doc.pages == reference.pages


def test_windows_line_ends_are_normalised() -> None:
    doc = load_bytes("部门名称\t民政局\r\n指标\t值\r\n".encode("gb18030"), "a.txt")
    assert doc.text == "部门名称\t民政局\n指标\t值\n"


def test_csv_with_quoted_newline_becomes_a_table() -> None:
    data = '一级指标,二级指标,指标值\n产出指标,数量指标,"≥100张\n(新增)"\n,质量指标,100%\n'.encode(
        "gbk"
    )
    doc = load_bytes(data, "upload.dat")  # content, not the name, says CSV
    assert doc.source.media_type == "text/csv"
    assert table_cells(doc) == [
        ("一级指标", 0, 0, 1, 1),
        ("二级指标", 0, 1, 1, 1),
        ("指标值", 0, 2, 1, 1),
        ("产出指标", 1, 0, 1, 1),
        ("数量指标", 1, 1, 1, 1),
        ("≥100张(新增)", 1, 2, 1, 1),
        ("", 2, 0, 1, 1),
        ("质量指标", 2, 1, 1, 1),
        ("100%", 2, 2, 1, 1),
    ]
    assert evidence_errors(doc) == []


def test_prose_with_commas_is_not_csv() -> None:
    doc = load_bytes(
        "本年度完成了1,200张床位的建设。\n群众满意度较高。\n资金使用规范。\n".encode(), "a.csv"
    )
    assert doc.source.media_type == "text/plain"


def test_html_fragments_in_text_keep_the_plain_lines_as_they_are() -> None:
    text = (
        "2023年度绩效自评表\n"
        "部门名称\t民政局\n"
        "<table>\n<tr><td rowspan=2>产出指标</td><td>数量指标</td><td>≥100张</td></tr>\n"
        "<tr><td>质量指标</td><td>100%</td></tr>\n</table>\n"
        "<p>说明：<b>已完成</b></p>\n"
        "备注\t无\n"
    )
    doc = load_bytes(text.encode(), "a.txt")
    assert doc.source.media_type == "text/plain"
    lines = doc.text.split("\n")
    assert "部门名称\t民政局" in lines and "备注\t无" in lines
    assert "产出指标\t数量指标\t≥100张" in lines and "\t质量指标\t100%" in lines
    assert "说明：已完成" in lines
    assert "<" not in doc.text
    spans = [c for c in table_cells(doc) if c[0] == "产出指标"]
    assert spans == [("产出指标", 0, 0, 2, 1)]
    assert evidence_errors(doc) == []


def test_utf16_bom_sniffed_even_with_misleading_name() -> None:
    data = codecs.BOM_UTF16_LE + "指标\t值\n".encode("utf-16-le")
    doc = load_bytes(data, "report.xlsx")
    assert doc.text == "指标\t值\n"
