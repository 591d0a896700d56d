"""Content-addressed file store under the data folder: ``files/ab/<sha256>``.

A file is written to a temp file, fsynced, renamed into place and the folder
fsynced, so once ``put`` returns the bytes survive a crash.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.export import atomic_write


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` durably; return its sha256."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha)
        if path.exists() and path.stat().st_size == len(data):
            return sha
        atomic_write(path, data)
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
