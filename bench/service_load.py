"""Load test of the service on loopback, in Redis mode, with a worker killed mid-run.

    .venv/bin/python bench/service_load.py [--uploads 200] [--clients 16]
        [--readers 32] [--reads 3000] [--workers 2]

Starts, on 127.0.0.1 only: ``extractor serve`` (uvicorn) and ``extractor
worker`` subprocesses against a fresh PostgreSQL schema and a fresh Redis
queue (dropped at the end); each worker has its own working folder (the
uploads are kept in the database, nothing is shared but its URL and Redis'). Then:

1. uploads ``--uploads`` reports (the samples in examples/, each made
   distinct by trailing newlines so sha256 dedupe does not merge them) from
   ``--clients`` concurrent clients; prints upload latency and throughput;
2. kills one worker with SIGKILL while it is inside a job (jobs are slowed
   by SERVICE_DEBUG_JOB_DELAY_SECONDS for this phase only through a short
   lease) and starts a fresh one;
3. waits until every document is done and proves each upload has exactly
   one result: 200 distinct ids, all ``done``, each extraction holding the
   same indicators as the library gives for that sample, no duplicates;
4. reads extractions with ``--readers`` concurrent clients and prints
   p50/p95/p99 against /healthz under the same load (the baseline).

Bounded: gives up after --timeout seconds (default 600) and always stops
the processes it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).with_name("extractor")
PG_URL = os.environ.get("SERVICE_TEST_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SERVICE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ADMIN = "ek_bench_" + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentiles(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  p99 {q[98]:7.1f} ms  (n={len(ms)})"


async def run_concurrently(
    n_clients: int, jobs: list[Any], one: Callable[[httpx.AsyncClient, Any], Awaitable[Any]]
) -> tuple[list[float], list[Any], float]:
    """Run ``one(client, job)`` for every job with ``n_clients`` concurrent clients."""
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    latencies: list[float] = []
    results: list[Any] = []
    limits = httpx.Limits(max_connections=n_clients, max_keepalive_connections=n_clients)

    async def client_loop(client: httpx.AsyncClient) -> None:
        while True:
            try:
                job = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t = time.perf_counter()
            results.append(await one(client, job))
            latencies.append((time.perf_counter() - t) * 1000)

    start = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(n_clients)))
    return latencies, results, time.perf_counter() - start


async def read_concurrently(
    port: int, n_clients: int, paths: list[str], headers: dict[str, str]
) -> tuple[list[float], list[int], float]:
    """GET every path over ``n_clients`` keep-alive connections with a minimal
    HTTP/1.1 client: httpx's own overhead would otherwise be what is measured."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    latencies: list[float] = []
    statuses: list[int] = []

    async def one_connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                latencies.append((time.perf_counter() - t) * 1000)
                statuses.append(int(head.split(b" ", 2)[1]))
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(n_clients)))
    return latencies, statuses, time.perf_counter() - start


