"""Flattened renderings of a report's tables, with the role of every character span.

Reports that reach users as text have often lost their tables: a whole table
on one line, one cell a line, pipe rows, cells run together, OCR damage on
top, page chrome around. ``render_flat`` writes a gold document's table
blocks in one of those shapes and returns, with the text, the span and role
(level1, level2, group, name, target, actual, weight, score,
status, deviation, header) of every cell that came from the table: the
training material of the stream reader (``extractor.engine.stream``).
The gold stays true: only separators, page chrome and look-alike characters
change, and OCR confusions replace one character by one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from extractor.engine.features import looks_like_claim
from extractor.training.scoring import sim
from extractor.training.variants.model import Gold, Variant, indicators, normalize_text
from extractor.training.variants.tables import (
    GridRow,
    Tables,
    field_cells,
    field_orders,
    read_tables,
)
from extractor.vocab import header_role, normalize_level1, normalize_level2, squash

SHAPES = ("one_line", "cell_lines", "pipe", "fused", "ocr")
Span = tuple[int, int, str]
Piece = tuple[str, str | None]  # text, role (None: not part of an indicator row)
_LABEL_ROLES = ("level1", "level2", "group")

# OCR look-alikes of flattened report text (one character for one).
OCR_FLAT: dict[str, tuple[str, ...]] = {
    "≥": ("2", "$", "工", "^"),
    "≤": ("W", "<"),
    "完": ("先",),
    "元": ("兀",),
    "0": ("O", "o"),
    "1": ("l", "I"),
    "已": ("己",),
}


@dataclass
class Labelled:
    text: str
    spans: list[Span]
    gold: Gold
    shape: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Which cell holds which field
# --------------------------------------------------------------------------


def _label_role(cell: str, row: dict[str, Any] | None) -> str | None:
    l1, l2 = normalize_level1(cell), normalize_level2(cell)
    if row is not None:
        if l1 and l1 == row.get("level1") and not (l2 and l2 == row.get("level2")):
            return "level1"
        if l2 and l2 == row.get("level2"):
            return "level1" if l1 and l1 == row.get("level1") and l1 == l2 else "level2"
        if l1 and l1 == row.get("level1"):
            return "level1"
        if row.get("group") and sim(cell, row["group"]) >= 0.8:
            return "group"
        return None
    return "level1" if l1 else "level2" if l2 else None


def _composes(cell: str, whole: object) -> bool:
    c = squash(cell)
    return bool(c) and isinstance(whole, str) and c in squash(whole) and c not in ("定量", "定性")


def _gold_row_roles(
    row: list[str], col: int, ind: dict[str, Any], order: list[str]
) -> list[str | None]:
    roles: list[str | None] = [None] * len(row)
    target = (ind.get("target") or {}).get("text")
    same = bool(target) and squash(target) == squash(ind.get("name"))
    roles[col] = "name"
    for role, c in field_cells(row, col, ind, order).items():
        roles[c] = role
    for c in range(col):
        if row[c]:
            roles[c] = _label_role(row[c], ind)
    # Split targets (≥ | 1200 | 公里): the cells right after the name that compose it.
    c = col + 1
    while c < len(row) and roles[c] is None and _composes(row[c], target) and not same:
        roles[c] = "target"
        c += 1
    for c in range(col + 1, len(row)):
        if roles[c] is not None or not row[c]:
            continue
        if ind.get("deviation") and squash(row[c]) == squash(ind["deviation"]):
            roles[c] = "deviation"
        elif ind.get("status") and looks_like_claim(row[c]):
            roles[c] = "status"
    return roles


def _wide_row_roles(
    row: list[str], cols: list[int], inds: list[dict[str, Any]]
) -> list[str | None]:
    """A wide project row: several (content, status) pairs, the project before them."""
    roles: list[str | None] = [None] * len(row)
    for col, ind in zip(cols, inds, strict=True):
        roles[col] = "name"  # its target is its own words: the decoder reads it from the name
        if col + 1 < len(row) and ind.get("status") and looks_like_claim(row[col + 1]):
            roles[col + 1] = "status"
    group = inds[0].get("group")
    for c in range(cols[0]):
        if group and row[c] and sim(row[c], group) >= 0.8:
            roles[c] = "group"
    return roles


def cell_roles(tables: Tables, gold: Gold) -> dict[tuple[int, int], list[str | None]]:
    """The role of every cell of every table row, keyed by (block, row)."""
    rows = indicators(gold)
    by_row: dict[tuple[int, int], list[tuple[int, dict[str, Any]]]] = {}
    for ref, ind in zip(tables.refs, rows, strict=False):
        if ref is not None:
            by_row.setdefault((ref.block, ref.row), []).append((ref.col, ind))
    groups = {str(r["group"]) for r in rows if r.get("group")}
    out: dict[tuple[int, int], list[str | None]] = {}
    for b, block in enumerate(tables.blocks):
        orders = field_orders(block)
        for r, grid_row in enumerate(block.rows):
            if isinstance(grid_row, str):
                continue
            found = sorted(by_row.get((b, r), []), key=lambda x: x[0])
            if len(found) > 1:
                out[(b, r)] = _wide_row_roles(
                    grid_row, [c for c, _ in found], [i for _, i in found]
                )
            elif found:
                out[(b, r)] = _gold_row_roles(grid_row, found[0][0], found[0][1], orders[r])
            elif sum(1 for c in grid_row if header_role(c)) >= 2:
                out[(b, r)] = ["header" if c else None for c in grid_row]
            else:
                roles: list[str | None] = []
                for c in grid_row:
                    if c and any(sim(c, g) >= 0.8 for g in groups):
                        roles.append("group")
                    elif len(squash(c)) <= 12:
                        roles.append(_label_role(c, None))
                    else:
                        roles.append(None)
                out[(b, r)] = roles
    return out


# --------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------


def _row_cells(
    tables: Tables, roles: dict[tuple[int, int], list[str | None]], b: int
) -> list[list[Piece]]:
    out: list[list[Piece]] = []
    for r, row in enumerate(tables.blocks[b].rows):
        if isinstance(row, str):
            out.append([(row, None)])
        else:
            rr = roles.get((b, r), [None] * len(row))
            out.append([(c.replace("\n", ""), rr[i]) for i, c in enumerate(row)])
    return out


_PERMUTABLE = ("target", "actual", "weight", "score")


def _permute_columns(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    """Another column order for the value fields (分值 before 实际完成值...), header included.

    Forms order their value columns differently; the reader must follow the header, not
    one order. Only done where the header's cells sit above the same columns."""
    cols: dict[str, int] = {}
    for row in rows:
        for c, (_, role) in enumerate(row):
            if role in _PERMUTABLE and role not in cols:
                cols[role] = c
    headers = [
        r for r in rows
        if sum(1 for _, role in r if role == "header") >= 2
        and any(header_role(t) == "name" for t, _ in r)
    ]  # fmt: skip
    if len(cols) < 2 or not headers:
        return rows
    for h in headers:
        for role, c in cols.items():
            if c >= len(h) or header_role(h[c][0]) != role:
                return rows
    where = sorted(cols.values())
    new_order = where[:]
    while new_order == where:
        rng.shuffle(new_order)
    out = []
    for row in rows:
        row = list(row)
        if max(where) < len(row):
            cells = [row[c] for c in where]
            for c, piece in zip(new_order, cells, strict=True):
                row[c] = piece
        out.append(row)
    return out


