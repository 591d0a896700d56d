"""The key epoch: what every process reads before trusting its key cache.

Every change to a key (revoke, rotate, expire, create) moves the epoch after
its commit; a cached lookup made under another epoch is not used, so a
revoked key stops working at once in every service process, not when a
cache entry ages out. With Redis the epoch is a counter there; without it
(the embedded mode) it is a file in the data folder, which every service
process shares already (the file store). Reading it costs one Redis GET or
one ``stat``, not a database query, so the hot read path stays cheap.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.export import atomic_write

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("service")


class FileKeyEpoch:
    """The epoch as a file rewritten (a new inode) on every key change."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> Hashable | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return 0
        except OSError:  # unreadable: trust no cached lookup
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def bump(self) -> None:
        atomic_write(self.path, uuid.uuid4().hex.encode())


class RedisKeyEpoch:
    """The epoch as a Redis counter shared by every process of the deployment."""

    def __init__(self, redis: Callable[[], Redis], name: str) -> None:
        self.redis, self.name = redis, name

    def current(self) -> Hashable | None:
        try:
            value = self.redis().get(self.name)
        except Exception:  # Redis down: every request asks the database
            return None
        return value or b"0"

    def bump(self) -> None:
        try:
            self.redis().incr(self.name)
        except Exception:
            # The change is committed; processes see it when their cache entry ages out.
            log.exception("could not move the key epoch in Redis")
