"""Build the narrative replicas: document, gold and prose span annotations.

Each report is written once, by hand, in a small markup (``narratives.py``,
``narratives_blind.py``, ``narratives_real.py``, ``narratives_blind_real.py``,
``narratives_real2.py``, ``narratives_blind_real2.py``, ``narratives_real3.py``): ``[N:新建村级服务站]`` marks an indicator's name,
``[T:不少于28个]`` its target, ``[A:三十个]`` its actual, ``[C:已完成]`` its
completion claim, ``[D:…]`` the reason given for a miss, ``[L1:产出指标]`` /
``[L2:数量指标]`` the level headings, ``[G:…]`` a goal/project heading. A
value belongs to the latest name before it; ``[T#x:…]`` and ``[N#x:…]`` tie a
value to a name that comes later (target stated before the name). A line
with tabs is a table row. The same name written twice (prose and attached
table) is one gold row: the table's target and actual, the prose's claim.

Run from the repository root: ``python training_data/replicas/build_narratives.py``.
It writes ``docs/n_<nn>_<sector>.<ext>``, ``gold/<stem>.json``,
``prose/<stem>.jsonl`` (training reports only) and ``manifest/narrative.jsonl``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from extractor.engine.prose.normalise import (  # noqa: E402
    _rule_label,
    level1_of_level2,
    level1_under,
    normalise_level1,
    normalise_level2,
)
from extractor.ingest.testing import Grid, docx_bytes, html_bytes, pdf_bytes  # noqa: E402
from extractor.training.corpus import gold_value  # noqa: E402
from extractor.values import parse_value  # noqa: E402

DATA = ROOT / "training_data"
LABELS = {"N": "NAME", "T": "TARGET", "A": "ACTUAL", "C": "CLAIM", "D": "DEVIATION"}
LABELS |= {"L1": "LEVEL1", "L2": "LEVEL2", "G": "GROUP"}
RELATION = {"TARGET": "TARGET_OF", "ACTUAL": "ACTUAL_OF", "CLAIM": "CLAIM_OF"}
RELATION["DEVIATION"] = "DEVIATION_OF"
MARK = re.compile(r"\[(L1|L2|N|T|A|C|D|G)(?:#([\w,]+))?:([^\[\]]*)\]")


@dataclass
class Span:
    id: int
    line: int  # 0-based line of the plain text
    start: int  # offsets into the line
    end: int
    label: str
    text: str
    tag: str | None
    in_table: bool


@dataclass
class Parsed:
    lines: list[str]
    spans: list[Span] = field(default_factory=list)
    relations: list[tuple[int, int, str]] = field(default_factory=list)  # head, tail, label


def parse(markup: str) -> Parsed:
    lines: list[str] = []
    spans: list[Span] = []
    for raw in markup.strip("\n").splitlines():
        out, pos = "", 0
        for m in MARK.finditer(raw):
            out += raw[pos : m.start()]
            label = LABELS[m.group(1)]
            text = m.group(3)
            spans.append(
                Span(
                    len(spans),
                    len(lines),
                    len(out),
                    len(out) + len(text),
                    label,
                    text,
                    m.group(2),
                    "\t" in raw,
                )
            )
            out += text
            pos = m.end()
        out += raw[pos:]
        lines.append(out)
    parsed = Parsed(lines, spans)
    last_name: Span | None = None
    for s in spans:
        if s.label == "NAME":
            last_name = s
        elif s.label in RELATION:
            heads = [last_name]
            if s.tag:  # one value (a shared claim) may belong to several names
                tags = s.tag.split(",")
                heads = [n for n in spans if n.label == "NAME" and n.tag in tags]
            if not heads or heads[0] is None:
                raise ValueError(f"{s.text}: no name before it")
            for head in heads:
                parsed.relations.append((head.id, s.id, RELATION[s.label]))
    return parsed


def _status(claim: str | None) -> str | None:
    if claim is None:
        return None
    label, _ = _rule_label(claim)
    return label


def _value(text: str | None) -> dict[str, Any]:
    if text is None:
        return {
            "text": None,
            "kind": "missing",
            "op": None,
            "value": None,
            "upper": None,
            "unit": None,
        }
    return gold_value(parse_value(text))


def gold_rows(parsed: Parsed) -> list[dict[str, Any]]:
    """One row per distinct name, in order of first mention."""
    by_id = {s.id: s for s in parsed.spans}
    fields: dict[int, dict[str, Span]] = {}
    for head, tail, _ in parsed.relations:
        fields.setdefault(head, {})
        span = by_id[tail]
        old = fields[head].get(span.label)
        if old is None or (span.in_table and not old.in_table):
            fields[head][span.label] = span
    rows: dict[str, dict[str, Any]] = {}
    group = level1 = level2 = None
    for s in parsed.spans:
        if s.label == "GROUP":
            group, level1, level2 = s.text, None, None
        elif s.label == "LEVEL1":
            level1, level2 = normalise_level1(s.text), None
        elif s.label == "LEVEL2":
            level2 = normalise_level2(s.text)
            level1 = level1_under(level1, level2)
        elif s.label == "NAME":
            f = fields.get(s.id, {})
            row = rows.get(s.text)
            if row is None:
                row = rows[s.text] = {
                    "group": group,
                    "level1": level1 or (level1_of_level2(level2) if level2 else None),
                    "level2": level2,
                    "name": s.text,
                    "_table": {},
                    "_f": {},
                }
            for label, span in f.items():
                old = row["_f"].get(label)
                if old is None or (span.in_table and not old.in_table):
                    row["_f"][label] = span
    out = []
    for row in rows.values():
        f = row.pop("_f")
        row.pop("_table")
        text = {
            k: (f[k].text if k in f else None) for k in ("TARGET", "ACTUAL", "CLAIM", "DEVIATION")
        }
        row["target"] = _value(text["TARGET"])
        row["actual"] = _value(text["ACTUAL"])
        row["status"] = _status(text["CLAIM"])
        row["deviation"] = text["DEVIATION"]
        if row["level1"] == "满意度指标" and row["level2"] is None:
            row["level2"] = "满意度指标"  # the framework's only level 2 under 满意度
        if row["level1"] is None and row["level2"] is None:
            del row["level1"], row["level2"]  # no heading: not scored
        out.append(row)
    return out


def prose_lines(stem: str, parsed: Parsed) -> list[dict[str, Any]]:
    """One annotation line per paragraph (non-blank, non-table line)."""
    rel_by_tail: dict[int, list[tuple[int, str]]] = {}
    for head, tail, label in parsed.relations:
        rel_by_tail.setdefault(tail, []).append((head, label))
    out = []
    for n, line in enumerate(parsed.lines):
        if not line.strip() or "\t" in line:
            continue
        lead = len(line) - len(line.lstrip())
        text = line.strip()
        spans, rels = [], []
        for s in parsed.spans:
            if s.line != n:
                continue
            spans.append(
                {"start": s.start - lead, "end": s.end - lead, "label": s.label, "id": s.id}
            )
            for head, label in rel_by_tail.get(s.id, []):
                rels.append({"head": head, "tail": s.id, "label": label})
        row: dict[str, Any] = {"doc_id": stem, "line": n + 1, "text": text, "spans": spans}
        if rels:
            row["relations"] = rels
        out.append(row)
    return out


def items_of(lines: list[str]) -> list[Grid | str]:
    """Paragraph strings and table grids (runs of tab lines) for docx/html/pdf."""
    items: list[Grid | str] = []
    rows: list[list[str]] = []
    for line in lines + [""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            items.append(Grid(rows))
            rows = []
        if line.strip():
            items.append(line.strip())
    return items


def render(parsed: Parsed, fmt: str) -> bytes:
    if fmt == "txt":
        return ("\n".join(parsed.lines) + "\n").encode("utf-8")
    items = items_of(parsed.lines)
    if fmt == "docx":
        return docx_bytes(items)
    if fmt == "html":
        return html_bytes(items)
    if fmt == "pdf":
        return pdf_bytes(items, font_size=9)
    raise ValueError(fmt)


def build(report: dict[str, Any]) -> dict[str, Any]:
    stem, fmt = report["stem"], report["format"]
    parsed = parse(report["text"])
    (DATA / "docs" / f"{stem}.{fmt}").write_bytes(render(parsed, fmt))
    gold = {
        "doc": f"{stem}.{fmt}",
        "form_type": "evaluation_report",
        "department": report["department"],
        "year": report["year"],
        "indicators": gold_rows(parsed),
    }
    (DATA / "gold" / f"{stem}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    prose = DATA / "prose" / f"{stem}.jsonl"
    if report["split"] == "train":
        rows = prose_lines(stem, parsed)
        prose.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    elif prose.exists():
        prose.unlink()
    return {
        "doc": stem,
        "layout": report["layout"],
        "kind": "narrative",
        "sector": report["sector"],
        "origin": "replica",
        "split": report["split"],
        "format": fmt,
        "description": report["description"],
    }


def main() -> None:
    from narratives import REPORTS
    from narratives_blind import BLIND
    from narratives_blind_real import BLIND as BLIND_REAL
    from narratives_blind_real2 import BLIND as BLIND_REAL2
    from narratives_real import REPORTS as REPORTS_REAL
    from narratives_real2 import REPORTS as REPORTS_REAL2
    from narratives_real3 import REPORTS as REPORTS_REAL3

    reports = (
        BLIND + BLIND_REAL + BLIND_REAL2 + REPORTS + REPORTS_REAL + REPORTS_REAL2 + REPORTS_REAL3
    )
    entries = [build(r) for r in reports]
    (DATA / "manifest" / "narrative.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    print(f"{len(entries)} narrative replicas written")


if __name__ == "__main__":
    main()
