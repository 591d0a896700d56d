"""The change feed: every extraction, failure, correction, approval and
deletion once, in cursor order, per organisation; a consumer that crashes
resumes from its stored cursor and misses nothing, repeats nothing."""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from extractor.ingest.testing import broken_pdfs
from service.changes import changes_after, record_change
from service.models import Organisation


class Downstream:
    """A downstream system: applies each change, then stores what it applied
    together with the cursor in one atomic write (its own 'transaction')."""

    def __init__(self, client: Any, headers: dict[str, str], state: Path) -> None:
        self.client, self.headers, self.state = client, headers, state
        saved: dict[str, Any] = (
            json.loads(state.read_text()) if state.exists() else {"next": 0, "applied": []}
        )
        self.next: int = saved["next"]
        self.applied: list[list[Any]] = saved["applied"]

    def sync(self, crash_at: int | None = None, limit: int = 3) -> None:
        while True:
            r = self.client.get(
                f"/v1/changes?after={self.next}&limit={limit}", headers=self.headers
            )
            assert r.status_code == 200, r.text
            page = r.json()
            pending = list(self.applied)
            for change in page["changes"]:
                if crash_at is not None and len(pending) == crash_at:
                    raise RuntimeError("downstream crashed mid-page")
                pending.append([change["cursor"], change["document_id"], change["kind"]])
            tmp = self.state.with_suffix(".tmp")
            tmp.write_text(json.dumps({"next": page["next"], "applied": pending}))
            tmp.replace(self.state)
            self.next, self.applied = page["next"], pending
            if not page["more"]:
                return


def _edit(svc: Any, doc_id: str, body: dict[str, Any]) -> None:
    ind = svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=svc.admin).json()[
        "indicators"
    ][0]
    r = svc.client.patch(
        f"/v1/documents/{doc_id}/indicators/{ind['id']}",
        json=body,
        headers={**svc.admin, "If-Match": ind["review"]["etag"]},
    )
    assert r.status_code == 200, r.text


def test_a_consumer_resumes_after_a_crash_and_gets_every_change_once(
    svc: Any, sample: Any, tmp_path: Path
) -> None:
    a = svc.upload_done("a.txt", sample(0, 1))
    b = svc.upload_done("b.txt", sample(0, 2))
    _edit(svc, a, {"actual": "2400张"})
    _edit(svc, b, {"weight": 6})
    state = tmp_path / "downstream.json"

    first = Downstream(svc.client, svc.admin, state)
    with pytest.raises(RuntimeError, match="crashed"):
        first.sync(crash_at=3)
    # The first page (3 changes) was applied and saved; the second crashed unsaved.
    assert len(first.applied) == 3 and first.next == first.applied[-1][0]

    # Meanwhile: more changes, an approval, a deletion.
    _edit(svc, a, {"actual": "1700张"})
    assert svc.client.post(f"/v1/documents/{a}/approve", headers=svc.admin).status_code == 200
    assert svc.client.delete(f"/v1/documents/{b}", headers=svc.admin).status_code == 200

    again = Downstream(svc.client, svc.admin, state)  # a new process, from the file
    again.sync()
    kinds = [(doc, kind) for _, doc, kind in again.applied]
    assert kinds == [
        (a, "extracted"),
        (b, "extracted"),
        (a, "corrected"),
        (b, "corrected"),
        (a, "corrected"),
        (a, "approved"),
        (b, "deleted"),
    ]
    cursors = [c for c, _, _ in again.applied]
    assert cursors == sorted(set(cursors))  # increasing, none twice
    # Nothing new: asking again from the stored cursor gives nothing.
    r = svc.client.get(f"/v1/changes?after={again.next}", headers=svc.admin).json()
    assert r == {"changes": [], "next": again.next, "more": False}


def test_the_feed_is_per_organisation_and_names_failures(svc: Any, sample: Any) -> None:
    other = svc.key("admin", organisation="other-" + svc.settings.bootstrap_organisation)
    mine = svc.upload_done("a.txt", sample(0, 3))
    bad = svc.upload_done("blank.pdf", broken_pdfs()["blank"])  # no text: the job fails
    theirs = svc.upload_done("c.txt", sample(0, 4), headers=other)
    seen = svc.client.get("/v1/changes", headers=svc.admin).json()["changes"]
    assert [(c["document_id"], c["kind"]) for c in seen][:1] == [(mine, "extracted")]
    assert theirs not in [c["document_id"] for c in seen]
    assert (bad, "failed") in [(c["document_id"], c["kind"]) for c in seen]
    other_seen = svc.client.get("/v1/changes", headers=other).json()["changes"]
    assert [(c["document_id"], c["kind"]) for c in other_seen] == [(theirs, "extracted")]


def test_concurrent_writers_never_let_a_reader_skip_a_change(svc: Any) -> None:
    """Writers hold their transaction open a little after taking an id; a reader
    polling all along must still see every id, none twice."""
    with svc.rt.sessions() as s:
        org = Organisation(name="feed-race")
        s.add(org)
        s.commit()
        org_id = org.id
    writers, per_writer = 4, 8
    seen: list[int] = []
    done = threading.Event()

    def write(n: int) -> None:
        rnd = random.Random(n)
        for _ in range(per_writer):
            with svc.rt.sessions() as s:
                record_change(s, org_id, f"doc{n}", "corrected")
                time.sleep(rnd.uniform(0, 0.02))  # widen the window between id and commit
                s.commit()

    def read() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            with svc.rt.sessions() as s:
                rows = changes_after(s, org_id, cursor, 5)
            seen.extend(r.id for r in rows)
            cursor = rows[-1].id if rows else cursor
            if finished and not rows:
                return

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    with svc.rt.sessions() as s:
        everything = [r.id for r in changes_after(s, org_id, 0, 1000)]
    assert len(everything) == writers * per_writer
    assert seen == everything
