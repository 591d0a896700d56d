"""Which models a worker extracts with: the registry's version in use
(``extractor.registry``; the shipped model until a promotion) and its ``meta.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from extractor.registry import SHIPPED, Registry
from service.settings import ServiceSettings


@lru_cache(maxsize=16)
def _read(folder: Path) -> tuple[str | None, str | None]:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None  # untrained: the library runs on fallbacks
    name = meta.get("name")
    sha = meta.get("training_data_sha256")
    return (str(name)[:100] if name else None, str(sha)[:64] if sha else None)


def model_version(folder: Path | None = None) -> tuple[str | None, str | None]:
    """(name, training-data sha256) of the models in ``folder`` (default: the
    library's model folder)."""
    from extractor.settings import settings

    return _read(Path(folder or settings.model_dir).resolve())


def active_model(settings: ServiceSettings) -> tuple[str, Path]:
    """(version, folder) a job extracts with, read at every job so that a
    promotion reaches every worker that shares the registry folder."""
    from extractor.settings import settings as library

    name, folder = Registry(settings.registry_root, shipped=library.model_dir).active()
    return name, folder if name != SHIPPED else library.model_dir
