"""Reads of an extraction against the web stack's floor, driven by ``wrk``.

Starts on 127.0.0.1, side by side in one run:

* ``extractor serve`` in embedded mode (fresh data folder, no Redis), or
  with ``--production`` on PostgreSQL and Redis (a fresh schema and queue,
  dropped at the end) with one ``extractor worker``, with one example report
  uploaded and extracted;
* the floor: a bare ASGI app under the same uvicorn (uvloop, httptools, no
  access log) answering every GET with the same JSON bytes from memory.

Then, interleaved ``--rounds`` times, ``wrk --latency`` with ``--connections``
keep-alive connections for ``--seconds`` against the floor,
``GET /v1/documents/{id}/extraction`` (API key header) and the same with
``If-None-Match`` (a 304). Prints p50/p90/p99 and req/s of each (best round
by req/s), and the ratio of each to the floor: p90 x floor (aim <= 1.5) and
req/s share of the floor. wrk runs one thread: on two cores it keeps one.

Rate limits are off unless ``--rate-limits``: then the service keeps its
default per-key limits and the reads are spread over ``--keys`` API keys
(made through ``POST /v1/keys``; a wrk script cycles through requests built
once per key, and drives the floor too, so wrk's own cost stays equal), so
that no key reaches its limit: the figure shows what counting costs a read.

    .venv/bin/python bench/read_speed.py [--connections 32] [--seconds 10] [--rounds 2]
        [--checkout OLDER_CHECKOUT]   # serve an older checkout too, interleaved
        [--rate-limits [--keys 100]]  # default rate limits on, reads over 100 keys

Needs ``wrk`` (Debian package ``wrk``; scripts/setup.sh installs it).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "examples" / "000_29d121b4221180d5.txt"
FLOOR_APP = """
import sys, uvicorn
body = open(sys.argv[1], "rb").read()
headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), loop="uvloop", http="httptools",
            access_log=False, log_level="warning", lifespan="off")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if not m:
        return float("nan")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    return float(m.group(1)) * scale


WRK_CYCLE = """
local keys = {%s}
local extra = {%s}
local reqs, i = {}, 0
init = function(args)
  for n, key in ipairs(keys) do
    local headers = {["X-API-Key"] = key}
    for k, v in pairs(extra) do headers[k] = v end
    reqs[n] = wrk.format("GET", nil, headers)
  end
end
request = function()
  i = i %% #reqs + 1
  return reqs[i]
end
"""


def _lua(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(folder: Path, keys: list[str], headers: dict[str, str]) -> Path:
    """A wrk script sending the requests with each key in turn (``headers`` on all)."""
    extra = ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in headers.items())
    path = folder / f"cycle-{uuid.uuid4().hex[:8]}.lua"
    path.write_text(WRK_CYCLE % (", ".join(_lua(k) for k in keys), extra))
    return path


