"""Workers on other hosts need only the database and queue URLs: two real
`extractor worker` processes, each with its own empty working folder, finish
a load of uploads kept in the database; nothing lost, nothing extracted twice."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

N_UPLOADS = 40


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_two_workers_on_separate_folders_finish_every_upload(
    svc_factory: Any, sample: Any, tmp_path: Path
) -> None:
    svc = svc_factory("postgres-redis")
    ids = []
    for i in range(N_UPLOADS):
        r = svc.upload([(f"r{i}.txt", sample(i % 3, i + 1))])
        assert r.status_code == 202, r.text
        ids.append(r.json()["documents"][0]["id"])
    # The service kept the bytes in the database, not in its folder.
    assert not any((svc.settings.data_dir / "files").rglob("*"))

    exe = Path(sys.executable).with_name("extractor")
    procs, logs = [], []
    for n in (1, 2):
        folder = tmp_path / f"worker{n}"  # its own, empty: no shared mount
        env = {
            **os.environ,
            "SERVICE_DATA_DIR": str(folder),
            "SERVICE_DATABASE_URL": svc.settings.effective_database_url,
            "SERVICE_REDIS_URL": svc.settings.redis_url,
            "SERVICE_QUEUE_NAME": svc.settings.queue_name,
        }
        log = (tmp_path / f"worker{n}.log").open("w")
        logs.append(log)
        procs.append(
            subprocess.Popen([str(exe), "worker", "--burst"], env=env, stdout=log, stderr=log)
        )
    try:
        for p in procs:
            assert p.wait(timeout=900) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        for log in logs:
            log.close()

    statuses = Counter(
        svc.client.get(f"/v1/documents/{i}", headers=svc.admin).json()["status"] for i in ids
    )
    assert statuses == {"done": N_UPLOADS}
    feed = svc.client.get("/v1/changes?limit=1000", headers=svc.admin).json()["changes"]
    extracted = Counter(c["document_id"] for c in feed if c["kind"] == "extracted")
    assert extracted == dict.fromkeys(ids, 1)  # each once
    jobs = [(tmp_path / f"worker{n}.log").read_text().count("Job OK") for n in (1, 2)]
    assert sum(jobs) == N_UPLOADS and min(jobs) > 0, jobs  # both took a share
    for n in (1, 2):
        assert not any((tmp_path / f"worker{n}" / "files").rglob("*"))
