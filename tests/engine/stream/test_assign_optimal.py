"""``assign`` returns the best allowed assignment, under a header's column order or none.

Checked against brute force: every assignment the rules allow (fields in the order of the
columns, or in any order without a header; each filled once, a target, actual or deviation
continuing over adjacent units where one of the two holds no digit) is enumerated and
scored."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.engine.stream.decode import _DECLARED, ClosedOrder, Unit, _scores, assign
from extractor.engine.stream.model import VALUE_ROLES
from extractor.engine.stream.parts import CONTINUES

_TEXTS = ("≥", "≤", "个", "公里", "满意", "按时完成", "见说明", "1200", "95%", "10")


def _columns(order: list[str]) -> list[str]:
    if isinstance(order, ClosedOrder):
        return list(order)
    return list(order) + [r for r in VALUE_ROLES if r not in order]


def _allowed(texts: list[str], columns: list[str]) -> Iterator[list[str]]:
    """Every assignment the rules allow, by extending allowed prefixes."""

    def grow(path: list[str], col: int) -> Iterator[list[str]]:
        t = len(path)
        if t == len(texts):
            yield path
            return
        yield from grow([*path, "O"], col)
        for k in range(col + 1, len(columns)):
            yield from grow([*path, columns[k]], k)
        prev = path[-1] if path else "O"
        digits = bool(t) and all(re.search(r"\d", s) for s in texts[t - 1 : t + 1])
        if col >= 0 and prev == columns[col] and prev in CONTINUES and not digits:
            yield from grow([*path, prev], col)

    yield from grow([], -1)


def _unordered(texts: list[str]) -> Iterator[list[str]]:
    """Every assignment allowed without a column order."""

    def grow(path: list[str]) -> Iterator[list[str]]:
        t = len(path)
        if t == len(texts):
            yield path
            return
        yield from grow([*path, "O"])
        for r in VALUE_ROLES:
            if r not in path:
                yield from grow([*path, r])
        prev = path[-1] if path else "O"
        digits = bool(t) and all(re.search(r"\d", s) for s in texts[t - 1 : t + 1])
        if prev in CONTINUES and not digits:
            yield from grow([*path, prev])

    yield from grow([])


def _total(units: list[Unit], texts: list[str], order: list[str], path: list[str]) -> float:
    total = 0.0
    for t, (u, text, role) in enumerate(zip(units, texts, path, strict=True)):
        total += _scores(u, text)[role]
        if role != "O" and role in order and (t == 0 or path[t - 1] != role):
            total += _DECLARED  # a declared column opened
    return total


_WEIGHTS = st.sampled_from([0.0, 0.1, 0.4, 1.0])


@settings(max_examples=300)
@given(
    order=st.lists(st.sampled_from(VALUE_ROLES), min_size=1, max_size=4, unique=True),
    closed=st.booleans(),
    data=st.data(),
)
def test_assign_is_the_best_allowed_assignment(
    order: list[str], closed: bool, data: st.DataObject
) -> None:
    # The labeller's marginals spread over "O" and the header's columns (where the
    # decoder's choices are close), the cells mostly without digits (where fields continue).
    n = data.draw(st.integers(1, 5))
    units = []
    for k in range(n):
        weights = {"O": data.draw(_WEIGHTS)} | {r: data.draw(_WEIGHTS) for r in order}
        norm = sum(weights.values())
        probs = {r: w / norm for r, w in weights.items()} if norm else {"O": 1.0}
        units.append(Unit(k, k, probs))
    texts = data.draw(st.lists(st.sampled_from(_TEXTS), min_size=n, max_size=n))
    header = ClosedOrder(order) if closed and len(order) >= 2 else order
    got = assign(units, header, texts)
    allowed = list(_allowed(texts, _columns(header)))
    assert got in allowed
    best = max(_total(units, texts, order, p) for p in allowed)
    assert _total(units, texts, order, got) >= best - 1e-9


def test_a_middle_cell_the_labeller_doubts_still_continues_the_target() -> None:
    # ≥ | 1200 | 公里 | 5 under 指标值 | 分值: the labeller doubts the number (more likely
    # outside than in the target), but the unit after it is surely the target's, and a
    # target is one run. Reading the number as outside would end the target at ≥ and
    # leave 公里 nowhere; the whole target scores best.
    units = [
        Unit(0, 0, {"O": 0.1, "target": 0.9}),
        Unit(1, 1, {"O": 0.6, "target": 0.4}),
        Unit(2, 2, {"O": 0.1, "target": 0.9}),
        Unit(3, 3, {"O": 0.1, "score": 0.9}),
    ]
    got = assign(units, ClosedOrder(["target", "score"]), ["≥", "1200", "公里", "5"])
    assert got == ["target", "target", "target", "score"]


@settings(max_examples=100)
@given(data=st.data())
def test_assign_without_a_header_is_the_best_allowed_assignment(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 4))
    units = []
    for k in range(n):
        roles = data.draw(st.lists(st.sampled_from(VALUE_ROLES), max_size=3, unique=True))
        weights = {"O": data.draw(_WEIGHTS)} | {r: data.draw(_WEIGHTS) for r in roles}
        norm = sum(weights.values())
        units.append(Unit(k, k, {r: w / norm for r, w in weights.items()} if norm else {"O": 1.0}))
    texts = data.draw(st.lists(st.sampled_from(_TEXTS), min_size=n, max_size=n))
    got = assign(units, None, texts)
    allowed = list(_unordered(texts))
    assert got in allowed
    best = max(_total(units, texts, [], p) for p in allowed)
    assert _total(units, texts, [], got) >= best - 1e-9
