"""Per-key rate limits on uploads and reads: a fixed one-minute window per
key and kind, counted in Redis (shared by every service process) or, in
embedded mode, in this process. Over the limit: 429 with Retry-After."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from service.errors import ApiError

if TYPE_CHECKING:
    from redis import Redis

WINDOW_SECONDS = 60


class LocalCounter:
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


class RedisCounter:
    def __init__(self, redis: Callable[[], Redis], prefix: str) -> None:
        self.redis, self.prefix = redis, prefix

    def hit(self, name: str, window: int) -> int:
        key = f"{self.prefix}:{name}:{window}"
        pipe = self.redis().pipeline()
        pipe.incr(key)
        pipe.expire(key, WINDOW_SECONDS * 2)
        count, _ = pipe.execute()
        return int(count)


class RateLimiter:
    def __init__(self, counter: LocalCounter | RedisCounter, limits: dict[str, int]) -> None:
        self.counter, self.limits = counter, limits

    def check(self, kind: str, key_id: str) -> None:
        """Count one request of ``kind`` by ``key_id``; raise 429 past the limit (0: none)."""
        limit = self.limits.get(kind, 0)
        if limit <= 0:
            return
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        if self.counter.hit(f"{kind}:{key_id}", window) > limit:
            retry = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
            raise ApiError(
                429,
                "rate_limited",
                f"more than {limit} {kind} requests a minute for this key; retry in {retry} s",
                {"Retry-After": str(retry)},
            )
