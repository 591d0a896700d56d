"""Retention: ``extractor cleanup`` drops idempotency answers, change-feed
rows and page renders past their settings, and nothing younger; the feed's
cursors are never numbered again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from service.cleanup import run_cleanup
from service.models import utcnow

ROOT = Path(__file__).resolve().parents[2]


def _feed(svc: Any) -> list[dict[str, Any]]:
    r = svc.client.get("/v1/changes?limit=1000", headers=svc.admin)
    assert r.status_code == 200, r.text
    return list(r.json()["changes"])


def test_idempotency_answers_expire_after_their_retention(svc: Any, sample: Any) -> None:
    files = [("a.txt", sample(0, 1))]
    headers = {**svc.admin, "Idempotency-Key": "nightly-1"}
    assert svc.upload(files, headers).status_code == 202
    rt = svc.rt
    soon = run_cleanup(rt.settings, rt.sessions, now=utcnow() + timedelta(hours=23))
    assert soon.idempotency_keys == 0
    assert svc.upload(files, headers).headers.get("Idempotent-Replayed") == "true"

    later = utcnow() + timedelta(hours=25)
    assert run_cleanup(rt.settings, rt.sessions, now=later, dry_run=True).idempotency_keys == 1
    assert svc.upload(files, headers).headers.get("Idempotent-Replayed") == "true"  # dry run
    assert run_cleanup(rt.settings, rt.sessions, now=later).idempotency_keys == 1
    again = svc.upload(files, headers)
    # A new answer, no replay; the content hash still finds the same document.
    assert again.status_code == 202 and "Idempotent-Replayed" not in again.headers
    assert again.json()["documents"][0]["duplicate"] is True


def test_old_changes_go_but_cursors_keep_rising(svc: Any, sample: Any) -> None:
    for i in range(3):
        svc.upload_done(f"r{i}.txt", sample(i, 10 + i))
    before = _feed(svc)
    assert len(before) == 3
    rt = svc.rt
    assert run_cleanup(rt.settings, rt.sessions, now=utcnow() + timedelta(days=89)).changes == 0
    counts = run_cleanup(rt.settings, rt.sessions, now=utcnow() + timedelta(days=91))
    assert counts.changes == 2  # the newest row stays
    assert [c["cursor"] for c in _feed(svc)] == [before[-1]["cursor"]]
    svc.upload_done("r9.txt", sample(0, 99))
    after = _feed(svc)
    assert after[-1]["cursor"] > before[-1]["cursor"]  # never a number handed out before
    r = svc.client.get(f"/v1/changes?after={before[-1]['cursor']}", headers=svc.admin)
    assert [c["cursor"] for c in r.json()["changes"]] == [after[-1]["cursor"]]


def test_page_renders_older_than_their_retention_are_dropped(sqlite_svc: Any) -> None:
    rt = sqlite_svc.rt
    old_sha, new_sha = "a" * 64, "b" * 64
    rt.pages.put(old_sha, 1, 2.0, b"\x89PNG old")
    rt.pages.put(new_sha, 1, 2.0, b"\x89PNG new")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(rt.pages.path_for(old_sha, 1, 2.0), (ten_days_ago, ten_days_ago))
    counts = run_cleanup(rt.settings, rt.sessions)
    assert counts.page_renders == 1
    assert rt.pages.get(old_sha, 1, 2.0) is None
    assert rt.pages.get(new_sha, 1, 2.0) == b"\x89PNG new"
    assert not rt.pages.path_for(old_sha, 1, 2.0).parent.exists()  # no empty folders left


def test_zero_keeps_for_ever(svc_factory: Any, sample: Any) -> None:
    svc = svc_factory(idempotency_retention_hours=0, change_feed_retention_days=0)
    svc.upload([("a.txt", sample(0, 3))], {**svc.admin, "Idempotency-Key": "k"})
    svc.upload_done("b.txt", sample(1, 4))
    counts = run_cleanup(svc.settings, svc.rt.sessions, now=utcnow() + timedelta(days=3650))
    assert (counts.idempotency_keys, counts.changes) == (0, 0)


def test_the_cleanup_command_reports_what_it_would_drop(sqlite_svc: Any, sample: Any) -> None:
    sqlite_svc.upload_done("a.txt", sample(0, 5))
    sqlite_svc.upload_done("b.txt", sample(1, 6))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SERVICE_DATA_DIR": str(sqlite_svc.settings.data_dir),
        "SERVICE_CHANGE_FEED_RETENTION_DAYS": "0.00001",  # about a second
    }
    time.sleep(1.5)
    r = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "cleanup", "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # Two changes, both old: the newest stays.
    assert out["dry_run"] is True and out["changes"] == 1
    assert out["idempotency_keys"] == 0 and out["page_renders"] == 0
    assert len(_feed(sqlite_svc)) == 2  # a dry run deletes nothing
