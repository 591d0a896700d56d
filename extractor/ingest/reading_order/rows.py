"""A region's lines explained as rows again: an anchor line a row holds its
one-line values, and each text fragment goes to the cell it is centred with
(see the package docstring)."""

from __future__ import annotations

import re
from itertools import combinations

from extractor.ingest.reading_order.fragments import (
    BARE_NUMBER,
    QUALITATIVE,
    Fragment,
    RebuiltRow,
    VisualLine,
    is_value,
)
from extractor.ingest.reading_order.labels import (
    LabelReader,
    label_level,
    labelled_rows,
)
from extractor.ingest.reading_order.regions import VALUE_COLUMNS, Region

# A reason or measure (偏差原因分析及改进措施) is written as a sentence.
_SENTENCE = re.compile(r"[，；。,;]")
_GOES_ON = "，、：；（(“"
_MAX_MOVABLE = 8  # lone name lines an alternating rebalance tries (2**8 readings)
_EMPTY_MARK = re.compile(r"^[/／—–\-]+$")


def anchor_values(
    frags: list[Fragment], n_values: int, named: bool = False
) -> tuple[int, int] | None:
    """The fragments of a line that hold the row's one-line values, as a
    slice, or None when the line is no anchor (fewer than two values)."""
    idx = [k for k, f in enumerate(frags) if is_value(f.text)]
    if len([k for k in idx if BARE_NUMBER.match(frags[k].text)]) < 1 or len(idx) < 2:
        return None
    a, b = idx[0], idx[-1] + 1
    # A qualitative value just before the numbers (持续提升 达成预期指标 15 15),
    # and any text between the name and the numbers while value columns are
    # left (每季度首月 每季度首月 5 5): the first text of an anchor is the name,
    # unless the row's name came above it (``named``).
    keep = 0 if named else 1
    while a > 0 and b - a < n_values and (QUALITATIVE.match(frags[a - 1].text) or a > keep):
        a -= 1
    return a, b


def assign_values(vals: list[Fragment], order: list[str]) -> tuple[dict[str, Fragment], bool]:
    """Values of an anchor line to the header's value columns, in order; a
    column left out (its value wrapped onto other lines) is the one whose
    type fits least: bare numbers are weights and scores, comparators targets."""
    if len(vals) >= len(order):
        return dict(zip(order, vals[: len(order)], strict=True)), False

    def fit(col: str, text: str) -> float:
        bare = bool(BARE_NUMBER.match(text))
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


