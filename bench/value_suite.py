"""Score a JSONL case file through ``extractor value --batch``, the way the
held-out value suite is scored: a case passes when kind, op, value, upper and
unit all match.

Case lines: {"input": "...", "kind": ..., "op": ..., "value": ..., "upper": ...,
"unit": ...} (or the same fields under "expected").

    .venv/bin/python bench/value_suite.py tests/values/data/cases.jsonl [--show 20]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

FIELDS = ("kind", "op", "value", "upper", "unit")


def _same(field: str, want: object, got: object) -> bool:
    if (
        field in ("value", "upper")
        and isinstance(want, int | float)
        and isinstance(got, int | float)
    ):
        return math.isclose(float(want), float(got), rel_tol=1e-6, abs_tol=1e-9)
    return want == got


def load_cases(path: Path) -> list[dict[str, object]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            expected = case.get("expected", case)
            cases.append({"input": case["input"], **{f: expected.get(f) for f in FIELDS}})
    return cases


def run_batch(inputs: list[object]) -> list[dict[str, object]]:
    """Run the CLI once over all inputs (one JSON line each way)."""
    payload = "".join(json.dumps({"input": i}, ensure_ascii=False) + "\n" for i in inputs)
    cli = [sys.executable, "-m", "extractor.cli", "value", "--batch"]
    done = subprocess.run(cli, input=payload, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--show", type=int, default=10, help="print this many failures")
    args = parser.parse_args()
    cases = load_cases(args.cases)
    started = time.perf_counter()
    outputs = run_batch([c["input"] for c in cases])
    elapsed = time.perf_counter() - started
    if len(outputs) != len(cases):
        print(f"CLI returned {len(outputs)} lines for {len(cases)} cases", file=sys.stderr)
        return 1
    failures = []
    per_field = dict.fromkeys(FIELDS, 0)
    for case, got in zip(cases, outputs, strict=True):
        wrong = [f for f in FIELDS if not _same(f, case[f], got.get(f))]
        for f in FIELDS:
            per_field[f] += f not in wrong
        if wrong:
            failures.append((case, got, wrong))
    n = len(cases)
    print(f"cases: {n}  passed: {n - len(failures)}  accuracy: {(n - len(failures)) / n:.1%}")
    print("per field: " + "  ".join(f"{f} {per_field[f] / n:.1%}" for f in FIELDS))
    print(f"CLI wall time: {elapsed:.2f} s (includes interpreter start-up)")
    for case, got, wrong in failures[: args.show]:
        want = {f: case[f] for f in wrong}
        have = {f: got.get(f) for f in wrong}
        print(f"  FAIL {case['input']!r}: want {want} got {have}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
