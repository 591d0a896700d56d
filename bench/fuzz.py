"""Longer fuzzing of ``load_bytes`` and ``parse_value`` (extractor.ingest.fuzzing).

Runs each target for ``--examples`` hypothesis examples (random seed unless
``--seed``) and prints how many ran, what they ended in (document, or error
code; value kind) and the time. A finding prints hypothesis's shrunk example
and the exit status is 1.

    .venv/bin/python bench/fuzz.py [--examples 5000] [--seed 1] [--targets load value]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from extractor.ingest import fuzzing


def _run(
    name: str, strategy: st.SearchStrategy[Any], check: Callable[..., None], args: Any
) -> bool:
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def target(data: Any) -> None:
        check(data, outcomes)

    if args.seed is not None:
        target = seed(args.seed)(target)
    t0 = time.perf_counter()
    ok = True
    try:
        with fuzzing.cheap_ocr():
            target()
    except Exception as exc:  # hypothesis re-raises the shrunk failure
        ok = False
        print(f"{name}: FINDING {type(exc).__name__}: {exc}", file=sys.stderr)
    runs = sum(outcomes.values())
    print(
        f"{name}: {runs} examples in {time.perf_counter() - t0:.0f}s, "
        f"{'no findings' if ok else 'FINDING'}; outcomes {dict(outcomes.most_common())}",
        flush=True,
    )
    return ok


def main() -> None:
    logging.disable(logging.WARNING)  # pdfminer's complaints about broken files
    warnings.simplefilter("ignore")  # and Pillow's
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--targets", nargs="*", default=["load", "value"])
    args = ap.parse_args()
    ok = True
    if "load" in args.targets:
        ok &= _run("load_bytes", fuzzing.mutated_files(), fuzzing.check_load, args)
    if "value" in args.targets:
        ok &= _run("parse_value", fuzzing.cell_texts(), fuzzing.check_value, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
