"""Annotated prose: paragraphs with labelled character spans.

The JSONL format (one paragraph a line) is described in
training_data/prose/README.md. Generated variants use the same types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS: tuple[str, ...] = (
    "GROUP",
    "LEVEL1",
    "LEVEL2",
    "NAME",
    "TARGET",
    "ACTUAL",
    "CLAIM",
    "DEVIATION",
)
# Which name a value belongs to: relation label by the value's span label.
RELATIONS = {
    "TARGET": "TARGET_OF",
    "ACTUAL": "ACTUAL_OF",
    "CLAIM": "CLAIM_OF",
    "DEVIATION": "DEVIATION_OF",
}


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    label: str
    id: int | None = None  # unique in its document; relations name spans by id


@dataclass
class AnnotatedParagraph:
    text: str
    spans: list[LabelledSpan] = field(default_factory=list)
    # (head NAME span id, tail value span id): the value belongs to that name
    relations: list[tuple[int, int]] = field(default_factory=list)


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
        span_id = int(raw["id"]) if raw.get("id") is not None else None
        span = LabelledSpan(int(raw["start"]), int(raw["end"]), str(raw["label"]), span_id)
        if span.label not in LABELS or not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"{where}: bad span {raw!r}")
        spans.append(span)
    relations = []
    for raw in row.get("relations") or []:
        if raw.get("label") not in RELATIONS.values():
            raise ValueError(f"{where}: bad relation {raw!r}")
        relations.append((int(raw["head"]), int(raw["tail"])))
    return AnnotatedParagraph(text, sorted(spans, key=lambda s: s.start), relations)


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
