"""Where uploaded files live, by sha256, behind one small interface
(``BlobStore``): ``put_file`` reads a file object in chunks, ``chunks``
yields the bytes back in chunks, so no upload or download is ever whole in
memory; ``get`` (whole bytes) is for the extraction job, which parses the file.

- ``FileStore``: a folder, ``files/ab/<sha256>`` (the embedded default). A file
  is streamed to a temp file, fsynced, renamed into place and the folder
  fsynced, so once ``put_file`` returns the bytes survive a crash.
- ``DatabaseStore``: the service's database (the default when
  ``DATABASE_URL`` is set), in 1 MiB chunks, so workers on other hosts need
  only the database and queue URLs, no shared folder.
- ``S3Store``: an S3-compatible bucket through boto3 (multipart uploads of
  ``CHUNK_BYTES`` parts, ranged reads streamed back).

The database and S3 stores still read files stored in the folder before
they were in use.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from extractor.export import fsync_folder
from service.models import Blob, BlobChunk

if TYPE_CHECKING:
    from service.settings import ServiceSettings

CHUNK_BYTES = 1024 * 1024


class BlobStore(Protocol):
    def put_file(self, source: IO[bytes]) -> str: ...

    def chunks(self, sha256: str) -> Iterator[bytes]: ...

    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...


class _WholeBytes:
    """``put``/``get`` of whole bytes, through the streaming pair."""

    def put_file(self, source: IO[bytes]) -> str:
        raise NotImplementedError

    def chunks(self, sha256: str) -> Iterator[bytes]:
        raise NotImplementedError

    def put(self, data: bytes) -> str:
        """Store bytes already in memory; return the sha256."""
        return self.put_file(io.BytesIO(data))

    def get(self, sha256: str) -> bytes:
        """A stored file whole: for the extraction job, which parses it anyway."""
        return b"".join(self.chunks(sha256))


def _read_chunks(source: IO[bytes]) -> Iterator[bytes]:
    while block := source.read(CHUNK_BYTES):
        yield block


def sha256_of(source: IO[bytes]) -> tuple[str, int]:
    """The sha256 and size of ``source`` from its start, read in chunks; rewound after."""
    source.seek(0)
    h, size = hashlib.sha256(), 0
    for block in _read_chunks(source):
        h.update(block)
        size += len(block)
    source.seek(0)
    return h.hexdigest(), size


class FileStore(_WholeBytes):
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_file(self, source: IO[bytes]) -> str:
        """Stream ``source`` to disk durably (hashed on the way); return its sha256."""
        self.root.mkdir(parents=True, exist_ok=True)
        source.seek(0)
        fd, tmp = tempfile.mkstemp(prefix=".upload.", suffix=".part", dir=self.root)
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as fh:
                for block in _read_chunks(source):
                    h.update(block)
                    fh.write(block)
                fh.flush()
                os.fsync(fh.fileno())
            sha = h.hexdigest()
            path = self.path_for(sha)
            if path.exists() and path.stat().st_size == os.stat(tmp).st_size:
                os.unlink(tmp)
                return sha
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        fsync_folder(path.parent)
        return sha

    def chunks(self, sha256: str) -> Iterator[bytes]:
        with self.path_for(sha256).open("rb") as fh:  # FileNotFoundError when absent
            yield from _read_chunks(fh)


class DatabaseStore(_WholeBytes):
    def __init__(self, sessions: sessionmaker[Session], legacy: FileStore | None = None) -> None:
        self.sessions, self.legacy = sessions, legacy

    def put_file(self, source: IO[bytes]) -> str:
        """Store ``source`` chunk by chunk, committed before the document row
        that points at it; no chunk is kept once it is sent."""
        sha, size = sha256_of(source)
        with self.sessions() as s:
            if s.get(Blob, sha) is not None:
                return sha
            try:
                s.add(Blob(sha256=sha, size=size))
                s.flush()  # the parent row first: chunks refer to it
                for n, block in enumerate(_read_chunks(source)):
                    s.execute(insert(BlobChunk), [{"sha256": sha, "n": n, "data": block}])
                if size == 0:
                    s.execute(insert(BlobChunk), [{"sha256": sha, "n": 0, "data": b""}])
                s.commit()
            except IntegrityError:  # the same bytes stored concurrently
                s.rollback()
        return sha

    def chunks(self, sha256: str) -> Iterator[bytes]:
        with self.sessions() as s:
            if s.get(Blob, sha256) is None:
                if self.legacy is not None:
                    yield from self.legacy.chunks(sha256)
                    return
                raise FileNotFoundError(f"no stored file {sha256}")
            numbers = list(
                s.scalars(
                    select(BlobChunk.n).where(BlobChunk.sha256 == sha256).order_by(BlobChunk.n)
                )
            )
        for n in numbers:  # one chunk a query: never more than one in memory
            with self.sessions() as s:
                block = s.scalar(
                    select(BlobChunk.data).where(BlobChunk.sha256 == sha256, BlobChunk.n == n)
                )
            yield block or b""


class S3Store(_WholeBytes):
    """Objects ``<prefix><sha256>`` in one bucket of an S3-compatible server."""

    def __init__(self, client: Any, bucket: str, prefix: str = "", legacy: FileStore | None = None):
        self.client, self.bucket, self.prefix, self.legacy = client, bucket, prefix, legacy

    @classmethod
    def from_settings(cls, settings: ServiceSettings, legacy: FileStore | None) -> S3Store:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "blob_store=s3 needs boto3: pip install 'extractor[service]'"
            ) from exc
        if not settings.s3_bucket:
            raise RuntimeError("blob_store=s3 needs SERVICE_S3_BUCKET")
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )
        return cls(client, settings.s3_bucket, settings.s3_prefix, legacy)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256}"

    def _exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def put_file(self, source: IO[bytes]) -> str:
        """Hash, then upload in ``CHUNK_BYTES`` parts (multipart past one part)."""
        from boto3.s3.transfer import TransferConfig

        sha, _ = sha256_of(source)
        if not self._exists(sha):
            config = TransferConfig(
                multipart_threshold=8 * CHUNK_BYTES,
                multipart_chunksize=8 * CHUNK_BYTES,
                max_concurrency=2,
            )
            self.client.upload_fileobj(source, self.bucket, self.key(sha), Config=config)
        return sha

    def chunks(self, sha256: str) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey"):
                raise
            if self.legacy is None:
                raise FileNotFoundError(f"no stored file {sha256}") from exc
            yield from self.legacy.chunks(sha256)
            return
        body = answer["Body"]
        try:
            yield from body.iter_chunks(CHUNK_BYTES)
        finally:
            body.close()


def make_store(settings: ServiceSettings, sessions: sessionmaker[Session]) -> BlobStore:
    """The store the settings name (default: the database when DATABASE_URL is set)."""
    files = FileStore(settings.files_dir)
    kind = settings.blob_store
    if kind is None:
        kind = "database" if settings.database_url is not None else "files"
    if kind == "s3":
        return S3Store.from_settings(settings, legacy=files)
    if kind == "database":
        return DatabaseStore(sessions, legacy=files)
    return files
