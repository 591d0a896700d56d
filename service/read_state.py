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

With Redis, each process also keeps both values locally, kept true by Redis
invalidation pushes (``TrackedReadState``, server-assisted client-side
caching): a read whose values are held answers with no round trip at all;
the MGET is what a read falls back to whenever they are not (first read of
a document, just after a change, tracking down). Its docstring says why a
read that starts after a write returned still sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
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

    def __init__(
        self,
        url: str,
        epoch_name: str,
        generations: RedisGenerations,
        *,
        tracking: bool = True,
    ) -> None:
        self.url, self.epoch_name, self.generations = url, epoch_name, generations
        self.tracked = TrackedReadState(url, epoch_name, generations.key("")) if tracking else None
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        self._open: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Batch] = (
            weakref.WeakKeyDictionary()
        )

    async def current(self, doc_id: str | None) -> tuple[Hashable | None, Hashable | None]:
        """The key epoch and ``doc_id``'s generation (None: unknown, trust no cache)."""
        if self.tracked is not None and (held := self.tracked.lookup(doc_id)) is not None:
            return held
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
        # Before the MGET is sent: a push applied while it is in flight keeps
        # its (maybe older) values from being held.
        fetch = self.tracked.begin() if self.tracked is not None else None
        try:
            client = self._clients.get(loop)
            if client is None:
                from redis.asyncio import Redis

                client = self._clients[loop] = Redis.from_url(self.url)
            names = [self.epoch_name, *(self.generations.key(d) for d in ids)]
            got = await client.mget(names)
            values: dict[str, Hashable | None] = {self.EPOCH: got[0] or b"0"}
            values |= {d: v or b"0" for d, v in zip(ids, got[1:], strict=True)}
        except BaseException as exc:
            if self.tracked is not None:
                self.tracked.end(fetch, None)
            if not isinstance(exc, Exception):
                raise
            # Redis down: no cached lookup or body is trusted
            values = {self.EPOCH: None} | dict.fromkeys(ids)
        else:
            if self.tracked is not None:
                self.tracked.end(fetch, values)
        batch.result.set_result(values)

    def close(self) -> None:
        if self.tracked is not None:
            self.tracked.close()


class _Fetch:
    """An MGET in flight: what it read may be kept only if nothing moved meanwhile."""

    def __init__(self, serial: int) -> None:
        self.serial = serial
        self.dirty: set[str] = set()
        self.epoch_dirty = False


def _keep(message: Any) -> Any:
    return message


