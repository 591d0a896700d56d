"""Model files: linear models as JSON, and skops files of the models before.

The engine's linear models are stored as JSON (``extractor.linear``) and
loaded without scikit-learn. A model folder trained before that format
holds skops files; they still load (skops loads without running pickled
code, but only types we name are trusted: scikit-learn, numpy, scipy and
builtins, plus any project function a caller names), and

    python -m extractor.modelio convert DIR

rewrites them as JSON in place (``extractor.convert``).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.errors import ExtractionError, ModelNotFound
from extractor.linear import LinearModel

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def save_linear(model: Any, folder: Path, json_name: str, skops_name: str) -> None:
    """Write a linear model (or a fitted pipeline) as JSON; drop the old skops file."""
    write_json(LinearModel.from_pipeline(model).to_json(), folder / json_name)
    (folder / skops_name).unlink(missing_ok=True)  # one model per name


def write_json(data: Any, path: Path) -> None:
    """Write ``data`` whole or not at all (a temporary file renamed over the path)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_linear(folder: Path, json_name: str, skops_name: str, hint: str) -> LinearModel:
    """The JSON model, else the skops pipeline of an older folder, converted."""
    path = folder / json_name
    if path.is_file():
        try:
            return LinearModel.from_json(json.loads(path.read_text("utf-8")))
        except (ValueError, KeyError, TypeError) as err:
            raise ExtractionError(str(path), f"not a linear model ({err})") from err
    old = folder / skops_name
    if not old.is_file():
        raise ModelNotFound(str(path), hint)

    try:
        return LinearModel.from_pipeline(load_skops(old, hint))
    except TypeError as err:
        raise ExtractionError(str(old), str(err)) from err


def save_skops(obj: Any, path: Path) -> None:
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED)


def load_skops(path: Path, hint: str, trusted_functions: Sequence[str] = ()) -> Any:
    """Load ``path``; ``hint`` says how to make the file when it is missing."""
    if not path.is_file():
        raise ModelNotFound(str(path), hint)
    import skops.io as sio

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


if __name__ == "__main__":
    from extractor.convert import main

    raise SystemExit(main())
