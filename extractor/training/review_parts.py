"""What one approved document teaches every learned part, besides its gold.

``extractor train`` reads the gold for the cell-role model and the block
classifier (their labels are derived from it), but the other parts learn
from their own folders (training_data/README.md). For an approved document
this module writes what those folders need:

- a manifest line: its ``kind`` (table, flattened or narrative, from the
  readers the approved records came from) tells the stream reader to align
  the gold to the flattened text (``flat_labels.align_flattened``: the token
  roles of every corrected field) and its ``split`` keeps a blind share out
  of training (``extractor.registry.set_aside_for_blind``);
- a form-type example: the document's opening lines and its approved form type;
- prose annotations for a narrative document: every paragraph as the prose
  reader sees it, with the approved fields' character spans (name, target,
  actual, claim, deviation, level words, goal) and which name each value
  belongs to (the pairing model's relations). Paragraphs without a span stay
  as the paragraph gate's negatives.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractor.engine.docfields import opening_text
from extractor.types import BlockKind, Document

# Below this share of approved names found in the paragraphs, the prose
# annotation is not trusted (its unannotated paragraphs would teach the gate
# that indicator prose is not).
MIN_NAMES_FOUND = 0.6
_KIND_BY_SOURCE = {"stream": "flattened", "prose": "narrative"}
_VALUE_LABELS = (("target", "TARGET"), ("actual", "ACTUAL"), ("claim", "CLAIM"))
_WS = re.compile(r"\s+")


def document_kind(records: list[dict[str, Any]]) -> str:
    """``table``, ``flattened`` or ``narrative``: where most approved rows were read."""
    sources = Counter(_KIND_BY_SOURCE.get(str(r.get("source")), "table") for r in records)
    return sources.most_common(1)[0][0] if sources else "table"


def form_type_example(doc: Document, form_type: str | None, group: str) -> dict[str, str] | None:
    """The form-type classifier's example (training_data/form_types format)."""
    text = opening_text(doc)
    if not form_type or not text:
        return None
    return {"text": text, "label": form_type, "group": group}


@dataclass
class _Para:
    text: str
    line: int
    spans: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)

    def free(self, a: int, b: int) -> bool:
        return all(b <= s["start"] or a >= s["end"] for s in self.spans)

    def find(self, needle: str, lo: int = 0, hi: int | None = None) -> int:
        """A free occurrence of ``needle`` in ``text[lo:hi]`` (-1 if none)."""
        hi = len(self.text) if hi is None else hi
        k = self.text.find(needle, lo, hi) if needle else -1
        while k >= 0 and not self.free(k, k + len(needle)):
            k = self.text.find(needle, k + 1, hi)
        return k


class _Annotator:
    def __init__(self, paras: list[_Para]) -> None:
        self.paras = paras
        self.next_id = 0

    def add(self, p: _Para, start: int, length: int, label: str) -> int:
        span_id = self.next_id
        self.next_id += 1
        p.spans.append({"start": start, "end": start + length, "label": label, "id": span_id})
        return span_id

    def name(self, name: str, cursor: tuple[int, int]) -> tuple[int, int] | None:
        """(paragraph, offset) of the name's first free mention at or after ``cursor``."""
        pi, off = cursor
        for i in range(pi, len(self.paras)):
            k = self.paras[i].find(name, off if i == pi else 0)
            if k >= 0:
                return i, k
        return None

    def value(self, text: str, pi: int, after: int, last: int) -> tuple[int, int] | None:
        """A value after its name in the name's paragraph, else anywhere in it, else
        in the paragraphs below up to ``last`` (an analysis under a name line)."""
        p = self.paras[pi]
        for lo in (after, 0):
            k = p.find(text, lo)
            if k >= 0:
                return pi, k
        for i in range(pi + 1, min(last, len(self.paras) - 1) + 1):
            k = self.paras[i].find(text)
            if k >= 0:
                return i, k
        return None

    def heading(
        self, word: str | None, label: str, lo: tuple[int, int], hi: tuple[int, int]
    ) -> None:
        """The last mention of a level word or goal between two positions."""
        if not word:
            return
        for i in range(hi[0], lo[0] - 1, -1):
            p = self.paras[i]
            start = lo[1] if i == lo[0] else 0
            end = hi[1] if i == hi[0] else len(p.text)
            k = p.text.rfind(word, start, end)
            if k >= 0 and p.free(k, k + len(word)):
                self.add(p, k, len(word), label)
                return


