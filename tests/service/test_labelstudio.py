"""Label Studio tasks out of a real extraction, and annotated tasks back into gold rows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.training.scoring import score_documents
from service.labelstudio import (
    LABEL_CONFIG,
    LABELS,
    LabelStudioError,
    status_label,
    task_to_gold,
    task_to_gold_rows,
)


def _span(text: str, words: str, label: str, rid: str, after: int = 0) -> dict[str, Any]:
    start = text.index(words, after)
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": start + len(words), "text": words, "labels": [label]},
    }


def test_real_report_round_trip(sqlite_svc: Any, sample: Any) -> None:
    reviewer = sqlite_svc.key("reviewer")
    doc_id = sqlite_svc.upload_done("report.txt", sample(0), reviewer)
    r = sqlite_svc.client.get(f"/v1/documents/{doc_id}/labelstudio", headers=reviewer)
    assert r.status_code == 200
    [task] = r.json()
    text = task["data"]["text"]
    assert task["data"]["department"] == "柳州市民政局"
    ex = sqlite_svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=reviewer).json()

    regions = [x for x in task["predictions"][0]["result"] if x["type"] == "labels"]
    for region in regions:  # offsets index the text the page and the evidence use
        v = region["value"]
        assert text[v["start"] : v["end"]] == v["text"] and v["labels"][0] in LABELS
    names = [x["value"]["text"] for x in regions if x["value"]["labels"] == ["NAME"]]
    assert names == [rec["name"]["value"] for rec in ex["indicators"]]

    r = sqlite_svc.client.post("/v1/labelstudio/gold", json=task, headers=reviewer)
    assert r.status_code == 200
    gold = r.json()
    assert gold["doc"] == "report.txt" and gold["year"] == 2022
    rows = gold["indicators"]
    assert len(rows) == len(ex["indicators"])
    for row, rec in zip(rows, ex["indicators"], strict=True):
        assert row["name"] == rec["name"]["value"]
        assert row["target"]["text"] == rec["target"]["text"]
        assert row["level2"] == rec["level2"]["value"]
    # Status labels may differ (the task carries the words; the label is re-read
    # only where the extraction had none); everything else agrees.
    fields = score_documents([("d", gold, ex)])["field_accuracy"]
    assert all(v == 1.0 for f, v in fields.items() if f != "status")


TABLE = (
    "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t完成情况\n"
    "产出指标\t数量指标\t新增养老床位\t≥100个\t122张\t10\t10\t已完成\n"
    "\t\t培训护理人员\t≥50人次\t40人次\t10\t8\t未完成\n"
    "\t质量指标\t验收合格率\t=100%\t98%\t10\t9\t部分完成\n"
    "满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t10\t10\t已完成\n"
)


def _hand_annotation() -> list[dict[str, Any]]:
    """What a person draws in Label Studio: spans only, no relations."""
    t = TABLE
    out = []
    for i, (words, label, after) in enumerate(
        [
            ("产出指标", "LEVEL1", t.index("\n")),
            ("数量指标", "LEVEL2", t.index("\n")),
            ("新增养老床位", "NAME", 0),
            ("≥100个", "TARGET", 0),
            ("122张", "ACTUAL", 0),
            ("已完成", "STATUS", 0),
            ("培训护理人员", "NAME", 0),
            ("40人次", "ACTUAL", 0),
            ("8", "SCORE", t.index("40人次")),
            ("未完成", "STATUS", 0),
            ("质量指标", "LEVEL2", 0),
            ("验收合格率", "NAME", 0),
            ("98%", "ACTUAL", 0),
            ("部分完成", "STATUS", 0),
            ("满意度指标", "LEVEL1", t.index("部分完成")),
            ("服务对象满意度指标", "LEVEL2", 0),
            ("群众满意度", "NAME", 0),
            ("≥90%", "TARGET", 0),
        ]
    ):
        out.append(_span(t, words, label, f"r{i}", after))
    return out


def test_hand_annotation_fills_levels_down() -> None:
    task = {
        "data": {"text": TABLE, "filename": "t.txt"},
        "predictions": [{"result": []}],
        "annotations": [
            {"id": 1, "was_cancelled": True, "result": [_span(TABLE, "验收合格率", "NAME", "x")]},
            {"id": 2, "updated_at": "2026-11-26T10:00:00Z", "result": _hand_annotation()},
        ],
    }
    rows = task_to_gold_rows(task)
    assert [r["name"] for r in rows] == ["新增养老床位", "培训护理人员", "验收合格率", "群众满意度"]
    assert [(r["level1"], r["level2"]) for r in rows] == [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    assert rows[0]["target"] == {
        "text": "≥100个",
        "kind": "numeric",
        "op": ">=",
        "value": 100,
        "upper": None,
        "unit": "个",
    }
    assert rows[1]["target"]["kind"] == "missing" and rows[1]["score"] == 8
    assert [r["status"] for r in rows] == ["completed", "not_completed", "partial", None]
    assert rows[2]["actual"]["unit"] == "%" and rows[2]["actual"]["value"] == 98
    gold = task_to_gold(task, "t.txt")
    assert gold["doc"] == "t.txt" and len(gold["indicators"]) == 4


def test_relations_and_status_choice_win_over_order() -> None:
    # A target drawn *before* its name, tied to it by a relation, and a
    # status whose words say nothing but whose chosen label does.
    text = "指标值 ≥3项；名称：完成课题研究；情况：见附件"
    result = [
        _span(text, "≥3项", "TARGET", "t"),
        _span(text, "完成课题研究", "NAME", "n"),
        _span(text, "见附件", "STATUS", "s"),
        {
            "id": "s",
            "type": "choices",
            "from_name": "status_label",
            "value": {"choices": ["partial"]},
        },
        {"type": "relation", "from_id": "n", "to_id": "t", "direction": "right"},
    ]
    [row] = task_to_gold_rows({"data": {"text": text}, "annotations": [{"result": result}]})
    assert row["name"] == "完成课题研究" and row["target"]["value"] == 3
    assert row["status"] == "partial"


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ({"labels": ["PRICE"], "start": 0, "end": 2}, "unknown label"),
        ({"labels": ["NAME"], "start": 5, "end": 2}, "bad offsets"),
        ({"labels": ["NAME"], "start": "0", "end": 2}, "bad offsets"),
    ],
)
def test_bad_regions_are_named(region: dict[str, Any], message: str, sqlite_svc: Any) -> None:
    task = {"data": {"text": "新增养老床位"}, "annotations": [{"result": [
        {"id": "r9", "type": "labels", "from_name": "label", "to_name": "text", "value": region}
    ]}]}  # fmt: skip
    with pytest.raises(LabelStudioError, match=f"r9.*{message}"):
        task_to_gold_rows(task)
    reviewer = sqlite_svc.key("reviewer")
    r = sqlite_svc.client.post("/v1/labelstudio/gold", json=task, headers=reviewer)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_task"


def test_label_config_names_every_label() -> None:
    root = ET.fromstring(LABEL_CONFIG)
    assert [x.get("value") for x in root.iter("Label")] == list(LABELS)
    assert [x.get("value") for x in root.iter("Choice")] == [
        "completed",
        "partial",
        "not_completed",
        "not_applicable",
    ]


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("已完成", "completed"),
        ("达成预期指标", "completed"),
        ("部分完成", "partial"),
        ("未完成", "not_completed"),
        ("不适用", "not_applicable"),
        ("见附件", None),
        ("", None),
    ],
)
def test_status_words(words: str, label: str | None) -> None:
    assert status_label(words) == label


_CJK = st.text(
    alphabet="产出数量质量时效成本满意度养老床位培训人员验收合格率", min_size=2, max_size=12
)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(_CJK, st.integers(0, 100_000)), min_size=1, max_size=8))
def test_spans_in_order_make_rows_in_order(rows: list[tuple[str, int]]) -> None:
    text, result = "", []
    for i, (name, target) in enumerate(rows):
        line = f"{name}\t≥{target}个\n"
        result.append(
            {"id": f"n{i}", "type": "labels",
             "value": {"start": len(text), "end": len(text) + len(name), "labels": ["NAME"]}}
        )  # fmt: skip
        start = len(text) + len(name) + 1
        result.append(
            {"id": f"t{i}", "type": "labels",
             "value": {"start": start, "end": start + len(f"≥{target}个"), "labels": ["TARGET"]}}
        )  # fmt: skip
        text += line
    got = task_to_gold_rows({"data": {"text": text}, "annotations": [{"result": result[::-1]}]})
    assert [(r["name"], r["target"]["value"], r["target"]["op"]) for r in got] == [
        (n, t, ">=") for n, t in rows
    ]
