"""Per-key rate limits on uploads and reads: a fixed one-minute window per
key and kind, counted in Redis (shared by every service process) or, in
embedded mode, in this process. Over the limit: 429 with Retry-After.

With Redis, a request does not wait for Redis to count it (``SharedCounter``):
each process counts locally and a background thread sends the counts every
``FLUSH_SECONDS`` in one pipeline, learning the shared total from the replies.
Only a key close to its limit is counted in Redis on the request's own path,
so the cut-off stays exact where it matters (see ``SharedCounter``)."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.errors import ApiError

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("service")

WINDOW_SECONDS = 60
# How often a process sends its local counts to Redis.
FLUSH_SECONDS = 0.1
# A process admits a request without Redis's word only while its unsent count
# stays within 1/LOCAL_SHARE of what it last knew was left of the limit.
LOCAL_SHARE = 16
# After a failed Redis call, requests are decided locally this long before
# the request path tries Redis again (the background flush retries each time).
REDIS_RETRY_SECONDS = 1.0


class LocalCounter:
    """Embedded mode: one process, an exact count in memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, int], int] = {}

    def hit(self, name: str, window: int) -> int:
        with self._lock:
            if len(self._counts) > 100_000:  # old windows: drop them all at times
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            n = self._counts.get((name, window), 0) + 1
            self._counts[(name, window)] = n
            return n

    def admit(self, name: str, window: int, limit: int) -> bool:
        return self.hit(name, window) <= limit

    def close(self) -> None:
        pass


@dataclass
class _Slot:
    known: int = 0  # the shared count in Redis, as last replied to this process
    pending: int = 0  # counted here, not sent yet
    sending: int = 0  # sent, reply not seen yet