class Stack:
    """The processes this bench starts, and only those, stopped by pid."""

    def __init__(self, env: dict[str, str], port: int, logs: Path) -> None:
        self.env, self.port, self.logs = env, port, logs
        self.server: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []

    def _spawn(self, args: list[str], log_name: str, **extra_env: str) -> subprocess.Popen[bytes]:
        log = open(self.logs / log_name, "ab")  # noqa: SIM115 (closed with the process)
        return subprocess.Popen(
            [str(BIN), *args], env={**self.env, **extra_env}, stdout=log, stderr=log, cwd=REPO
        )

    def start_server(self) -> None:
        self.server = self._spawn(
            ["serve", "--host", "127.0.0.1", "--port", str(self.port)], "serve.log"
        )

    def start_worker(self, **extra_env: str) -> subprocess.Popen[bytes]:
        # Each worker its own working folder: the uploads are in the database.
        n = len(self.workers)
        folder = str(self.logs / f"worker-{n}-data")
        w = self._spawn(["worker"], f"worker-{n}.log", SERVICE_DATA_DIR=folder, **extra_env)
        self.workers.append(w)
        return w

    def stop(self) -> None:
        for p in [*self.workers, *([self.server] if self.server else [])]:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in [*self.workers, *([self.server] if self.server else [])]:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def make_uploads(n: int) -> list[tuple[str, bytes, int]]:
    """(name, bytes, base sample index): distinct bytes by trailing newlines."""
    samples = sorted((REPO / "examples").glob("*.txt"))
    out = []
    for i in range(n):
        base = i % len(samples)
        data = samples[base].read_bytes() + b"\n" * (i // len(samples) + 1)
        out.append((f"{samples[base].stem}-{i:03d}.txt", data, base))
    return out


def expected_indicator_ids(
    uploads: list[tuple[str, bytes, int]],
) -> tuple[dict[int, list[str]], float]:
    """What the library itself returns for each base sample, and its docs/s (the baseline)."""
    from extractor.pipeline import extract_bytes

    samples = sorted((REPO / "examples").glob("*.txt"))
    extract_bytes(samples[0].read_bytes(), samples[0].name)  # load the models first
    expected = {}
    start = time.perf_counter()
    for base, path in enumerate(samples):
        expected[base] = [r.id for r in extract_bytes(path.read_bytes(), path.name).indicators]
    return expected, len(samples) / (time.perf_counter() - start)


def fresh_schema() -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return name


def drop_schema(name: str, queue: str) -> None:
    import psycopg
    from redis import Redis

    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    r = Redis.from_url(REDIS_URL)
    keys = list(r.scan_iter(f"*{queue}*"))
    if keys:
        r.delete(*keys)


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"bench: timed out waiting for {what}")