class TrackedReadState:
    """The key epoch and document generations held in this process, kept
    true by Redis invalidation pushes instead of an MGET per read.

    One Redis connection of this process (RESP3) asks for
    ``CLIENT TRACKING on BCAST PREFIX <generation prefix> PREFIX <epoch key>``:
    from then on, Redis pushes ``invalidate <key>`` to it for every change of
    such a key, by anyone (an INCR, an EXPIRE running out, a DEL; a flush
    pushes "everything"). Values read by an MGET sent after tracking was on
    are kept; a push drops them; a read finding both values kept answers
    without asking Redis.

    Why a read that starts after a write returned still sees it: a writer
    moves the key (INCR) and only then answers. In BCAST mode Redis collects
    the changed keys while it runs the command and, before it writes any
    reply of that event-loop pass (``beforeSleep``:
    ``trackingBroadcastInvalidationMessages`` runs before
    ``handleClientsWithPendingWrites``), queues the invalidation on every
    tracking connection; both are written out in that same pass, the
    invalidation normally first (the newest pending client is written first).
    So when the writer's reply leaves Redis, the invalidation has left (or
    leaves microseconds later) for every reader, while the writer still has
    to read its reply, answer its HTTP client, and that client has to send
    the next request to a reader process. The reader, before trusting any
    local value, reads without blocking whatever is already on its tracking
    socket (``can_read(0)``: a non-blocking ``recv`` into redis-py's buffer)
    and applies it, so those bytes drop the stale value. The one assumption
    is that Redis-to-reader delivery is not slower than that whole chain,
    which holds on loopback and a local network; over a lossy link (a lost
    packet waits for a TCP retransmission) it may not: set
    ``SERVICE_READ_TRACKING=false`` there, and every read pays the MGET again.

    A value read by an MGET is kept only if no push for its key (and no
    reconnect) was applied while the MGET was in flight, so a push that
    overtook the MGET's reply cannot be undone by it; a push that arrives
    after the value was kept drops it at the next read.

    Never trusted across a loss: any error or disconnect on the tracking
    connection (or a heartbeat PING not answered within ``DEAD_AFTER``: a
    connection gone silent) drops every local value and closes it, and no
    held value is used while the last answer on it is older than
    ``DEAD_AFTER`` (the bound on a link that dies without closing); reads go
    back to the MGET (``AsyncRedisReads``) until a new connection has tracking
    on again, which starts empty. A keeper thread connects (never on the
    event loop) and, every ``KEEP_EVERY``, drains pushes and PINGs, so an
    idle process does not let pushes pile up in Redis either.

    Why not redis-py's own client-side cache (``protocol=3``,
    ``cache_config``): in redis-py 8.1 it exists only for the synchronous
    client (the reads run on the event loop through ``redis.asyncio``), it
    refuses servers before Redis 7.4 (Debian 12 ships 7.0), and it tracks
    only the keys read through the caching connection itself, per command and
    key list, so a batched MGET of changing document sets would rarely hit.
    redis-py still does the wire work here: URL, auth, TLS and HELLO 3
    (``Connection``), the RESP3 parser with its push handler, and the
    non-blocking ``can_read``.
    """

    KEEP_EVERY = 0.5  # the keeper thread drains pushes and PINGs this often
    DEAD_AFTER = 2.0
    RETRY_EVERY = 1.0
    SIZE = 50_000

    def __init__(self, url: str, epoch_name: str, generation_prefix: str) -> None:
        self.url, self.epoch_name, self.prefix = url, epoch_name, generation_prefix
        self.hits = 0  # reads answered from local values (for tests and benches)
        # Seen in CLIENT LIST: which connection of a deployment tracks what.
        name = f"read-tracking:{epoch_name}"
        self.client_name = "".join("_" if c.isspace() else c for c in name)
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._conn: Any = None
        self._serial = 0  # moves on every connect and every loss
        self._epoch: bytes | None = None
        self._gens: dict[str, bytes] = {}
        self._fetches: list[_Fetch] = []
        self._keeper = False
        self._ping_sent: float | None = None
        self._last_pong = 0.0
        self._closed = False

    @property
    def active(self) -> bool:
        return self._conn is not None

    def lookup(self, doc_id: str | None) -> tuple[Hashable, Hashable | None] | None:
        """The epoch and ``doc_id``'s generation if both are held and still
        true; None: ask Redis."""
        with self._lock:
            if not self._ready():
                return None
            epoch = self._epoch
            if epoch is None:
                return None
            if doc_id is None:
                self.hits += 1
                return epoch, None
            generation = self._gens.get(doc_id)
            if generation is None:
                return None
            self.hits += 1
            return epoch, generation

    def begin(self) -> _Fetch | None:
        """Before an MGET is sent: its values may be kept (None: they may not)."""
        with self._lock:
            if self._conn is None or os.getpid() != self._pid:
                return None
            fetch = _Fetch(self._serial)
            self._fetches.append(fetch)
            return fetch

    def end(self, fetch: _Fetch | None, values: dict[str, Hashable | None] | None) -> None:
        """After the MGET: keep what it read (``values`` None: it failed)."""
        if fetch is None:
            return
        with self._lock:
            with contextlib.suppress(ValueError):
                self._fetches.remove(fetch)
            if values is None or fetch.serial != self._serial or self._conn is None:
                return
            for name, value in values.items():
                if not isinstance(value, bytes):
                    continue
                if name == AsyncRedisReads.EPOCH:
                    if not fetch.epoch_dirty:
                        self._epoch = value
                elif name not in fetch.dirty:
                    if len(self._gens) >= self.SIZE:
                        self._gens.clear()
                    self._gens[name] = value

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lose()

    # Below: called with the lock held.

    def _ready(self) -> bool:
        if os.getpid() != self._pid:  # a forked child: the parent's socket is not ours
            self._pid, self._conn, self._keeper = os.getpid(), None, False
            self._forget()
        conn = self._conn
        if conn is None:
            self._start_keeper()
            return False
        try:
            while conn.can_read(0):
                self._apply(conn.read_response(push_request=True))
            now = time.monotonic()
            if self._ping_sent is None:
                if now - self._last_pong >= self.KEEP_EVERY:
                    conn.send_command("PING")
                    self._ping_sent = now
            elif now - self._ping_sent > self.DEAD_AFTER:
                raise ConnectionError("no answer to PING on the tracking connection")
        except Exception as exc:
            log.warning("Redis read tracking lost (%s); reads ask Redis until it is back", exc)
            self._lose()
            return False
        # Trust only a connection heard from lately: one gone silent while
        # idle is not trusted before it answers the PING just sent.
        return now - self._last_pong <= self.DEAD_AFTER

    def _apply(self, message: Any) -> None:
        if isinstance(message, list) and message and message[0] in (b"invalidate", "invalidate"):
            keys = message[1] if len(message) > 1 else None
            if keys is None:  # a flush: everything may have changed
                self._forget()
                return
            for raw in keys:
                key = raw.decode() if isinstance(raw, bytes) else str(raw)
                if key == self.epoch_name:
                    self._epoch = None
                    for fetch in self._fetches:
                        fetch.epoch_dirty = True
                elif key.startswith(self.prefix):
                    doc_id = key[len(self.prefix) :]
                    self._gens.pop(doc_id, None)
                    for fetch in self._fetches:
                        fetch.dirty.add(doc_id)
        elif message in (b"PONG", "PONG"):
            self._ping_sent, self._last_pong = None, time.monotonic()
        elif message is not None:  # anything unexpected: trust nothing
            raise ConnectionError(f"unexpected message on the tracking connection: {message!r}")

    def _forget(self) -> None:
        self._serial += 1
        self._epoch = None
        self._gens.clear()
        self._fetches.clear()

    def _lose(self) -> None:
        conn, self._conn = self._conn, None
        self._forget()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.disconnect()

    def _start_keeper(self) -> None:
        if not self._keeper and not self._closed:
            self._keeper = True
            threading.Thread(target=self._keep, name="redis-read-tracking", daemon=True).start()

    def _keep(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    self._keeper = False
                    return
                connected = self._conn is not None
                if connected:
                    self._ready()
            if not connected and not self._connect():
                time.sleep(self.RETRY_EVERY)
                continue
            time.sleep(self.KEEP_EVERY)

    def _connect(self) -> bool:
        conn: Any = None
        try:
            from redis import ConnectionPool

            pool = ConnectionPool.from_url(
                self.url,
                protocol=3,
                socket_timeout=2.0,
                socket_connect_timeout=2.0,
                client_name=self.client_name,
            )
            conn = pool.make_connection()
            conn.connect()
            conn._parser.set_invalidation_push_handler(_keep)
            conn.send_command(
                "CLIENT",
                "TRACKING",
                "ON",
                "BCAST",
                "PREFIX",
                self.prefix,
                "PREFIX",
                self.epoch_name,
            )
            reply = conn.read_response()
            if reply not in (b"OK", "OK"):
                raise ConnectionError(f"CLIENT TRACKING answered {reply!r}")
        except Exception as exc:
            log.warning("no Redis read tracking (%s); reads ask Redis", exc)
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.disconnect()
            return False
        with self._lock:
            if self._closed:
                conn.disconnect()
                return False
            self._conn = conn
            self._forget()
            self._ping_sent, self._last_pong = None, time.monotonic()
        return True
