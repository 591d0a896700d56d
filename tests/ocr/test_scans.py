"""The scan generator: merges drawn exactly where the text leaves slots empty."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image

from extractor.training.scans import Degradation, degrade, merge_spans, report_pdf


def test_leading_blanks_merge_down_and_inner_blanks_merge_right() -> None:
    grid = [
        ["部门预算安排资金", "资金来源", "年初预算数", "", "调整后预算数"],
        ["", "合计", "16539.54", "", "14845.77"],
        ["", "政府性基金", "0", "", "1328.43"],
        ["其他资金", "2486.51", "", "", ""],
    ]
    spans = set(merge_spans(grid))
    assert (0, 0, 0, 2) in spans  # category cell down over rows 0-2
    assert (2, 0, 3, 0) in spans and (2, 1, 3, 1) in spans  # header and values over 2 columns
    assert not any(s[1] == 3 and s[0] == 1 for s in spans)  # trailing blanks stay plain cells


def test_report_pdf_keeps_every_character_of_the_text() -> None:
    text = "2022年度部门整体绩效自评表\n指标\t指标值\t实际完成值\n满意度\t≥90%\t95\n"
    pdf = pdfium.PdfDocument(report_pdf(text))
    got = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for word in ("2022年度部门整体绩效自评表", "指标值", "≥90%", "95"):
        assert word in got.replace("\r", "").replace("\n", "")


def test_degrade_is_reproducible_and_rotates() -> None:
    page = Image.new("L", (400, 300), 255)
    how = Degradation(skew_degrees=1.0, rotate=90, seed=3)
    a, b = degrade(page, how), degrade(page, how)
    assert a.size[0] < a.size[1]  # on its side
    assert a.tobytes() == b.tobytes()
