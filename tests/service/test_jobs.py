"""Jobs: leases, takeover after a dead worker, idempotence, restart, failures."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from extractor.ingest.testing import broken_pdfs
from extractor.pipeline import extract_bytes
from service.app import create_app
from service.jobs import claim, process_document, reap, save_extraction
from service.models import Document, Indicator, utcnow


def _doc(svc: Any, doc_id: str) -> Document:
    with svc.rt.sessions() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return doc


def _indicator_count(svc: Any, doc_id: str) -> int:
    with svc.rt.sessions() as s:
        return int(s.scalar(select(func.count()).where(Indicator.document_id == doc_id)) or 0)


def _expire_lease(svc: Any, doc_id: str) -> None:
    with svc.rt.sessions() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(lease_until=time.time() - 1))
        s.commit()


def test_a_dead_workers_document_is_taken_over_and_written_once(svc: Any, sample: Any) -> None:
    doc_id = svc.upload([("a.txt", sample(0))]).json()["documents"][0]["id"]
    assert claim(svc.rt, doc_id, "dead-worker")
    # While the lease runs nobody else may take it.
    assert process_document(svc.rt, doc_id) == "skipped"
    _expire_lease(svc, doc_id)
    assert process_document(svc.rt, doc_id) == "done"
    doc = _doc(svc, doc_id)
    assert doc.status == "done" and doc.attempts == 2 and doc.lease_owner is None
    n = _indicator_count(svc, doc_id)
    assert n == len(extract_bytes(sample(0), "a.txt").indicators)
    # The dead worker waking up late cannot write a second extraction.
    late = extract_bytes(sample(0), "a.txt")
    assert save_extraction(svc.rt, doc_id, "dead-worker", late) is False
    # Running the job again is a no-op: same extraction, written once.
    assert process_document(svc.rt, doc_id) == "skipped"
    assert _indicator_count(svc, doc_id) == n


def test_reaper_requeues_expired_leases_and_forgotten_queue_entries(svc: Any, sample: Any) -> None:
    ids = [
        svc.upload([(f"{i}.txt", sample(i, variant=i + 1))]).json()["documents"][0]["id"]
        for i in range(3)
    ]
    claim(svc.rt, ids[0], "dead-worker")
    _expire_lease(svc, ids[0])
    with svc.rt.sessions() as s:  # ids[1] and ids[2] waited in the queue far too long
        old = utcnow() - timedelta(hours=1)
        s.execute(update(Document).where(Document.id.in_(ids[1:])).values(queued_at=old))
        s.commit()
    if svc.settings.embedded:
        expected = ids  # no queue to ask: a long wait counts as lost
    else:
        # Redis lost ids[1]'s job; ids[2]'s is still waiting, so it is only slow.
        from rq.job import Job

        job_id = svc.rt.redis().get(svc.rt._job_key(ids[1]))
        Job.fetch(str(job_id, "utf-8"), connection=svc.rt.redis()).delete()
        assert svc.rt.waiting_in_queue(ids[2]) and not svc.rt.waiting_in_queue(ids[1])
        expected = ids[:2]
    assert sorted(reap(svc.rt)) == sorted(expected)
    assert reap(svc.rt) == []  # re-enqueued once, not at every sweep
    svc.drain()
    assert {_doc(svc, i).status for i in ids} == {"done"}


def test_extraction_error_marks_the_document_failed(svc: Any) -> None:
    blank = broken_pdfs()["blank"]  # passes the upload sniff, has no text
    r = svc.upload([("blank.pdf", blank)])
    assert r.status_code == 202
    doc_id = r.json()["documents"][0]["id"]
    svc.drain()
    got = svc.client.get(f"/v1/documents/{doc_id}", headers=svc.admin).json()
    assert got["status"] == "failed" and got["progress"] == 1.0
    assert got["error"]["code"] and "blank.pdf" in got["error"]["message"]
    ext = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin)
    assert 400 <= ext.status_code < 500 and ext.json()["error"]["code"] == got["error"]["code"]


def test_a_restarted_service_resumes_pending_jobs(tmp_path: Path, sample: Any) -> None:
    from service.settings import ServiceSettings

    settings = ServiceSettings(data_dir=tmp_path / "data", bootstrap_admin_key="ek_restart_test")
    headers = {"X-API-Key": "ek_restart_test"}
    first = create_app(settings, background=False)  # "crashes" before running any job
    with TestClient(first) as c:
        r = c.post("/v1/documents", files=[("files", ("a.txt", sample(0)))], headers=headers)
        doc_id = r.json()["documents"][0]["id"]
    first.state.runtime.close()

    second = create_app(settings)  # embedded worker thread on
    with TestClient(second) as c:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = c.get(f"/v1/documents/{doc_id}", headers=headers).json()["status"]
            if status == "done":
                break
            time.sleep(0.05)
        assert status == "done"
    second.state.runtime.close()


@pytest.mark.slow
def test_killing_a_worker_mid_job_loses_nothing(svc: Any, sample: Any) -> None:
    """A real ``extractor worker`` process is killed (SIGKILL) inside a job; the
    lease expires, the reaper re-enqueues, another worker finishes it."""
    doc_id = svc.upload([("a.txt", sample(0))]).json()["documents"][0]["id"]
    env = {
        **os.environ,
        "SERVICE_DATA_DIR": str(svc.settings.data_dir),
        "SERVICE_DATABASE_URL": svc.settings.effective_database_url,
        "SERVICE_QUEUE_NAME": svc.settings.queue_name,
        "SERVICE_LEASE_SECONDS": "1",
        "SERVICE_DEBUG_JOB_DELAY_SECONDS": "60",
        "SERVICE_KEY_PEPPER": svc.settings.key_pepper,
    }
    if svc.settings.redis_url:
        env["SERVICE_REDIS_URL"] = svc.settings.redis_url
    else:
        env.pop("SERVICE_REDIS_URL", None)
        env.pop("REDIS_URL", None)
    exe = Path(sys.executable).with_name("extractor")
    proc = subprocess.Popen([str(exe), "worker"], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while _doc(svc, doc_id).status != "processing" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _doc(svc, doc_id).status == "processing"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    time.sleep(1.2)  # the dead worker's 1 s lease runs out
    assert reap(svc.rt) == [doc_id]
    svc.drain()
    doc = _doc(svc, doc_id)
    assert doc.status == "done" and doc.attempts == 2
    assert _indicator_count(svc, doc_id) == len(extract_bytes(sample(0), "a.txt").indicators)


def test_a_job_past_its_time_limit_fails_and_the_queue_goes_on(
    svc_factory: Any, sample: Any
) -> None:
    # Embedded job threads cannot be killed: the limit stops the extraction at
    # its next page or region, the job fails with time_limit, the next runs.
    svc = svc_factory(job_timeout_seconds=1e-9)
    first = svc.upload([("huge.txt", sample(0))]).json()["documents"][0]["id"]
    second = svc.upload([("next.txt", sample(1, variant=7))]).json()["documents"][0]["id"]
    assert process_document(svc.rt, first) == "failed"
    doc = _doc(svc, first)
    assert doc.status == "failed" and doc.error_code == "time_limit"
    assert "huge.txt" in (doc.error_message or "")
    svc.rt.settings.job_timeout_seconds = 1800.0
    assert process_document(svc.rt, second) == "done"


@pytest.mark.postgres
@pytest.mark.redis
def test_reaper_sweeps_a_waiting_backlog_in_bounded_batches_without_requeueing(
    svc_factory: Any, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long backlog still waiting in Redis is only slow: each sweep marks at
    most REAP_BATCH of the oldest as seen again and enqueues no second job."""
    import service.jobs as jobs

    svc = svc_factory("postgres-redis")
    ids = [
        svc.upload([(f"{i}.txt", sample(i, variant=i + 1))]).json()["documents"][0]["id"]
        for i in range(5)
    ]
    with svc.rt.sessions() as s:  # all waited past requeue_after, oldest first
        for n, doc_id in enumerate(ids):
            old = utcnow() - timedelta(hours=2) + timedelta(minutes=n)
            s.execute(update(Document).where(Document.id == doc_id).values(queued_at=old))
        s.commit()
    assert svc.rt.waiting_in_queue_many(ids) == set(ids)
    monkeypatch.setattr(jobs, "REAP_BATCH", 3)
    stale = utcnow() - timedelta(seconds=svc.settings.requeue_after_seconds)

    def still_stale() -> list[str]:
        return [i for i in ids if _doc(svc, i).queued_at < stale]

    assert reap(svc.rt) == [] and still_stale() == ids[3:]  # the three oldest first
    assert reap(svc.rt) == [] and still_stale() == []
    assert svc.rt.queue().count == 5  # one job each, none enqueued twice
    svc.drain()
    assert {_doc(svc, i).status for i in ids} == {"done"}
    assert {_doc(svc, i).attempts for i in ids} == {1}


def test_a_warmed_worker_has_its_models_loaded_before_the_first_job(sqlite_svc: Any) -> None:
    from extractor.engine.models import load_models
    from service.jobs import warm_up
    from service.model_version import active_model

    load_models.cache_clear()
    warm_up(sqlite_svc.rt)
    assert load_models.cache_info().currsize == 1
    models = load_models(active_model(sqlite_svc.settings)[1])
    assert load_models.cache_info().hits >= 1  # the job's call finds them loaded
    if models.prose is not None:  # the paragraph gate too; spaCy stays unloaded
        assert models.prose._gate is not None and models.prose._reader is None
