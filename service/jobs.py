"""Extraction jobs: claim a document with a lease, extract, save once.

The database is the source of truth. A worker claims a document by a
compare-and-set that also takes over documents whose lease expired (a
worker killed mid-job); it renews the lease while it works and writes the
extraction only if it still holds the lease, in one transaction, so a job
run twice writes one extraction. The queue (a thread in embedded mode, RQ
with Redis) only says "look at this document"; a reaper re-enqueues
documents whose lease expired or that waited too long.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select, update

from extractor.deadline import time_limit
from extractor.errors import ExtractionError
from extractor.types import Extraction
from service.changes import record_change
from service.model_version import active_model, model_version
from service.models import Document, utcnow
from service.reextract import replace_indicators
from service.runtime import Runtime
from service.settings import ServiceSettings
from service.webhooks import deliver_due, emit

log = logging.getLogger("service.jobs")
PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}"


def _claimable(now: float):  # type: ignore[no-untyped-def]
    return or_(
        Document.status == "queued",
        and_(Document.status == "processing", Document.lease_until < now),
    )


def claim(rt: Runtime, doc_id: str, owner: str) -> bool:
    now = time.time()
    with rt.sessions() as s:
        res = s.execute(
            update(Document)
            .where(Document.id == doc_id, _claimable(now))
            .values(
                status="processing",
                lease_owner=owner,
                lease_until=now + rt.settings.lease_seconds,
                attempts=Document.attempts + 1,
                updated_at=utcnow(),
            )
        )
        s.commit()
        return bool(res.rowcount)  # type: ignore[attr-defined]


def renew(rt: Runtime, doc_id: str, owner: str) -> bool:
    with rt.sessions() as s:
        res = s.execute(
            update(Document)
            .where(Document.id == doc_id, Document.lease_owner == owner)
            .values(lease_until=time.time() + rt.settings.lease_seconds)
        )
        s.commit()
        return bool(res.rowcount)  # type: ignore[attr-defined]


class Heartbeat(threading.Thread):
    """Renews the lease every third of its length until stopped."""

    def __init__(self, rt: Runtime, doc_id: str, owner: str) -> None:
        super().__init__(daemon=True, name=f"heartbeat-{doc_id}")
        self.rt, self.doc_id, self.owner = rt, doc_id, owner
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.rt.settings.lease_seconds / 3):
            try:
                renew(self.rt, self.doc_id, self.owner)
            except Exception:  # a missed beat is retried at the next one
                log.exception("lease renewal failed for %s", self.doc_id)


def _release(doc_id: str, owner: str, **values: object) -> Any:
    """An UPDATE that ends the job with ``values``, a no-op unless ``owner``
    still holds the lease (a reaped worker must not overwrite its successor)."""
    return (
        update(Document)
        .where(
            Document.id == doc_id,
            Document.status == "processing",
            Document.lease_owner == owner,
        )
        .values(
            lease_owner=None,
            lease_until=None,
            updated_at=utcnow(),
            revision=Document.revision + 1,
            **values,
        )
    )


def _finish(rt: Runtime, doc_id: str, owner: str, **values: object) -> bool:
    """Set the outcome if ``owner`` still holds the lease."""
    with rt.sessions() as s:
        res = s.execute(_release(doc_id, owner, **values))
        if res.rowcount and values.get("status") == "failed":  # type: ignore[attr-defined]
            _record(s, doc_id, "failed")
        s.commit()
    if res.rowcount:  # type: ignore[attr-defined]
        rt.document_changed(doc_id)
    return bool(res.rowcount)  # type: ignore[attr-defined]


def _record(s: Any, doc_id: str, kind: str) -> None:
    """The webhook deliveries and the change-feed row of a job's outcome."""
    doc = s.get(Document, doc_id, populate_existing=True)
    emit(s, doc, "document.done" if kind == "extracted" else "document.failed")
    record_change(s, doc.organisation_id, doc_id, kind, doc.revision)


def _year(value: object) -> int | None:
    try:
        return int(str(value)[:4]) if value is not None else None
    except ValueError:
        return None


