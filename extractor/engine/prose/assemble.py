"""Turn decoded spans, paragraph by paragraph, into indicator drafts, and merge
the summary list's entry with the detailed analysis of the same indicator."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extractor.engine.prose.decode import ScoredSpan
from extractor.engine.prose.gate import heading_level
from extractor.engine.prose.normalise import name_key
from extractor.types import Block, Evidence

MERGE_SIMILARITY = 0.6
# A target/actual/claim belongs to the latest name in the name's own paragraph;
# a name standing as its own line ("①新增…") also takes them from the next
# paragraph (the detailed "此指标目标值为…" line). A list item does not.
MAX_PARAGRAPH_GAP = 1
INLINE_NAME_OFFSET = 4  # "（10）指标1：" at most: a name starting later is inside prose
LINE_NAME_SHARE = 0.6  # a name covering this share of its paragraph is a line of its own


@dataclass(frozen=True)
class Found:
    """One decoded span with its text and evidence in the document."""

    text: str
    score: float
    evidence: Evidence


@dataclass
class Draft:
    name: Found
    group: Found | None
    level1: Found | None
    level2: Found | None
    pass_no: int
    paragraph: int
    fields: dict[str, Found] = field(default_factory=dict)  # TARGET, ACTUAL, CLAIM, DEVIATION
    own_line: bool = False
    # how each field was paired with the name (pairing probability, margin,
    # distance), for calibration: "<LABEL>_pair_prob" etc.
    pair_signals: dict[str, float] = field(default_factory=dict)

    def richness(self) -> int:
        return len(self.fields) + ("CLAIM" in self.fields) + ("ACTUAL" in self.fields)


def _found(block: Block, span: ScoredSpan) -> Found:
    base = block.evidence.char_start or 0
    ev = block.evidence.model_copy(
        update={"char_start": base + span.start, "char_end": base + span.end}
    )
    return Found(block.text[span.start : span.end], span.score, ev)


class _Walker:
    """The reading state while walking a document's paragraphs in order."""

    def __init__(self, attach: bool = True) -> None:
        self.attach = attach  # False: values are paired with names by a model later
        self.drafts: list[Draft] = []
        # NAME span (paragraph, start) -> index of the draft it stands for
        self.name_draft: dict[tuple[int, int], int] = {}
        self.group: Found | None = None
        self.level1: Found | None = None
        self.level2: Found | None = None
        self.current: Draft | None = None
        self.passes: dict[str, int] = {}  # group text -> times its heading was seen
        self.level1_seen: set[str] = set()  # level1 headings in the current pass

    def _group_key(self) -> str:
        return self.group.text if self.group else ""

    def _pass(self) -> int:
        return self.passes.get(self._group_key(), 0)

    def _in_detail_prose(self, paragraph: int, offset: int) -> bool:
        """Inside the analysis paragraph under a name line, past its opening:
        names there are restatements or narrative, not new indicators."""
        cur = self.current
        return (
            cur is not None
            and cur.own_line
            and paragraph - cur.paragraph == 1
            and offset > INLINE_NAME_OFFSET
        )

    def on_section(self) -> None:
        """A new top-level section (二、… / 三、…) without level words: the
        levels and goal above no longer apply, and what follows is a new pass
        (the analysis after a summary list)."""
        self.current = None
        self.group, self.level1, self.level2 = None, None, None
        self.passes[""] = self.passes.get("", 0) + 1
        self.level1_seen = set()

    def on_span(
        self, label: str, found: Found, paragraph: int, own_line: bool = False, offset: int = 0
    ) -> None:
        if label == "GROUP":
            self.current = None
            self.group, self.level1, self.level2 = found, None, None
            self.passes[found.text] = self.passes.get(found.text, -1) + 1
            self.level1_seen = set()
        elif label == "LEVEL1":
            self.current = None
            # Without group headings, a level-1 heading seen again starts the
            # second pass (summary list first, detailed analysis after).
            if self.group is None and found.text in self.level1_seen:
                self.passes[""] = self.passes.get("", 0) + 1
                self.level1_seen = set()
            self.level1_seen.add(found.text)
            self.level1, self.level2 = found, None
        elif label == "LEVEL2":
            self.current = None
            self.level2 = found
        elif label == "NAME":
            if self._in_detail_prose(paragraph, offset):
                # a restatement inside the analysis: it stands for the line's draft
                self.name_draft[(paragraph, offset)] = len(self.drafts) - 1
                return
            self.name_draft[(paragraph, offset)] = len(self.drafts)
            self.current = Draft(
                found,
                self.group,
                self.level1,
                self.level2,
                self._pass(),
                paragraph,
                own_line=own_line,
            )
            self.drafts.append(self.current)
        elif self.current is not None and self.attach:
            gap = paragraph - self.current.paragraph
            if gap == 0 or (self.current.own_line and gap <= MAX_PARAGRAPH_GAP):
                self.current.fields.setdefault(label, found)


