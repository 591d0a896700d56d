"""Level labels (the genre's fixed 一级/二级 names, also in wrapped pieces):
taken out of the lines they stand on, then given to the rows they are
centred on."""

from __future__ import annotations

import re

from extractor.ingest.reading_order.fragments import BARE_NUMBER, Fragment, RebuiltRow, is_value
from extractor.vocab import LEVEL1, LEVEL2, level1_of

_POINTS = re.compile(r"[（(]\s*\d*\s*分?\s*[）)]?$|^\d*\s*分\s*[）)]$")
_POINTS_TAIL = re.compile(r"^(?:\d*\s*分)?\s*[）)]$|^[（(]\s*\d*$|^[（(]\s*\d+\s*分\s*[）)]$")
# The form's printed row markers (指标1： 指标2： ……): a one-line cell left of
# the name in every row, written also in rows left empty; no part of a name.
_ROW_MARKER = re.compile(r"^指标\s*\d+\s*[：:]?$|^[…\.。]{2,}$")
_LABELS = set(LEVEL1) | set(LEVEL2)
COLUMN_LABEL = "绩效指标"  # the merged first column of a project form, no level


def norm_label(text: str) -> str:
    return _POINTS.sub("", re.sub(r"\s+", "", text))


def label_level(text: str) -> int | None:
    s = norm_label(text)
    if s == COLUMN_LABEL:
        return 0
    if s in LEVEL1 and s not in LEVEL2:
        return 1
    if s in LEVEL2 and s not in LEVEL1:
        return 2
    if s in _LABELS:
        return 3  # 满意度指标 / 成本指标: level 1 or 2 by its neighbours
    return None


def is_label_prefix(text: str) -> bool:
    """The first line of a wrapped level label (服务对象满意 / 度指标). A label
    column is at least four characters wide; shorter pieces (数量) are more
    often the tail of a wrapped name."""
    s = norm_label(text)
    return len(s) >= 4 and any(lab.startswith(s) and lab != s for lab in _LABELS)


class LabelReader:
    """Takes level labels out of a region's lines, top to bottom; a label's
    first piece waits in ``pending`` for the line that completes it."""

    def __init__(self) -> None:
        self.labels: list[tuple[int, float, Fragment, bool]] = []  # level, line, label, ambiguous
        self.pending: Fragment | None = None
        # lines of the template's row markers (指标2：, ……): rows of the form,
        # left unfilled where no rebuilt row holds the line
        self.marker_lines: set[int] = set()

    def take(self, frags: list[Fragment], line: int) -> list[Fragment]:
        """Level labels (and their wrapped pieces) out of a line's fragments."""
        rest, found = [], []
        in_labels = True  # labels stand left of the name: none after a text or a level 2
        stale = self.pending
        for k, f in enumerate(frags):
            if self.pending is not None:
                joined = self.pending.text + f.text
                if label_level(joined) is not None:
                    p = self.pending
                    found.append(Fragment(joined, p.start, f.end, p.line, p.written + f.written))
                    self.pending = stale = None
                    in_labels = label_level(joined) != 2
                    continue
            if _POINTS_TAIL.match(f.text):
                continue  # the points of a wrapped level label: 产出指标（5 / 0分）
            if _ROW_MARKER.match(f.text):
                self.marker_lines.add(f.line)
                continue
            level = label_level(f.text) if in_labels else None
            if level is not None:
                found.append(f)
                in_labels = level != 2
            elif (
                in_labels
                and is_label_prefix(f.text)
                and not is_value(f.text)
                # a row's values right after it (an anchor's, with a bare
                # number): it is the row's name (服务对象满意度 ≥90% 96% 10),
                # a label stands left of a name
                and not (
                    k + 1 < len(frags)
                    and is_value(frags[k + 1].text)
                    and any(BARE_NUMBER.match(g.text) for g in frags[k + 1 :])
                )
            ):
                self.pending = f
            else:
                rest.append(f)
                in_labels = False
        if stale is not None and self.pending is stale and line - stale.line > 3:
            # A piece the next lines did not complete: it was text after all.
            self.pending = None
            rest.insert(0, stale)
        levels = [label_level(f.text) for f in found]
        for k, (f, level) in enumerate(zip(found, levels, strict=True)):
            if level == 0 or level is None:
                continue
            ambiguous = level == 3
            if ambiguous:
                # 成本指标 alone is the older framework's level 2 under 产出指标;
                # 满意度指标 alone is the level-1 group.
                alone = 2 if norm_label(f.text) == "成本指标" else 1
                level = 1 if k + 1 < len(found) else (2 if k > 0 else alone)
            self.labels.append((level, (f.line + line) / 2, f, ambiguous))
        return rest