def wrk(
    url: str,
    connections: int,
    seconds: int,
    headers: dict[str, str],
    script: Path | None = None,
) -> dict[str, float]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    stats = {"req/s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.MULTILINE)
        stats[f"p{pct}"] = _ms(m.group(1)) if m else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    stats["non-2xx/3xx"] = float(bad.group(1)) if bad else 0.0
    return stats


def production_env(cleanup: list[Callable[[], None]]) -> dict[str, str]:
    """A fresh PostgreSQL schema and Redis queue, dropped by ``cleanup``."""
    from service_load import PG_URL, REDIS_URL, drop_schema, fresh_schema

    schema, queue = fresh_schema(), f"bench-{uuid.uuid4().hex[:8]}"
    cleanup.append(lambda: drop_schema(schema, queue))
    return {
        "SERVICE_DATABASE_URL": f"{PG_URL}?options=-csearch_path%3D{schema}",
        "SERVICE_REDIS_URL": REDIS_URL,
        "SERVICE_QUEUE_NAME": queue,
    }


def upload_and_wait(base: str, key: str) -> str:
    headers = {"X-API-Key": key}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        files = {"files": (REPORT.name, REPORT.read_bytes(), "text/plain")}
        doc_id = str(c.post("/v1/documents", files=files).json()["documents"][0]["id"])
        deadline = time.monotonic() + 600
        while c.get(f"/v1/documents/{doc_id}").json()["status"] != "done":
            if time.monotonic() > deadline:
                raise SystemExit("the upload was not extracted in time")
            time.sleep(0.5)
    return doc_id


def make_keys(base: str, admin: str, n: int) -> list[str]:
    """``n`` uploader keys of the admin's organisation, each read once (cached)."""
    keys = []
    with httpx.Client(base_url=base, headers={"X-API-Key": admin}, timeout=60) as c:
        for i in range(n):
            r = c.post("/v1/keys", json={"name": f"bench-{i}", "role": "uploader"})
            r.raise_for_status()
            keys.append(str(r.json()["key"]))
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--checkout", action="append", help="also serve this checkout (e.g. an older commit)"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="PostgreSQL + Redis on 127.0.0.1 (as bench/service_load.py) and a queue worker",
    )
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="keep the default per-key rate limits (off otherwise), reads spread over --keys",
    )
    parser.add_argument("--keys", type=int, default=100, help="API keys with --rate-limits")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    key = "ek_bench_" + uuid.uuid4().hex
    procs: list[subprocess.Popen[bytes]] = []
    cleanup: list[Callable[[], None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SERVICE_BOOTSTRAP_ADMIN_KEY": key}
        for name in ("READS", "UPLOADS"):
            if args.rate_limits:
                env.pop(f"SERVICE_RATE_LIMIT_{name}_PER_MINUTE", None)
            else:
                env[f"SERVICE_RATE_LIMIT_{name}_PER_MINUTE"] = "0"
        env.pop("SERVICE_DATABASE_URL", None)
        env.pop("DATABASE_URL", None)
        env.pop("SERVICE_REDIS_URL", None)
        env.pop("REDIS_URL", None)
        try:
            targets: dict[str, tuple[str, dict[str, str], Path | None]] = {}
            checkouts = [str(REPO), *(str(Path(c).resolve()) for c in args.checkout or [])]
            for n, checkout in enumerate(checkouts):
                port = free_port()
                cli = [sys.executable, "-m", "extractor.cli", "serve", "--port", str(port)]
                data = Path(tmp) / f"data{n}"
                log = open(Path(tmp) / f"serve{n}.log", "wb")  # noqa: SIM115 (closed with it)
                run_env = {**env, "SERVICE_DATA_DIR": str(data), "PYTHONPATH": checkout}
                if args.production:
                    run_env |= production_env(cleanup)
                procs.append(subprocess.Popen(cli, env=run_env, stdout=log, stderr=log, cwd=tmp))
                if args.production:
                    worker = [sys.executable, "-m", "extractor.cli", "worker"]
                    procs.append(
                        subprocess.Popen(worker, env=run_env, stdout=log, stderr=log, cwd=tmp)
                    )
                base = f"http://127.0.0.1:{port}"
                wait_up(f"{base}/healthz")
                doc_id = upload_and_wait(base, key)
                url = f"{base}/v1/documents/{doc_id}/extraction"
                got = httpx.get(url, headers={"X-API-Key": key}, timeout=30)
                etag = got.headers["etag"]
                label = "" if n == 0 else f" [{Path(checkout).name}]"
                mode = "production" if args.production else "embedded"
                if args.rate_limits:
                    keys = make_keys(base, key, args.keys)
                    for k in keys:  # each key looked up once before the timing
                        httpx.get(url, headers={"X-API-Key": k}, timeout=30).raise_for_status()
                    targets[f"GET extraction ({mode}, limits){label}"] = (
                        url,
                        {},
                        wrk_script(Path(tmp), keys, {}),
                    )
                    targets[f"GET extraction, If-None-Match{label}"] = (
                        url,
                        {},
                        wrk_script(Path(tmp), keys, {"If-None-Match": etag}),
                    )
                else:
                    targets[f"GET extraction ({mode}){label}"] = (url, {"X-API-Key": key}, None)
                    targets[f"GET extraction, If-None-Match{label}"] = (
                        url,
                        {"X-API-Key": key, "If-None-Match": etag},
                        None,
                    )
                if n == 0:
                    body_file = Path(tmp) / "body.json"
                    body_file.write_bytes(got.content)
            floor_port = free_port()
            floor_cmd = [sys.executable, "-c", FLOOR_APP, str(body_file), str(floor_port)]
            procs.append(subprocess.Popen(floor_cmd))
            floor_url = f"http://127.0.0.1:{floor_port}/"
            wait_up(floor_url)
            # With --rate-limits the floor gets the same script (its wrk costs the same).
            floor_script = wrk_script(Path(tmp), keys, {}) if args.rate_limits else None
            targets = {
                "floor: bare uvicorn, same bytes": (floor_url, {}, floor_script),
                **targets,
            }
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.rounds):
                for name, (target, headers, script) in targets.items():
                    stats = wrk(target, args.connections, args.seconds, headers, script)
                    if stats["req/s"] > best.get(name, {"req/s": -1.0})["req/s"]:
                        best[name] = stats
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(timeout=30)
            for undo in cleanup:
                undo()
    limits = f", default rate limits, reads over {args.keys} keys" if args.rate_limits else ""
    print(
        f"{len(got.content)} bytes a body, {args.connections} connections, {args.seconds} s,"
        f" best of {args.rounds} interleaved rounds (wrk -t1){limits}"
    )
    floor = best["floor: bare uvicorn, same bytes"]
    print(
        f"{'target':44} {'req/s':>8} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7}"
        f" {'p90 x floor':>11} {'req/s share':>11} {'errors':>6}"
    )
    for name, s in best.items():
        print(
            f"{name:44} {s['req/s']:8.0f} {s['p50']:7.2f} {s['p90']:7.2f} {s['p99']:7.2f}"
            f" {s['p90'] / floor['p90']:11.2f} {s['req/s'] / floor['req/s']:11.2f}"
            f" {s['non-2xx/3xx']:6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
