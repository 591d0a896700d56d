"""CPU of a hot extraction read in production mode, in process: no sockets,
so the figure does not ride on the machine's load as ``read_speed.py``'s do.

Builds the service app (``create_app``) on a fresh PostgreSQL schema and
Redis queue (dropped at the end), uploads one example report, extracts it
with a burst worker, reads it once (the full route fills the caches), then
drives the whole ASGI app (every middleware) with ``--concurrency`` reads at
a time and prints CPU and wall time a read and the Redis MGETs a read
(``service.read_state.AsyncRedisReads``: one per batch of reads arriving
together; zero while the read state is held under Redis client tracking).

    PYTHONPATH=$PWD .venv/bin/python bench/read_state_cpu.py [--reads 6400]
        [--concurrency 32] [--tracking on off]   # off: SERVICE_READ_TRACKING=false
        [--read-limit 1000000]   # reads a minute per key: every read counted, none refused
        [--cache-seconds 0.2 --reads 64000]   # key and body caches expiring many times

Also prints, per read, the reads that went past the fast path to the full
route's body re-check and key lookup (a herd at each cache expiry) and those
made ahead of expiry in a background thread (``KeyCache.due``,
``ExtractionCache.due``).

Run it with ``PYTHONPATH`` at an older checkout to measure that one
(``--tracking`` is ignored by checkouts without the setting).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from service_load import PG_URL, REDIS_URL, drop_schema, fresh_schema

REPORT = Path(__file__).resolve().parents[1] / "examples" / "000_29d121b4221180d5.txt"


COUNTS = ("mgets", "loop pipelines", "full bodies", "full keys", "ahead bodies", "ahead keys")


def measure(
    tracking: bool,
    reads: int,
    concurrency: int,
    read_limit: int = 0,
    cache_seconds: float | None = None,
) -> dict[str, float]:
    from fastapi.testclient import TestClient
    from redis.client import Pipeline

    from service import deps, read_state
    from service.app import create_app
    from service.jobs import run_worker
    from service.routes import documents
    from service.settings import ServiceSettings

    counts = dict.fromkeys(COUNTS, 0)
    fetch = read_state.AsyncRedisReads._fetch

    async def counted(self: Any, loop: Any, batch: Any) -> None:
        counts["mgets"] += 1
        await fetch(self, loop, batch)

    def where() -> str:  # asyncio's default executor: a refresh ahead of expiry
        return "ahead" if threading.current_thread().name.startswith("asyncio") else "full"

    # Older checkouts name it _extraction_body.
    body_name = next(n for n in ("extraction_body", "_extraction_body") if hasattr(documents, n))
    body, lookup = getattr(documents, body_name), deps._lookup

    def counted_body(*args: Any) -> Any:
        counts[f"{where()} bodies"] += 1
        return body(*args)

    def counted_lookup(*args: Any) -> Any:
        counts[f"{where()} keys"] += 1
        return lookup(*args)

    execute = Pipeline.execute

    def counted_execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():  # the loop's: it blocks
            counts["loop pipelines"] += 1
        return execute(self, *args, **kwargs)

    Pipeline.execute = counted_execute  # type: ignore[method-assign]
    read_state.AsyncRedisReads._fetch = counted  # type: ignore[method-assign]
    setattr(documents, body_name, counted_body)
    deps._lookup = counted_lookup  # type: ignore[assignment]
    schema, queue = fresh_schema(), f"bench-{uuid.uuid4().hex[:8]}"
    key = "ek_bench_" + uuid.uuid4().hex
    over: dict[str, Any] = {}
    if "read_tracking" in ServiceSettings.model_fields:
        over["read_tracking"] = tracking
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = ServiceSettings(
                data_dir=Path(tmp),
                database_url=f"{PG_URL}?options=-csearch_path%3D{schema}",
                redis_url=REDIS_URL,
                queue_name=queue,
                bootstrap_admin_key=key,
                rate_limit_reads_per_minute=read_limit,
                **over,
            )
            if cache_seconds is not None:
                settings.read_cache_seconds = cache_seconds
            app = create_app(settings, background=False)
            if cache_seconds is not None:
                app.state.runtime.keys.ttl = cache_seconds
            with TestClient(app) as client:
                files = [("files", (REPORT.name, REPORT.read_bytes()))]
                up = client.post("/v1/documents", files=files, headers={"X-API-Key": key})
                doc_id = up.json()["documents"][0]["id"]
                run_worker(burst=True, settings=settings)
                first = client.get(f"/v1/documents/{doc_id}/extraction", headers={"X-API-Key": key})
                assert first.status_code == 200, first.text
                result = asyncio.run(_drive(app, doc_id, key, reads, concurrency, counts))
            app.state.runtime.close()
    finally:
        read_state.AsyncRedisReads._fetch = fetch  # type: ignore[method-assign]
        setattr(documents, body_name, body)
        deps._lookup = lookup
        Pipeline.execute = execute  # type: ignore[method-assign]
        drop_schema(schema, queue)
    return result


async def _drive(
    app: Any, doc_id: str, key: str, reads: int, concurrency: int, counts: dict[str, int]
) -> dict[str, float]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
        "path": f"/v1/documents/{doc_id}/extraction",
        "raw_path": f"/v1/documents/{doc_id}/extraction".encode(),
        "query_string": b"",
        "headers": [(b"x-api-key", key.encode()), (b"host", b"bench")],
    }
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def rounds(n: int) -> None:
        for _ in range(n):
            await asyncio.gather(*(app(dict(scope), receive, send) for _ in range(concurrency)))

    for _ in range(30):  # warm up; tracking connects in its own thread meanwhile
        await rounds(1)
        await asyncio.sleep(0.05)
    counts.update(dict.fromkeys(counts, 0))
    statuses[:] = []
    n = max(1, reads // concurrency)
    cpu, wall = time.process_time(), time.perf_counter()
    await rounds(n)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    done = n * concurrency
    await asyncio.sleep(0.2)  # refreshes still running count too
    assert set(statuses) == {200}, set(statuses)
    return {
        "cpu_us": cpu / done * 1e6,
        "wall_us": wall / done * 1e6,
        **{name: counts[name] / done for name in COUNTS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reads", type=int, default=6400)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--tracking", nargs="+", choices=["on", "off"], default=["on", "off"])
    parser.add_argument(
        "--read-limit", type=int, default=0, help="reads a minute per key (0: no rate limit)"
    )
    parser.add_argument(
        "--cache-seconds", type=float, help="key and body cache lifetime (default: the settings')"
    )
    args = parser.parse_args(argv)
    limit = f", rate limit {args.read_limit} reads a minute" if args.read_limit else ""
    print(
        f"{args.reads} hot reads, {args.concurrency} at a time, production mode, in process{limit}"
    )
    print(
        f"{'read tracking':<14} {'CPU us/read':>11} {'wall us/read':>12} {'MGETs/read':>10}"
        f" {'blocking Redis/read':>19}   per 1,000 reads: full-route body, key;"
        " ahead of expiry: body, key"
    )
    for mode in args.tracking:
        r = measure(mode == "on", args.reads, args.concurrency, args.read_limit, args.cache_seconds)
        print(
            f"{mode:<14} {r['cpu_us']:>11.0f} {r['wall_us']:>12.0f} {r['mgets']:>10.3f}"
            f" {r['loop pipelines']:>19.3f}   {r['full bodies'] * 1000:.1f},"
            f" {r['full keys'] * 1000:.1f}; {r['ahead bodies'] * 1000:.1f},"
            f" {r['ahead keys'] * 1000:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
