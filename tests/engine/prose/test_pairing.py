"""The pairing model, fitted on the annotated narratives, on sentences it
never saw: which name a target, actual or claim belongs to."""

from __future__ import annotations

import pytest
from support import TRAINING

from extractor.engine.prose.annotations import load_annotations
from extractor.engine.prose.pairing import PairingModel, SpanRef, fit_pairing


@pytest.fixture(scope="module")
def model() -> PairingModel:
    fitted = fit_pairing(load_annotations(TRAINING / "prose"))
    assert fitted is not None
    return fitted


def _refs(text: str, pieces: list[tuple[str, str]], paragraph: int = 0) -> list[SpanRef]:
    out, pos = [], 0
    for piece, label in pieces:
        start = text.index(piece, pos)
        out.append(SpanRef(paragraph, start, start + len(piece), label))
        pos = start + len(piece)
    return out


def _pairs(model: PairingModel, text: str, pieces: list[tuple[str, str]]) -> set[tuple[str, str]]:
    refs = _refs(text, pieces)
    names = [r for r in refs if r.label == "NAME"]
    values = [r for r in refs if r.label != "NAME"]
    got = model.pair([text], names, values)
    return {
        (
            text[names[p.name].start : names[p.name].end],
            text[values[p.value].start : values[p.value].end],
        )
        for p in got
    }


def test_each_value_goes_to_its_own_name_in_a_two_indicator_sentence(model: PairingModel) -> None:
    text = "全年建成村级气象信息站三十二个，目标为三十个，已完成；气象灾害预警信息覆盖率达到97%，目标为≥95%，已完成。"
    pieces = [
        ("建成村级气象信息站", "NAME"),
        ("三十二个", "ACTUAL"),
        ("三十个", "TARGET"),
        ("已完成", "CLAIM"),
        ("气象灾害预警信息覆盖率", "NAME"),
        ("97%", "ACTUAL"),
        ("≥95%", "TARGET"),
        ("已完成", "CLAIM"),
    ]
    got = _pairs(model, text, pieces)
    assert ("建成村级气象信息站", "三十个") in got
    assert ("建成村级气象信息站", "三十二个") in got
    assert ("气象灾害预警信息覆盖率", "≥95%") in got
    assert ("气象灾害预警信息覆盖率", "三十个") not in got
    assert ("建成村级气象信息站", "≥95%") not in got


def test_a_claim_shared_by_names_joined_with_commas_reaches_each(model: PairingModel) -> None:
    text = "数量方面，人工影响天气作业点维护、自动气象站巡检均已完成年度目标。"
    pieces = [("人工影响天气作业点维护", "NAME"), ("自动气象站巡检", "NAME"), ("已完成", "CLAIM")]
    got = _pairs(model, text, pieces)
    assert got == {("人工影响天气作业点维护", "已完成"), ("自动气象站巡检", "已完成")}
