"""Annotated prose: paragraphs with labelled character spans.

The JSONL format (one paragraph a line) is described in
training_data/prose/README.md. Generated variants use the same types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS: tuple[str, ...] = ("GROUP", "LEVEL1", "LEVEL2", "NAME", "TARGET", "ACTUAL", "CLAIM")


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    label: str


@dataclass
class AnnotatedParagraph:
    text: str
    spans: list[LabelledSpan] = field(default_factory=list)


@dataclass
class AnnotatedDoc:
    doc_id: str
    paragraphs: list[AnnotatedParagraph]
    # The indicators a reader should return (generated docs only): dicts with
    # group, level1, level2, name, target, actual, claim.
    expected: list[dict[str, str | None]] = field(default_factory=list)

    def text(self) -> str:
        """The document as plain text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs) + "\n"


def _paragraph_from_json(row: dict[str, Any], where: str) -> AnnotatedParagraph:
    text = str(row["text"])
    spans = []
    for raw in row.get("spans") or []:
        span = LabelledSpan(int(raw["start"]), int(raw["end"]), str(raw["label"]))
        if span.label not in LABELS or not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"{where}: bad span {raw!r}")
        spans.append(span)
    return AnnotatedParagraph(text, sorted(spans, key=lambda s: s.start))


def load_annotations(data_dir: Path) -> list[AnnotatedDoc]:
    """Every ``*.jsonl`` under ``data_dir``, grouped into documents by ``doc_id``."""
    docs: dict[str, AnnotatedDoc] = {}
    for path in sorted(data_dir.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            doc_id = str(row["doc_id"])
            para = _paragraph_from_json(row, f"{path.name}:{number}")
            docs.setdefault(doc_id, AnnotatedDoc(doc_id, [])).paragraphs.append(para)
    return list(docs.values())
