"""The engine: a ``Document`` in, an ``Extraction`` out."""

from __future__ import annotations

from pathlib import Path

from extractor.engine.roles import HeuristicScorer
from extractor.engine.table_reader import LabelState, read_indicator_region
from extractor.segment import find_table_regions
from extractor.types import Document, Extraction


def run_engine(doc: Document, model_dir: Path | None = None) -> Extraction:
    scorer = HeuristicScorer()
    state = LabelState()
    cands = []
    for region in find_table_regions(doc):
        if region.kind == "indicator":
            cands.extend(read_indicator_region(region, scorer, state))
    records = []
    for k, c in enumerate(cands, start=1):
        c.record.id = f"i-{k:04d}"
        records.append(c.record)
    return Extraction(source=doc.source, indicators=records, warnings=list(doc.warnings))
