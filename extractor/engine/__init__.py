"""The engine: a ``Document`` in, an ``Extraction`` out."""

from __future__ import annotations

from pathlib import Path

from extractor.types import Document, Extraction


def run_engine(doc: Document, model_dir: Path | None = None) -> Extraction:
    # Placeholder until the table reader lands (same commit series).
    return Extraction(source=doc.source, warnings=list(doc.warnings))
