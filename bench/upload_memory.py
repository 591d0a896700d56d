"""Peak memory of the service while it takes a large upload and sends it back.

A real ``extractor serve`` runs in a subprocess (SQLite; its one job thread
is kept asleep on the warm-up file, so only the upload and download paths run); the client streams a report file
from disk and reads the download in chunks. Printed per blob store: the
file size and the growth of the server's peak RSS (VmHWM) over its peak
after a small warm-up upload of the same kind, as a ratio to the file size
(1.0 or more: the file was whole in memory at least once).

    .venv/bin/python bench/upload_memory.py [--mb 40] [--stores files database]

Run it on two checkouts to compare them (it uses only the HTTP API).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
KEY = "ek_bench_upload_memory"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _report_file(path: Path, size: int) -> None:
    sample = (ROOT / "examples" / "000_29d121b4221180d5.txt").read_bytes()
    with path.open("wb") as fh:
        n = 0
        while n < size:
            block = sample + f"\n备注 {n}\n".encode()
            fh.write(block)
            n += len(block)


def _upload(client: httpx.Client, path: Path) -> str:
    with path.open("rb") as fh:
        r = client.post("/v1/documents", files={"files": (path.name, fh, "text/plain")})
    r.raise_for_status()
    return str(r.json()["documents"][0]["id"])


def _download(client: httpx.Client, doc_id: str) -> int:
    n = 0
    with client.stream("GET", f"/v1/documents/{doc_id}/source") as r:
        r.raise_for_status()
        for block in r.iter_bytes(1 << 20):
            n += len(block)
    return n


def measure(store: str, big: Path, small: Path) -> tuple[int, int]:
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "SERVICE_DATA_DIR": tmp,
            "SERVICE_BLOB_STORE": store,
            # The warm-up file's job holds the one job thread asleep, so the
            # large file is never extracted: only the upload and download paths run.
            "SERVICE_EMBEDDED_WORKERS": "1",
            "SERVICE_DEBUG_JOB_DELAY_SECONDS": "3600",
            "SERVICE_BOOTSTRAP_ADMIN_KEY": KEY,
            "SERVICE_RATE_LIMIT_UPLOADS_PER_MINUTE": "0",
        }
        cmd = [sys.executable, "-m", "extractor.cli", "serve", "--port", str(port)]
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, headers={"X-API-Key": KEY}, timeout=300) as client:
                for _ in range(600):
                    try:
                        if client.get("/healthz").status_code < 500:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                _download(client, _upload(client, small))
                time.sleep(2)  # the job thread has taken the warm-up file
                before = _peak_kib(proc.pid)
                got = _download(client, _upload(client, big))
                assert got == big.stat().st_size
                return before, _peak_kib(proc.pid)
        finally:
            proc.kill()
            proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=40)
    ap.add_argument("--stores", nargs="*", default=["files", "database"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.txt", Path(tmp) / "small.txt"
        _report_file(big, args.mb << 20)
        _report_file(small, 1 << 20)
        size = big.stat().st_size
        for store in args.stores:
            before, after = measure(store, big, small)
            grew = (after - before) * 1024
            print(
                f"{store:9s} file {size / 2**20:.1f} MiB  peak RSS +{grew / 2**20:.1f} MiB"
                f"  ratio {grew / size:.2f}"
            )


if __name__ == "__main__":
    main()
