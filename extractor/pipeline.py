"""The one entry point: ``extract(path) -> Extraction``.

ingest -> engine (segment, classify, parse, check, calibrate) -> Extraction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extractor.ingest import load_bytes, load_document
from extractor.types import Document, Extraction

if TYPE_CHECKING:
    from extractor.engine.models import EngineModels


def extract_document(doc: Document, model_dir: Path | None = None) -> Extraction:
    """Run the engine on an ingested document (a traditional-character
    document through its simplified view, its texts given back as written)."""
    from extractor.engine.models import load_models

    return extract_with_models(doc, load_models(model_dir))


def extract_with_models(doc: Document, models: EngineModels) -> Extraction:
    """``extract_document`` with models already loaded (training and evaluation
    loops): every caller reads a document the same way the command line does."""
    from extractor.chinese_script import restore_written, simplified_view
    from extractor.engine.run import run_with_models

    view = simplified_view(doc)
    if view is None:
        return run_with_models(doc, models)
    return restore_written(run_with_models(view, models), doc, view)


def extract(path: str | Path, model_dir: Path | None = None) -> Extraction:
    """Extract the contract JSON model from a file on disk."""
    return extract_document(load_document(path), model_dir=model_dir)


def extract_bytes(data: bytes, filename: str, model_dir: Path | None = None) -> Extraction:
    """Extract from bytes already in memory (the service's path)."""
    return extract_document(load_bytes(data, filename), model_dir=model_dir)