def collect_drafts(blocks: list[Block], spans: list[list[ScoredSpan]]) -> list[Draft]:
    """Drafts with each value given to the latest name (the rule reader)."""
    return walk(blocks, spans)[0]


def walk(
    blocks: list[Block], spans: list[list[ScoredSpan]], attach: bool = True
) -> tuple[list[Draft], dict[tuple[int, int], int]]:
    """Drafts in reading order, and which draft each NAME span stands for.
    With ``attach`` false, values are left for the pairing model."""
    walker = _Walker(attach)
    levels = {"LEVEL1", "LEVEL2", "GROUP"}
    for index, (block, block_spans) in enumerate(zip(blocks, spans, strict=True)):
        if heading_level(block.text) == 1 and not any(s.label in levels for s in block_spans):
            walker.on_section()
        for span in block_spans:
            own_line = span.end - span.start >= LINE_NAME_SHARE * len(block.text)
            walker.on_span(span.label, _found(block, span), index, own_line, span.start)
    return walker.drafts, walker.name_draft


def _similarity(a: Draft, b: Draft) -> float:
    ka, kb = name_key(a.name.text), name_key(b.name.text)
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return max(0.9, SequenceMatcher(None, ka, kb).ratio())
    return SequenceMatcher(None, ka, kb).ratio()


def _combine(primary: Draft, other: Draft) -> Draft:
    merged = Draft(
        primary.name,
        primary.group or other.group,
        primary.level1 or other.level1,
        primary.level2 or other.level2,
        min(primary.pass_no, other.pass_no),
        primary.paragraph,
        dict(other.fields) | dict(primary.fields),
        primary.own_line,
        dict(other.pair_signals) | dict(primary.pair_signals),
    )
    return merged


def merge_passes(drafts: list[Draft]) -> list[Draft]:
    """One draft per indicator: pair drafts of the same group read in different
    passes (summary vs detailed), most similar names first; the richer one
    (claim, actual) is primary, the other fills its gaps (often the target)."""
    pairs = []
    for i, a in enumerate(drafts):
        for j in range(i + 1, len(drafts)):
            b = drafts[j]
            same_group = (a.group.text if a.group else "") == (b.group.text if b.group else "")
            if not same_group:
                continue
            # the same words twice (summary list, then the analysis) are one
            # indicator even when no heading separates the two passes
            same_words = name_key(a.name.text) == name_key(b.name.text)
            if a.pass_no != b.pass_no or same_words:
                sim = _similarity(a, b)
                if sim >= MERGE_SIMILARITY:
                    pairs.append((sim, i, j))
    pairs.sort(key=lambda p: -p[0])
    partner: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in partner and j not in partner:
            partner[i], partner[j] = j, i
    out: list[Draft] = []
    for i, draft in enumerate(drafts):
        mate = partner.get(i)
        if mate is None:
            out.append(draft)
        elif i < mate:
            a, b = draft, drafts[mate]
            primary, other = (b, a) if b.richness() >= a.richness() else (a, b)
            out.append(_combine(primary, other))
    return out


def _level_key(found: Found | None) -> str:
    return found.text if found else ""


def borrow_level2(drafts: list[Draft]) -> list[Draft]:
    """A draft without a level-2 heading takes the one level2 its siblings
    (same group and level1, e.g. the summary list "（1）社会效益：…") agree on."""
    seen: dict[tuple[str, str], dict[str, Found]] = {}
    for d in drafts:
        if d.level2 is not None:
            key = (_level_key(d.group), _level_key(d.level1))
            seen.setdefault(key, {})[d.level2.text] = d.level2
    for d in drafts:
        if d.level2 is None and d.level1 is not None:
            options = seen.get((_level_key(d.group), _level_key(d.level1)), {})
            if len(options) == 1:
                d.level2 = next(iter(options.values()))
    return drafts
