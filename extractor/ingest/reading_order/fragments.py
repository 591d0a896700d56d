"""The text as a viewer laid it out: visual lines of whitespace-separated
fragments, each keeping its character span in the original text, and the
rows rebuilt from them. Also the patterns every step reads a fragment by
(is it a value, a header word)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from extractor.ingest.layout_text import Line, split_lines

# Header words of the indicator table, and the column each stands for.
HEADER_COLUMNS = {
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
# A fragment that is (part of) a value: comparator, number, date or claim.
_VALUE = re.compile(
    r"^(?:[≥≤<>=＞＜≧≦]|[-+]?\d|[一二三四五六七八九十]+[个项次]$|.{0,4}前$)|%$|‰$|达成|已完成|未完成|完成$"
)
BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# A qualitative target or actual (持续提升, 有效保障): a short phrase ending in a
# word of change or state, as the genre writes them; names end in what is
# counted (率, 度, 数量, 时间) instead.
QUALITATIVE = re.compile(
    r"^.{0,6}(?:提升|提高|增强|改善|完善|健全|可持续|有效|明显|良好|稳定|形成|加强|保障|达标|合格|及时|按时|开放|"
    r"建立|建成|实现|到位|落实)$|^已.{1,4}$"
)
_FOOTER = re.compile(r"^第\s*\d+\s*页|^-\s*\d+\s*-$|^\d+\s*/\s*\d+$")


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


def is_value(text: str) -> bool:
    return bool(_VALUE.search(text))


def visual_lines(text: str) -> list[VisualLine]:
    """Every non-blank line and its whitespace-separated fragments. Where a
    viewer copied one text run a line, a run of one-value lines is one
    visual line (the row's values side by side)."""
    from extractor.chinese_script import to_simplified  # same length: offsets hold

    simple = to_simplified(text)
    out: list[VisualLine] = []
    prev_kind: str | None = None
    raw = split_lines(text)
    for j, line in enumerate(raw):
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
            kind = "value" if is_value(frags[0].text) else None
            # A qualitative target's run just before the values joins them
            # (one run a line: more value runs follow; a lone value after a
            # name's first line ending in 合格 or 提升 is that row's value).
            after_qualitative = bool(out) and len(out[-1].frags) == 1 and prev_kind is None
            more = j + 1 < len(raw) and is_value(raw[j + 1].text.strip())
            if kind and after_qualitative and more and QUALITATIVE.match(out[-1].frags[0].text):
                frags[0].line = len(out) - 1
                out[-1].frags.append(frags[0])
                prev_kind = kind
                continue
            kind = "header" if frags[0].text in HEADER_COLUMNS else kind
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
