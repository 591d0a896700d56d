"""Queue throughput: uploads drained by 1, 2 and 4 ``extractor worker`` processes.

    .venv/bin/python bench/queue_speed.py [--uploads 1000] [--workers 1 2 4]

Production mode on 127.0.0.1 only: PostgreSQL (db ``test``), Redis (RQ).
For each worker count, in a fresh PostgreSQL schema and a fresh RQ queue
(both dropped at the end):

1. ``extractor serve`` takes ``--uploads`` small realistic reports (``--mix``:
   one-page forms by default, below; each upload made distinct by bytes the readers ignore:
   trailing newlines, a PDF comment after ``%%EOF``, an HTML comment) while
   no worker runs, so every job waits in the queue;
2. the workers start; a worker registers with RQ once its models are
   loaded, so the clock starts when all of them are registered: documents/s
   is the documents finished from then on over the time to the last one
   (the wall time from the workers' start is printed too);
3. the database is counted: every upload is one document, ``done``, claimed
   once (``attempts`` 1), extracted once (one ``extracted`` row in the
   change feed), holding exactly the indicators the library gives for its
   report in this process (ids, in order).

Prints documents/s per worker count and the speed-up over 1 worker in the
same run, the load average before and after each round (the machine is
shared: the speed-up is bounded by the cores the other work leaves idle),
and the CPU seconds of the service and of the workers per document.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_load import (  # noqa: E402  (a sibling script, not a package)
    ADMIN,
    PG_URL,
    REDIS_URL,
    Stack,
    drop_schema,
    free_port,
    fresh_schema,
    run_concurrently,
    wait_until,
)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "training_data" / "docs"
# ``--mix forms`` (the default): small one-page forms, the upload users make
# most, 0.09-0.31 CPU s each in the library (text, text-layer PDF, HTML), so
# 1,000 of them drain in minutes. ``--mix mixed``: the three examples (one a
# long report read by the prose reader, 2.4 CPU s), larger PDF forms, an HTML
# form and one narrative: the set of the 160-upload figure.
MIXES = {
    "forms": [
        REPO / "examples" / "000_29d121b4221180d5.txt",
        DOCS / "ra_01_a1_water.txt",
        DOCS / "ra_05_a2_health.txt",
        DOCS / "ra_07_a3_transport.txt",
        DOCS / "ra_06_a2_edu.pdf",
        DOCS / "rb_06_b2_housing.pdf",
        DOCS / "ra_04_a2_agri.html",
    ],
    "mixed": [
        *sorted((REPO / "examples").glob("*.txt")),
        DOCS / "ra_06_a2_edu.pdf",
        DOCS / "rb_06_b2_housing.pdf",
        DOCS / "rb_11_b4_edu.pdf",
        DOCS / "ra_04_a2_agri.html",
        DOCS / "n_01_教育.txt",
    ],
}
BASES = list(MIXES["forms"])


def distinct_bytes(path: Path, i: int) -> bytes:
    """The report's bytes plus a tail its reader ignores, unique to ``i``."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data + f"\n%upload {i}\n".encode()
    if path.suffix == ".html":
        return data + f"\n<!-- upload {i} -->\n".encode()
    return data + b"\n" * (i + 1)


def make_uploads(n: int) -> list[tuple[str, bytes, int]]:
    out = []
    for i in range(n):
        base = i % len(BASES)
        path = BASES[base]
        out.append((f"{path.stem}-{i:04d}{path.suffix}", distinct_bytes(path, i), base))
    return out