def documents(base: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN}, timeout=30) as c:
        while True:
            page = c.get("/v1/documents", params={"limit": 500, "offset": len(items)}).json()
            items += page["items"]
            if len(items) >= page["total"] or not page["items"]:
                return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--readers", type=int, default=32)
    ap.add_argument("--reads", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--web-workers", type=int, default=1, help="uvicorn processes")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    started = time.monotonic()

    uploads = make_uploads(args.uploads)
    expected, library_docs_per_s = expected_indicator_ids(uploads)
    schema = fresh_schema()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    data_dir = Path(f"/tmp/{queue}")
    data_dir.mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SERVICE_DATA_DIR": str(data_dir / "data"),
        "SERVICE_DATABASE_URL": f"{PG_URL}?options=-csearch_path%3D{schema}",
        "SERVICE_REDIS_URL": REDIS_URL,
        "SERVICE_QUEUE_NAME": queue,
        "SERVICE_BOOTSTRAP_ADMIN_KEY": ADMIN,
        "SERVICE_LEASE_SECONDS": "3",
        "SERVICE_REAPER_INTERVAL_SECONDS": "1",
        "SERVICE_WEB_WORKERS": str(args.web_workers),
        # One key does the whole load: measured without the per-key rate limits.
        "SERVICE_RATE_LIMIT_UPLOADS_PER_MINUTE": "0",
        "SERVICE_RATE_LIMIT_READS_PER_MINUTE": "0",
    }
    stack = Stack(env, port, data_dir)
    try:
        stack.start_server()
        wait_until(lambda: _healthy(base), 60, "the server")
        # The victim works slowly so it is surely inside a job when killed.
        victim = stack.start_worker(SERVICE_DEBUG_JOB_DELAY_SECONDS="2")
        for _ in range(args.workers - 1):
            stack.start_worker()
        print(
            f"service on {base} ({args.web_workers} uvicorn process(es)); {args.workers} workers; "
            f"PostgreSQL schema {schema}, queue {queue}; {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f} before the run"
        )

        async def upload(
            client: httpx.AsyncClient, item: tuple[str, bytes, int]
        ) -> tuple[str, int]:
            name, data, b = item
            r = await client.post(
                f"{base}/v1/documents",
                files=[("files", (name, data))],
                headers={"X-API-Key": ADMIN},
            )
            assert r.status_code == 202, r.text
            return r.json()["documents"][0]["id"], b

        up_ms, up_results, up_s = asyncio.run(run_concurrently(args.clients, uploads, upload))
        print(
            f"uploads: {len(up_ms)} in {up_s:.1f} s = {len(up_ms) / up_s:.0f}/s; latency {percentiles(up_ms)}"
        )
        ids = {doc_id: b for doc_id, b in up_results}
        assert len(ids) == args.uploads, "an upload was merged with another"

        # Kill the victim inside a job, start a replacement.
        wait_until(
            lambda: _busy_with(env["SERVICE_DATABASE_URL"], victim.pid), 60, "the victim in a job"
        )
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        killed_at = time.monotonic()
        stack.start_worker()
        print("killed one worker (SIGKILL) inside a job; started a replacement")

        t0 = time.monotonic()
        wait_until(
            lambda: all(d["status"] in ("done", "failed") for d in documents(base)),
            max(10.0, args.timeout - (time.monotonic() - started)),
            "all documents",
        )
        docs = documents(base)
        drain_s = time.monotonic() - t0
        recovered = [d for d in docs if d["attempts"] > 1]
        print(
            f"all {len(docs)} documents finished {drain_s:.1f} s after the kill "
            f"({time.monotonic() - killed_at:.1f} s); {len(recovered)} recovered from the killed worker"
        )
        _prove_one_result_each(base, ids, docs, expected)

        done_ids = list(ids)
        reads = [random.choice(done_ids) for _ in range(args.reads)]

        auth = {"X-API-Key": ADMIN}
        print(f"load average {os.getloadavg()[0]:.1f} before the read phase")
        h_ms, h_codes, h_s = asyncio.run(
            read_concurrently(port, args.readers, ["/healthz"] * args.reads, auth)
        )
        r_ms, r_codes, r_s = asyncio.run(
            read_concurrently(
                port, args.readers, [f"/v1/documents/{d}/extraction" for d in reads], auth
            )
        )
        assert set(r_codes) == {200} and set(h_codes) == {200}
        p95 = statistics.quantiles(r_ms, n=100, method="inclusive")[94]
        h95 = statistics.quantiles(h_ms, n=100, method="inclusive")[94]
        print(
            f"GET /healthz     ({args.readers} concurrent): {len(h_ms) / h_s:5.0f}/s  {percentiles(h_ms)}"
        )
        print(
            f"GET .../extraction ({args.readers} concurrent): {len(r_ms) / r_s:5.0f}/s  {percentiles(r_ms)}"
        )
        print(
            f"ratio extraction/healthz p95: {p95 / h95:.2f}; aim p95 < 50 ms: {'met' if p95 < 50 else 'NOT met'}"
        )
        print(
            f"pipeline: service {args.uploads / (drain_s + up_s):.1f} docs/s end to end vs library "
            f"{library_docs_per_s:.1f} docs/s in one process (ratio "
            f"{args.uploads / (drain_s + up_s) / library_docs_per_s:.2f})"
        )
        return 0
    finally:
        stack.stop()
        drop_schema(schema, queue)
        print(f"logs in {data_dir}")


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _busy_with(database_url: str, pid: int) -> bool:
    """True while worker ``pid`` holds a lease (owners are host:pid:nonce)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            n = conn.execute(
                text(
                    "SELECT count(*) FROM documents WHERE status = 'processing' AND lease_owner LIKE :o"
                ),
                {"o": f"%:{pid}:%"},
            ).scalar()
        return bool(n)
    finally:
        engine.dispose()


def _prove_one_result_each(
    base: str, ids: dict[str, int], docs: list[dict[str, Any]], expected: dict[int, list[str]]
) -> None:
    by_id = {d["id"]: d for d in docs}
    assert set(by_id) == set(ids), "documents lost or invented"
    assert all(d["status"] == "done" for d in docs), [d["error"] for d in docs if d["error"]]
    with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN}, timeout=30) as c:
        for doc_id, b in ids.items():
            got = [
                i["id"] for i in c.get(f"/v1/documents/{doc_id}/extraction").json()["indicators"]
            ]
            assert got == expected[b], f"{doc_id}: indicators differ from the library's"
    total = sum(len(expected[b]) for b in ids.values())
    print(
        f"proof: {len(ids)} uploads -> {len(ids)} distinct documents, all done, each with exactly "
        f"the library's indicators ({total} in all, none duplicated)"
    )


if __name__ == "__main__":
    sys.exit(main())
