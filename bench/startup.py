"""Whole-command cost of ``extractor extract`` on one small file, fresh process.

Runs, interleaved and in fresh processes, on the same small text PDF:

* baseline: ``python -c`` importing pdfplumber and calling ``extract_words``
  on every page (the floor of any PDF reader in Python);
* ``extractor extract FILE -q`` of each checkout given (``--checkout``,
  default this one; give an older checkout to compare before and after).

Prints the median CPU seconds (user + system of the child) and wall seconds
of each, and the ratio to the baseline run in the same loop. On a shared
machine CPU seconds are the figure to compare.

    .venv/bin/python bench/startup.py [--runs 5] [--checkout DIR ...] [--file PDF]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SMALL = REPO / "training_data" / "docs" / "ra_14_a6_emergency.pdf"
BARE = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    [p.extract_words() for p in pdf.pages]\n"
)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # From the checkout itself: ``-m`` puts the working directory first on the
    # path, so run from another checkout it would time that one's code.
    cwd = env.get("PYTHONPATH") or None
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", action="append", help="checkout to time (repeatable)")
    parser.add_argument("--file", type=Path, default=SMALL)
    parser.add_argument(
        "--model", type=Path, help="model folder for every checkout (default: each its own)"
    )
    args = parser.parse_args(argv)
    checkouts = [Path(c).resolve() for c in (args.checkout or [str(REPO)])]
    args.file = args.file.resolve()  # the children run from their checkouts
    runs: dict[str, list[tuple[float, float]]] = {"baseline": []}
    cmds: dict[str, tuple[list[str], dict[str, str]]] = {
        "baseline": (
            [sys.executable, "-c", BARE, str(args.file)],
            {k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        )
    }
    # Bytecode as an install has it: with PYTHONDONTWRITEBYTECODE set, a
    # checkout's edited modules would be compiled from source on every run
    # (the untimed first run below writes them; the package's own kept
    # regex programs and dictionary index are written there too).
    child_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for co in checkouts:
        env = dict(child_env, PYTHONPATH=str(co))
        cli = [sys.executable, "-m", "extractor.cli", "extract", str(args.file), "-q"]
        # Each checkout reads its own models/default unless one is given: a
        # checkout may store a model in another format (the gate as JSON).
        model = args.model.resolve() if args.model else co / "models" / "default"
        cmds[str(co)] = ([*cli, "--model", str(model)], env)
        runs[str(co)] = []
    for cmd, env in cmds.values():  # warm the file cache and write bytecode, untimed
        timed(cmd, env)
    for _ in range(args.runs):
        for name, (cmd, env) in cmds.items():
            runs[name].append(timed(cmd, env))
    print(f"{args.file.name}: median of {args.runs} interleaved fresh processes")
    base_cpu = statistics.median(c for c, _ in runs["baseline"])
    base_wall = statistics.median(w for _, w in runs["baseline"])
    print(f"{'command':48} {'CPU s':>7} {'x base':>7} {'wall s':>7} {'x base':>7}")
    for name, values in runs.items():
        cpu = statistics.median(c for c, _ in values)
        wall = statistics.median(w for _, w in values)
        label = "bare pdfplumber extract_words" if name == "baseline" else f"extract ({name})"
        print(
            f"{label[-48:]:48} {cpu:7.2f} {cpu / base_cpu:7.2f} {wall:7.2f} {wall / base_wall:7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