def save_extraction(
    rt: Runtime,
    doc_id: str,
    owner: str,
    extraction: Extraction,
    version: tuple[str, Path] | None = None,
) -> bool:
    """Write the extraction once: only while holding the lease, in one
    transaction. A document extracted before (re-extraction with a promoted
    model) keeps every human correction, confirmation, added and deleted row."""
    body = extraction.to_json_dict()
    records = body.pop("indicators")
    model = model_version(version[1] if version else None)
    assert isinstance(records, list)
    with rt.sessions() as s:
        res = s.execute(
            _release(
                doc_id,
                owner,
                status="done",
                error_code=None,
                error_message=None,
                extraction=body,
                form_type=extraction.form_type.value,
                department=None
                if extraction.department.value is None
                else str(extraction.department.value)[:200],
                year=_year(extraction.year.value),
                processed_at=utcnow(),
                stated_total_score=extraction.stated_total_score,
                budget_execution_score=extraction.budget_execution_score,
                model_name=model[0],
                model_data_sha256=model[1],
                model_version=version[0] if version else model[0],
                layout_key=extraction.layout,
            )
        )
        if not res.rowcount:  # type: ignore[attr-defined]
            s.rollback()
            return False
        suggestions = {
            rid: {f: [x.model_dump(mode="json") for x in xs] for f, xs in by_field.items()}
            for rid, by_field in extraction.suggestions.items()
        }
        replace_indicators(s, doc_id, records, suggestions)
        _record(s, doc_id, "extracted")
        s.commit()
    rt.document_changed(doc_id)
    return True


def process_document(rt: Runtime, doc_id: str) -> str:
    """Run one document's job; return what happened (for logs and tests)."""
    from extractor.pipeline import extract_bytes

    owner = f"{PROCESS_ID}:{uuid.uuid4().hex[:8]}"
    if not claim(rt, doc_id, owner):
        return "skipped"
    with rt.sessions() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        filename, sha, attempts = doc.filename, doc.sha256, doc.attempts
    if attempts > rt.settings.max_attempts:
        _finish(
            rt,
            doc_id,
            owner,
            status="failed",
            error_code="too_many_attempts",
            error_message=f"{filename}: gave up after {attempts - 1} interrupted attempts",
        )
        return "failed"
    beat = Heartbeat(rt, doc_id, owner)
    beat.start()
    try:
        data = rt.store.get(sha)
        if rt.settings.debug_job_delay_seconds:
            time.sleep(rt.settings.debug_job_delay_seconds)
        # The same limit as RQ's, also for embedded threads, which nothing else
        # could stop: one huge file fails with time_limit and the queue goes on.
        version = active_model(rt.settings)
        with time_limit(rt.settings.job_timeout_seconds, filename):
            extraction = extract_bytes(data, filename, model_dir=version[1])
        saved = save_extraction(rt, doc_id, owner, extraction, version)
        return "done" if saved else "lost_lease"
    except ExtractionError as exc:
        _finish(rt, doc_id, owner, status="failed", error_code=exc.code, error_message=exc.message)
        return "failed"
    except Exception as exc:
        log.exception("job for %s raised", doc_id)
        if attempts >= rt.settings.max_attempts:
            _finish(
                rt,
                doc_id,
                owner,
                status="failed",
                error_code="internal_error",
                error_message=f"{filename}: extraction crashed ({type(exc).__name__})",
            )
            return "failed"
        _finish(rt, doc_id, owner, status="queued", queued_at=utcnow())
        rt.enqueue(doc_id)
        return "retry"
    finally:
        beat.stopped.set()


def next_claimable(rt: Runtime) -> str | None:
    with rt.sessions() as s:
        return s.scalar(
            select(Document.id).where(_claimable(time.time())).order_by(Document.queued_at).limit(1)
        )


# Documents a reaper sweep looks at, oldest first: a backlog of any length
# costs each sweep the same (the rest waits for the next sweep).
REAP_BATCH = 500


def reap(rt: Runtime) -> list[str]:
    """Re-enqueue documents whose worker died or whose queue entry was lost.

    Each takeover is a compare-and-set, so of several reapers one wins, and
    a document is re-enqueued once per expiry, not at every sweep. Documents
    only slow to come up (still waiting in the queue) are asked about in one
    Redis round trip and marked in one UPDATE, not one of each per document."""
    now = time.time()
    stale = utcnow() - timedelta(seconds=rt.settings.requeue_after_seconds)
    dead = and_(Document.status == "processing", Document.lease_until < now)
    with rt.sessions() as s:
        rows = s.execute(
            select(Document.id, Document.status, Document.queued_at)
            .where(or_(dead, and_(Document.status == "queued", Document.queued_at < stale)))
            .order_by(Document.queued_at)
            .limit(REAP_BATCH)
        ).all()
    if not rows:
        return []
    waiting = rt.waiting_in_queue_many([d for d, status, _ in rows if status == "queued"])
    if waiting:
        # Only slow, not lost: a long backlog. Look again after another wait.
        with rt.sessions() as s:
            s.execute(
                update(Document)
                .where(Document.id.in_(waiting), Document.status == "queued")
                .values(queued_at=utcnow())
            )
            s.commit()
    taken = []
    for doc_id, _, queued_at in rows:
        if doc_id in waiting:
            continue
        with rt.sessions() as s:
            res = s.execute(
                update(Document)
                .where(
                    Document.id == doc_id,
                    or_(dead, and_(Document.status == "queued", Document.queued_at == queued_at)),
                )
                .values(status="queued", lease_owner=None, lease_until=None, queued_at=utcnow())
            )
            s.commit()
        if res.rowcount:  # type: ignore[attr-defined]
            taken.append(doc_id)
            rt.enqueue(doc_id)
    return taken


