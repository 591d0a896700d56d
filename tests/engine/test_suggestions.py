"""Runners-up for doubtful fields: neighbouring cells and OCR repairs, with probabilities."""

from __future__ import annotations

from extractor.engine.models import load_models
from extractor.engine.suggestions import suggest
from extractor.ingest import load_bytes
from extractor.pipeline import extract_document
from extractor.values import parse_value

TABLE = "\n".join(
    [
        "项目支出绩效自评表",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t新建乡村书屋数量\t≥40个\t42个\t10\t10",
        "产出指标\t质量指标\t图书上架合格率\t$95%\t96%\t10\t10",
        "效益指标\t社会效益指标\t借阅人次\t≥5000人次\t6100人次\t20\t20",
    ]
)


def _extraction():  # type: ignore[no-untyped-def]
    doc = load_bytes(TABLE.encode("utf-8"), "library.txt")
    return doc, extract_document(doc)


def test_a_doubtful_target_gets_its_neighbours_and_the_ocr_repair() -> None:
    doc, ex = _extraction()
    record = next(r for r in ex.indicators if r.name.value == "图书上架合格率")
    assert record.target.text == "$95%"
    record.target.confidence = 0.3  # as a reviewer sees a doubtful field
    got = suggest(doc, ex.indicators, load_models().roles, threshold=0.8)[record.id]["target"]
    by_kind = {s.kind: s for s in got}
    assert by_kind["ocr_repair"].text == "≥95%"
    assert by_kind["ocr_repair"].value == parse_value("≥95%").model_dump(mode="json")
    assert by_kind["next_cell"].text == "96%"
    probs = [s.probability for s in got]
    assert probs == sorted(probs, reverse=True)
    assert 0 < sum(probs) <= 0.7 + 1e-9  # at most the field's error probability
    # The runner-up the role model finds likelier as a target comes first:
    # the repaired target, not the actual value beside it.
    assert got[0].kind == "ocr_repair"


def test_confident_fields_get_no_suggestions() -> None:
    doc, ex = _extraction()
    for r in ex.indicators:
        for f in ("name", "target", "actual", "weight", "score"):
            getattr(r, f).confidence = 0.99
    assert suggest(doc, ex.indicators, load_models().roles, threshold=0.8) == {}
