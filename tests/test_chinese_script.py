"""Traditional characters read as the same report, texts kept as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import TRAINING, gold_for

from extractor.chinese_script import simplified_view, to_simplified
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.training.scoring import score_documents
from extractor.training.traditional import traditional_rendering

STEMS = ["000_29d121b4221180d5", "001_e29b54d99e7d5cbf", "h02_transport_targets"]


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("config", ["s2t.json", "s2tw.json", "s2hk.json"])
def test_traditional_rendering_reads_like_the_original(stem: str, config: str) -> None:
    gold = gold_for(stem)
    text = (TRAINING / "docs" / gold["doc"]).read_text(encoding="utf-8")
    simple = extract_document(load_bytes(text.encode("utf-8"), f"{stem}.txt"))
    ttext, tgold = traditional_rendering(text, gold, config)
    trad = extract_document(load_bytes(ttext.encode("utf-8"), f"{stem}.trad.txt"))

    s = score_documents([(stem, gold, simple.to_json_dict())])
    t = score_documents([(stem, tgold, trad.to_json_dict())])
    assert t["f1"] >= s["f1"] - 0.02, (s["f1"], t["f1"])
    assert t["all_fields"] >= s["all_fields"] - 0.02, (s["all_fields"], t["all_fields"])
    assert trad.department.value == tgold["department"]


def test_texts_stay_as_written_and_evidence_points_into_the_original() -> None:
    gold = gold_for("h02_transport_targets")
    text = (TRAINING / "docs" / gold["doc"]).read_text(encoding="utf-8")
    ttext, _ = traditional_rendering(text, gold)
    doc = load_bytes(ttext.encode("utf-8"), "h02.trad.txt")
    ex = extract_document(doc)
    names = [r.name.value for r in ex.indicators]
    assert "危橋改造數量" in names
    cost = next(r for r in ex.indicators if r.name.value == "每公里養護成本")
    assert (cost.target.text, cost.target.unit, cost.target.value) == ("≤2.5萬元", "萬元", 2.5)
    assert cost.level1.value == "成本指标"  # normalised names stay the contract's
    for r in ex.indicators:
        ev = r.evidence
        assert isinstance(r.name.value, str)
        assert r.name.value in doc.text[ev.char_start : ev.char_end]


def test_a_simplified_document_is_read_as_it_is() -> None:
    text = (TRAINING / "docs" / "h02_transport_targets.txt").read_text(encoding="utf-8")
    assert simplified_view(load_bytes(text.encode("utf-8"), "h02.txt")) is None


def test_mixed_scripts_read_as_one() -> None:
    # Conversion sites leave both scripts side by side.
    text = (
        "2024年度項目支出績效目標表\n单位名称：东湖区文旅局\n"
        "一级指标\t二级指标\t三级指标\t指標值\n"
        "產出指標\t數量指標\t文化惠民演出場次\t≥120場\n"
        "\t质量指标\t演出验收合格率\t100%\n"
        "满意度指标\t服務對象滿意度指標\t觀眾滿意度\t≥90%\n"
    )
    ex = extract_document(load_bytes(text.encode("utf-8"), "mixed.txt"))
    got = {r.name.value: (r.level1.value, r.level2.value, r.target.value) for r in ex.indicators}
    assert got["文化惠民演出場次"] == ("产出指标", "数量指标", 120)
    assert got["觀眾滿意度"] == ("满意度指标", "服务对象满意度指标", 90)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=60))
def test_conversion_keeps_every_offset(s: str) -> None:
    assert len(to_simplified(s)) == len(s)
    assert len(to_simplified(s + "\n" + s)) == 2 * len(s) + 1


def test_readings_in_brackets_are_blanked_in_the_view() -> None:
    """Conversion sites annotate converted characters with their reading
    (產(chǎn)出指標(biāo)): the view reads the characters, offsets unchanged."""
    from extractor.chinese_script import to_simplified

    text = "產(chǎn)出指標(biāo)\t數(shù)量(件)\tTotal (kg)"
    view = to_simplified(text)
    assert len(view) == len(text)
    assert view.startswith("产      出指标      ")
    assert "(件)" in view and "(kg)" in view  # brackets without a tone mark stay


def test_a_lone_reading_is_left_as_written() -> None:
    from extractor.chinese_script import to_simplified

    text = "預算執(zhí)行率本項目滿分3分"
    assert to_simplified(text) == "预算执(zhí)行率本项目满分3分"
