"""Reading a document's text as a token stream: flattened tables anywhere in it."""

from __future__ import annotations

from pathlib import Path

from extractor.engine.candidates import Candidate
from extractor.engine.stream.decode import TextIndex, decode_records
from extractor.engine.stream.fused_digits import COMPARATOR_WORDS
from extractor.engine.stream.model import StreamModel, Tagged, load_stream_model
from extractor.engine.stream.tokens import Token, drop_ordinals, tokenize, unwrap_fixed_width
from extractor.types import Document
from extractor.vocab import is_level_label, normalize_level2


def restart_numbered(tokens: list[Token], tagged: Tagged) -> Tagged:
    """A numbered word (指标4.不合格产品处置率) starts its own cell: labelled inside the
    cell before it (a name-only row read on into the next row's name), it begins one."""
    for i, tok in enumerate(tokens):
        label = tagged.labels[i]
        if tok.numbered and label.startswith("I-"):
            tagged.labels[i] = "B-" + label[2:]
        elif tok.numbered and label == "O" and _states_a_field(tokens, tagged, i):
            # The first row under a header, left outside by the labeller, still states
            # values after its number on its line: the numbered cell is its name.
            j = i
            while j < len(tokens) and tagged.labels[j] == "O" and tokens[j].kind == "cjk":
                tagged.labels[j] = "I-name" if j > i else "B-name"
                j += 1
                if j < len(tokens) and tokens[j].sep:
                    break
            _comparators_join_values(tokens, tagged, j)
    return tagged


def _comparators_join_values(tokens: list[Token], tagged: Tagged, i: int) -> None:
    """In the row from ``i`` (to the next numbered word), a comparator left outside and
    glued to the value after it (≥ | 3) is that value's start."""
    for j in range(i, len(tokens) - 1):
        if tokens[j].numbered:
            return
        nxt = tagged.labels[j + 1]
        outside = tagged.labels[j] == "O" and tokens[j].text in COMPARATOR_WORDS
        if outside and not tokens[j + 1].sep and nxt.startswith("B-"):
            tagged.labels[j], tagged.labels[j + 1] = nxt, "I-" + nxt[2:]


_VALUES = frozenset({"target", "actual", "weight", "score"})


def _states_a_field(tokens: list[Token], tagged: Tagged, i: int) -> bool:
    """Whether ``i`` begins the first row under a header (the last field labelled before
    it is the header's) and a value labelled on its own line follows it."""
    labels = tagged.labels
    last = next((labels[j] for j in range(i - 1, -1, -1) if labels[j] != "O"), None)
    if last is None or not last.endswith("header"):
        return False
    for j in range(i + 1, len(tokens)):
        if tokens[j].numbered or tokens[j].sep in ("line", "blank", "barline"):
            return False
        if tagged.labels[j] != "O":
            return tagged.labels[j][2:] in _VALUES
    return False


_SEPARATED = frozenset({"space", "tab", "bar"})


def _cells(tokens: list[Token], lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges [first, last] of the cells between ``lo`` and ``hi`` (inclusive),
    cut where a token has a separator before it."""
    out: list[tuple[int, int]] = []
    for j in range(lo, hi + 1):
        if j == lo or tokens[j].sep:
            out.append((j, j))
        else:
            out[-1] = (out[-1][0], j)
    return out


def recover_level_rows(tokens: list[Token], tagged: Tagged) -> Tagged:
    """A row the labeller left wholly outside in separated text — a level label written
    once, a name and its worded target (and actual) before the weight and score it did
    label (生态效益指标 对…的控制 效果明显 达成预期指标 10 10) — is read by its cells: the
    level label opens it, the next cell is its name, the cells after are its values."""
    labels = tagged.labels
    read: dict[int, str] = {}
    for w in range(1, len(tokens)):
        if labels[w] not in ("B-weight", "B-score") or labels[w - 1] != "O":
            continue
        a = w - 1
        while a > 0 and labels[a - 1] == "O":
            a -= 1
        if a == 0 or labels[a - 1][2:] not in ("score", "weight", "actual"):
            continue  # the run must follow a row's last value
        cells = _cells(tokens, a, w - 1)
        if not all(tokens[f].sep in _SEPARATED for f, _ in cells[1:] + [(w, w)]):
            continue
        if len(cells) not in (3, 4):
            continue
        level = "".join(t.text for t in tokens[cells[0][0] : cells[0][1] + 1])
        if not is_level_label(level) or normalize_level2(level) is None:
            continue
        for (f, last), role in zip(cells, ("level2", "name", "target", "actual"), strict=False):
            for j in range(f, last + 1):
                labels[j] = ("B-" if j == f else "I-") + role
                read[j] = labels[j]
    tagged.make_certain(read)
    return tagged


class StreamReader:
    def __init__(self, model: StreamModel) -> None:
        self.model = model

    def read_text(self, text: str) -> list[Candidate]:
        tokens = drop_ordinals(unwrap_fixed_width(text, tokenize(text)))
        tagged = recover_level_rows(tokens, restart_numbered(tokens, self.model.tag(tokens)))
        return decode_records(text, tokens, tagged, TextIndex(text))

    def read(self, doc: Document) -> list[Candidate]:
        return self.read_text(doc.text)


def load_stream_reader(folder: Path) -> StreamReader:
    """The reader saved under ``folder`` (``models/<name>/stream``)."""
    return StreamReader(load_stream_model(folder))