class Rebuilder:
    def __init__(self, lines: list[VisualLine], region: Region) -> None:
        self.lines = lines
        self.region = region
        self.values = [c for c in region.columns if c in VALUE_COLUMNS]
        self.rows: list[RebuiltRow] = []
        self.head = RebuiltRow()  # fragments of the next row, before its anchor
        # the head's name was opened by default, not by its width: the text
        # above may be a tall deviation's, so the anchor may hold the name
        self.head_name_default = False
        self.labels = LabelReader()
        self.widths: dict[str, float] = {}
        self.one_run = False
        # a 绩效目标表 (指标值 its only value column): no line holds two values
        self.single = self.values == ["target"]
        self.lone_guess = False  # the last anchor was a lone fragment read by width

    # -- widths ---------------------------------------------------------
    def _estimate_widths(self, body: range) -> None:
        # labels taken out as the rows are read: a wrapped label's pieces too
        # (服务对象满意度 / 指标 around its neighbour's line), no name's width
        labels = LabelReader()
        for i in body:
            frags = labels.take(self.lines[i][1], i)
            span = self._anchor_span(frags, estimating=True)
            texts = [f for f in frags if not is_value(f.text)] if span is None else []
            if span is not None:
                before, after = frags[: span[0]], frags[span[1] :]
                self._widen("name", before[-1:])
                self._widen("deviation", after[:1])
                vals, _ = assign_values(frags[span[0] : span[1]], self.values)
                for col, f in vals.items():
                    self._widen(col, [f])
            elif len(texts) >= 2:
                self._widen("name", texts[:1])
                self._widen("deviation", texts[-1:])
            elif self.single:  # a target form's name pieces stand alone
                self._widen("name", texts)
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
            if not is_value(f.text) and label_level(f.text) is None and f.width >= 4
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
        if (
            col != "name"
            and "name" in options
            and not self.head.cells.get("name")
            and not _SENTENCE.search(frag.text)
            and not (self._full(col, frag) and frag.width > self.widths.get("name", 99.0) + 1)
        ):
            # every row has a name and few a deviation: a row's first text
            # opens its name unless it reads as a sentence or is as wide as
            # the deviation column and clearly wider than any name (a deviation
            # taller than the name, starting above it, is given back by
            # ``_rebalance``)
            col = "name"
            self.head.guessed = True
            self.head_name_default = True
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
            if not cell or BARE_NUMBER.match(cell[-1].text):
                continue
            if not self._open(prev, col) and not (col == "target" and self._cut_value(frag)):
                continue
            # a unit or word (人, 期指标), or the rest of a number or date cut
            # mid-way (2023年1 / 1月20日)
            cut = cell[-1].text[-1].isdigit() or cell[-1].text[-1] in "年月."
            if (frag.width <= 3 and not any(ch.isdigit() for ch in frag.text)) or (
                cut and frag.text[0].isdigit() and is_value(frag.text)
            ):
                prev.add(col, frag)
                return True
        return False

    def run(self) -> list[RebuiltRow]:
        body = range(self.region.body_start, self.region.end_line)
        self._estimate_widths(body)
        for i in body:
            frags = self.labels.take(self.lines[i][1], i)
            if not frags:
                continue
            span = self._anchor_span(frags)
            if span is not None and span[0] == 0 and self._name_cut_off():
                # the head's "name" ends above a line its deviation holds
                # alone, and the anchor's first text was read as a value for
                # it: no name centred on this anchor stops short of it, so
                # those lines are a tall deviation's and that text the name
                alone = anchor_values(frags, len(self.values), named=False)
                if alone is not None and alone[0] >= 1:
                    dev = self.head.cells.pop("name") + self.head.cells.get("deviation", [])
                    self.head.cells["deviation"] = sorted(dev, key=lambda f: (f.line, f.start))
                    self.head.guessed = True
                    span = alone
            if span is None:
                # an empty cell's mark (/ —) off any anchor: a row the form
                # left unfilled, no text of a neighbour's
                frags = [f for f in frags if not _EMPTY_MARK.match(f.text)]
                prev = self.rows[-1] if self.rows else None
                texts = [
                    f
                    for k, f in enumerate(frags)
                    if (k == 0 and self._open(prev, "name")) or not self._value_tail(f)
                ]
                if prev is not None and len(texts) < len(frags) and texts and self.single:
                    # a line holding the tail of the row's wrapped target holds
                    # its name's next line too (both cells start together)
                    prev.add("name", texts.pop(0))
                for k, f in enumerate(texts):
                    if self._value_head(f):
                        continue
                    options = ["name", "deviation"] if k == 0 else ["deviation"]
                    if k == 0 and len(texts) > 1:
                        options = ["name"]
                    elif k == 0 and _SENTENCE.search(f.text):
                        options = ["deviation", "name"]
                    if "deviation" not in self.region.columns:
                        options = ["name"] if k == 0 else []
                    if options:
                        self._place_text(f, options)
                    else:  # text no column of the form explains
                        self._unexplained(f)
                continue
            row = self.head
            row.anchor = i
            row.guessed = row.guessed or self.lone_guess
            self.head = RebuiltRow()
            self.head_name_default = False
            for f in frags[: span[0]]:
                row.add("name", f)
            vals, tied = assign_values(frags[span[0] : span[1]], self.values)
            for col, f in vals.items():
                row.add(col, f)
            row.guessed = row.guessed or tied
            for f in frags[span[1] :]:
                row.add("deviation", f)
            self._give_back(row)
            self.rows.append(row)
        for row in self.rows:
            self._rebalance(row)
        self._line_spans()
        return self.rows

    def _rebalance(self, row: RebuiltRow) -> None:
        """A deviation taller than its row's name starts above it and ends
        below it: its first and last lines, each alone on its line, were
        read as the name's. Both cells are centred on the anchor, so the
        name's lone lines above the deviation's first line and below its
        last are given to the deviation where that centres both cells
        better (the row is marked a guess). Where that still leaves a
        sentence in the name or a ragged cell, both cells wrapped side by
        side and any set of the name's lone lines may move."""
        name, dev = row.cells.get("name", []), row.cells.get("deviation", [])
        if not name or not (dev or "deviation" in self.region.columns):
            return

        def lone(f: Fragment) -> bool:
            return not any(
                g is not f and g.line == f.line for frags in row.cells.values() for g in frags
            )

        def off(frags: list[Fragment]) -> float:
            return abs(
                sum(f.line < row.anchor for f in frags) - sum(f.line > row.anchor for f in frags)
            )

        def pair(a: list[Fragment], b: list[Fragment]) -> float:
            """How far two cells are from centred on each other: the shorter
            starts after as many of the taller's lines as it ends before."""
            la, lb = {f.line for f in a}, {f.line for f in b}
            if not la or not lb:
                return 0.0
            tall, short = (la, lb) if len(la) >= len(lb) else (lb, la)
            need = (len(tall) - len(short)) / 2
            before = sum(y < min(short) for y in tall)
            after = sum(y > max(short) for y in tall)
            return abs(before - need) + abs(after - need)

        name = sorted(name, key=lambda f: (f.line, f.start))
        first = min((f.line for f in dev), default=row.anchor)
        last = max((f.line for f in dev), default=row.anchor)
        top = 0
        while top < len(name) and name[top].line < first and lone(name[top]):
            top += 1
        bottom = 0
        while (
            bottom < len(name) - top and name[-1 - bottom].line > last and lone(name[-1 - bottom])
        ):
            bottom += 1

        def ragged(frags: list[Fragment]) -> int:
            """Lines of a wrapped cell, other than its last, narrower than
            its widest: a cell's lines before its last are as wide as its
            column, so such a line belongs to the other cell."""
            lines = sorted(frags, key=lambda f: (f.line, f.start))[:-1]
            widest = max((f.width for f in frags), default=0.0)
            return sum(f.width < widest - 1 for f in lines)

        def rest(kept: list[Fragment], given: list[Fragment]) -> int:
            # a sentence's mark (，。；) is the deviation's, never a name's
            marks = sum(bool(_SENTENCE.search(f.text)) for f in kept)
            return marks + ragged(kept) + ragged(given)

        def wide(kept: list[Fragment]) -> int:
            """Lines wider than any name on an anchor line: rarely a name's
            (breaks ties only, the widths being a guess)."""
            return sum(f.width > self.widths.get("name", 99.0) + 0.5 for f in kept)

        best = (pair(name, dev) + off(name) + off(dev) + rest(name, dev), wide(name), 0, 0, 0)
        for t in range(top + 1):
            for b in range(bottom + 1):
                if t + b >= len(name):
                    continue  # the name keeps a line
                moved = name[:t] + name[len(name) - b :]
                kept = name[t : len(name) - b]
                cost = (
                    pair(kept, dev + moved) + off(kept) + off(dev + moved) + rest(kept, dev + moved)
                )
                best = min(best, (cost, wide(kept), t + b, t, b))

        def unalternating(a: list[Fragment], b: list[Fragment]) -> int:
            """Neighbouring lines of one cell where both cells have lines:
            two wrapped cells whose lines alternate do so throughout (one
            sits half a line lower), so among readings as well centred the
            one alternating wins (数量 / 整至下年度建设: the name's last
            line comes before the deviation's)."""
            la, lb = {f.line for f in a}, {f.line for f in b}
            if not la or not lb:
                return 0
            lo, hi = max(min(la), min(lb)), min(max(la), max(lb))
            seq = [y in la for y in sorted((la | lb) - (la & lb)) if lo <= y <= hi]
            return sum(x == y for x, y in zip(seq, seq[1:], strict=False))

        def alternating(
            name: list[Fragment], dev: list[Fragment]
        ) -> tuple[list[Fragment], list[Fragment]]:
            movable = [k for k, f in enumerate(name) if lone(f)][:_MAX_MOVABLE]
            base = pair(name, dev) + off(name) + off(dev) + rest(name, dev)
            best: tuple[float, int, int, tuple[int, ...]] = (base, unalternating(name, dev), 0, ())
            for n in range(1, min(len(movable), len(name) - 1) + 1):
                for chosen in combinations(movable, n):
                    kept = [f for k, f in enumerate(name) if k not in chosen]
                    given = dev + [name[k] for k in chosen]
                    cost = pair(kept, given) + off(kept) + off(given) + rest(kept, given)
                    best = min(best, (cost, unalternating(kept, given), n, chosen))
            out = best[3]
            return [f for k, f in enumerate(name) if k not in out], dev + [name[k] for k in out]

        _, _, _, t, b = best
        kept, given = name[t : len(name) - b], name[:t] + dev + name[len(name) - b :]
        if rest(kept, given):
            # still a sentence in the name or a ragged cell: both cells wrap
            # and their lines alternate (dev, name, dev, …), so any set of
            # the name's lone lines may be the deviation's
            kept, given = alternating(kept, given)
        if len(kept) == len(name):
            return
        row.cells["name"] = kept
        row.cells["deviation"] = sorted(given, key=lambda f: (f.line, f.start))
        row.guessed = True

    def _name_cut_off(self) -> bool:
        """The head's name lines end above a line holding its deviation alone
        (a line of it, or a line read as the name that holds a sentence's
        mark, which a name never has). A wrapped cell's lines are
        consecutive and reach its row's anchor (it is centred on it), so the
        lines above cannot be the name's (text copied one run a line sets
        side-by-side runs on lines of their own: not read so there)."""
        if self.single or self.one_run or "deviation" not in self.region.columns:
            return False
        head = self.head.cells
        sentence = [f for f in head.get("name", []) if _SENTENCE.search(f.text)]
        dev = head.get("deviation", []) + sentence
        name = [f for f in head.get("name", []) if f not in sentence]
        if not name or not dev:
            return False
        last = max(f.line for f in name)
        return any(f.line > last and f.line not in {g.line for g in name} for f in dev)

    def _anchor_span(
        self, frags: list[Fragment], estimating: bool = False
    ) -> tuple[int, int] | None:
        """The fragments of a line holding the row's one-line values (see
        ``anchor_values``; ``_target_anchor`` where the target is the only
        value column)."""
        if not self.single:
            named = bool(self.head.cells.get("name")) and not self.head_name_default
            return anchor_values(frags, len(self.values), named)
        return self._target_anchor(frags, estimating)

    def _target_anchor(self, frags: list[Fragment], estimating: bool) -> tuple[int, int] | None:
        """A 绩效目标表's anchor: the line that ends in the row's 指标值. The
        value is the form's last column, so a line of a name piece and more
        ends in it; a fragment alone on its line is a value when it reads as
        one (a number, a comparator, a word of state), or when it comes
        after the full-width first line of a name not yet given its value
        and is narrower than the name column: a cell centred beside a
        wrapped name lies between the name's lines, and a name's last line
        comes after the value (such a row is marked a guess)."""
        self.lone_guess = False
        if not frags:
            return None
        last = frags[-1]
        if not estimating and self._cut_value(last):
            return None
        # a word of state as wide as the name column is a wrapped name's
        # line (种苗质量抽检合格 / 率), not a value
        state = (
            bool(QUALITATIVE.match(last.text)) and not estimating and not self._full("name", last)
        )
        value_like = is_value(last.text) or state
        if len(frags) >= 2:
            fits = value_like or last.width <= self.widths.get("target", 0.0) + 0.5
            return (len(frags) - 1, len(frags)) if fits else None
        if value_like:
            return 0, 1
        head = self.head.cells.get("name", [])
        if (
            not estimating
            and head
            and all(self._full("name", f) for f in head)
            and not self._full("name", last)
            and last.width <= self.widths.get("target", 0.0) + 0.5
        ):
            self.lone_guess = True
            return 0, 1
        return None

    def _cut_value(self, frag: Fragment) -> bool:
        """The rest of the previous row's target cut mid-date (2024年3月 /
        31日前, 2024年6 / 月底前): no value of its own."""
        prev = self.rows[-1] if self.rows else None
        cell = prev.cells.get("target") if prev is not None else None
        if not cell:
            return False
        end, start = cell[-1].text[-1], frag.text[0]
        return (end in "年月" and start.isdigit()) or (end.isdigit() and start in "年月日号")

    def _unexplained(self, frag: Fragment) -> None:
        """A fragment no column of the form explains: kept with the row it
        lies in (the next row's head, else the last row), as a guess."""
        row = self.head if self.head.cells else (self.rows[-1] if self.rows else self.head)
        row.add("name", frag)
        row.guessed = True

    def _value_head(self, frag: Fragment) -> bool:
        """A value fragment off the anchor line: the head of the next row's
        value whose tail is on or below the anchor (28.6万 above 8 ≥28万人 8).
        A fragment wider than any value column is text that starts with a
        number (1处工程因…, a reason)."""
        if not is_value(frag.text):
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
            else:  # no column left for it: text of the row after all (0-6岁儿童…)
                row.add(self._text_column(row, f), f)
                row.guessed = True

    @staticmethod
    def _text_column(row: RebuiltRow, frag: Fragment) -> str:
        """The text cell a stray fragment continues: the name when one of the
        name's lines is next to it and none shares its line, else the
        deviation (a name has one fragment a line)."""
        lines = {f.line for f in row.cells.get("name", [])}
        if not lines or (frag.line not in lines and lines & {frag.line - 1, frag.line + 1}):
            return "name"
        return "deviation"

    def _line_spans(self) -> None:
        for row in self.rows:
            lines = [f.line for frags in row.cells.values() for f in frags]
            row.first_line, row.last_line = min(lines), max(lines)

    def labelled_rows(self) -> list[dict[str, Fragment]]:
        """Each row's level labels (see ``labels.labelled_rows``)."""
        return labelled_rows(self.rows, self.labels.labels, self.labels.marker_lines)
