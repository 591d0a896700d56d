"""The block classifier: what each block of a document is.

Labels: an indicator table, a budget table, another table, a paragraph
stating indicators, a heading, other prose. Trained from the gold records
(a block holding a gold indicator's name is where indicators are), so it
learns the genre's look beyond the header words the table rules know. The
engine uses it to decide whether a document states indicators in prose
(beside the rule gate in ``segment.prose``) and reports it per block.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from extractor.linear import LinearModel
from extractor.modelio import load_linear, save_linear
from extractor.segment.tables import is_header_row
from extractor.types import Block, BlockKind, Document
from extractor.vocab import normalize_level2, squash

BLOCK_LABELS = [
    "indicator_table", "budget_table", "other_table",
    "indicator_prose", "heading", "other_prose",
]  # fmt: skip
BLOCK_MODEL_FILE = "blocks.json"
OLD_BLOCK_MODEL_FILE = "blocks.skops"  # a folder trained before the JSON format

_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPS = re.compile(r"≥|≤|不低于|不少于|不超过|以上|以内|至少|达到")
_CLAIM = re.compile(r"完成|达成|实现|未完成|不适用")
_BUDGET = re.compile(r"预算|执行率|资金|万元|拨款|支出")
_SENTENCE = re.compile(r"[，。；;]")


def block_text(block: Block) -> str:
    if block.kind == BlockKind.table:
        return "\t".join(c.text for r in block.rows for c in r.cells)
    return block.text


def block_features(block: Block) -> dict[str, float]:
    t = squash(block_text(block))[:400]
    n = max(1, len(t))
    f: dict[str, float] = {f"kind={block.kind.value}": 1.0}
    f["len"] = min(len(t), 400) / 400
    f["digits"] = len(_DIGIT.findall(t)) / n
    f["cjk"] = len(_CJK.findall(t)) / n
    f["ops"] = min(len(_OPS.findall(t)), 10) / 10
    f["claims"] = min(len(_CLAIM.findall(t)), 10) / 10
    f["budget"] = min(len(_BUDGET.findall(t)), 10) / 10
    f["sentences"] = min(len(_SENTENCE.findall(t)), 10) / 10
    if block.kind == BlockKind.table:
        f["rows"] = min(len(block.rows), 50) / 50
        f["cols"] = min(block.n_cols, 30) / 30
        f["header_rows"] = float(any(is_header_row(r) for r in block.rows))
        f["level2_cells"] = (
            min(sum(1 for r in block.rows for c in r.cells if normalize_level2(c.text)), 10) / 10
        )
    # Words of the genre, not of one report's subject matter.
    for word in ("指标", "目标值", "完成值", "实际", "年度目标", "绩效", "原因", "措施"):
        if word in t:
            f[f"word={word}"] = 1.0
    f["numbered"] = float(bool(re.match(r"^([①-⑳]|[（(]\d+[)）]|\d+[.、]|指标\d)", t)))
    return f


def block_labels(doc: Document, gold: dict[str, Any]) -> list[str]:
    """Labels of ``doc``'s blocks from its gold records."""
    names = [squash(g.get("name")) for g in gold.get("indicators", [])]
    names = [n for n in names if len(n) >= 4]
    out = []
    for block in doc.blocks():
        text = squash(block_text(block))
        has_name = any(n[:12] in text for n in names)
        if block.kind == BlockKind.table:
            if has_name:
                out.append("indicator_table")
            elif _BUDGET.search(text):
                out.append("budget_table")
            else:
                out.append("other_table")
        elif has_name:
            out.append("indicator_prose")
        elif len(text) <= 30 and not _SENTENCE.search(text):
            out.append("heading")
        else:
            out.append("other_prose")
    return out


class BlockClassifier:
    def __init__(self, model: Any) -> None:
        self.model = LinearModel.from_pipeline(model)

    def classify(self, doc: Document) -> list[tuple[str, float]]:
        blocks = doc.blocks()
        if not blocks:
            return []
        probs = self.model.predict_proba([block_features(b) for b in blocks])
        classes = list(self.model.classes_)
        return [(str(classes[row.argmax()]), float(row.max())) for row in probs]


def fit_block_classifier(docs: list[tuple[Document, list[str]]]) -> BlockClassifier:
    feats = [block_features(b) for doc, _ in docs for b in doc.blocks()]
    labels = [lab for _, labs in docs for lab in labs]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    model = Pipeline(
        [
            ("vec", DictVectorizer()),
            ("clf", LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")),
        ]
    )
    model.fit(feats, labels)
    return BlockClassifier(model)


def save_block_classifier(clf: BlockClassifier, model_dir: Path) -> None:
    save_linear(clf.model, model_dir, BLOCK_MODEL_FILE, OLD_BLOCK_MODEL_FILE)


def load_block_classifier(model_dir: Path) -> BlockClassifier:
    hint = "no block classifier; run `extractor train`"
    return BlockClassifier(load_linear(model_dir, BLOCK_MODEL_FILE, OLD_BLOCK_MODEL_FILE, hint))