def _text(v: Any) -> str:
    if isinstance(v, dict):
        v = v.get("text")
    return _WS.sub("", str(v)) if v else ""


def _row_values(gold_row: dict[str, Any], record: dict[str, Any] | None) -> dict[str, str]:
    out = {"target": _text(gold_row.get("target")), "actual": _text(gold_row.get("actual"))}
    # The gold holds the claim's label only: its words are the approved record's.
    out["claim"] = _text((record or {}).get("status")) if gold_row.get("status") else ""
    return out


def _claim_words(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The claim words of the approved records by label, longest first."""
    out: dict[str, set[str]] = {}
    for r in records:
        status = r.get("status") or {}
        if status.get("label") and _text(status):
            out.setdefault(status["label"], set()).add(_text(status))
    return {label: sorted(words, key=lambda w: (-len(w), w)) for label, words in out.items()}


def prose_annotations(
    doc: Document, gold: dict[str, Any], records: list[dict[str, Any]], doc_id: str
) -> list[dict[str, Any]]:
    """Every paragraph of a narrative document with the approved fields' spans and
    relations (training_data/prose format); [] when the names cannot be found."""
    blocks = [b for b in doc.blocks() if b.kind == BlockKind.paragraph and b.text.strip()]
    paras = [
        _Para(b.text.strip(), doc.text[: b.evidence.char_start or 0].count("\n") + 1)
        for b in blocks
    ]
    rows = [r for r in gold.get("indicators", []) if r.get("name")]
    if not paras or not rows:
        return []
    ann = _Annotator(paras)
    by_name = {_text((r.get("name") or {}).get("value")): r for r in records}
    claim_words = _claim_words(records)
    cursor = (0, 0)
    found = 0
    group = None
    for n, row in enumerate(rows):
        name = _WS.sub("", str(row["name"]))
        at = ann.name(name, cursor)
        if at is None:
            continue
        found += 1
        pi, k = at
        p = paras[pi]
        head = ann.add(p, k, len(name), "NAME")
        # Level words and the goal are written before the name, after the previous row.
        ann.heading(row.get("level2"), "LEVEL2", cursor, at)
        ann.heading(row.get("level1"), "LEVEL1", cursor, at)
        if row.get("group") and row["group"] != group:
            group = row["group"]
            ann.heading(_WS.sub("", str(group)), "GROUP", cursor, at)
        nxt = next(
            (ann.name(_WS.sub("", str(r["name"])), (pi, k + len(name))) for r in rows[n + 1 :]),
            None,
        )
        last = nxt[0] if nxt else pi + 1
        values = _row_values(row, by_name.get(name))
        values["deviation"] = _text(row.get("deviation"))
        if not values["claim"] and row.get("status"):
            # A claim the engine missed: the words this report uses for that label elsewhere,
            # after the name and before the next one.
            end = nxt[1] if nxt and nxt[0] == pi else len(p.text)
            values["claim"] = next(
                (
                    w
                    for w in claim_words.get(row["status"], [])
                    if p.find(w, k + len(name), end) >= 0
                ),
                "",
            )
        for key, label in (*_VALUE_LABELS, ("deviation", "DEVIATION")):
            where = ann.value(values[key], pi, k + len(name), last) if values[key] else None
            if where is not None:
                tail = ann.add(paras[where[0]], where[1], len(values[key]), label)
                p.relations.append({"head": head, "tail": tail, "label": f"{label}_OF"})
        cursor = (pi, k + len(name))
    if found < MIN_NAMES_FOUND * len(rows):
        return []
    return [
        {
            "doc_id": doc_id,
            "line": p.line,
            "text": p.text,
            "spans": sorted(p.spans, key=lambda s: s["start"]),
            **({"relations": p.relations} if p.relations else {}),
        }
        for p in paras
    ]
