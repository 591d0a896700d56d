"""Figures by layout, and blind documents kept out of training and out of sight."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.training.corpus import load_corpus
from extractor.training.report import blind_report, confident_errors, held_out_report, layout_table
from extractor.training.train import build_samples


def _value(text: str, value: float, unit: str | None) -> dict[str, Any]:
    return {"text": text, "kind": "numeric", "op": "=", "value": value, "upper": None, "unit": unit}


def _gold(names: list[str]) -> dict[str, Any]:
    return {
        "indicators": [
            {"name": n, "level1": "产出指标", "target": _value("5个", 5, "个")} for n in names
        ]
    }


def _pred(names: list[str], target: float, conf: float) -> dict[str, Any]:
    return {
        "indicators": [
            {
                "name": {"value": n, "confidence": conf},
                "level1": {"value": "产出指标", "confidence": conf},
                "target": {**_value("5个", target, "个"), "confidence": conf},
                "confidence": conf,
            }
            for n in names
        ]
    }


NAMES = ["新建村级服务站数量", "培训基层干部人次"]


def test_wrong_fields_above_0_9_are_counted() -> None:
    sure_wrong = ("a", _gold(NAMES), _pred(NAMES, 6, 0.95))
    doubtful_wrong = ("b", _gold(NAMES), _pred(NAMES, 6, 0.5))
    right = ("c", _gold(NAMES), _pred(NAMES, 5, 0.95))
    assert confident_errors([sure_wrong]) == 2
    assert confident_errors([doubtful_wrong, right]) == 0


def test_held_out_report_groups_documents_by_layout() -> None:
    triples = [
        ("a", _gold(NAMES), _pred(NAMES, 5, 0.9)),
        ("b", _gold(NAMES), _pred(NAMES, 6, 0.9)),
        ("c", _gold(NAMES), _pred(NAMES[:1], 5, 0.9)),
    ]
    report = held_out_report(triples, {"a": "L1", "b": "L1", "c": "L2"})
    assert set(report["per_layout"]) == {"L1", "L2"}
    assert report["per_layout"]["L1"]["docs"] == 2
    assert report["per_layout"]["L1"]["all_fields"] < 1.0
    assert report["per_layout"]["L2"]["recall"] == 0.5
    assert set(report["per_document"]) == {"a", "b", "c"}
    table = layout_table(report["per_layout"], report)
    assert table.splitlines()[1].startswith("L1") and "OVERALL" in table


def test_blind_report_names_no_document() -> None:
    triples = [("secret_doc_1", _gold(NAMES), _pred(NAMES, 5, 0.9))]
    report = blind_report(triples, {"secret_doc_1": "unseen-layout"})
    assert "secret_doc_1" not in json.dumps(report)
    assert report["per_layout"]["unseen-layout"]["f1"] == 1.0


def test_blind_documents_are_never_training_samples(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "manifest").mkdir()
    lines = []
    for stem, split in (("t1", "train"), ("b1", "blind")):
        text = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t新建村级服务站数量\t5个\n"
        (tmp_path / "docs" / f"{stem}.txt").write_text(text, encoding="utf-8")
        gold = {"doc": f"{stem}.txt", **_gold(NAMES[:1])}
        (tmp_path / "gold" / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
        lines.append(json.dumps({"doc": stem, "layout": f"L-{stem}", "split": split}))
    (tmp_path / "manifest" / "m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    samples = build_samples(load_corpus(tmp_path), n_variants=1)
    assert {s.source for s in samples} == {"t1"}
    assert {s.layout for s in samples} == {"L-t1"}
    assert any(s.variant and s.rank == 1 for s in samples)


def test_evaluate_keeps_blind_documents_out_of_sight(tmp_path: Path) -> None:
    from extractor.training.evaluate import evaluate_dir

    data = tmp_path / "data"
    for sub in ("docs", "gold", "manifest"):
        (data / sub).mkdir(parents=True)
    lines = []
    for stem, split in (("seen_form", "train"), ("hidden_form", "blind")):
        text = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t新建村级服务站数量\t5个\n"
        (data / "docs" / f"{stem}.txt").write_text(text, encoding="utf-8")
        gold = {"doc": f"{stem}.txt", **_gold(NAMES[:1])}
        (data / "gold" / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
        lines.append(json.dumps({"doc": stem, "layout": f"L-{split}", "split": split}))
    (data / "manifest" / "m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    printed: list[str] = []

    class Sink:
        def write(self, s: str) -> None:
            printed.append(s)

    pred = tmp_path / "pred"
    report = evaluate_dir(data / "gold", pred_dir=pred, out=Sink())
    assert "hidden_form" not in "".join(printed)
    assert [p.name for p in pred.glob("*.json")] == ["seen_form.json"]
    assert report["blind"]["overall"]["docs"] == 1
    assert "L-blind" in report["blind"]["per_layout"]
    assert set(report["per_layout"]) == {"L-train"}