def library_indicators() -> tuple[dict[int, list[str]], float]:
    """Indicator ids the library gives for each base report, and its CPU
    seconds per report in this process (the workers' floor)."""
    from extractor.pipeline import extract_bytes

    for path in BASES:  # load every model first (spaCy with the narrative)
        extract_bytes(path.read_bytes(), path.name)
    expected = {}
    start = time.process_time()
    for base, path in enumerate(BASES):
        expected[base] = [r.id for r in extract_bytes(path.read_bytes(), path.name).indicators]
    return expected, (time.process_time() - start) / len(BASES)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (/proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a live process (VmHWM), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def registered_workers(queue: str) -> int:
    from redis import Redis
    from rq import Queue, Worker

    r = Redis.from_url(REDIS_URL)
    try:
        return len(Worker.all(queue=Queue(queue, connection=r)))
    finally:
        r.close()


def db_counts(database_url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            status = dict(
                conn.execute(text("SELECT status, count(*) FROM documents GROUP BY status")).all()
            )
            return {"status": status, "finished": status.get("done", 0) + status.get("failed", 0)}
    finally:
        engine.dispose()


def prove_once_each(
    database_url: str, ids: dict[str, int], expected: dict[int, list[str]]
) -> tuple[list[datetime], int]:
    """Assert nothing lost, nothing extracted twice; return the finish times."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            docs = conn.execute(
                text("SELECT id, status, attempts, processed_at FROM documents")
            ).all()
            extracted = Counter(
                row[0]
                for row in conn.execute(
                    text("SELECT document_id FROM changes WHERE kind = 'extracted'")
                )
            )
            indicators: dict[str, list[str]] = {}
            for doc_id, iid in conn.execute(
                text("SELECT document_id, iid FROM indicators ORDER BY document_id, position")
            ):
                indicators.setdefault(doc_id, []).append(iid)
    finally:
        engine.dispose()
    by_id = {d[0]: d for d in docs}
    assert set(by_id) == set(ids), "documents lost or invented"
    bad = [d for d in docs if d[1] != "done"]
    assert not bad, f"{len(bad)} documents not done: {bad[:3]}"
    twice = {k: v for k, v in extracted.items() if v != 1}
    assert not twice and set(extracted) == set(ids), f"extracted other than once: {twice}"
    retried = [d for d in docs if d[2] != 1]
    assert not retried, f"{len(retried)} documents claimed more than once"
    for doc_id, base in ids.items():
        assert indicators.get(doc_id, []) == expected[base], f"{doc_id}: not the library's rows"
    n_rows = sum(len(expected[b]) for b in ids.values())
    print(
        f"  proof: {len(ids)} uploads -> {len(ids)} documents, all done, each claimed once and "
        f"extracted once, {n_rows} indicators = the library's, none duplicated"
    )
    return [d[3] for d in docs], n_rows


def one_round(
    n_workers: int, uploads: list[tuple[str, bytes, int]], expected: dict[int, list[str]], args: Any
) -> float:
    schema = fresh_schema()
    queue = f"qbench-{uuid.uuid4().hex[:8]}"
    work = Path(f"/tmp/{queue}")
    work.mkdir(parents=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    env = {
        **os.environ,
        "SERVICE_DATA_DIR": str(work / "data"),
        "SERVICE_DATABASE_URL": database_url,
        "SERVICE_REDIS_URL": REDIS_URL,
        "SERVICE_QUEUE_NAME": queue,
        "SERVICE_BOOTSTRAP_ADMIN_KEY": ADMIN,
        "SERVICE_RATE_LIMIT_UPLOADS_PER_MINUTE": "0",
        "SERVICE_RATE_LIMIT_READS_PER_MINUTE": "0",
    }
    stack = Stack(env, port, work)
    try:
        stack.start_server()
        wait_until(lambda: _healthy(base_url), 60, "the server")

        async def upload(client: httpx.AsyncClient, item: tuple[str, bytes, int]) -> Any:
            name, data, b = item
            r = await client.post(
                f"{base_url}/v1/documents",
                files=[("files", (name, data))],
                headers={"X-API-Key": ADMIN},
            )
            assert r.status_code == 202, r.text
            return r.json()["documents"][0]["id"], b

        _, results, up_s = asyncio.run(run_concurrently(args.clients, uploads, upload))
        ids = dict(results)
        assert len(ids) == len(uploads), "an upload was merged with another"

        load_before = os.getloadavg()[0]
        server_cpu0 = cpu_seconds(stack.server.pid) if stack.server else 0.0
        t_start = time.monotonic()
        workers = [stack.start_worker() for _ in range(n_workers)]
        wait_until(lambda: registered_workers(queue) >= n_workers, 300, "the workers")
        ready_at = datetime.now(UTC).replace(tzinfo=None)
        t_ready = time.monotonic()
        worker_cpu0 = sum(cpu_seconds(w.pid) for w in workers)
        wait_until(
            lambda: db_counts(database_url)["finished"] >= len(uploads),
            args.timeout,
            "every document",
        )
        wall = time.monotonic() - t_start
        worker_cpu = sum(cpu_seconds(w.pid) for w in workers) - worker_cpu0
        rss = max(peak_rss_mb(w.pid) for w in workers)
        server_cpu = (cpu_seconds(stack.server.pid) if stack.server else 0.0) - server_cpu0
        load_after = os.getloadavg()[0]

        finished, _ = prove_once_each(database_url, ids, expected)
        after_ready = sorted(t for t in finished if t >= ready_at)
        window = (after_ready[-1] - ready_at).total_seconds() if after_ready else float("nan")
        rate = len(after_ready) / window
        shares = [
            (work / f"worker-{n}.log").read_text(errors="replace").count("Job OK")
            for n in range(n_workers)
        ]
        print(
            f"  {n_workers} worker(s): {rate:6.2f} docs/s ({len(after_ready)} documents finished "
            f"in {window:.1f} s after all were ready; {t_ready - t_start:.1f} s to start); "
            f"wall {wall:.1f} s from start = {len(uploads) / wall:.2f} docs/s; jobs per worker "
            f"{shares}; CPU s/doc after ready: workers {worker_cpu / len(after_ready):.3f}, service "
            f"{server_cpu / len(uploads):.3f}; peak RSS per worker {rss:.0f} MB; uploads {len(uploads) / up_s:.0f}/s; "
            f"load {load_before:.1f} before, {load_after:.1f} after"
        )
        return rate
    finally:
        stack.stop()
        drop_schema(schema, queue)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--clients", type=int, default=8, help="concurrent upload clients")
    ap.add_argument("--mix", choices=sorted(MIXES), default="forms", help="the reports uploaded")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per round to drain")
    args = ap.parse_args()
    BASES[:] = MIXES[args.mix]

    uploads = make_uploads(args.uploads)
    expected, library_cpu = library_indicators()
    print(
        f"{args.uploads} uploads of {len(BASES)} reports ({args.mix}); {os.cpu_count()} cores; PostgreSQL "
        f"{PG_URL.rsplit('@', 1)[-1]}, Redis {REDIS_URL}; the library alone in this process: "
        f"{library_cpu:.3f} CPU s/doc; load {os.getloadavg()[0]:.1f}"
    )
    rates = {n: one_round(n, uploads, expected, args) for n in args.workers}
    first = rates[args.workers[0]]
    for n, rate in rates.items():
        print(
            f"{n} worker(s): {rate:6.2f} docs/s  speed-up {rate / first:.2f}x over "
            f"{args.workers[0]} worker(s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
