"""A document's layout, as the segmenter reads it: the kind of each
indicator table and the field order of its columns (``TableRegion.columns``,
the header's roles, whatever words the header uses). Two reports filled in
the same form share a key; the review queue uses it to tell layouts the
model has seen often from new ones, training to count what it saw."""

from __future__ import annotations

import hashlib

from extractor.segment import find_table_regions
from extractor.types import Document


def layout_key(doc: Document) -> str:
    """A short stable key: the same for documents of one layout."""
    parts = [
        f"{region.kind}:" + "|".join(role or "-" for role in region.columns)
        for region in find_table_regions(doc)
    ]
    if not parts:
        parts = ["no-table"]  # prose or flattened text: one layout family each
    return hashlib.sha1("\n".join(sorted(set(parts))).encode()).hexdigest()[:16]
