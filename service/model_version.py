"""Which models a worker extracts with: ``meta.json`` of the library's model folder."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def _read(folder: Path) -> tuple[str | None, str | None]:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None  # untrained: the library runs on fallbacks
    name = meta.get("name")
    sha = meta.get("training_data_sha256")
    return (str(name)[:100] if name else None, str(sha)[:64] if sha else None)


def model_version() -> tuple[str | None, str | None]:
    """(name, training-data sha256) of the models jobs in this process use."""
    from extractor.settings import settings

    return _read(Path(settings.model_dir).resolve())
