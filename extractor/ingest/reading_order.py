"""Rebuild a table's cells from text copied out of a PDF viewer.

A viewer copies a ruled table line by line in the order of the text's height
on the page. Cells are centred vertically, so a one-line cell's text lands
between the wrapped lines of its neighbours: a name's first line comes before
the row's values and its second line after them, a level label spanning
several rows sits in the middle of its group, and two wrapped columns' lines
share lines. This module explains such text as rows again:

* an *anchor* line holds a row's one-line cells (its weight, target, actual,
  score): one anchor per row;
* a cell is centred on its row's anchor, so as many of its lines lie below
  the anchor as above it: a fragment of a column goes to the row above while
  that row's cell has fewer lines below than above, else it opens the next
  row's cell (text copied one run a line, where a line's runs come apart,
  also uses widths: a wrapped cell's lines other than its last are as wide
  as its column);
* level labels (the genre's fixed 一级/二级 names, also in wrapped pieces) are
  given to the rows they are centred on;
* the header's column order says which value is which.

Each rebuilt cell keeps the character span of its fragments in the original
text (evidence never points into a rewritten text). Where the text allows
more than one explanation (a fragment that could continue either of two
columns, a cell that had to give back its last fragment), the row's cells
carry ``order_guess`` so the calibrator can lower their confidence.

Only text that shows the interleaving is rebuilt: a header line, anchors, and
text-only lines between anchors. Tab tables and well-ordered rows are left to
``layout_text``; PDFs are read by their geometry (``ingest.pdf``), never here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from extractor.ingest.layout_text import Line, split_lines
from extractor.types import Block, BlockKind, Cell, Evidence, Page, Row
from extractor.vocab import LEVEL1, LEVEL2

# Header words of the indicator table, and the column each stands for.
_HEADER_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "分值": "weight",
    "权重": "weight",
    "年度指标值": "target",
    "年初目标值": "target",
    "指标值": "target",
    "实际完成值": "actual",
    "全年实际值": "actual",
    "完成值": "actual",
    "得分": "score",
    "偏差原因分析及改进措施": "deviation",
    "偏差原因分析": "deviation",
    "未完成原因分析": "deviation",
}
# Where a header word sits in the genre's column order (分值 may stand before
# the target or after the actual, so it has no rank of its own).
_RANK = {
    "level1": 0,
    "level2": 1,
    "name": 2,
    "target": 4,
    "actual": 5,
    "score": 7,
    "deviation": 8,
}
_VALUE_COLUMNS = ("weight", "target", "actual", "score")
# A fragment that is (part of) a value: comparator, number, date or claim.
_VALUE = re.compile(
    r"^(?:[≥≤<>=＞＜≧≦]|[-+]?\d|[一二三四五六七八九十]+[个项次]$|.{0,4}前$)|%$|‰$|达成|已完成|未完成|完成$"
)
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# A qualitative target or actual (持续提升, 有效保障): a short phrase ending in a
# word of change or state, as the genre writes them; names end in what is
# counted (率, 度, 数量, 时间) instead.
_QUALITATIVE = re.compile(
    r"^.{0,6}(?:提升|提高|增强|改善|完善|健全|可持续|有效|明显|良好|稳定|形成|加强|保障|达标|合格|及时|按时|开放|"
    r"建立|建成|实现|到位|落实)$|^已.{1,4}$"
)
_POINTS = re.compile(r"[（(]\s*\d*\s*分?\s*[）)]?$|^\d*\s*分\s*[）)]$")
# A reason or measure (偏差原因分析及改进措施) is written as a sentence.
_SENTENCE = re.compile(r"[，；。,;]")
_GOES_ON = "，、：；（(“"
_POINTS_TAIL = re.compile(r"^(?:\d*\s*分)?\s*[）)]$|^[（(]\s*\d*$")
_FOOTER = re.compile(r"^第\s*\d+\s*页|^-\s*\d+\s*-$|^\d+\s*/\s*\d+$")
_END = re.compile(r"^(?:总分|合计|总计)")
_LABELS = set(LEVEL1) | set(LEVEL2)
_COLUMN_LABEL = "绩效指标"  # the merged first column of a project form, no level


@dataclass
class Fragment:
    text: str  # in simplified characters: what every rule here reads
    start: int
    end: int
    line: int  # index into the visual lines
    written: str = ""  # as written in the text (traditional characters kept)

    @property
    def width(self) -> float:
        """Display width: a CJK or full-width character 1, an ASCII one 0.5."""
        return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in self.text)


class VisualLine(NamedTuple):
    line: Line  # the first text line it was read from
    frags: list[Fragment]
    runs_joined: bool = False  # one-value lines joined: the text has one run a line


@dataclass
class RebuiltRow:
    cells: dict[str, list[Fragment]] = field(default_factory=dict)
    guessed: bool = False
    anchor: int = -1  # the visual line of the row's one-line values
    first_line: int = 0
    last_line: int = 0

    def add(self, column: str, frag: Fragment) -> None:
        self.cells.setdefault(column, []).append(frag)


def _norm_label(text: str) -> str:
    return _POINTS.sub("", re.sub(r"\s+", "", text))


def _label_level(text: str) -> int | None:
    s = _norm_label(text)
    if s == _COLUMN_LABEL:
        return 0
    if s in LEVEL1 and s not in LEVEL2:
        return 1
    if s in LEVEL2 and s not in LEVEL1:
        return 2
    if s in _LABELS:
        return 3  # 满意度指标 / 成本指标: level 1 or 2 by its neighbours
    return None


def _is_label_prefix(text: str) -> bool:
    """The first line of a wrapped level label (服务对象满意 / 度指标). A label
    column is at least four characters wide; shorter pieces (数量) are more
    often the tail of a wrapped name."""
    s = _norm_label(text)
    return len(s) >= 4 and any(lab.startswith(s) and lab != s for lab in _LABELS)


def _is_value(text: str) -> bool:
    return bool(_VALUE.search(text))


def _visual_lines(text: str) -> list[VisualLine]:
    """Every non-blank line and its whitespace-separated fragments. Where a
    viewer copied one text run a line, a run of one-value lines is one
    visual line (the row's values side by side)."""
    from extractor.chinese_script import to_simplified  # same length: offsets hold

    simple = to_simplified(text)
    out: list[VisualLine] = []
    prev_kind: str | None = None
    for line in split_lines(text):
        frags = [
            Fragment(
                simple[line.start + m.start() : line.start + m.end()],
                line.start + m.start(),
                line.start + m.end(),
                len(out),
                m.group(),
            )
            for m in re.finditer(r"\S+", line.text)
        ]
        if not frags or _FOOTER.match(line.text.strip()):
            continue
        frags = _join_spaced(frags)
        kind = None
        if len(frags) == 1:
            kind = "value" if _is_value(frags[0].text) else None
            # A qualitative target's run just before the values joins them.
            after_qualitative = bool(out) and len(out[-1].frags) == 1 and prev_kind is None
            if kind and after_qualitative and _QUALITATIVE.match(out[-1].frags[0].text):
                frags[0].line = len(out) - 1
                out[-1].frags.append(frags[0])
                prev_kind = kind
                continue
            kind = "header" if frags[0].text in _HEADER_COLUMNS else kind
        if kind is not None and kind == prev_kind:
            frags[0].line = len(out) - 1
            out[-1][1].append(frags[0])
            if kind == "value":
                out[-1] = VisualLine(out[-1].line, out[-1].frags, True)
            continue
        prev_kind = kind
        out.append(VisualLine(line, frags))
    return out


def _join_spaced(frags: list[Fragment]) -> list[Fragment]:
    """Letter-spaced words (产 出 指 标) as one fragment: runs of three or more
    single Chinese characters, which no column of a form is narrow enough to
    give (two single characters may be the tails of two wrapped cells)."""
    out: list[Fragment] = []
    run: list[Fragment] = []
    for f in [*frags, None]:
        if f is not None and len(f.text) == 1 and "\u4e00" <= f.text <= "\u9fff":
            run.append(f)
            continue
        if len(run) >= 3:
            first = run[0]
            text, written = "".join(g.text for g in run), "".join(g.written for g in run)
            out.append(Fragment(text, first.start, run[-1].end, first.line, written))
        else:
            out.extend(run)
        run = []
        if f is not None:
            out.append(f)
    return out


def _header_columns(frags: list[Fragment]) -> list[str] | None:
    cols = [_HEADER_COLUMNS[f.text] for f in frags if f.text in _HEADER_COLUMNS]
    if len(cols) >= 4 and "name" in cols and len([c for c in cols if c in _VALUE_COLUMNS]) >= 2:
        return cols
    return None


def _unexplained_header(frags: list[Fragment]) -> bool:
    """A header column this module cannot place (评分标准, 指标解释): its text
    would be read into the name, so such a table is left as it is."""
    return any(
        f.text not in _HEADER_COLUMNS and not _header_piece(f.text) and f.text != _COLUMN_LABEL
        for f in frags
    )


def _complete_header(cols: list[str], pieces: list[Fragment]) -> list[str]:
    """Header words wrapped around the header line (实际完 / 成值) put back in the
    genre's column order."""
    texts = [p.text for p in pieces]
    for i in range(len(texts)):
        for j in range(len(texts)):
            word = texts[i] + texts[j]
            col = _HEADER_COLUMNS.get(word)
            if i != j and col and col not in cols:
                rank = _RANK.get(col, 9)
                at = max((k + 1 for k, c in enumerate(cols) if _RANK.get(c, -1) < rank), default=0)
                cols = cols[:at] + [col] + cols[at:]
    return cols


@dataclass
class _Region:
    header_line: int
    end_line: int  # exclusive
    columns: list[str]
    body_start: int = 0


def _header_piece(text: str) -> bool:
    return not _is_value(text) and any(
        w != text and (w.startswith(text) or w.endswith(text)) for w in _HEADER_COLUMNS
    )


def _attach_header_pieces(lines: list[VisualLine], region: _Region) -> None:
    """Header words wrapped around the header line: a line of pieces just
    before it and one just after it (实际完 / header / 成值)."""
    h = region.header_line
    pieces: list[Fragment] = []
    if h > 0 and all(_header_piece(f.text) for f in lines[h - 1][1]):
        pieces += lines[h - 1][1]
    pieces += [f for f in lines[h][1] if f.text not in _HEADER_COLUMNS]
    region.body_start = h + 1
    if h + 1 < region.end_line and all(_header_piece(f.text) for f in lines[h + 1][1]):
        pieces += lines[h + 1][1]
        region.body_start = h + 2
    region.columns = _complete_header(region.columns, pieces)


def _find_regions(lines: list[VisualLine]) -> list[_Region]:
    regions = []
    i = 0
    while i < len(lines):
        cols = _header_columns(lines[i][1])
        if cols is None:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and _header_columns(lines[j][1]) is None:
            if _END.match(lines[j][1][0].text):
                break
            j += 1
        region = _Region(i, j, cols)
        _attach_header_pieces(lines, region)
        if not _unexplained_header(lines[i].frags):
            regions.append(region)
        i = j
    return regions


def _anchor_values(
    frags: list[Fragment], n_values: int, named: bool = False
) -> tuple[int, int] | None:
    """The fragments of a line that hold the row's one-line values, as a
    slice, or None when the line is no anchor (fewer than two values)."""
    idx = [k for k, f in enumerate(frags) if _is_value(f.text)]
    if len([k for k in idx if _BARE_NUMBER.match(frags[k].text)]) < 1 or len(idx) < 2:
        return None
    a, b = idx[0], idx[-1] + 1
    # A qualitative value just before the numbers (持续提升 达成预期指标 15 15),
    # and any text between the name and the numbers while value columns are
    # left (每季度首月 每季度首月 5 5): the first text of an anchor is the name,
    # unless the row's name came above it (``named``).
    keep = 0 if named else 1
    while a > 0 and b - a < n_values and (_QUALITATIVE.match(frags[a - 1].text) or a > keep):
        a -= 1
    return a, b


def _assign_values(vals: list[Fragment], order: list[str]) -> tuple[dict[str, Fragment], bool]:
    """Values of an anchor line to the header's value columns, in order; a
    column left out (its value wrapped onto other lines) is the one whose
    type fits least: bare numbers are weights and scores, comparators targets."""
    if len(vals) >= len(order):
        return dict(zip(order, vals[: len(order)], strict=True)), False

    def fit(col: str, text: str) -> float:
        bare = bool(_BARE_NUMBER.match(text))
        if col in ("weight", "score"):
            return 1.0 if bare else -1.0
        if col == "target":
            return 1.0 if text[:1] in "≥≤<>=＞＜≧≦" else (-1.0 if bare else 0.5)
        return 0.0 if bare else 0.5

    scored = sorted(
        (
            (sum(fit(c, v.text) for c, v in zip(cols, vals, strict=True)), k, cols)
            for k, cols in enumerate(combinations(order, len(vals)))
        ),
        key=lambda x: (-x[0], x[1]),
    )
    tied = len(scored) > 1 and scored[0][0] == scored[1][0]
    return dict(zip(scored[0][2], vals, strict=True)), tied


class _Rebuilder:
    def __init__(self, lines: list[VisualLine], region: _Region) -> None:
        self.lines = lines
        self.region = region
        self.values = [c for c in region.columns if c in _VALUE_COLUMNS]
        self.rows: list[RebuiltRow] = []
        self.head = RebuiltRow()  # fragments of the next row, before its anchor
        self.labels: list[tuple[int, float, Fragment, bool]] = []  # level, line, label, ambiguous
        self.widths: dict[str, float] = {}
        self.pending_label: Fragment | None = None
        self.one_run = False

    # -- widths ---------------------------------------------------------
    def _estimate_widths(self, body: range) -> None:
        for i in body:
            frags = [
                f
                for f in self.lines[i][1]
                if _label_level(f.text) is None and not _is_label_prefix(f.text)
            ]
            span = _anchor_values(frags, len(self.values))
            texts = [f for f in frags if not _is_value(f.text)] if span is None else []
            if span is not None:
                before, after = frags[: span[0]], frags[span[1] :]
                self._widen("name", before[-1:])
                self._widen("deviation", after[:1])
                vals, _ = _assign_values(frags[span[0] : span[1]], self.values)
                for col, f in vals.items():
                    self._widen(col, [f])
            elif len(texts) >= 2:
                self._widen("name", texts[:1])
                self._widen("deviation", texts[-1:])
        merged = sum(self.lines[i].runs_joined for i in body)
        if merged >= 2:
            self._one_run_widths(body)

    def _one_run_widths(self, body: range) -> None:
        """Text copied one run a line shows no columns: the widest text run is
        a sentence column's (the deviation), the commonest wide one a name's."""
        widths = [
            f.width
            for i in body
            for f in self.lines[i][1]
            if not _is_value(f.text) and _label_level(f.text) is None and f.width >= 4
        ]
        if len(widths) < 3:
            return
        dev = max(widths)
        rest = [w for w in widths if w < dev - 0.5]
        if rest:
            self.one_run = True
            self.widths["deviation"] = dev
            self.widths["name"] = max(set(rest), key=rest.count)

    def _widen(self, col: str, frags: list[Fragment]) -> None:
        for f in frags:
            self.widths[col] = max(self.widths.get(col, 0.0), f.width)

    def _full(self, col: str, frag: Fragment) -> bool:
        return frag.width >= self.widths.get(col, 99.0) - 0.5

    def _open(self, row: RebuiltRow | None, col: str) -> bool:
        """A cell is centred on its row's anchor line: as many of its lines lie
        below the anchor as above it, so it goes on while fewer do."""
        if row is None or not row.cells.get(col):
            return False
        above = sum(f.line < row.anchor for f in row.cells[col])
        below = sum(f.line > row.anchor for f in row.cells[col])
        if above == below == 0 and row.cells[col][-1].text[-1] in _GOES_ON:
            return True  # a sentence broken off on the anchor line (…维修，)
        if self.one_run and below >= above:
            # one run a line: the anchor's own runs after the values come
            # as lines below it, so only a full-width last line goes on
            return self._full(col, row.cells[col][-1])
        return below < above

    # -- labels ---------------------------------------------------------
    def _take_label(self, frags: list[Fragment], line: int) -> list[Fragment]:
        """Level labels (and their wrapped pieces) out of a line's fragments."""
        rest, found = [], []
        in_labels = True  # labels stand left of the name: none after a text or a level 2
        stale = self.pending_label
        for f in frags:
            if self.pending_label is not None:
                joined = self.pending_label.text + f.text
                if _label_level(joined) is not None:
                    p = self.pending_label
                    found.append(Fragment(joined, p.start, f.end, p.line, p.written + f.written))
                    self.pending_label = stale = None
                    in_labels = _label_level(joined) != 2
                    continue
            if _POINTS_TAIL.match(f.text):
                continue  # the points of a wrapped level label: 产出指标（5 / 0分）
            level = _label_level(f.text) if in_labels else None
            if level is not None:
                found.append(f)
                in_labels = level != 2
            elif in_labels and _is_label_prefix(f.text) and not _is_value(f.text):
                self.pending_label = f
            else:
                rest.append(f)
                in_labels = False
        if stale is not None and self.pending_label is stale and line - stale.line > 3:
            # A piece the next lines did not complete: it was text after all.
            self.pending_label = None
            rest.insert(0, stale)
        levels = [_label_level(f.text) for f in found]
        for k, (f, level) in enumerate(zip(found, levels, strict=True)):
            if level == 0 or level is None:
                continue
            ambiguous = level == 3
            if ambiguous:
                # 成本指标 alone is the older framework's level 2 under 产出指标;
                # 满意度指标 alone is the level-1 group.
                alone = 2 if _norm_label(f.text) == "成本指标" else 1
                level = 1 if k + 1 < len(found) else (2 if k > 0 else alone)
            self.labels.append((level, (f.line + line) / 2, f, ambiguous))
        return rest

    # -- text fragments -------------------------------------------------
    def _place_text(self, frag: Fragment, options: list[str]) -> None:
        prev = self.rows[-1] if self.rows else None
        open_cols = [c for c in options if self._open(prev, c)]
        if len(open_cols) == 1:
            assert prev is not None
            prev.add(open_cols[0], frag)
            return
        if len(open_cols) > 1:
            col = self._by_width(frag, open_cols)
            assert prev is not None
            prev.add(col, frag)
            prev.guessed = True
            return
        col = self._by_width(frag, options)
        if len(options) > 1 and col != options[0] and not self._full(col, frag):
            self.head.guessed = True
        self.head.add(col, frag)

    def _by_width(self, frag: Fragment, options: list[str]) -> str:
        if len(options) == 1:
            return options[0]
        fits = [c for c in options if abs(self.widths.get(c, 0.0) - frag.width) <= 0.5]
        return fits[0] if len(fits) == 1 else options[0]

    def _value_tail(self, frag: Fragment) -> bool:
        """A unit or word left over from a wrapped value (28.6万 / 人, 达成预 /
        期指标): a short fragment after a row whose value is no bare number
        and is as wide as its column's widest value (so it went on below)."""
        prev = self.rows[-1] if self.rows else None
        if prev is None:
            return False
        for col in ("target", "actual"):
            cell = prev.cells.get(col)
            if not cell or _BARE_NUMBER.match(cell[-1].text) or not self._open(prev, col):
                continue
            # a unit or word (人, 期指标), or the rest of a number or date cut
            # mid-way (2023年1 / 1月20日)
            cut = cell[-1].text[-1].isdigit() or cell[-1].text[-1] in "年月."
            if (frag.width <= 3 and not any(ch.isdigit() for ch in frag.text)) or (
                cut and frag.text[0].isdigit() and _is_value(frag.text)
            ):
                prev.add(col, frag)
                return True
        return False

    def run(self) -> list[RebuiltRow]:
        body = range(self.region.body_start, self.region.end_line)
        self._estimate_widths(body)
        for i in body:
            frags = self._take_label(self.lines[i][1], i)
            if not frags:
                continue
            span = _anchor_values(frags, len(self.values), bool(self.head.cells.get("name")))
            if span is None:
                prev = self.rows[-1] if self.rows else None
                texts = [
                    f
                    for k, f in enumerate(frags)
                    if (k == 0 and self._open(prev, "name")) or not self._value_tail(f)
                ]
                for k, f in enumerate(texts):
                    if self._value_head(f):
                        continue
                    options = ["name", "deviation"] if k == 0 else ["deviation"]
                    if k == 0 and len(texts) > 1:
                        options = ["name"]
                    elif k == 0 and _SENTENCE.search(f.text):
                        options = ["deviation", "name"]
                    self._place_text(f, options)
                continue
            row = self.head
            row.anchor = i
            self.head = RebuiltRow()
            for f in frags[: span[0]]:
                row.add("name", f)
            vals, tied = _assign_values(frags[span[0] : span[1]], self.values)
            for col, f in vals.items():
                row.add(col, f)
            row.guessed = row.guessed or tied
            for f in frags[span[1] :]:
                row.add("deviation", f)
            self._give_back(row)
            self.rows.append(row)
        self._line_spans()
        return self.rows

    def _value_head(self, frag: Fragment) -> bool:
        """A value fragment off the anchor line: the head of the next row's
        value whose tail is on or below the anchor (28.6万 above 8 ≥28万人 8).
        A fragment wider than any value column is text that starts with a
        number (1处工程因…, a reason)."""
        if not _is_value(frag.text):
            return False
        widest = max((self.widths.get(c, 0.0) for c in ("target", "actual")), default=0.0)
        if frag.width > widest + 0.5:
            return False
        self.head.add("_value_head", frag)
        return True

    def _give_back(self, row: RebuiltRow) -> None:
        """A previous row's cell that took this row's first fragment: when this
        row has no name of its own, the previous name's last full-width
        fragment was this row's head."""
        prev = self.rows[-1] if self.rows else None
        if row.cells.get("name") or prev is None or len(prev.cells.get("name", [])) < 2:
            heads = row.cells.pop("_value_head", [])
            self._merge_value_heads(row, heads)
            return
        row.cells["name"] = [prev.cells["name"].pop()]
        row.guessed = prev.guessed = True
        self._merge_value_heads(row, row.cells.pop("_value_head", []))

    def _merge_value_heads(self, row: RebuiltRow, heads: list[Fragment]) -> None:
        missing = [c for c in self.values if c not in row.cells]
        for f in heads:
            if missing:
                row.cells[missing.pop(0)] = [f]
            else:  # no column left for it: text of the row after all
                row.add("deviation" if row.cells.get("name") else "name", f)
                row.guessed = True

    def _line_spans(self) -> None:
        for row in self.rows:
            lines = [f.line for frags in row.cells.values() for f in frags]
            row.first_line, row.last_line = min(lines), max(lines)

    def labelled_rows(self) -> list[dict[str, Fragment]]:
        """Each row's level labels: a label is centred on its group of rows, so
        a group ends where the rows from its start are centred on the label."""
        out: list[dict[str, Fragment]] = [{} for _ in self.rows]
        n = len(self.rows)
        l1_names = {_norm_label(t.text): t for lv, _, t, _ in self.labels if lv == 1}
        for level in (2, 1):
            if level == 1 and self._level1_from_level2(out, l1_names):
                break
            labels = self._with_rows(
                sorted(((y, t) for lv, y, t, _ in self.labels if lv == level), key=lambda x: x[0])
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
                        range(start, max(start, last) + 1), key=lambda e: self._off(start, e, y)
                    )
                out[start][f"level{level}"] = text
                start = end + 1
        return out

    def _with_rows(self, labels: list[tuple[float, Fragment]]) -> list[tuple[float, Fragment]]:
        """Labels without a row of their own left out (a level-2 label the form
        lists with no indicator): one that lies between two rows each centred
        on a neighbouring label."""
        spans = [(r.first_line - 0.5, r.last_line + 0.5) for r in self.rows]

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

    def _off(self, start: int, end: int, y: float) -> float:
        """How far rows start..end are from being centred on line ``y``: by
        their extent and by their anchors (a viewer's line grouping shifts
        one or the other)."""
        a, b = self.rows[start], self.rows[end]
        return abs((a.first_line + b.last_line) / 2 - y) + abs((a.anchor + b.anchor) / 2 - y)

    def _level1_from_level2(
        self, out: list[dict[str, Fragment]], l1_names: dict[str, Fragment]
    ) -> bool:
        """Level-1 labels put on the first row of the first level-2 group of
        their framework group (数量指标 -> 产出指标), when every level-2 group
        has a level-1 label among those read."""
        from extractor.vocab import level1_of

        starts = [(r, _norm_label(o["level2"].text)) for r, o in enumerate(out) if "level2" in o]
        groups = [(r, level1_of(l2)) for r, l2 in starts]
        if not groups or any(g not in l1_names for _, g in groups):
            return False
        prev = None
        for r, g in groups:
            if g != prev:
                out[r]["level1"] = l1_names[str(g)]
            prev = g
        return True


def _evidence(frags: list[Fragment], lines: list[VisualLine]) -> Evidence:
    return Evidence(
        page=lines[frags[0].line].line.page,
        line_start=min(lines[f.line][0].number for f in frags),
        line_end=max(lines[f.line][0].number for f in frags),
        char_start=min(f.start for f in frags),
        char_end=max(f.end for f in frags),
    )


def _cell(frags: list[Fragment], row: int, col: int, lines, guessed: bool) -> Cell:
    return Cell(
        text="".join(f.written for f in frags),
        row=row,
        col=col,
        evidence=_evidence(frags, lines),
        order_guess=1.0 if guessed else 0.0,
    )


def _project_row(lines: list[VisualLine], region: _Region) -> Row | None:
    """The form's ``项目名称 | X`` row above the table, as the segmenter reads
    a project form's name (the group of its rows). A project name wrapped
    in its cell lies around the label: the lines just above and below it."""
    for i in range(region.header_line - 1, max(-1, region.header_line - 25), -1):
        frags = lines[i].frags
        at = next((k for k, f in enumerate(frags) if f.text == "项目名称"), None)
        if at is None:
            continue
        value = frags[at + 1 :]
        if not value:
            around = [lines[j].frags for j in (i - 1, i + 1) if 0 <= j < region.header_line]
            value = [
                fr[0]
                for fr in around
                if len(fr) == 1 and not _is_value(fr[0].text) and fr[0].text[0] not in "（("
            ]
        if not value:
            return None
        label = _cell([frags[at]], 0, 0, lines, False)
        return Row(
            index=0, cells=[label, _cell(value, 0, 1, lines, False)], evidence=label.evidence
        )
    return None


def _rebuilt_block(lines: list[VisualLine], region: _Region, rb: _Rebuilder) -> Block:
    header_frags = lines[region.header_line][1]
    columns = ["level1", "level2", "name", *[c for c in region.columns if c in _VALUE_COLUMNS]]
    columns.append("deviation")
    # The header in the genre's own words, every column named (a wrapped
    # header word is whole again), so the segmenter and role model read it.
    names = {v: k for k, v in reversed(list(_HEADER_COLUMNS.items()))}
    project = _project_row(lines, region)
    h = 0 if project is None else 1
    header = Row(
        index=h,
        cells=[
            Cell(text=names[c], row=h, col=k, evidence=_evidence(header_frags, lines))
            for k, c in enumerate(columns)
        ],
        evidence=_evidence(header_frags, lines),
    )
    rows = [header] if project is None else [project, header]
    first = len(rows)
    for r, (row, labels) in enumerate(zip(rb.rows, rb.labelled_rows(), strict=True), start=first):
        cells = []
        for k, col in enumerate(columns):
            frags = sorted(row.cells.get(col, []), key=lambda f: (f.line, f.start))
            if col.startswith("level"):
                if col in labels:
                    cells.append(_cell([labels[col]], r, k, lines, row.guessed))
                continue
            if frags:
                cells.append(_cell(frags, r, k, lines, row.guessed))
        rows.append(Row(index=r, cells=cells, evidence=Evidence.union([c.evidence for c in cells])))
    return Block(
        kind=BlockKind.table,
        index=0,
        page=lines[region.header_line][0].page,
        rows=rows,
        evidence=Evidence.union([r.evidence for r in rows]),
    )


def _interleaved(rb: _Rebuilder) -> bool:
    """The region shows a viewer's interleaving: rows with a cell split around
    their values (lines of it above and below the anchor), which no
    well-ordered text has (a cell a line, tab, pipe or space rows)."""
    split = sum(
        any(
            any(f.line < row.anchor for f in frags) and any(f.line > row.anchor for f in frags)
            for frags in row.cells.values()
        )
        for row in rb.rows
    )
    return len(rb.rows) >= 3 and split >= max(2, len(rb.rows) / 5)


def _well_ordered(raw: list[Line]) -> bool:
    """Marks of text that kept its table's order, which a viewer's copy of a
    ruled table never has: blank lines between rows (one cell a line) and
    empty cells kept as tabs (``\t\t``, a leading tab)."""
    blank = sum(ln.blank for ln in raw)
    empty_cells = sum("\t\t" in ln.text or ln.text.startswith("\t") for ln in raw)
    return blank >= 2 or empty_cells >= 2


def rebuild_reading_order(text: str, pages: list[Page]) -> list[Page]:
    """``pages`` with each viewer-scrambled indicator table of ``text`` put back
    as one table block (the blocks its lines made are replaced)."""
    raw = split_lines(text)
    lines = _visual_lines(text)
    regions = _find_regions(lines)
    if not regions:
        return pages
    replaced: list[tuple[int, int, Block]] = []
    for region in regions:
        first = lines[region.header_line][0].number
        last = lines[region.end_line - 1][0].number
        if _well_ordered(raw[first - 1 : last]):
            continue
        rb = _Rebuilder(lines, region)
        rb.run()
        if not _interleaved(rb):
            continue
        block = _rebuilt_block(lines, region, rb)
        replaced.append((first, last, block))
    if not replaced:
        return pages
    for page in pages:
        kept: list[Block] = []
        for block in page.blocks:
            ls, le = block.evidence.line_start or 0, block.evidence.line_end or 0
            hit = next((r for r in replaced if _mostly_within(ls, le, r[0], r[1])), None)
            if hit is None:
                kept.append(block)
            elif all(k is not hit[2] for k in kept) and hit[2].page == page.number:
                kept.append(hit[2])
        for k, block in enumerate(kept):
            block.index = k
        page.blocks = kept
    return pages


def _mostly_within(start: int, end: int, first: int, last: int) -> bool:
    """A block whose lines lie mostly in the rebuilt lines ``first..last``: the
    space-row reader may have taken a table's total line below them as well."""
    inside = min(end, last) - max(start, first) + 1
    return inside > 0 and inside * 2 > end - start + 1
