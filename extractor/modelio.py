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
    try:  # skops' own steps, so that the file is read and its tree built once
        from skops.io._audit import audit_tree, get_tree
        from skops.io._utils import read_schema
    except ImportError:  # another skops layout: its public calls (two passes)
        untrusted = sio.get_untrusted_types(file=path)
        _refuse(path, untrusted, trusted_functions)
        return sio.load(path, trusted=untrusted)
    with zipfile.ZipFile(path, "r") as archive:
        schema, context = read_schema(archive)
        # ``get_untrusted_types`` then ``load`` built this tree twice (a third
        # of a cold start): the audit below is the one ``load`` runs.
        tree = get_tree(schema, context, trusted=None)
        untrusted = sorted(tree.get_unsafe_set())
        _refuse(path, untrusted, trusted_functions)
        audit_tree(tree, trusted=untrusted)
        return tree.construct()


def _refuse(path: Path, untrusted: list[str], trusted_functions: Sequence[str]) -> None:
    bad = [
        t for t in untrusted if not t.startswith(TRUSTED_PREFIXES) and t not in trusted_functions
    ]
    if bad:
        raise ExtractionError(str(path), f"untrusted types in model: {bad}")
