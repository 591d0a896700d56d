"""The paragraph gate, fitted on the annotated narratives, on paragraphs of a
report it never saw: indicator statements pass, 基本情况 / 存在的问题 /
改进措施 paragraphs full of numbers do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TRAINING

from extractor.engine.prose.annotations import load_annotations
from extractor.engine.prose.gate import THRESHOLD, ParagraphGate, fit_gate, heading_level

PARAGRAPHS = [
    "东湖县气象局2023年度部门整体支出绩效自评报告",
    "一、部门基本情况",
    "县气象局内设科室4个，在职职工31人，2023年部门预算986.40万元，实际支出952.10万元。",
    "二、绩效目标完成情况",
    "（一）产出指标",
    "全年建成村级气象信息站三十二个，目标为三十个，已完成；气象灾害预警信息覆盖率达到97%，目标为≥95%，已完成。",
    "三、存在的问题",
    "部分乡镇气象信息员年龄偏大，60岁以上占比达到41%，培训覆盖率仅为72%。",
    "四、改进措施",
    "2024年计划新招募信息员50名，培训覆盖率提高到90%以上。",
]


@pytest.fixture(scope="module")
def gate() -> ParagraphGate:
    fitted = fit_gate(load_annotations(TRAINING / "prose"))
    assert fitted is not None
    return fitted


def test_indicator_statement_passes_and_problem_sections_do_not(gate: ParagraphGate) -> None:
    probs = dict(zip(PARAGRAPHS, gate.probabilities(PARAGRAPHS), strict=True))
    assert probs[PARAGRAPHS[5]] >= 0.5
    for negative in (PARAGRAPHS[2], PARAGRAPHS[7], PARAGRAPHS[9]):
        assert probs[negative] < 0.5, negative


def test_heading_levels_follow_the_numbering() -> None:
    assert heading_level("三、存在的问题") == 1
    assert heading_level("（一）产出指标") == 2
    assert heading_level("全年建成村级气象信息站三十二个，目标为三十个，已完成。") is None


# The same genre typed with ASCII punctuation, a level-2 lead opening each
# statement paragraph and only what was done stated.
ASCII_PARAGRAPHS = [
    "一、基本情况",
    "(一)资金投入情况。项目下达资金88万元,实际支出85.2万元,执行率96.8%。",
    "二、绩效指标完成情况分析",
    "1.数量指标。该项目新建便民服务点12个,培训网格员340人次。",
    "2.质量指标:服务点验收合格率100%,指标完成率100%。",
    "三、存在的问题",
    "(一)部分网格员身兼多职,平均每人联系住户260户。",
]


def test_ascii_punctuated_statements_pass_and_budget_and_problems_do_not(
    gate: ParagraphGate,
) -> None:
    probs = gate.probabilities(ASCII_PARAGRAPHS)
    assert probs[3] >= THRESHOLD and probs[4] >= THRESHOLD
    assert probs[1] < THRESHOLD and probs[6] < THRESHOLD


def test_saved_gate_is_plain_json_and_scores_as_fitted(gate: ParagraphGate, tmp_path: Path) -> None:
    import json

    from extractor.engine.prose.gate import GATE_FILE, OLD_GATE_FILE, load_gate, save_gate
    from extractor.modelio import save_skops

    save_gate(gate, tmp_path)
    data = json.loads((tmp_path / GATE_FILE).read_text("utf-8"))
    assert "p:指标" in data["features"]  # the vocabulary is a plain list of names
    loaded = load_gate(tmp_path)
    assert loaded is not None
    assert loaded.probabilities(PARAGRAPHS) == gate.probabilities(PARAGRAPHS)
    # A folder trained before the JSON format still loads its skops gate.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from extractor.engine.prose.gate import paragraph_features

    pipeline = Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression())])
    pipeline.fit(paragraph_features(PARAGRAPHS), [i % 2 for i in range(len(PARAGRAPHS))])
    old = tmp_path / "old"
    save_skops(pipeline, old / OLD_GATE_FILE)
    loaded_old = load_gate(old)
    assert loaded_old is not None
    expected = pipeline.predict_proba(paragraph_features(PARAGRAPHS))[:, 1].tolist()
    assert loaded_old.probabilities(PARAGRAPHS) == expected
