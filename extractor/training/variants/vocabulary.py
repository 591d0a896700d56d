"""Another department's report: its words swapped in, slot for slot, in text and gold."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

from extractor.training.variants.model import Variant, indicators, map_gold_strings
from extractor.training.variants.sectors import NAMES, SECTORS, TERMS, Named
from extractor.training.variants.tables import read_tables, rewrite
from extractor.vocab import squash

_COUNT_NAME_SHARE = 0.5  # rows whose name is replaced by a name of the new department


def source_sector(text: str) -> str | None:
    """The department whose vocabulary ``text`` uses most (its agency name counts double)."""
    best, best_hits = None, 0
    for sector in SECTORS:
        terms = TERMS[sector]
        hits = sum(text.count(t) for t in terms.values()) + 2 * text.count(terms["agency"])
        if hits > best_hits:
            best, best_hits = sector, hits
    return best


def term_map(source: str, target: str) -> dict[str, str]:
    """Word for word from ``source``'s vocabulary to ``target``'s."""
    src, dst = TERMS[source], TERMS[target]
    return {src[slot]: dst[slot] for slot in src if src[slot] != dst[slot]}


def term_replacer(mapping: dict[str, str]) -> Callable[[str], str]:
    """Replace in one pass, longest term first, so a replacement is never replaced again."""
    if not mapping:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: mapping[m.group()], text)


def _kind(ind: dict[str, Any]) -> str:
    target = ind.get("target") or {}
    if "满意" in str(ind.get("level1")) + str(ind.get("level2")):
        return "satisfaction"
    if "成本" in str(ind.get("level1")) + str(ind.get("level2")):
        return "cost"  # cost rows keep their names: no bank of cost names
    if target.get("kind") == "deadline" or ind.get("level2") == "时效指标":
        return "deadline"
    if target.get("kind") in ("numeric", "range"):
        return "rate" if target.get("unit") in ("%", "％") else "count"
    return "qual"


def _pick_name(
    bank: tuple[Named, ...], unit: object, used: set[str], rng: random.Random
) -> str | None:
    free = [(n, u) for n, u in bank if n not in used]
    same_unit = [n for n, u in free if u and u == unit]
    pool = same_unit or [n for n, _ in free]
    return rng.choice(pool) if pool else None


def _rename_rows(v: Variant, sector: str, rng: random.Random) -> Variant:
    tables = read_tables(v.text, v.gold)
    rows = indicators(v.gold)
    used = {str(r.get("name")) for r in rows}
    changed: set[int] = set()
    for ref, ind in zip(tables.refs, rows, strict=False):
        if ref is None or rng.random() >= _COUNT_NAME_SHARE:
            continue
        row = tables.blocks[ref.block].rows[ref.row]
        old = str(ind.get("name") or "")
        if not isinstance(row, list) or squash(row[ref.col]) != squash(old):
            continue  # the name shares its cell with other text: leave it
        values = [(ind.get(f) or {}).get("text") for f in ("target", "actual")]
        if any(squash(str(t)) == squash(old) for t in values if t):
            continue  # the name cell is also the target (wide tables): renaming would lie
        bank = NAMES[sector].get(_kind(ind), ())
        new = _pick_name(bank, (ind.get("target") or {}).get("unit"), used, rng)
        if new is None:
            continue
        row[ref.col] = new
        ind["name"] = new
        used.add(new)
        changed.add(ref.block)
    return Variant(rewrite(tables, changed), v.gold) if changed else v


def _names_present(v: Variant) -> list[bool]:
    return [str(r.get("name") or "") in v.text for r in indicators(v.gold)]


def swap_department_vocabulary(v: Variant, rng: random.Random) -> Variant:
    """Department name, people, facilities and tasks of another department, and some of
    its indicator names, in text and gold alike."""
    source = source_sector(v.text)
    target = rng.choice([s for s in SECTORS if s != source])
    swapped = v
    if source is not None:
        replace = term_replacer(term_map(source, target))
        candidate = Variant(replace(v.text), map_gold_strings(v.gold, replace))
        # A term straddling a name's edge would rename text and gold differently: keep the original.
        if _names_present(candidate) == _names_present(v):
            swapped = candidate
    return _rename_rows(Variant(swapped.text, copy.deepcopy(swapped.gold)), target, rng)
