"""What a read must check before trusting this process's caches, and how
every writer moves it.

Two values: the key epoch (``service.key_epoch``: any key change) and the
document's generation (any committed change to the document: an edit, an
approval, a new extraction, a re-queue, a deletion). A writer moves the
generation after its commit and before it answers, so a read that starts
after a write returned, in any service process, sees a generation its
cached body was not rendered under and asks the database again. With Redis
both are Redis values read in one MGET shared by the requests that arrive
together; without it (the embedded mode) both are files in the data folder
(one ``stat`` each), which every process of the deployment shares.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.export import atomic_write

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("service")

# A generation key unused this long is dropped: far longer than any cache
# entry lives (read_cache_seconds), so a cached body never outlives its key.
_GENERATION_TTL_SECONDS = 86400


class FileGenerations:
    """One file per changed document, rewritten (a new inode) on each change."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def current(self, doc_id: str) -> Hashable | None:
        try:
            st = os.stat(self.folder / doc_id)
        except FileNotFoundError:
            return 0
        except OSError:  # unreadable: trust no cached body
            return None
        return (st.st_ino, st.st_mtime_ns)

    def bump(self, doc_id: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.folder / doc_id, uuid.uuid4().hex.encode())


class RedisGenerations:
    """A Redis counter per changed document, shared by every process."""

    def __init__(self, redis: Callable[[], Redis], prefix: str) -> None:
        self.redis, self.prefix = redis, prefix

    def key(self, doc_id: str) -> str:
        return f"{self.prefix}:{doc_id}"

    def current(self, doc_id: str) -> Hashable | None:
        try:
            value = self.redis().get(self.key(doc_id))
        except Exception:  # Redis down: every read asks the database
            return None
        return value or b"0"

    def bump(self, doc_id: str) -> None:
        try:
            pipe = self.redis().pipeline()
            pipe.incr(self.key(doc_id))
            pipe.expire(self.key(doc_id), _GENERATION_TTL_SECONDS)
            pipe.execute()
        except Exception:
            # The change is committed; other processes see it when their entry ages out.
            log.exception("could not move the generation of document %s in Redis", doc_id)


class _Batch:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.doc_ids: list[str] = []
        self.result: asyncio.Future[dict[str, Hashable | None]] = loop.create_future()


class AsyncRedisReads:
    """The key epoch and document generations read without blocking the
    event loop (a blocking GET per request serialises every request behind a
    round trip). Requests arriving together share one MGET, sent after all
    of them arrived: a change committed (and signalled) before a request
    started is always seen by it."""

    EPOCH = "\0epoch"

    def __init__(self, url: str, epoch_name: str, generations: RedisGenerations) -> None:
        self.url, self.epoch_name, self.generations = url, epoch_name, generations
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        self._open: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Batch] = (
            weakref.WeakKeyDictionary()
        )

    async def current(self, doc_id: str | None) -> tuple[Hashable | None, Hashable | None]:
        """The key epoch and ``doc_id``'s generation (None: unknown, trust no cache)."""
        loop = asyncio.get_running_loop()
        batch = self._open.get(loop)
        if batch is None:
            batch = self._open[loop] = _Batch(loop)
            loop.create_task(self._fetch(loop, batch))
        if doc_id is not None:
            batch.doc_ids.append(doc_id)
        values = await asyncio.shield(batch.result)
        return values[self.EPOCH], None if doc_id is None else values.get(doc_id)

    async def _fetch(self, loop: asyncio.AbstractEventLoop, batch: _Batch) -> None:
        if self._open.get(loop) is batch:
            del self._open[loop]  # later arrivals wait for an MGET sent after them
        ids = list(dict.fromkeys(batch.doc_ids))
        try:
            client = self._clients.get(loop)
            if client is None:
                from redis.asyncio import Redis

                client = self._clients[loop] = Redis.from_url(self.url)
            names = [self.epoch_name, *(self.generations.key(d) for d in ids)]
            got = await client.mget(names)
            values: dict[str, Hashable | None] = {self.EPOCH: got[0] or b"0"}
            values |= {d: v or b"0" for d, v in zip(ids, got[1:], strict=True)}
        except Exception:  # Redis down: no cached lookup or body is trusted
            values = {self.EPOCH: None} | dict.fromkeys(ids)
        batch.result.set_result(values)