class BackgroundLoop(threading.Thread):
    """Calls ``step`` until stopped; ``step`` returns True when it did work."""

    def __init__(self, name: str, step, idle: float, wake: threading.Event | None = None):  # type: ignore[no-untyped-def]
        super().__init__(daemon=True, name=name)
        self.step, self.idle, self.wake = step, idle, wake or threading.Event()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                busy = self.step()
            except Exception:
                log.exception("%s: step failed", self.name)
                busy = False
            if not busy:
                self.wake.wait(self.idle)
                self.wake.clear()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()


def embedded_worker(rt: Runtime, n: int) -> BackgroundLoop:
    def step() -> bool:
        doc_id = next_claimable(rt)
        if doc_id is None:
            return False
        process_document(rt, doc_id)
        return True

    return BackgroundLoop(f"embedded-worker-{n}", step, idle=1.0, wake=rt.wake)


def reaper(rt: Runtime) -> BackgroundLoop:
    def step() -> bool:
        reap(rt)
        return False  # always rest a full interval between sweeps

    return BackgroundLoop("reaper", step, idle=rt.settings.reaper_interval_seconds)


def webhook_sender(rt: Runtime) -> BackgroundLoop:
    def step() -> bool:
        return deliver_due(rt) > 0

    return BackgroundLoop("webhooks", step, idle=1.0)


def start_background(rt: Runtime) -> list[BackgroundLoop]:
    """The embedded workers and webhook sender (no Redis) or the reaper (Redis mode)."""
    if rt.settings.embedded:
        loops = [embedded_worker(rt, i) for i in range(max(1, rt.settings.embedded_workers))]
        loops.append(webhook_sender(rt))
    else:
        loops = [reaper(rt)]
    for loop in loops:
        loop.start()
    return loops


# ---- RQ side ---------------------------------------------------------------

_worker_runtime: Runtime | None = None


def worker_runtime() -> Runtime:
    global _worker_runtime
    if _worker_runtime is None:
        _worker_runtime = Runtime(ServiceSettings())
    return _worker_runtime


def run_document_job(doc_id: str) -> str:
    """The RQ job: everything it needs is read from the database."""
    return process_document(worker_runtime(), doc_id)


_WARM_UP_FORM = (
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t培训人次\t≥100人次\t120人次\t10\t10\n"
    "效益指标\t社会效益指标\t群众满意度\t≥90%\t95%\t10\t10\n"
)


def warm_up(rt: Runtime) -> None:
    """Load the models jobs extract with, and jieba's dictionary, before the
    first job: the worker joins the queue ready to work at full speed, and no
    job is charged seconds of loading (nor risks its lease on it)."""
    from extractor.pipeline import extract_bytes

    try:  # a small form goes through every reader a form needs (spaCy stays lazy)
        extract_bytes(_WARM_UP_FORM.encode(), "warm-up.txt", model_dir=active_model(rt.settings)[1])
    except Exception:  # a broken model fails each job with its own error instead
        log.exception("warm-up failed; the models load with the first job")


def run_worker(burst: bool = False, settings: ServiceSettings | None = None) -> None:
    """``extractor worker``: serve the RQ queue (or, without Redis, poll the database)."""
    global _worker_runtime
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    rt = Runtime(settings or ServiceSettings())
    _worker_runtime = rt
    warm_up(rt)
    if burst:  # tests: documents only; webhooks are sent by deliver_due
        _work(rt, burst)
        return
    sender = webhook_sender(rt)
    sender.start()
    try:
        _work(rt, burst)
    finally:
        sender.stop()


def _work(rt: Runtime, burst: bool) -> None:
    if rt.settings.embedded:
        while True:
            doc_id = next_claimable(rt)
            if doc_id is not None:
                process_document(rt, doc_id)
            elif burst:
                return
            else:
                time.sleep(1.0)
    from rq import SimpleWorker

    reaper_loop = reaper(rt)
    reaper_loop.start()
    try:
        # SimpleWorker runs jobs in this process: loaded models stay warm and
        # the database pool is never shared across a fork.
        worker = SimpleWorker([rt.queue()], connection=rt.redis())
        worker.work(burst=burst, with_scheduler=False)
    finally:
        reaper_loop.stop()
