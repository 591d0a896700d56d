"""Wide project tables: one project a row, indicators as column pairs.

Project self-evaluation summaries put each project on one row: its name
and budget, the year's goal and overall claim, then a (年度指标内容, 完成情况)
pair for each level-2 indicator group (数量, 质量, 时效, 成本, 效益…, 满意度),
then problems and fixes. Column positions drift from row to row in
extracted text, so pairs are found by content — an indicator text followed
by a completion claim — and their level-2 group by a monotone alignment
of the pairs to the framework's order, guided by what each text talks about.
"""

from __future__ import annotations

import re

import numpy as np

from extractor.engine.candidates import Candidate
from extractor.engine.features import cached_value
from extractor.types import (
    Cell,
    Evidence,
    IndicatorRecord,
    ScalarField,
    StatusField,
    TableRegion,
    TextField,
)
from extractor.vocab import level1_of, squash

# The national framework's order of level-2 groups in project tables.
FRAMEWORK_ORDER = [
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标",
    "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
]  # fmt: skip
# What an indicator text of each group tends to talk about.
_CUES = {
    "数量指标": r"\d+\s*(个|件|人|户|次|场|本|份|对|宗|名|家|所|项|张|学时|平米)|数量|不少于\d",
    "质量指标": r"合格|质量|达标|准确|验收|规范|标准",
    "时效指标": r"及时|按时|时间|月底|月份|月前|年底|期限|时效|如期",
    "成本指标": r"成本|预算|资金|经费|费用",
    "经济效益指标": r"经济|收入|减轻.*负担|节约",
    "社会效益指标": r"社会|效益|作用|提升|促进|保障|和谐",
    "生态效益指标": r"生态|环境|绿色",
    "可持续影响指标": r"可持续|长期|长效",
    "服务对象满意度指标": r"满意",
}
_STATUS = re.compile(
    r"^(已|未|基本|部分|全额|全部|按时|按期|如期|及时|超额|尚未)?(完成|达成|达到|先成|戍成|完场)|^不适用$"
)
_FIGURE = re.compile(r"^[-+]?[\d.,，]+%?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_status(text: str) -> bool:
    t = squash(text)
    return bool(t) and len(t) <= 12 and bool(_STATUS.search(t))


def _labels_for(region: TableRegion) -> list[str]:
    present = {lab for lab in region.pair_labels if lab}
    labels = [
        lab
        for lab in FRAMEWORK_ORDER
        if lab in present
        or lab == "成本指标"
        or (lab == "服务对象满意度指标" and "满意度指标" in present)
    ]
    return labels or FRAMEWORK_ORDER


def assign_groups(texts: list[str], labels: list[str]) -> list[str]:
    """Level-2 label of each pair text, in the framework's order.

    The form's structure fixes the ends: output indicators open with
    数量/质量/时效 and satisfaction closes the row. The pairs in between are
    aligned monotonically to the remaining labels by what they talk about.
    """
    k = len(texts)
    if k == 0:
        return []
    head = [lab for lab in ("数量指标", "质量指标", "时效指标") if lab in labels]
    tail = [lab for lab in labels if "满意" in lab][-1:]
    if k < len(head) + len(tail) + 1:
        return _align_by_cues(texts, labels)
    middle = [lab for lab in labels if lab not in head and lab not in tail]
    inner = texts[len(head) : k - len(tail)]
    return head + _align_by_cues(inner, middle or labels) + tail


def label_probability(text: str, label: str, candidates: list[str], by_position: bool) -> float:
    """The reader's own estimate that ``label`` is right for ``text``.

    A softmax over the candidate labels of (content cue + position): a label
    fixed by the form's structure and confirmed by the text is near certain;
    a middle pair whose text names no group is spread over the labels it
    could have had.
    """
    scores = np.array(
        [
            2.0 * bool(re.search(_CUES.get(lab, "$^"), text))
            + (1.0 if lab == label else 0.0)
            + (1.0 if by_position and lab == label else 0.0)
            for lab in candidates
        ]
    )
    p = np.exp(scores - scores.max())
    return float(p[candidates.index(label)] / p.sum()) if label in candidates else 0.0


def _align_by_cues(texts: list[str], labels: list[str]) -> list[str]:
    """Monotone assignment of texts to labels maximising content-cue matches."""
    k, m = len(texts), len(labels)
    if k == 0:
        return []
    if k > m:
        return [labels[min(i, m - 1)] for i in range(k)]
    cue = np.array(
        [[1.0 if re.search(_CUES.get(lab, "$^"), t) else 0.0 for lab in labels] for t in texts]
    )
    best = np.full((k + 1, m + 1), -1e9)
    best[0, :] = 0.0
    for i in range(1, k + 1):
        for j in range(i, m + 1):
            best[i, j] = max(best[i, j - 1], best[i - 1, j - 1] + cue[i - 1, j - 1])
    out: list[str] = []
    i, j = k, m
    while i > 0:
        if j - 1 >= i and best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            out.append(labels[j - 1])
            i -= 1
            j -= 1
    return out[::-1]


def _project_cell(cells: list[Cell], region: TableRegion) -> Cell | None:
    group_cols = [k for k, r in enumerate(region.columns) if r == "group"]
    texts = [c for c in cells if _CJK.search(c.text) and not is_status(c.text)]
    for c in texts:
        if c.col in group_cols:
            return c
    return texts[0] if texts else None


def _has_goal_column(region: TableRegion) -> bool:
    words = "".join(squash(c.text) for r in region.header_rows for c in r.cells)
    return "整体完成情况" in words or "年初绩效目标" in words or "年度绩效目标" in words


def read_wide_region(region: TableRegion) -> list[Candidate]:
    out: list[Candidate] = []
    labels = _labels_for(region)
    skip_goal = _has_goal_column(region)
    for row in region.rows:
        cells = [c for c in row.cells if c.text.strip()]
        project = _project_cell(cells, region)
        if project is None:
            continue
        rest = [
            c for c in cells if c.col > project.col or (c.col == project.col and c is not project)
        ]
        rest = [c for c in rest if c is not project]
        # Budget figures and the execution rate come before the indicator texts.
        start = 0
        for k, c in enumerate(rest):
            if _FIGURE.match(squash(c.text)):
                start = k + 1
            else:
                break
        seq = rest[start:]
        pairs: list[tuple[Cell, Cell | None]] = []
        i = 0
        while i < len(seq):
            c = seq[i]
            if is_status(c.text):
                i += 1
                continue
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            if nxt is not None and is_status(nxt.text):
                pairs.append((c, nxt))
                i += 2
            else:
                pairs.append((c, None))
                i += 1
        deviation: Cell | None = None
        if pairs and pairs[-1][1] is None:
            deviation = pairs.pop()[0]
        if skip_goal and pairs:
            pairs = pairs[1:]
        groups = assign_groups([p[0].text for p in pairs], labels)
        head = sum(1 for g in groups[:3] if g in ("数量指标", "质量指标", "时效指标"))
        for i, ((text_cell, status_cell), level2) in enumerate(zip(pairs, groups, strict=True)):
            fixed = i < head or (i == len(groups) - 1 and "满意" in level2)
            prob = label_probability(text_cell.text, level2, labels, fixed)
            cand = _candidate(project, text_cell, status_cell, level2, deviation)
            cand.signal("level2", role_prob=prob)
            cand.signal("level1", role_prob=prob)
            out.append(cand)
    return out


def _candidate(
    project: Cell, text_cell: Cell, status_cell: Cell | None, level2: str, deviation: Cell | None
) -> Candidate:
    name = text_cell.text.strip()
    target = cached_value(name).model_copy(deep=True)
    evidence = Evidence.union(
        [project.evidence, text_cell.evidence] + ([status_cell.evidence] if status_cell else [])
    )
    record = IndicatorRecord(
        id="",
        group=ScalarField(value=project.text.strip(), evidence=project.evidence),
        level1=ScalarField(value=level1_of(level2)),
        level2=ScalarField(value=level2),
        name=ScalarField(value=name, evidence=text_cell.evidence),
        target=target,
        actual=cached_value("").model_copy(deep=True),
        status=StatusField(text=status_cell.text.strip() if status_cell else None),
        deviation=TextField(text=deviation.text.strip() if deviation else None),
        evidence=evidence,
        source="wide_table",
    )
    cand = Candidate(record)
    # How the level-2 label was decided: by what the text talks about, or
    # only by its position among the pairs.
    cue = float(bool(re.search(_CUES.get(level2, "$^"), name)))
    cand.signal("level2", inferred=1.0, cue_match=cue)
    cand.signal("level1", inferred=1.0, cue_match=cue)
    cand.signal("status", present=float(status_cell is not None))
    for name_, cell in (("name", text_cell), ("target", text_cell), ("status", status_cell)):
        if cell is not None and cell.ocr_confidence is not None:
            cand.signal(name_, ocr_conf=cell.ocr_confidence)
    cand.signal("name", paired=float(status_cell is not None), long_text=float(len(name) > 30))
    cand.signal("target", from_name=1.0, long_text=float(len(name) > 30))
    cand.row_signals = {"wide": 1.0, "has_status": float(status_cell is not None)}
    return cand
