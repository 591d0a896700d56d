"""Where uploaded files live, by sha256, behind one small interface
(``put(data) -> sha256``, ``get(sha256) -> bytes``):

- ``FileStore``: a folder, ``files/ab/<sha256>`` (the embedded default). A file
  is written to a temp file, fsynced, renamed into place and the folder
  fsynced, so once ``put`` returns the bytes survive a crash.
- ``DatabaseStore``: the service's database (the default when
  ``DATABASE_URL`` is set), in 1 MiB chunks, so workers on other hosts need
  only the database and queue URLs, no shared folder. Files stored in the
  folder before it was in use are still read from there.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from extractor.export import atomic_write
from service.models import Blob, BlobChunk

CHUNK_BYTES = 1024 * 1024


class BlobStore(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...


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


class DatabaseStore:
    def __init__(self, sessions: sessionmaker[Session], legacy: FileStore | None = None) -> None:
        self.sessions, self.legacy = sessions, legacy

    def put(self, data: bytes) -> str:
        """Store ``data`` (committed before the document row that points at it)."""
        sha = hashlib.sha256(data).hexdigest()
        with self.sessions() as s:
            if s.get(Blob, sha) is not None:
                return sha
            s.add(Blob(sha256=sha, size=len(data)))
            s.flush()  # the parent row first: chunks refer to it
            for n, start in enumerate(range(0, max(len(data), 1), CHUNK_BYTES)):
                s.add(BlobChunk(sha256=sha, n=n, data=data[start : start + CHUNK_BYTES]))
            try:
                s.commit()
            except IntegrityError:  # the same bytes stored concurrently
                s.rollback()
        return sha

    def get(self, sha256: str) -> bytes:
        with self.sessions() as s:
            if s.get(Blob, sha256) is None:
                if self.legacy is not None:
                    return self.legacy.get(sha256)
                raise FileNotFoundError(f"no stored file {sha256}")
            parts = s.scalars(
                select(BlobChunk.data).where(BlobChunk.sha256 == sha256).order_by(BlobChunk.n)
            )
            return b"".join(parts)
