"""Reading a document's text as a token stream: flattened tables anywhere in it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from extractor.engine.candidates import Candidate
from extractor.engine.stream.decode import TextIndex, decode_records
from extractor.engine.stream.fused_digits import COMPARATOR_WORDS
from extractor.engine.stream.model import StreamModel, Tagged, load_stream_model
from extractor.engine.stream.tokens import Token, drop_ordinals, tokenize, unwrap_fixed_width
from extractor.types import Document
from extractor.vocab import header_role, is_level_label, normalize_level1, normalize_level2


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
        _label_cells(labels, read, cells, ("level2", "name", "target", "actual"), strict=False)
    return _with_labels_read(tagged, read)


_STRUCTURE = frozenset({"level1", "level2", "name"})
# A first row is a few cells: levels, a name and its values (a longer run is text).
_MAX_FIRST_ROW_CELLS = 8


def _cell_text(tokens: list[Token], cell: tuple[int, int]) -> str:
    return "".join(t.text for t in tokens[cell[0] : cell[1] + 1])


def _row_value_roles(labels: list[str], b: int) -> list[str]:
    """The value roles, in order, of the row labelled from ``b`` (to the next row's
    level or name after a value)."""
    roles: list[str] = []
    for lab in labels[b:]:
        role = lab[2:]
        if not lab.startswith("B-"):
            continue
        if role in _STRUCTURE and roles:
            break
        if role in _VALUES and role not in roles:
            roles.append(role)
        elif role not in _STRUCTURE:
            break
    return roles


def _level_roles(texts: list[str]) -> list[str]:
    """Roles of a row's leading level-label cells: a lone one is its level 2 when it
    names one; of several, the first is level 1 when it names one, the rest level 2."""
    if len(texts) == 1:
        return ["level2" if normalize_level2(texts[0]) else "level1"]
    first = "level1" if normalize_level1(texts[0]) else "level2"
    return [first] + ["level2"] * (len(texts) - 1)


def recover_first_rows(tokens: list[Token], tagged: Tagged) -> Tagged:
    """The first row under a header that the labeller left outside (but perhaps a value)
    — in a table written one cell a line, the header's last words (指标值) with it — is
    read by its cells: header words stay outside, level labels open the row, the next cell is its
    name and the cells after it take the value roles of the row below, in order."""
    labels = tagged.labels
    read: dict[int, str] = {}
    for b in range(1, len(tokens)):
        if not labels[b].startswith("B-") or labels[b][2:] not in _STRUCTURE:
            continue
        a = b
        while a > 0 and (labels[a - 1] == "O" or labels[a - 1][2:] in _VALUES):
            a -= 1
        if a == 0 or a == b or not labels[a - 1].endswith("header"):
            continue
        if all(lab != "O" for lab in labels[a:b]):
            continue
        cells = _cells(tokens, a, b - 1)
        texts = [_cell_text(tokens, c) for c in cells]
        k = 0
        while k < len(cells) and header_role(texts[k]) is not None:
            k += 1
        levels = k
        while levels < len(cells) and is_level_label(texts[levels]):
            levels += 1
        values = _row_value_roles(labels, b)
        rest = len(cells) - levels
        if not 2 <= rest <= 1 + len(values) or len(cells) - k > _MAX_FIRST_ROW_CELLS:
            continue
        if header_role(texts[levels]) is not None or not any(
            t.kind == "cjk" for t in tokens[cells[levels][0] : cells[levels][1] + 1]
        ):
            continue  # the name cell is a header word or no word at all
        roles = _level_roles(texts[k:levels]) if levels > k else []
        roles += ["name", *values[: rest - 1]]
        _label_cells(labels, read, cells[k:], roles, strict=True)
    return _with_labels_read(tagged, read)


def recover_row_values(tokens: list[Token], tagged: Tagged) -> Tagged:
    """A named row whose value cells the labeller all left outside (a worded target,
    参照…控制) between its name and the next row: those cells take the value roles of
    the row below it, in order (the level labels opening that row, left outside with
    them, are its levels)."""
    labels = tagged.labels
    read: dict[int, str] = {}
    for i in range(len(tokens)):
        if labels[i] != "B-name":
            continue
        a = _cell_end(tokens, labels, i) + 1
        b = a
        while b < len(tokens) and labels[b] == "O":
            b += 1
        if a == b or b >= len(tokens) or not labels[b].startswith("B-"):
            continue
        if labels[b][2:] not in _STRUCTURE or not tokens[a].sep:
            continue
        cells = _cells(tokens, a, b - 1)
        texts = [_cell_text(tokens, c) for c in cells]
        n = len(cells)
        while n > 0 and is_level_label(texts[n - 1]):
            n -= 1  # the next row's level labels, left outside too
        values = _row_value_roles(labels, b)
        if not values or not 0 < n <= len(values):
            continue
        if any(header_role(t) is not None or is_level_label(t) for t in texts[:n]):
            continue
        if not all(any(t.kind in ("cjk", "digit") for t in tokens[f : e + 1]) for f, e in cells):
            continue
        roles = values[:n] + (_level_roles(texts[n:]) if n < len(cells) else [])
        _label_cells(labels, read, cells, roles, strict=True)
    return _with_labels_read(tagged, read)


def _cell_end(tokens: list[Token], labels: list[str], i: int) -> int:
    """The last token of the labelled cell opening at ``i``."""
    j = i
    while j + 1 < len(tokens) and labels[j + 1] == "I-" + labels[i][2:] and not tokens[j + 1].sep:
        j += 1
    return j


def second_level_ones(tokens: list[Token], tagged: Tagged) -> Tagged:
    """Two level-1 cells in a row (产出指标 成本指标): a row states one level 1, so the
    second, when it names a level 2 too, is the row's level 2."""
    labels = tagged.labels
    read: dict[int, str] = {}
    for i in range(len(tokens)):
        if labels[i] != "B-level1":
            continue
        nxt = _cell_end(tokens, labels, i) + 1
        if nxt >= len(tokens) or labels[nxt] != "B-level1":
            continue
        last = _cell_end(tokens, labels, nxt)
        if normalize_level2(_cell_text(tokens, (nxt, last))) is None:
            continue
        _label_cells(labels, read, [(nxt, last)], ["level2"], strict=True)
    return _with_labels_read(tagged, read)


