"""Model versions, promoted on evidence.

A registry is a folder (the service's ``data/models`` by default, see
``service.settings``):

    <root>/versions/<v0001>/   a model folder as ``extractor train`` writes it
    <root>/evidence/<v>.json   the version's figures on the frozen blind set
    <root>/state.json          the version in use and every promotion since

The shipped model (``models/default``) is the version ``default``: it is in
use until something else is promoted, and never copied. Evidence is the
corpus's blind layouts (manifest ``split: blind``): every version is scored
on the same documents, identified by their hash, so two versions are only
compared on one set. A share of the approved documents joins that set
(``set_aside_for_blind``: ``extractor training-data export`` writes them with
``split: blind``, so no training reads them). A promotion that is worse on it (row F1 or field
accuracy) is refused unless forced with a reason; a rollback returns to
the version in use before the last promotion.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.settings import DEFAULT_MODEL_DIR
from extractor.training.corpus import GoldDocument, load_corpus

SHIPPED = "default"
# The share of approved documents set aside into the blind set (never trained on):
# enough that the set grows with the reviewers' layouts, little enough that
# corrections still mostly teach.
BLIND_SHARE = 0.2
# The blind figures a promotion is judged on: rows found, then every field.
EVIDENCE_KEYS = ("f1", "all_fields")


class RegistryError(Exception):
    """A refused registry operation; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Version:
    name: str
    folder: Path
    meta: dict[str, Any]
    evidence: dict[str, Any] | None
    active: bool = False

    def summary(self) -> dict[str, Any]:
        blind = (self.evidence or {}).get("overall") or {}
        return {
            "version": self.name,
            "active": self.active,
            "created": self.meta.get("created"),
            "training_data_sha256": self.meta.get("training_data_sha256"),
            "versions": self.meta.get("versions", {}),
            "blind_set_sha256": (self.evidence or {}).get("blind_set_sha256"),
            "blind": {k: blind.get(k) for k in ("docs", *EVIDENCE_KEYS, "ece")} if blind else None,
            "comparison": self.meta.get("comparison"),
        }


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: Any) -> None:
    """Written whole or not at all: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def set_aside_for_blind(content_sha256: str, share: float = BLIND_SHARE) -> bool:
    """Whether an approved document goes to the blind set: decided by its content's
    hash, so the same document always falls on the same side (never trained on in
    one export and scored blind in the next)."""
    draw = int(hashlib.sha256(f"blind/{content_sha256}".encode()).hexdigest()[:8], 16)
    return draw < share * 0x1_0000_0000


def blind_set(data_dir: Path) -> list[GoldDocument]:
    return [g for g in load_corpus(data_dir) if g.split == "blind"]


def blind_set_hash(docs: list[GoldDocument]) -> str:
    """Which blind set: the bytes of every blind document and its gold."""
    h = hashlib.sha256()
    for g in sorted(docs, key=lambda g: g.stem):
        h.update(g.stem.encode())
        h.update(g.path.read_bytes())
        h.update(json.dumps(g.gold, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One writer at a time (CLI and service processes alike)."""
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Registry:
    def __init__(self, root: Path, shipped: Path = DEFAULT_MODEL_DIR) -> None:
        self.root = Path(root)
        self.shipped = Path(shipped)

    # ---- reading ---------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        state = _read_json(self.root / "state.json")
        return state if isinstance(state, dict) else {"active": SHIPPED, "history": []}

    def folder(self, name: str) -> Path:
        if name == SHIPPED:
            return self.shipped
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise RegistryError("unknown_version", f"no model version {name!r}")
        path = self.root / "versions" / name
        if not (path / "meta.json").is_file():
            raise RegistryError("unknown_version", f"no model version {name!r} in {self.root}")
        return path

    def active(self) -> tuple[str, Path]:
        """The version in use and its folder (the shipped model until a promotion)."""
        name = str(self._state().get("active") or SHIPPED)
        try:
            return name, self.folder(name)
        except RegistryError:
            return SHIPPED, self.shipped  # a version folder removed by hand

    def names(self) -> list[str]:
        found = sorted(
            p.name for p in (self.root / "versions").glob("*") if (p / "meta.json").is_file()
        )
        return [SHIPPED, *found]

    def version(self, name: str) -> Version:
        folder = self.folder(name)
        meta = _read_json(folder / "meta.json") or {}
        evidence = _read_json(self.root / "evidence" / f"{name}.json")
        return Version(name, folder, meta, evidence, active=name == self.active()[0])

    def versions(self) -> list[Version]:
        return [self.version(n) for n in self.names()]

    def history(self) -> list[dict[str, Any]]:
        return list(self._state().get("history", []))

    # ---- evidence --------------------------------------------------------

    def evidence(self, name: str, data_dir: Path) -> dict[str, Any]:
        """The version's figures on the blind set of ``data_dir``, scored once
        per blind set (kept under ``evidence/``)."""
        docs = blind_set(data_dir)
        if not docs:
            raise RegistryError("no_blind_set", f"{data_dir}: no blind documents in the manifest")
        digest = blind_set_hash(docs)
        cached = _read_json(self.root / "evidence" / f"{name}.json")
        if isinstance(cached, dict) and cached.get("blind_set_sha256") == digest:
            return cached
        from extractor.training.train import score_blind

        report = score_blind(docs, self.folder(name))
        return self._keep_evidence(name, report, digest)

    def _keep_evidence(self, name: str, report: dict[str, Any], digest: str) -> dict[str, Any]:
        evidence = {
            "blind_set_sha256": digest,
            "scored": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "overall": report.get("overall", {}),
            "per_layout": report.get("per_layout", {}),
        }
        _write_json(self.root / "evidence" / f"{name}.json", evidence)
        return evidence

    def compare(self, name: str, data_dir: Path) -> dict[str, Any]:
        """``name`` against the version in use, on one blind set."""
        in_use = self.active()[0]
        new = self.evidence(name, data_dir)["overall"]
        old = self.evidence(in_use, data_dir)["overall"]
        deltas = {
            k: {"in_use": old.get(k), "candidate": new.get(k), "delta": _delta(new, old, k)}
            for k in EVIDENCE_KEYS
        }
        worse = [k for k, d in deltas.items() if d["delta"] is None or d["delta"] < 0]
        return {"candidate": name, "in_use": in_use, "blind": deltas, "worse_on": worse}

    # ---- writing ---------------------------------------------------------

    def next_name(self) -> str:
        numbers = [int(n[1:]) for n in self.names() if n[:1] == "v" and n[1:].isdigit()]
        return f"v{max(numbers, default=0) + 1:04d}"

    def _register(
        self, model_dir: Path, data_dir: Path | None = None, move: bool = False
    ) -> Version:
        """Add a trained model folder as the next version; with ``data_dir``, score
        it on the blind set and write its comparison with the version in use."""
        name = self.next_name()
        target = self.root / "versions" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if move:
            shutil.move(str(model_dir), target)
        else:
            shutil.copytree(model_dir, target)
        self.record_trained(name, data_dir)
        return self.version(name)

    def record_trained(self, name: str, data_dir: Path | None) -> None:
        """Name the folder's meta after its version and add the comparison."""
        folder = self.folder(name)
        meta = _read_json(folder / "meta.json") or {}
        meta["name"] = name
        if data_dir is not None and blind_set(data_dir):
            metrics = _read_json(folder / "metrics.json") or {}
            digest = blind_set_hash(blind_set(data_dir))
            # Training scored the final model on this very blind set: reuse it.
            if metrics.get("blind", {}).get("blind_set_sha256") == digest:
                self._keep_evidence(name, metrics["blind"], digest)
            meta["comparison"] = self.compare(name, data_dir)
        _write_json(folder / "meta.json", meta)

    def _promote(
        self,
        name: str,
        data_dir: Path,
        who: str,
        force: bool = False,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """Make ``name`` the version in use, if the blind set says it is not worse."""
        self.folder(name)
        previous = self.active()[0]
        if name == previous:
            raise RegistryError("already_active", f"{name} is already the version in use")
        comparison = self.compare(name, data_dir)
        if comparison["worse_on"]:
            if not force:
                raise RegistryError(
                    "worse_on_blind_set",
                    f"{name} is worse than {previous} on the blind set ("
                    + ", ".join(_said(comparison, k) for k in comparison["worse_on"])
                    + "); force it with a reason",
                )
            if not (reason or "").strip():
                raise RegistryError("reason_required", "a forced promotion needs a reason")
        event = {
            "action": "promote",
            "version": name,
            "previous": previous,
            "who": who,
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "forced": bool(comparison["worse_on"]),
            "reason": reason,
            "comparison": comparison,
        }
        self._set_active(name, event, [*self._state().get("stack", []), previous])
        return event

    def _rollback(self, who: str, reason: str | None = None) -> dict[str, Any]:
        """Back to the version in use before the last promotion still in force."""
        state = self._state()
        stack = list(state.get("stack", []))
        current = str(state.get("active") or SHIPPED)
        if not stack:
            raise RegistryError("nothing_to_roll_back", f"{current} was not promoted here")
        event = {
            "action": "rollback",
            "version": stack[-1],
            "previous": current,
            "who": who,
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "reason": reason,
        }
        self._set_active(stack[-1], event, stack[:-1])
        return event

    def register(
        self, model_dir: Path, data_dir: Path | None = None, move: bool = False
    ) -> Version:
        """Add a trained model folder as the next version; with ``data_dir``, score
        it on the blind set and write its comparison with the version in use."""
        with _locked(self.root):
            return self._register(model_dir, data_dir, move)

    def promote(
        self,
        name: str,
        data_dir: Path,
        who: str,
        force: bool = False,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """Make ``name`` the version in use, if the blind set says it is not worse."""
        with _locked(self.root):
            return self._promote(name, data_dir, who, force, reason)

    def rollback(self, who: str, reason: str | None = None) -> dict[str, Any]:
        """Back to the version in use before the last promotion still in force."""
        with _locked(self.root):
            return self._rollback(who, reason)

    def _set_active(self, name: str, event: dict[str, Any], stack: list[str]) -> None:
        state = self._state()
        state["active"] = name
        state["stack"] = stack  # the versions a rollback returns to, last first
        state["history"] = [*state.get("history", []), event]
        _write_json(self.root / "state.json", state)


def _delta(new: dict[str, Any], old: dict[str, Any], key: str) -> float | None:
    a, b = new.get(key), old.get(key)
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return None
    return round(float(a) - float(b), 4)


def _said(comparison: dict[str, Any], key: str) -> str:
    d = comparison["blind"][key]
    return f"{key} {d['candidate']} < {d['in_use']}"
