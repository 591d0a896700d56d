"""Does a paragraph state indicators? A classifier over the paragraph's own
characters and the headings it sits under.

部门基本情况, duties, budget execution, 存在的问题 and 改进措施 paragraphs are
full of numbers the span model can mistake for targets and actuals; what
sets them apart is mostly the section they sit in. The gate is trained on
the annotated paragraphs: a paragraph with a name or value span is positive,
every other paragraph negative. Section headings are found by the
numbering conventions of the genre (一、 and （一）), their words are
learned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.engine.prose.annotations import AnnotatedDoc
from extractor.linear import LinearModel
from extractor.modelio import load_linear, save_linear
from extractor.types import BlockKind, Document

# The gate's vocabulary and weights as plain JSON (extractor.linear.LinearModel):
# its skops file took a quarter of a cold start to rebuild node by node.
GATE_FILE = "gate.json"
OLD_GATE_FILE = "gate.skops"  # read when no JSON is there (models trained before)
# Below 0.5 on purpose: a dropped indicator paragraph loses a row, a passed
# problem paragraph rarely makes one (it needs a name span too).
THRESHOLD = 0.3
STATING = frozenset({"NAME", "TARGET", "ACTUAL", "CLAIM", "DEVIATION"})
_TOP = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．])")
_SUB = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
MAX_HEADING = 40
_LEAD_MARK = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|[①-⑳])\s*")
MIN_STATING = 2  # one paragraph can be a note under a form


def heading_level(text: str) -> int | None:
    """1 for a section heading (一、 / 第一部分), 2 for （一）, else None."""
    t = text.strip()
    if len(t) > MAX_HEADING or "。" in t.rstrip("。"):
        return None
    if _TOP.match(t):
        return 1
    if _SUB.match(t):
        return 2
    return None


def _grams(text: str, prefix: str) -> dict[str, float]:
    t = re.sub(r"\d+(?:\.\d+)?", "0", text)
    out: dict[str, float] = {}
    for n in (1, 2):
        for i in range(len(t) - n + 1):
            out[f"{prefix}{t[i : i + n]}"] = 1.0
    return out


def paragraph_features(texts: Sequence[str]) -> list[dict[str, float]]:
    """One feature dict per paragraph, with its section headings as context."""
    top = sub = ""
    out = []
    for text in texts:
        level = heading_level(text)
        if level == 1:
            top, sub = text, ""
        elif level == 2:
            sub = text
        f = _grams(text[:80], "p:")
        # how the paragraph opens, numbering stripped: "数量指标。该项目…" states
        # indicators whatever the numbers after it look like
        f |= _grams(_LEAD_MARK.sub("", text)[:8], "l:")
        f |= _grams(top, "s:")
        f |= _grams(sub, "u:")
        f["is_heading"] = float(level is not None)
        f["has_digit"] = float(any(c.isdigit() for c in text))
        f["has_percent"] = float("%" in text)
        f["log_len"] = min(len(text), 300) / 300
        out.append(f)
    return out


class ParagraphGate:
    def __init__(self, model: Any) -> None:
        self.model = LinearModel.from_pipeline(model)

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in self.model.predict_proba(paragraph_features(texts))[:, 1]]


def states_indicators(gate: ParagraphGate, doc: Document) -> bool:
    """At least MIN_STATING paragraphs the gate takes for indicator prose; one
    is enough in a document without tables (no form to be a note under: a
    short report, or the opening of one, states its indicators in one)."""
    blocks = [b for b in doc.blocks() if b.kind == BlockKind.table or b.text.strip()]
    texts = [b.text for b in blocks if b.kind == BlockKind.paragraph]
    needed = MIN_STATING if any(b.kind == BlockKind.table for b in blocks) else 1
    return sum(p >= THRESHOLD for p in gate.probabilities(texts)) >= needed


def fit_gate(docs: Sequence[AnnotatedDoc]) -> ParagraphGate | None:
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for doc in docs:
        feats += paragraph_features([p.text for p in doc.paragraphs])
        labels += [int(any(s.label in STATING for s in p.spans)) for p in doc.paragraphs]
    if len(set(labels)) < 2:
        return None
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    model = Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression(C=0.5, max_iter=3000))])
    model.fit(feats, labels)
    return ParagraphGate(model)


def save_gate(gate: ParagraphGate, folder: Path) -> None:
    save_linear(gate.model, folder, GATE_FILE, OLD_GATE_FILE)


def load_gate(folder: Path) -> ParagraphGate | None:
    if not (folder / GATE_FILE).exists() and not (folder / OLD_GATE_FILE).exists():
        return None
    return ParagraphGate(
        load_linear(folder, GATE_FILE, OLD_GATE_FILE, "train it with `extractor train`")
    )