def _label_cells(
    labels: list[str],
    read: dict[int, str],
    cells: Sequence[tuple[int, int]],
    roles: Sequence[str],
    *,
    strict: bool,
) -> None:
    """Each cell (first and last token) labelled with its role, B- on its first
    token and I- on the rest, and noted in ``read`` (relabelled by the reader)."""
    for (f, last), role in zip(cells, roles, strict=strict):
        for j in range(f, last + 1):
            labels[j] = ("B-" if j == f else "I-") + role
            read[j] = labels[j]


def _with_labels_read(tagged: Tagged, read: dict[int, str]) -> Tagged:
    """``tagged`` whose tokens in ``read`` are certain of their new label (the decoder
    weighs cells by the marginals, not by the labels)."""
    tagged.make_certain(read)
    return tagged


class StreamReader:
    def __init__(self, model: StreamModel) -> None:
        self.model = model

    def read_text(self, text: str) -> list[Candidate]:
        tokens = drop_ordinals(unwrap_fixed_width(text, tokenize(text)))
        tagged = recover_level_rows(tokens, restart_numbered(tokens, self.model.tag(tokens)))
        tagged = second_level_ones(tokens, recover_first_rows(tokens, tagged))
        tagged = recover_row_values(tokens, tagged)
        return decode_records(text, tokens, tagged, TextIndex(text))

    def read(self, doc: Document) -> list[Candidate]:
        return self.read_text(doc.text)


def load_stream_reader(folder: Path) -> StreamReader:
    """The reader saved under ``folder`` (``models/<name>/stream``)."""
    return StreamReader(load_stream_model(folder))
