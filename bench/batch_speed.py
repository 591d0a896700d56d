"""Throughput of ``extractor extract`` over many files, one process against several.

Copies the text PDFs of the training corpus (``train`` split only) into a
folder of ``--files`` files, then runs, interleaved ``--rounds`` times:

    extractor extract FOLDER -o OUT -q -j N      for each N in --jobs (default 1 2)

and prints files per wall second for each N, the speed-up over ``-j 1`` in
the same run, the peak RSS of each process of the run (the parent and every
worker, read from /proc while it runs) and whether every file got its JSON.
On a machine shared with other work the speed-up is bounded by the idle
cores: the line ``load`` shows the load average before each run, and CPU
seconds per file (all processes) show the cost of running in parallel
apart from the cores the other work leaves free.

    .venv/bin/python bench/batch_speed.py [--files 40] [--jobs 1 2] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "training_data" / "docs"


def train_pdfs() -> list[Path]:
    names = set()
    for manifest in (REPO / "training_data" / "manifest").glob("*.jsonl"):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                if entry.get("split") == "train" and entry.get("format") == "pdf":
                    names.add(entry["doc"])
    return sorted(p for p in DOCS.glob("*.pdf") if p.stem in names)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def child_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run(folder: Path, out: Path, jobs: int) -> tuple[float, float, dict[int, int]]:
    """Wall seconds, CPU seconds (all processes) and the peak RSS (KiB) of
    every process of the run."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    cmd = [sys.executable, "-m", "extractor.cli", "extract", str(folder), "-o", str(out)]
    start, cpu = time.perf_counter(), child_cpu()
    proc = subprocess.Popen([*cmd, "-q", "-j", str(jobs)], env=dict(os.environ))
    peaks: dict[int, int] = {}

    def watch() -> None:
        while proc.poll() is None:
            for p in descendants(proc.pid):
                peaks[p] = max(peaks.get(p, 0), peak_rss_kib(p))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    proc.wait()
    wall = time.perf_counter() - start
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"extractor extract -j {jobs} failed ({proc.returncode})")
    return wall, child_cpu() - cpu, peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds; best kept")
    args = parser.parse_args(argv)
    sources = train_pdfs()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i in range(args.files):
            src = sources[i % len(sources)]
            shutil.copy(src, folder / f"{i:04d}_{src.name}")
        print(
            f"{args.files} text PDFs ({len(sources)} distinct train-split reports), {os.cpu_count()} cores"
        )
        best: dict[int, float] = {}
        cpu: dict[int, float] = {}
        peaks: dict[int, dict[int, int]] = {}
        complete: dict[int, bool] = {}
        for _ in range(args.rounds):
            for jobs in args.jobs:
                print(f"  load {os.getloadavg()[0]:.1f} before -j {jobs}", file=sys.stderr)
                out = Path(tmp) / f"out{jobs}"
                wall, used, peak = run(folder, out, jobs)
                if wall < best.get(jobs, float("inf")):
                    best[jobs], cpu[jobs], peaks[jobs] = wall, used, peak
                complete[jobs] = len(list(out.glob("*.json"))) == args.files
        base = args.files / best[args.jobs[0]]
        head = f"{'-j':>3} {'files/s':>8} {'x -j ' + str(args.jobs[0]):>8} {'CPU s/file':>10}"
        print(f"{head} {'peak RSS MiB per process':>26} all written")
        for jobs in args.jobs:
            rate = args.files / best[jobs]
            rss = sorted((v // 1024 for v in peaks[jobs].values() if v), reverse=True)
            per_file = cpu[jobs] / args.files
            print(
                f"{jobs:3d} {rate:8.2f} {rate / base:8.2f} {per_file:10.2f} {str(rss):>26}"
                f" {complete[jobs]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
