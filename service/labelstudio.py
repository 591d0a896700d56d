"""Label Studio interchange: a document's text and indicator spans as a task,
and annotated tasks back into gold rows.

A task holds the extracted text (``data.text``: the text every evidence
offset indexes into) and, as a prediction, one labelled span per field the
extraction located: NAME, TARGET, ACTUAL, WEIGHT, SCORE, STATUS, DEVIATION,
LEVEL1, LEVEL2, GROUP, with ``start``/``end`` character offsets. A row's
spans are tied to its NAME span by relations; the status label is a
per-region choice on the STATUS span. :data:`LABEL_CONFIG` is the matching
labelling interface.

Import reads the newest annotation (or the prediction when there is none)
and rebuilds gold rows in the scorer's format. Without relations, spans
are grouped in text order: LEVEL1/LEVEL2/GROUP carry down like merged cells,
each NAME opens a row, and the value spans after it belong to that row.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.training.corpus import gold_value
from extractor.values import parse_value
from extractor.vocab import normalize_level1, normalize_level2

LABELS = (
    "NAME",
    "TARGET",
    "ACTUAL",
    "WEIGHT",
    "SCORE",
    "STATUS",
    "DEVIATION",
    "LEVEL1",
    "LEVEL2",
    "GROUP",
)
STATUS_LABELS = ("completed", "partial", "not_completed", "not_applicable")
_COLOURS = (
    "#2563eb",
    "#16a34a",
    "#d97706",
    "#7c3aed",
    "#db2777",
    "#0891b2",
    "#65a30d",
    "#64748b",
    "#94a3b8",
    "#a16207",
)

LABEL_CONFIG = (
    "<View>\n"
    '  <Labels name="label" toName="text">\n'
    + "".join(
        f'    <Label value="{lab}" background="{col}"/>\n'
        for lab, col in zip(LABELS, _COLOURS, strict=True)
    )
    + "  </Labels>\n"
    '  <Relations><Relation value="field_of"/></Relations>\n'
    '  <Text name="text" value="$text" granularity="symbol"/>\n'
    '  <Choices name="status_label" toName="text" perRegion="true" '
    'visibleWhen="region-selected" whenLabelValue="STATUS">\n'
    + "".join(f'    <Choice value="{s}"/>\n' for s in STATUS_LABELS)
    + "  </Choices>\n</View>\n"
)

# Where a field's characters are: scalar fields carry their own evidence;
# values and status text are searched for inside the row's evidence span.
_SCALAR = {"name": "NAME", "weight": "WEIGHT", "score": "SCORE"}
_SHARED = {"level1": "LEVEL1", "level2": "LEVEL2", "group": "GROUP"}
_SEARCHED = {"target": "TARGET", "actual": "ACTUAL"}


class LabelStudioError(ValueError):
    """A task that cannot be read back (names what is wrong)."""


def _region(start: int, end: int, text: str, label: str, score: float | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": uuid.uuid4().hex[:10],
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }
    if score is not None:
        item["score"] = round(float(score), 4)
    return item


def _valid_span(text: str, ev: dict[str, Any] | None) -> tuple[int, int] | None:
    if not ev:
        return None
    a, b = ev.get("char_start"), ev.get("char_end")
    if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text):
        return a, b
    return None


def _find_in(text: str, needle: str | None, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """``needle`` inside ``span`` of ``text`` (first occurrence), else None."""
    if not needle or span is None:
        return None
    at = text.find(needle, span[0], span[1] + len(needle))
    return (at, at + len(needle)) if at >= 0 else None


def _field(rec: dict[str, Any], name: str) -> dict[str, Any]:
    value = rec.get(name)
    return value if isinstance(value, dict) else {}


def indicator_regions(
    text: str, rec: dict[str, Any], shared: dict[tuple[int, int, str], str]
) -> list[dict[str, Any]]:
    """The labelled spans of one indicator, NAME first, with relations to it.

    ``shared`` maps an already emitted (start, end, label) to its region id,
    so a level label written once above many rows is one region."""
    row_span = _valid_span(text, rec.get("evidence"))
    out: list[dict[str, Any]] = []
    ids: list[str] = []
    for field, label in {**_SCALAR, **_SHARED}.items():
        f = _field(rec, field)
        span = _valid_span(text, f.get("evidence")) or _find_in(text, _as_text(f), row_span)
        if span is None:
            continue
        key = (span[0], span[1], label)
        if field in _SHARED and key in shared:
            ids.append(shared[key])
            continue
        region = _region(span[0], span[1], text, label, f.get("confidence"))
        if field in _SHARED:
            shared[key] = region["id"]
        out.append(region)
        ids.append(region["id"])
    for field, label in _SEARCHED.items():
        f = _field(rec, field)
        span = _find_in(text, f.get("text"), row_span)
        if span is not None:
            out.append(_region(span[0], span[1], text, label, f.get("confidence")))
            ids.append(out[-1]["id"])
    status = _field(rec, "status")
    span = _find_in(text, status.get("text"), row_span)
    if span is not None:
        region = _region(span[0], span[1], text, "STATUS", status.get("confidence"))
        out.append(region)
        ids.append(region["id"])
        if status.get("label") in STATUS_LABELS:
            out.append(
                {
                    "id": region["id"],
                    "from_name": "status_label",
                    "to_name": "text",
                    "type": "choices",
                    "value": {**region["value"], "choices": [status["label"]]},
                }
            )
    deviation = _field(rec, "deviation")
    span = _find_in(text, deviation.get("text"), row_span)
    if span is not None:
        out.append(_region(span[0], span[1], text, "DEVIATION", deviation.get("confidence")))
        ids.append(out[-1]["id"])
    name_id = next((r["id"] for r in out if r["value"].get("labels") == ["NAME"]), None)
    if name_id is not None:
        for other in ids:
            if other != name_id:
                out.append(
                    {"type": "relation", "from_id": name_id, "to_id": other, "direction": "right"}
                )
    return out


def _as_text(f: dict[str, Any]) -> str | None:
    v = f.get("value", f.get("text"))
    return None if v is None else str(v)


def to_task(
    text: str, extraction: dict[str, Any], *, document_id: str | None = None
) -> dict[str, Any]:
    """A Label Studio task: the text, and the extraction as a prediction."""
    shared: dict[tuple[int, int, str], str] = {}
    result: list[dict[str, Any]] = []
    for rec in extraction.get("indicators", []):
        result.extend(indicator_regions(text, rec, shared))
    source = extraction.get("source") or {}
    return {
        "data": {
            "text": text,
            "document_id": document_id,
            "filename": source.get("filename"),
            "form_type": _field(extraction, "form_type").get("value"),
            "department": _field(extraction, "department").get("value"),
            "year": _field(extraction, "year").get("value"),
        },
        "predictions": [{"model_version": "extractor", "result": result}],
    }


class LabelStudioRegion(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str | int | None = None
    type: str | None = None
    from_name: str | None = None
    value: dict[str, Any] = Field(default_factory=dict)
    from_id: str | int | None = None
    to_id: str | int | None = None


class LabelStudioAnnotation(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: Any = None
    result: list[LabelStudioRegion] = Field(default_factory=list)
    was_cancelled: bool = False
    updated_at: Any = None


class LabelStudioTask(BaseModel):
    """One task as Label Studio exports it (the body of ``POST /v1/labelstudio/gold``)."""

    model_config = ConfigDict(extra="allow")
    data: dict[str, Any]
    annotations: list[LabelStudioAnnotation] = Field(default_factory=list)
    predictions: list[LabelStudioAnnotation] = Field(default_factory=list)


def _read_task(task: dict[str, Any]) -> LabelStudioTask:
    try:
        return LabelStudioTask.model_validate(task)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise LabelStudioError(f"not a Label Studio task: {where}: {first.get('msg')}") from exc


def _newest_result(task: LabelStudioTask) -> list[dict[str, Any]]:
    """The newest annotation not cancelled, else the last prediction."""
    done = [a for a in task.annotations if not a.was_cancelled and "result" in a.model_fields_set]
    if done:
        newest = max(done, key=lambda a: str(a.updated_at or a.id or ""))
        return [r.model_dump() for r in newest.result]
    return [r.model_dump() for r in task.predictions[-1].result] if task.predictions else []


def status_label(text: str | None) -> str | None:
    """A completion claim's label from its words (used when no choice was made)."""
    t = re.sub(r"\s+", "", text or "")
    if not t:
        return None
    if "不适用" in t or t in ("无", "/", "-"):
        return "not_applicable"
    if "部分" in t or "基本完成" in t:
        return "partial"
    if re.search(r"未完成|未达|没有完成|未实现", t):
        return "not_completed"
    if re.search(r"完成|达成|达到|实现|已先成", t):
        return "completed"
    return None


