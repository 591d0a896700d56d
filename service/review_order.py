"""How much a correction is expected to fix: the review queue's order.

A doubtful field is wrong with its calibrated error probability (1 -
confidence); correcting it fixes that much here. Once approved and trained
on, the correction also teaches the model the field's layout, which helps
every other open document of that layout, more so when the model has seen
few documents of it (the shipped model's training documents per layout,
``meta.json`` "layouts", plus the approved documents waiting to be trained on):

    expected fix = p(error) * (1 + other open documents of the layout / (1 + seen))
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.models import Document


@lru_cache(maxsize=8)
def _trained_layouts(meta: Path, mtime: float) -> dict[str, int]:
    try:
        layouts = json.loads(meta.read_text(encoding="utf-8")).get("layouts") or {}
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in layouts.items()}


def trained_layouts(model_dir: Path) -> dict[str, int]:
    """Training documents per layout key of the model in use (empty: unknown)."""
    meta = model_dir / "meta.json"
    try:
        return _trained_layouts(meta, meta.stat().st_mtime)
    except OSError:
        return {}


def layouts_seen(s: Session, model_dir: Path) -> Counter[str]:
    """Documents of each layout the model has seen or will be trained on next."""
    seen: Counter[str] = Counter(trained_layouts(model_dir))
    rows = s.execute(
        select(Document.layout_key, func.count())
        .where(Document.approved_at.is_not(None), Document.layout_key.is_not(None))
        .group_by(Document.layout_key)
    ).all()
    for key, n in rows:
        seen[str(key)] += int(n)
    return seen


def expected_fix(error: float, seen: int, open_same: int) -> float:
    """See the module docstring; ``open_same`` counts the field's own document too."""
    return error * (1.0 + max(0, open_same - 1) / (1.0 + seen))