def _blank_repeats(rows: list[list[Piece]]) -> list[list[Piece]]:
    """Merged labels are written once: a label equal to the one above it goes."""
    last: dict[int, str] = {}
    out: list[list[Piece]] = []
    for row in rows:
        new: list[Piece] = []
        for c, (text, role) in enumerate(row):
            if role in _LABEL_ROLES and last.get(c) == squash(text):
                new.append(("", role))
                continue
            if role in _LABEL_ROLES:
                last[c] = squash(text)
                last = {k: v for k, v in last.items() if k <= c}
            new.append((text, role))
        out.append(new)
    return out


def _wrap(text: str, rng: random.Random, p: float) -> str:
    # Converters break long worded cells, not numbers.
    if len(text) >= 8 and any("\u4e00" <= ch <= "\u9fff" for ch in text) and rng.random() < p:
        k = rng.randint(3, len(text) - 2)
        return text[:k] + "\n" + text[k:]
    return text


def _one_line(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    cells = [[p for p in row if p[0].strip()] for row in rows]
    lines: list[list[Piece]] = [[]]
    breaks = rng.random() < 0.3
    for row in cells:
        if breaks and lines[-1] and rng.random() < 0.15:
            lines.append([])
        for piece in row:
            if lines[-1]:
                lines[-1].append((" ", None))
            lines[-1].append(piece)
    return lines


def _cell_lines(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    blank = rng.random() < 0.8
    # Web pages copied as text often put a blank line after every cell (a <p> each),
    # so a blank line is then no row boundary.
    every = blank and rng.random() < 0.3
    lead = "\t" if rng.random() < 0.15 else ""
    lines: list[list[Piece]] = []
    for row in rows:
        cells = [p for p in row if p[0].strip()]
        if not cells:
            continue
        if lines and blank:
            lines.append([])
        for k, (text, role) in enumerate(cells):
            if k and every:
                lines.append([])
            lines.append([(lead, None), (_wrap(text, rng, 0.08), role)])
    return lines


def _pipe(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    style = rng.choice(["outer", "outer", "inner", "own_line"])
    tight = rng.random() < 0.3
    bar = "|" if tight else " | "
    lines: list[list[Piece]] = []
    for i, row in enumerate(rows):
        cells = [(_wrap(t, rng, 0.1), role) for t, role in row]
        while cells and not cells[-1][0]:
            cells.pop()
        if not cells:
            continue
        if style == "own_line":
            for k, piece in enumerate(cells):
                if piece[0]:
                    lines.append([piece])
                if k < len(cells) - 1:
                    lines.append([("|" * rng.choice([1, 1, 1, 4]), None)])
            lines.append([])
            continue
        line: list[Piece] = [("| " if style == "outer" else "", None)]
        for k, piece in enumerate(cells):
            if k:
                line.append((bar if rng.random() > 0.05 else "||||", None))
            line.append(piece)
        if style == "outer":
            line.append((" |", None))
        lines.append(line)
        if i == 0 and rng.random() < 0.3:
            lines.append([("|" + "---|" * len(cells), None)])
    return lines


def _fused(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    between = rng.choice(["\n", "\n", " ", ""])
    lines: list[list[Piece]] = [[]]
    for row in rows:
        cells = [p for p in row if p[0].strip()]
        if not cells:
            continue
        if lines[-1]:
            if between == "\n":
                lines.append([])
            elif between:
                lines[-1].append((between, None))
        lines[-1].extend(cells)
    return lines


def _tabs(rows: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    lines: list[list[Piece]] = []
    for row in rows:
        line: list[Piece] = []
        for k, piece in enumerate(row):
            if k:
                line.append(("\t", None))
            line.append(piece)
        lines.append(line)
    return lines


_RENDER = {
    "tabs": _tabs,
    "one_line": _one_line,
    "cell_lines": _cell_lines,
    "pipe": _pipe,
    "fused": _fused,
}


# --------------------------------------------------------------------------
# Page chrome: what a web page or a converted file puts around a report
# --------------------------------------------------------------------------

_MENUS = (
    "首页",
    "政务公开",
    "信息公开",
    "财政信息",
    "预决算公开",
    "通知公告",
    "办事服务",
    "互动交流",
)


def _chrome_line(rng: random.Random) -> str:
    kind = rng.randrange(8)
    n = rng.randint(2, 9999)
    if kind == 0:
        return " > ".join(rng.sample(_MENUS, rng.randint(2, 4)))
    if kind == 1:
        return rng.choice(["附件下载：", "点击下载：", "相关附件："]) + f"附件{n % 9 + 1}.xls"
    if kind == 2:
        return f"发布日期：20{rng.randint(18, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 浏览次数：{n}"
    if kind == 3:
        guid = "".join(rng.choice("0123456789ABCDEF") for _ in range(32))
        return (
            f"用户{n % 97} zl{n:06d} 1 20{rng.randint(15, 24)}-05-22T04:56:35Z "
            f"20{rng.randint(15, 24)}-09-13T11:21:51Z 15.00 2052-11.1.0.{n} {guid} {n * 3} 0 False"
        )
    if kind == 4:
        return rng.choice(["注：", "备注：", "说明："]) + rng.choice(
            ["得分一档为100%-90%（含），二档为90%-80%（含）。", "请据实填写，偏差大的须说明原因。"]
        )
    if kind == 5:
        return (
            rng.choice(["名词解释：", "术语："])
            + "绩效目标是指预算资金在一定期限内预期达到的产出和效果。"
        )
    if kind == 6:
        return rng.choice(
            [
                "【打印本页】【关闭窗口】",
                "分享到：微信 微博",
                "字号：大 中 小",
                "扫一扫在手机打开当前页",
            ]
        )
    return rng.choice(["上一篇：", "下一篇："]) + f"关于{n}号文件的通知"


# --------------------------------------------------------------------------
# Rendering a whole document
# --------------------------------------------------------------------------


def _document_lines(
    tables: Tables, gold: Gold, shape: str, rng: random.Random, augment: bool
) -> list[list[Piece]]:
    roles = cell_roles(tables, gold)
    starts = {blk.first_line: b for b, blk in enumerate(tables.blocks)}
    lines = tables.text.split("\n")
    out: list[list[Piece]] = []
    i = 0
    while i < len(lines):
        if i in starts:
            b = starts[i]
            rows = _row_cells(tables, roles, b)
            if augment and rng.random() < 0.5:
                rows = _permute_columns(rows, rng)
            if shape != "pipe" or rng.random() < 0.5:
                rows = _blank_repeats(rows)
            out.extend(_RENDER[shape](rows, rng))
            i = tables.blocks[b].last_line + 1
            continue
        out.append([(lines[i].replace("\f", ""), None)])
        i += 1
    return out


def _with_chrome(lines: list[list[Piece]], rng: random.Random) -> list[list[Piece]]:
    head: list[list[Piece]] = [[(_chrome_line(rng), None)] for _ in range(rng.randint(0, 4))]
    tail: list[list[Piece]] = [[(_chrome_line(rng), None)] for _ in range(rng.randint(0, 3))]
    return head + lines + tail


def _join(lines: list[list[Piece]], sep: str) -> tuple[str, list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for k, line in enumerate(lines):
        if k:
            parts.append(sep)
            pos += len(sep)
        for text, role in line:
            if role is not None and text.strip():
                lead = len(text) - len(text.lstrip())
                spans.append((pos + lead, pos + len(text.rstrip()), role))
            parts.append(text)
            pos += len(text)
    return "".join(parts), spans


def ocr_damage(text: str, rng: random.Random, rate: float) -> str:
    """Look-alike confusions, one character for one (spans keep their offsets)."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in OCR_FLAT and rng.random() < (rate * 8 if ch in "≥≤" else rate):
            chars[i] = rng.choice(OCR_FLAT[ch])
    return "".join(chars)


def render_flat(
    text: str, gold: Gold, shape: str, rng: random.Random, augment: bool = False
) -> Labelled:
    """``text`` with its tables written in ``shape``, and the role spans of their cells.

    ``augment`` (training) also reorders the value columns, header included.

    A document whose tables the text ingest cannot see (HTML, no tables) keeps its text:
    it still teaches what is not a table row.
    """
    base = "one_line" if shape == "ocr" else shape
    if shape == "ocr":
        base = rng.choice(["one_line", "one_line", "cell_lines", "pipe", "fused"])
    tables = read_tables(normalize_text(text), gold)
    if tables.blocks:
        lines = _document_lines(tables, gold, base, rng, augment)
    else:
        lines = [[(ln, None)] for ln in tables.text.split("\n")]
    if rng.random() < 0.7:
        lines = _with_chrome(lines, rng)
    whole = base == "one_line" and rng.random() < 0.35
    out, spans = _join([ln for ln in lines if ln or not whole], " " if whole else "\n")
    if shape == "ocr":
        out = ocr_damage(out, rng, rng.uniform(0.02, 0.08))
    return Labelled(out, spans, gold, shape, {"base": base})


def to_flat(shape: str) -> Any:
    """``render_flat`` as a variant transform (text only), for the variant generator."""

    def transform(v: Variant, rng: random.Random) -> Variant:
        return v.with_text(render_flat(v.text, v.gold, shape, rng).text)

    transform.__name__ = f"to_{shape}"
    return transform


__all__ = ["SHAPES", "Labelled", "render_flat", "cell_roles", "ocr_damage", "to_flat", "GridRow"]