def _gold_value(text: str | None) -> dict[str, Any]:
    return gold_value(parse_value(text or ""))


def _number(text: str) -> int | float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
    if m is None:
        return None
    x = float(m.group())
    return int(x) if x.is_integer() else x


def _empty_row(context: dict[str, str], name: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "group": None,
        "level1": None,
        "level2": None,
        "name": name,
        "target": _gold_value(None),
        "actual": _gold_value(None),
        "weight": None,
        "score": None,
        "status": None,
        "deviation": None,
    }
    for label, words in context.items():
        _set(row, label, words, None)
    return row


def _set(row: dict[str, Any], label: str, text: str, choice: str | None) -> None:
    if label in ("TARGET", "ACTUAL"):
        row[label.lower()] = _gold_value(text)
    elif label in ("WEIGHT", "SCORE"):
        row[label.lower()] = _number(text)
    elif label == "STATUS":
        row["status"] = choice if choice in STATUS_LABELS else status_label(text)
    elif label == "DEVIATION":
        row["deviation"] = text
    elif label == "LEVEL1":
        row["level1"] = normalize_level1(text) or text
    elif label == "LEVEL2":
        row["level2"] = normalize_level2(text) or text
    elif label == "GROUP":
        row["group"] = text


def _spans(result: Iterable[dict[str, Any]], text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, text, region id) of every labelled span, in text order."""
    spans = []
    for item in result:
        if item.get("type") != "labels":
            continue
        value = item["value"]
        labels = value.get("labels")
        start, end = value.get("start"), value.get("end")
        if not isinstance(labels, list) or not labels or labels[0] not in LABELS:
            raise LabelStudioError(f"region {item.get('id')}: unknown label {labels!r}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise LabelStudioError(f"region {item.get('id')}: bad offsets {start!r}..{end!r}")
        words = text[start:end] if end <= len(text) else str(value.get("text") or "")
        spans.append((start, end, labels[0], words.strip(), str(item.get("id"))))
    spans.sort(key=lambda s: (s[0], s[1]))
    return spans


def task_to_gold_rows(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The annotated (or predicted) spans of a task as gold rows, in text order."""
    parsed = _read_task(task)
    text = str(parsed.data.get("text") or "")
    result = _newest_result(parsed)
    spans = _spans(result, text)
    choices = {
        str(item.get("id")): (item["value"].get("choices") or [None])[0]
        for item in result
        if item.get("type") == "choices" and item.get("from_name") == "status_label"
    }
    owners: dict[str, list[str]] = {}  # field region id -> the NAME regions it belongs to
    for item in result:
        if item.get("type") == "relation":
            owners.setdefault(str(item.get("to_id")), []).append(str(item.get("from_id")))
    rows: dict[str, dict[str, Any]] = {}
    context: dict[str, str] = {}
    for _, _, label, words, rid in spans:
        if label == "NAME":
            rows[rid] = _empty_row(context, words)
        elif label in ("LEVEL1", "LEVEL2", "GROUP") and rid not in owners:
            # A level label without relations carries down, like a merged cell.
            context[label] = words
            if label == "LEVEL1":
                context.pop("LEVEL2", None)
    current: str | None = None  # the NAME last seen, for spans without relations
    for _, _, label, words, rid in spans:
        if label == "NAME":
            current = rid
        elif rid in owners or label not in ("LEVEL1", "LEVEL2", "GROUP"):
            for owner in owners.get(rid) or ([current] if current else []):
                if owner in rows:
                    _set(rows[owner], label, words, choices.get(rid))
    order = [rid for _, _, label, _, rid in spans if label == "NAME"]
    return [rows[rid] for rid in order]


def task_to_gold(task: dict[str, Any], doc_name: str) -> dict[str, Any]:
    """A whole gold file (training_data/gold format) from an annotated task."""
    rows = task_to_gold_rows(task)
    data = _read_task(task).data
    gold: dict[str, Any] = {"doc": doc_name, "indicators": rows}
    for key in ("form_type", "department", "year"):
        if data.get(key) is not None:
            gold[key] = data[key]
    return gold
