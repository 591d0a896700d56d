"""Loading the trained models of a model folder, once per process.

A model folder (``models/<name>``) holds:
    roles.json         cell-role classifier        (engine.role_model)
    blocks.json        block classifier            (segment.blocks)
    claims/            completion-claim classifier (engine.claims)
    form_types/        form-type fallback          (engine.docfields)
    prose/             spaCy prose pipeline        (engine.prose)
    stream/            flattened-text CRF reader   (engine.stream)
    calibration.json   field and row calibrators   (calibration)
    meta.json, metrics.json
The linear models are JSON arrays scored with numpy (``extractor.linear``);
a folder of skops files (trained before) still loads, with scikit-learn, and
``python -m extractor.modelio convert DIR`` rewrites it.
A missing part falls back to the untrained behaviour and says so in
``EngineModels.missing``, so a fresh checkout still extracts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.calibration import Calibrator, load_calibrator
from extractor.engine.role_model import load_role_model
from extractor.engine.roles import HeuristicScorer, RoleScorer
from extractor.errors import ModelNotFound
from extractor.settings import settings
from extractor.types import Document, IndicatorRecord


@dataclass
class EngineModels:
    folder: Path | None
    roles: RoleScorer
    claims: Any = None  # engine.claims.ClaimClassifier
    prose: Any = None  # engine.prose.ProseReader
    calibrator: Calibrator | None = None
    form_types: Any = None  # engine.docfields.FormTypeClassifier
    blocks: Any = None  # segment.blocks.BlockClassifier
    stream: Any = None  # engine.stream.StreamReader
    missing: list[str] = field(default_factory=list)


def _try(loader: Any, folder: Path, missing: list[str], name: str) -> Any:
    try:
        return loader(folder)
    except (ModelNotFound, FileNotFoundError, OSError):
        missing.append(name)
        return None


class LazyProse:
    """The spaCy prose reader, loaded on first use: it is the largest model
    (spaCy, jieba's dictionary) and most forms have no indicator prose."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._reader: Any = None
        self._gate: Any = None

    def states_indicators(self, doc: Document) -> bool:
        """The paragraph gate alone (no spaCy load): does any prose state indicators?"""
        if self._reader is not None:
            return bool(self._reader.states_indicators(doc))
        if self._gate is None:
            from extractor.engine.prose.gate import load_gate

            self._gate = load_gate(self.folder) or False
        if not self._gate:
            return False
        from extractor.engine.prose.gate import states_indicators

        return states_indicators(self._gate, doc)

    def _loaded(self) -> Any:
        if self._reader is None:
            from extractor.engine.prose import load_prose

            self._reader = load_prose(self.folder)
        return self._reader

    def read(self, doc: Document) -> list[IndicatorRecord]:
        records: list[IndicatorRecord] = self._loaded().read(doc)
        return records

    def read_with_signals(self, doc: Document) -> list[tuple[IndicatorRecord, Any]]:
        out: list[tuple[IndicatorRecord, Any]] = self._loaded().read_with_signals(doc)
        return out


@lru_cache(maxsize=4)
def load_models(model_dir: Path | None = None) -> EngineModels:
    folder = Path(model_dir) if model_dir else settings.model_dir
    missing: list[str] = []
    roles = _try(load_role_model, folder, missing, "roles")
    from extractor.engine.claims import load_claims

    claims = _try(load_claims, folder / "claims", missing, "claims")
    prose = None
    if (folder / "prose").is_dir():
        prose = LazyProse(folder / "prose")
    else:
        missing.append("prose")
    calibrator = _try(load_calibrator, folder, missing, "calibration")
    from extractor.engine.docfields import FormTypeClassifier

    form_types = _try(FormTypeClassifier, folder / "form_types", missing, "form_types")
    from extractor.segment.blocks import load_block_classifier

    blocks = _try(load_block_classifier, folder, missing, "blocks")
    from extractor.engine.stream import load_stream_reader

    stream = _try(load_stream_reader, folder / "stream", missing, "stream")
    return EngineModels(
        folder=folder,
        roles=roles or HeuristicScorer(),
        claims=claims,
        prose=prose,
        calibrator=calibrator,
        form_types=form_types,
        blocks=blocks,
        stream=stream,
        missing=missing,
    )