class SharedCounter:
    """A count per key and window shared by every process through Redis,
    with no Redis round trip on the request path while a key is well below
    its limit.

    A request is admitted locally when ``LOCAL_SHARE`` x (its process's unsent
    count + 1) <= limit - the shared count the process last heard of; it adds
    to the unsent count, which a background thread sends every
    ``FLUSH_SECONDS`` (one pipelined INCRBY + EXPIRE per key and window), and
    the reply updates what the process knows of the shared count. Otherwise
    (a key close to its limit) the request is counted in Redis at once, with
    whatever the process has not sent yet, and admitted iff the new shared
    count is within the limit: the exact cut-off of one INCR a request. A
    key the process knows is at its limit is refused with no round trip
    (counts only grow within a window). So limits below ``LOCAL_SHARE`` are
    always exact (every request asks Redis, as before), and a process asks
    Redis on every request of a key once it knows fewer than
    ``LOCAL_SHARE`` of the key's requests are left.

    Overshoot: after the shared count reaches the limit, each process can
    still admit the requests it had not sent plus those it admits before its
    first reply at or past the limit, and those are at most its unsent count
    at that moment, which the rule above keeps below limit / LOCAL_SHARE.
    So a window admits at most limit x (1 + P / LOCAL_SHARE) requests for P
    processes serving the key, and never more than P x (FLUSH_SECONDS + one
    Redis round trip) x the key's request rate in each process over the
    limit: 6000 reads a minute, 4 processes, 1,000 reads a second each
    admit at most 6000 + 4 x ~100.

    Redis down (a failed call): the process decides alone, admitting while
    the shared count it last knew plus its own unsent count stays within the
    limit (the embedded mode's per-process limit, starting from the known
    shared count), keeps its counts and sends them once Redis answers again;
    the request path tries Redis again only every ``REDIS_RETRY_SECONDS``.
    Reads keep being served, as the read state falls back to the database
    (``service.read_state``), instead of failing on the limiter."""

    def __init__(
        self, redis: Callable[[], Redis], prefix: str, flush_seconds: float = FLUSH_SECONDS
    ) -> None:
        self.redis, self.prefix, self.flush_seconds = redis, prefix, flush_seconds
        self._lock = threading.Lock()
        self._slots: dict[tuple[str, int], _Slot] = {}
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._down_until = 0.0
        self._down_logged = False

    def _key(self, name: str, window: int) -> str:
        return f"{self.prefix}:{name}:{window}"

    def admit(self, name: str, window: int, limit: int) -> bool:
        with self._lock:
            slot = self._slots.get((name, window))
            if slot is None:
                if len(self._slots) > 100_000:  # never flushed (no local counts): prune
                    self._slots = {k: v for k, v in self._slots.items() if k[1] >= window}
                slot = self._slots[(name, window)] = _Slot()
            unsent = slot.pending + slot.sending
            admitted: bool | None = None
            if LOCAL_SHARE * (unsent + 1) <= limit - slot.known:
                admitted = True
            elif slot.known >= limit:  # refused for certain: no round trip
                admitted = False
            elif time.monotonic() < self._down_until:
                admitted = slot.known + unsent + 1 <= limit
            if admitted is not None:  # counted here; the flush sends it
                slot.pending += 1
            else:  # close to the limit: count it in Redis now, with the unsent
                sent = slot.pending + 1
                slot.pending, slot.sending = 0, slot.sending + sent
        if admitted is not None:
            if self._thread is None:
                self._start()
            if not self._dirty.is_set():
                self._dirty.set()
            return admitted
        try:
            total = self._send([(name, window, sent)])[0]
        except Exception as exc:  # Redis down: this process decides alone
            self._failed(exc)
            with self._lock:
                slot.sending -= sent
                slot.pending += sent
                return slot.known + slot.pending + slot.sending <= limit
        with self._lock:
            slot.sending -= sent
            slot.known = max(slot.known, total)
        return total <= limit

    def _send(self, batch: list[tuple[str, int, int]]) -> list[int]:
        pipe = self.redis().pipeline(transaction=False)
        for name, window, n in batch:
            key = self._key(name, window)
            pipe.incrby(key, n)
            pipe.expire(key, WINDOW_SECONDS * 2)
        replies = pipe.execute()
        if self._down_until:
            self._down_until, self._down_logged = 0.0, False
            log.warning("rate limits: Redis answers again; counts are shared again")
        return [int(total) for total in replies[::2]]

    def _failed(self, exc: Exception) -> None:
        self._down_until = time.monotonic() + REDIS_RETRY_SECONDS
        if not self._down_logged:
            self._down_logged = True
            log.warning("rate limits: Redis unreachable (%s); counting per process", exc)

    def flush(self) -> None:
        """Send every unsent count (the background thread's work)."""
        window_now = int(time.time() // WINDOW_SECONDS)
        batch: list[tuple[str, int, int]] = []
        with self._lock:
            for (name, window), slot in list(self._slots.items()):
                if window < window_now:  # a past window: its count no longer matters
                    del self._slots[(name, window)]
                elif slot.pending:
                    batch.append((name, window, slot.pending))
                    slot.sending += slot.pending
                    slot.pending = 0
        if not batch:
            return
        try:
            totals = self._send(batch)
        except Exception as exc:
            self._failed(exc)
            totals = []
        with self._lock:
            for i, (name, window, n) in enumerate(batch):
                held = self._slots.get((name, window))
                if held is None:
                    continue
                held.sending -= n
                if totals:
                    held.known = max(held.known, totals[i])
                else:  # keep them for the next flush
                    held.pending += n
                    self._dirty.set()

    def _start(self) -> None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="rate-limit-flush", daemon=True
                    )
                    self._thread.start()

    def _run(self) -> None:
        while True:
            self._dirty.wait()
            if self._stop.wait(self.flush_seconds):
                return
            self._dirty.clear()
            try:
                self.flush()
            except Exception:  # never let the thread die: the counts would stop
                log.exception("rate limits: flush failed")

    def close(self) -> None:
        """Stop the thread and send what is left (a later request starts it again)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._dirty.set()
            thread.join(timeout=5)
            self._stop.clear()
            self._dirty.clear()
        self.flush()


class RateLimiter:
    def __init__(self, counter: LocalCounter | SharedCounter, limits: dict[str, int]) -> None:
        self.counter, self.limits = counter, limits

    def check(self, kind: str, key_id: str) -> None:
        """Count one request of ``kind`` by ``key_id``; raise 429 past the limit (0: none)."""
        limit = self.limits.get(kind, 0)
        if limit <= 0:
            return
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        if not self.counter.admit(f"{kind}:{key_id}", window, limit):
            retry = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
            raise ApiError(
                429,
                "rate_limited",
                f"more than {limit} {kind} requests a minute for this key; retry in {retry} s",
                {"Retry-After": str(retry)},
            )

    def close(self) -> None:
        self.counter.close()