def labelled_rows(
    rows: list[RebuiltRow],
    read: list[tuple[int, float, Fragment, bool]],
    marker_lines: set[int] | frozenset[int] = frozenset(),
) -> list[dict[str, Fragment]]:
    """Each row's level labels (``read`` as ``LabelReader.labels``): a label is
    centred on its group of rows, so a group ends where the rows from its
    start are centred on the label. The template's rows left unfilled (a
    row marker's line no rebuilt row holds) are rows its labels are centred
    over too: they count in the centring, and a label whose group starts
    with them goes to the group's first filled row (none where every row of
    its group is unfilled: the next filled row has a label of its own)."""
    spans = [(r.first_line, r.last_line) for r in rows]
    empty = sorted(y for y in marker_lines if not any(a <= y <= b for a, b in spans))
    if not rows or not empty:
        return _labelled(rows, read)
    phantoms = [RebuiltRow(anchor=y, first_line=y, last_line=y) for y in empty]
    every = sorted([*rows, *phantoms], key=lambda r: r.anchor)
    labelled = _labelled(every, read)
    out: dict[int, dict[str, Fragment]] = {}
    carried: dict[str, Fragment] = {}
    for row, labels in zip(every, labelled, strict=True):
        if any(row is p for p in phantoms):
            carried.update(labels)
            continue
        out[id(row)] = {**carried, **labels}
        carried = {}
    return [out[id(r)] for r in rows]


def _labelled(
    rows: list[RebuiltRow], read: list[tuple[int, float, Fragment, bool]]
) -> list[dict[str, Fragment]]:
    out: list[dict[str, Fragment]] = [{} for _ in rows]
    n = len(rows)
    read = _framework_levels(read)
    l1_names = {norm_label(t.text): t for lv, _, t, _ in read if lv == 1}
    for level in (2, 1):
        if level == 1 and _level1_from_level2(out, l1_names):
            break
        labels = _with_rows(
            rows, sorted(((y, t) for lv, y, t, _ in read if lv == level), key=lambda x: x[0])
        )
        start = 0
        for k, (y, text) in enumerate(labels):
            if start >= n:
                break
            last = n - 1 - (len(labels) - 1 - k)  # leave a row for each later label
            if k == len(labels) - 1:
                end = n - 1
            else:
                end = min(
                    range(start, max(start, last) + 1),
                    key=lambda e: _off(rows, start, e, y),
                )
            out[start][f"level{level}"] = text
            start = end + 1
    return out


def _framework_levels(
    read: list[tuple[int, float, Fragment, bool]],
) -> list[tuple[int, float, Fragment, bool]]:
    """An ambiguous label read as level 2 (成本指标 alone) is level 1 when
    level-2 labels of its group were read (经济成本指标: the 2021 framework
    made 成本指标 a level-1 group)."""
    groups = {level1_of(norm_label(t.text)) for lv, _, t, amb in read if lv == 2 and not amb}
    return [
        (1 if amb and lv == 2 and norm_label(t.text) in groups else lv, y, t, amb)
        for lv, y, t, amb in read
    ]


def _with_rows(
    rows: list[RebuiltRow], labels: list[tuple[float, Fragment]]
) -> list[tuple[float, Fragment]]:
    """Labels without a row of their own left out (a level-2 label the form
    lists with no indicator): one that lies between two rows each centred
    on a neighbouring label."""
    spans = [(r.first_line - 0.5, r.last_line + 0.5) for r in rows]

    def inside(y: float) -> int | None:
        return next((k for k, (a, b) in enumerate(spans) if a <= y <= b), None)

    out = []
    for k, (y, lab) in enumerate(labels):
        between = inside(y) is None
        before = labels[k - 1][0] if k else None
        after = labels[k + 1][0] if k + 1 < len(labels) else None
        hemmed = (
            before is not None
            and after is not None
            and inside(before) is not None
            and inside(after) is not None
            and inside(after) == inside(before) + 1  # type: ignore[operator]
        )
        if not (between and hemmed):
            out.append((y, lab))
    return out


def _off(rows: list[RebuiltRow], start: int, end: int, y: float) -> float:
    """How far rows start..end are from being centred on line ``y``: by
    their extent and by their anchors (a viewer's line grouping shifts
    one or the other)."""
    a, b = rows[start], rows[end]
    return abs((a.first_line + b.last_line) / 2 - y) + abs((a.anchor + b.anchor) / 2 - y)


def _level1_from_level2(out: list[dict[str, Fragment]], l1_names: dict[str, Fragment]) -> bool:
    """Level-1 labels put on the first row of the first level-2 group of
    their framework group (数量指标 -> 产出指标), when every level-2 group
    has a level-1 label among those read."""
    starts = [(r, norm_label(o["level2"].text)) for r, o in enumerate(out) if "level2" in o]
    groups = [(r, level1_of(l2)) for r, l2 in starts]
    if not groups or any(g not in l1_names for _, g in groups):
        return False
    prev = None
    for r, g in groups:
        if g != prev:
            out[r]["level1"] = l1_names[str(g)]
        prev = g
    return True
