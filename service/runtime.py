"""What a running service or worker holds: settings, database, file store,
key cache and the way to hand a document to the job queue."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from service.auth import REFRESH_SHARE, KeyCache
from service.db import check_at_head, make_engine, make_sessionmaker, upgrade_to_head
from service.key_epoch import FileKeyEpoch, RedisKeyEpoch
from service.pages import PageCache
from service.rate_limit import LocalCounter, RateLimiter, SharedCounter
from service.read_state import AsyncRedisReads, FileGenerations, RedisGenerations
from service.settings import ServiceSettings
from service.store import BlobStore, make_store

if TYPE_CHECKING:
    from redis import Redis
    from rq import Queue

log = logging.getLogger("service")

JOB_FUNCTION = "service.jobs.run_document_job"


@dataclass
class CachedBody:
    organisation_id: str
    revision: int
    body: bytes
    generation: Hashable
    checked_at: float


class ExtractionCache:
    """Rendered extraction bodies by document, each kept with the document's
    generation (``service.read_state``) read before it was rendered. An entry
    is served only while the generation is unchanged, so a change through
    any process shows at once; ``ttl`` bounds how long a change made behind
    the service's back (SQL) goes unseen, after which the entry is re-checked
    against the document's revision. An entry in the last ``REFRESH_SHARE``
    of its ``ttl`` is re-checked ahead by the one request ``due`` answers
    True (service.fast_read), while the others keep being served from it:
    a busy document never expires into a herd of full-route reads."""

    def __init__(self, ttl: float, size: int = 2000) -> None:
        self.ttl, self.size = ttl, size
        self._items: dict[str, CachedBody] = {}
        self._refreshing: dict[str, float] = {}  # doc id -> when a refresh was claimed

    def fresh(
        self, doc_id: str, organisation_id: str, generation: Hashable | None
    ) -> CachedBody | None:
        hit = self._items.get(doc_id)
        if (
            hit is None
            or generation is None
            or hit.generation != generation
            or hit.organisation_id != organisation_id
        ):
            return None
        return hit if time.monotonic() - hit.checked_at < self.ttl else None

    def get(self, doc_id: str) -> CachedBody | None:
        return self._items.get(doc_id)

    def put(
        self,
        doc_id: str,
        organisation_id: str,
        revision: int,
        body: bytes,
        generation: Hashable | None,
    ) -> None:
        if generation is None:  # unknown: nothing could tell when it goes stale
            return
        if len(self._items) >= self.size:
            self._items.clear()
            self._refreshing.clear()
        self._items[doc_id] = CachedBody(
            organisation_id, revision, body, generation, time.monotonic()
        )
        self._refreshing.pop(doc_id, None)

    def due(self, doc_id: str, hit: CachedBody) -> bool:
        """Should this request re-check ``hit`` ahead of its expiry? True once
        per entry (again if a claimed re-check put nothing back in time)."""
        now = time.monotonic()
        margin = self.ttl * REFRESH_SHARE
        if now - hit.checked_at < self.ttl - margin:
            return False
        if now - self._refreshing.get(doc_id, -margin) < margin:
            return False
        self._refreshing[doc_id] = now
        return True

    def drop(self, doc_id: str) -> None:
        self._items.pop(doc_id, None)

    def clear(self) -> None:
        self._items.clear()


class Runtime:
    def __init__(self, settings: ServiceSettings, *, migrate: bool | None = None) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(settings.effective_database_url)
        if settings.migrate_on_start if migrate is None else migrate:
            upgrade_to_head(self.engine)
        else:
            check_at_head(self.engine)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)
        self.store: BlobStore = make_store(settings, self.sessions)
        self.pages = PageCache(settings.data_dir / "pages")
        self.keys = KeyCache()
        self.key_epoch: FileKeyEpoch | RedisKeyEpoch = (
            FileKeyEpoch(settings.data_dir / "keys.epoch")
            if settings.embedded
            else RedisKeyEpoch(self.redis, f"extractor:keys-epoch:{settings.queue_name}")
        )
        # Set on upload so the embedded worker starts at once instead of at its next poll.
        self.wake = threading.Event()
        self._redis: Redis | None = None
        self._queue: Queue | None = None
        self.generations: FileGenerations | RedisGenerations = (
            FileGenerations(settings.data_dir / "generations")
            if settings.embedded
            else RedisGenerations(self.redis, f"extractor:doc-gen:{settings.queue_name}")
        )
        self._async_reads = (
            AsyncRedisReads(
                settings.redis_url or "",
                self.key_epoch.name,
                self.generations,
                tracking=settings.read_tracking,
            )
            if isinstance(self.key_epoch, RedisKeyEpoch)
            and isinstance(self.generations, RedisGenerations)
            else None
        )
        self.extraction_cache = ExtractionCache(settings.read_cache_seconds)
        self.rate_limiter = RateLimiter(
            LocalCounter()
            if settings.embedded
            else SharedCounter(self.redis, f"extractor:rate:{settings.queue_name}"),
            {
                "upload": settings.rate_limit_uploads_per_minute,
                "read": settings.rate_limit_reads_per_minute,
            },
        )

    async def read_state(self, doc_id: str | None) -> tuple[Hashable | None, Hashable | None]:
        """The key epoch and ``doc_id``'s generation, without blocking the loop."""
        if self._async_reads is not None:
            return await self._async_reads.current(doc_id)
        epoch = self.key_epoch.current()
        return epoch, None if doc_id is None else self.generations.current(doc_id)

    def document_changed(self, doc_id: str) -> None:
        """After the commit of any change to the document, before answering:
        no process serves a body rendered before it any more."""
        self.extraction_cache.drop(doc_id)
        self.generations.bump(doc_id)

    def redis(self) -> Redis:
        if self._redis is None:
            from redis import Redis

            assert self.settings.redis_url, "no REDIS_URL configured"
            self._redis = Redis.from_url(self.settings.redis_url)
        return self._redis

    def queue(self) -> Queue:
        if self._queue is None:
            from rq import Queue

            self._queue = Queue(self.settings.queue_name, connection=self.redis())
        return self._queue

    def enqueue(self, doc_id: str) -> None:
        """Hand a committed document to the workers (never before the commit)."""
        if self.settings.embedded:
            self.wake.set()
            return
        from rq import Retry

        job = self.queue().enqueue(
            JOB_FUNCTION,
            doc_id,
            job_timeout=int(self.settings.job_timeout_seconds),
            retry=Retry(max=2),
            result_ttl=3600,
            failure_ttl=7 * 86400,
            description=f"extract document {doc_id}",
        )
        self.redis().set(self._job_key(doc_id), job.id, ex=7 * 86400)

    def _job_key(self, doc_id: str) -> str:
        return f"rq:extractor-doc:{self.settings.queue_name}:{doc_id}"

    def waiting_in_queue(self, doc_id: str) -> bool:
        """True if the document's last RQ job is still queued or running (Redis mode)."""
        return doc_id in self.waiting_in_queue_many([doc_id])

    def waiting_in_queue_many(self, doc_ids: list[str]) -> set[str]:
        """The documents whose last RQ job is still queued or running (Redis
        mode), in two round trips however many there are: a reaper sweeping a
        long backlog must not ask Redis once per document."""
        if self.settings.embedded or not doc_ids:
            return set()
        from rq.job import Job, JobStatus

        r = self.redis()
        job_ids = r.mget([self._job_key(d) for d in doc_ids])
        with r.pipeline(transaction=False) as pipe:
            for job_id in job_ids:
                if job_id is not None:
                    raw = job_id if isinstance(job_id, str) else job_id.decode()
                    pipe.hget(Job.key_for(raw), "status")
            statuses = iter(pipe.execute())
        live = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}
        live_values = {s.value for s in live}
        waiting = set()
        for doc_id, job_id in zip(doc_ids, job_ids, strict=True):
            if job_id is None:
                continue
            status = next(statuses)
            if status is not None:
                text = status if isinstance(status, str) else status.decode()
                if text in live_values:
                    waiting.add(doc_id)
        return waiting

    def job_counts(self) -> dict[str, Any]:
        """RQ queue figures (Redis mode only)."""
        if self.settings.embedded:
            return {}
        q = self.queue()
        return {
            "queued": q.count,
            "started": q.started_job_registry.count,
            "failed": q.failed_job_registry.count,
        }

    def close(self) -> None:
        self.rate_limiter.close()
        if self._async_reads is not None:
            self._async_reads.close()
        self.engine.dispose()
        if self._redis is not None:
            self._redis.close()
