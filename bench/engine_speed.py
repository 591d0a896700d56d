"""CPU of the engine alone (no ingest, models loaded) on text-PDF forms, per checkout.

Each checkout given (``--checkout``, default this one) runs in a fresh
process with ``PYTHONPATH`` set to it, interleaved ``--rounds`` times: the
documents (train-split forms) are read once, one warm-up pass, then
``run_with_models`` over all of them ``--repeat`` times; the figure is CPU
seconds per pass and the ratio to the first checkout in the same round. Each
checkout reads its own ``models/default`` (the same model, maybe stored in
another format: the paragraph gate as JSON), so only the code differs. Each child also prints a digest of its extractions' JSON: the
last line says whether every checkout gave the same bytes.

    .venv/bin/python bench/engine_speed.py [--checkout OLD --checkout .] [--rounds 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMS = ["ra_06_a2_edu.pdf", "ra_14_a6_emergency.pdf", "ra_22_a6_citymgmt.pdf"]


def child(model: Path, names: list[str], repeat: int) -> None:
    from extractor.engine.models import load_models
    from extractor.engine.run import run_with_models
    from extractor.ingest import load_document

    docs = [load_document(REPO / "training_data" / "docs" / n) for n in names]
    models = load_models(model)
    for d in docs:
        run_with_models(d, models)
    start = time.process_time()
    for _ in range(repeat):
        for d in docs:
            run_with_models(d, models)
    spent = (time.process_time() - start) / repeat
    digest = hashlib.sha256()
    for d in docs:
        data = run_with_models(d, models).to_json_dict()
        digest.update(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    print(digest.hexdigest())
    print(spent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", action="append", help="checkout to time (repeatable)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child / "models" / "default", FORMS, args.repeat)
        return 0
    checkouts = [Path(c).resolve() for c in (args.checkout or [str(REPO)])]
    times: dict[Path, list[float]] = {c: [] for c in checkouts}
    digests: dict[Path, set[str]] = {c: set() for c in checkouts}
    for _ in range(args.rounds):
        for c in checkouts:
            print(f"  load {os.getloadavg()[0]:.1f} before {c}", file=sys.stderr)
            env = dict(os.environ, PYTHONPATH=str(c))
            cmd = [sys.executable, __file__, "--child", str(c), "--repeat", str(args.repeat)]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            digest, spent = out.stdout.strip().splitlines()[-2:]
            times[c].append(float(spent))
            digests[c].add(digest)
    base = statistics.median(times[checkouts[0]])
    print(f"engine CPU per pass over {len(FORMS)} forms, median of {args.rounds} rounds")
    for c in checkouts:
        t = statistics.median(times[c])
        print(f"{str(c):50} {t:6.3f} s  x first {t / base:5.2f}")
    same = len(set().union(*digests.values())) == 1
    print("extractions byte-identical across checkouts:", "yes" if same else "NO")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
