"""Realistic training variants of a gold document (for TRAINING only, never evaluation).

``generate_variants(text, gold, n, seed)`` returns ``n`` (text, gold) pairs.
Each variant applies a random subset of small named transformations, in a
fixed order: what the report says (department vocabulary, form type, year,
numbers, row order), then layout damage (labels, drifted and merged cells,
wrapped cells, lost separators), then at most one re-rendering of the tables
(one cell a line, tab rows, HTML, markdown), then character noise (full/half
width, OCR look-alikes). Every transformation keeps the gold true for its
text; ``TRANSFORMS`` lists them by name so each can be used alone.
"""

from __future__ import annotations

import copy
import random

from extractor.training.variants.characters import inject_ocr_confusions, swap_width
from extractor.training.variants.content import (
    change_form_type,
    change_numbers,
    change_year,
    shuffle_rows_within_level2,
)
from extractor.training.variants.layout import (
    blank_repeated_labels,
    drop_separators,
    fill_down_labels,
    merge_adjacent_cells,
    shift_rows_left,
    to_cell_lines,
    to_html,
    to_markdown,
    to_tab_rows,
    wrap_long_cells,
)
from extractor.training.variants.model import Gold, Transform, Variant, normalize_text
from extractor.training.variants.vocabulary import swap_department_vocabulary

__all__ = ["TRANSFORMS", "Variant", "generate_variants", "apply"]

# (transformation, chance a variant uses it), in the order they are applied.
_CONTENT: tuple[tuple[Transform, float], ...] = (
    (swap_department_vocabulary, 0.4),
    (change_form_type, 0.2),
    (change_year, 0.35),
    (change_numbers, 0.5),
    (shuffle_rows_within_level2, 0.3),
)
_LABELS: tuple[tuple[Transform, float], ...] = (
    (fill_down_labels, 0.2),
    (blank_repeated_labels, 0.2),
)
_DAMAGE: tuple[tuple[Transform, float], ...] = (
    (shift_rows_left, 0.3),
    (merge_adjacent_cells, 0.2),
    (wrap_long_cells, 0.3),
    (drop_separators, 0.15),
)
_RENDERINGS: tuple[tuple[Transform | None, float], ...] = (
    (None, 0.55),
    (to_cell_lines, 0.15),
    (to_tab_rows, 0.1),
    (to_html, 0.1),
    (to_markdown, 0.1),
)
_CHARACTERS: tuple[tuple[Transform, float], ...] = (
    (swap_width, 0.25),
    (inject_ocr_confusions, 0.3),
)

TRANSFORMS: dict[str, Transform] = {
    fn.__name__: fn
    for fn in (
        *(f for f, _ in _CONTENT),
        *(f for f, _ in _LABELS),
        *(f for f, _ in _DAMAGE),
        *(f for f, _ in _RENDERINGS if f is not None),
        *(f for f, _ in _CHARACTERS),
    )
}


def _plan(rng: random.Random) -> list[Transform]:
    """The transformations of one variant, in application order; never empty."""
    plan = [f for f, p in _CONTENT if rng.random() < p]
    labels = [f for f, p in _LABELS if rng.random() < p]
    plan += labels[:1]  # filling and blanking the same labels would cancel out
    plan += [f for f, p in _DAMAGE if rng.random() < p]
    rendering = rng.choices([f for f, _ in _RENDERINGS], weights=[p for _, p in _RENDERINGS])[0]
    if rendering is not None:
        plan.append(rendering)
    plan += [f for f, p in _CHARACTERS if rng.random() < p]
    return plan or [rng.choice(list(TRANSFORMS.values()))]


def apply(text: str, gold: Gold, names: list[str], seed: int) -> tuple[str, Gold]:
    """Apply the named transformations in the given order (for tests and inspection)."""
    rng = random.Random(f"{seed}/apply")
    variant = Variant(normalize_text(text), gold)
    for name in names:
        variant = TRANSFORMS[name](variant, rng)
    return variant.text, variant.gold


def generate_variants(text: str, gold: Gold, n: int, seed: int) -> list[tuple[str, Gold]]:
    """``n`` variants of one document with their gold; the same seed gives the same variants."""
    out: list[tuple[str, Gold]] = []
    base = Variant(normalize_text(text), gold)
    for i in range(n):
        rng = random.Random(f"{seed}/{i}")
        variant = base
        for transform in _plan(rng):
            variant = transform(variant, rng)
        out.append((variant.text, copy.deepcopy(variant.gold)))
    return out
