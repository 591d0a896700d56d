"""Saving and loading scikit-learn models with skops, safely.

skops loads without running pickled code, but only types we name are
trusted: scikit-learn, numpy, scipy and builtins, plus any project function
a caller names (e.g. a text normaliser used by a vectorizer). A model file
holding anything else is refused rather than loaded.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import skops.io as sio

from extractor.errors import ExtractionError, ModelNotFound

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def save_skops(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED)


def load_skops(path: Path, hint: str, trusted_functions: Sequence[str] = ()) -> Any:
    """Load ``path``; ``hint`` says how to make the file when it is missing."""
    if not path.is_file():
        raise ModelNotFound(str(path), hint)
    untrusted = sio.get_untrusted_types(file=path)
    bad = [
        t for t in untrusted if not t.startswith(TRUSTED_PREFIXES) and t not in trusted_functions
    ]
    if bad:
        raise ExtractionError(str(path), f"untrusted types in model: {bad}")
    return sio.load(path, trusted=untrusted)
