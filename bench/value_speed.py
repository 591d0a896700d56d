"""Speed of parse_value on the case suite, against cn2an.transform (a
baseline doing comparable numeral work) run in the same process.

    .venv/bin/python bench/value_speed.py [tests/values/data/cases.jsonl]
    .venv/bin/python bench/value_speed.py --against 58d1bad   # this tree / that commit

With ``--against REF`` the ``extractor`` package of git REF is imported beside this
tree's (as ``extractor_ref``) and both are timed in one process, runs interleaved,
best of 14: the printed ratio is this tree's time over REF's (below 1.00: faster).
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import timeit
import warnings
from collections.abc import Callable
from pathlib import Path

import cn2an

from extractor.values import parse_value
from extractor.values.normalize import normalize
from extractor.values.parse import clear_caches

ROUNDS = 5
REPEATS = 7  # best of several runs: the figure is the code, not the machine's load
TYPICAL = ["≥100个", "122张", "≤2300张", "=100%", "≥95%", "12月底前", "长期/优", "达成预期指标"]


def _per_call_us(fn: Callable[[str], object], texts: list[str], repeat: int = REPEATS) -> float:
    def run() -> None:
        for text in texts:
            fn(text)

    best = min(timeit.repeat(run, number=ROUNDS, repeat=repeat))
    return best / (ROUNDS * len(texts)) * 1e6


def _baseline(text: str) -> object:
    try:
        return cn2an.transform(text)
    except (ValueError, KeyError):
        return None


def _uncached(text: str) -> object:
    clear_caches()
    return parse_value(text)


#: Long digit strings with a character that wakes a run-reading pattern (又, 角, 分之):
#: growth of normalize's time from 16,520 to 165,200 characters (10 = linear, 100 = quadratic;
#: shorter lines fit the CPU cache and grow faster than their work).
LONG_LINES = {"又": "{}又", "角": "{}角", "分之": "1.{}分之"}


def _normalize_seconds(text: str) -> float:
    return min(timeit.repeat(lambda: normalize(text), number=3, repeat=3))


def _long_line_growth() -> dict[str, float]:
    growth = {}
    for name, template in LONG_LINES.items():
        short, long = (template.format("1" * n) for n in (16520, 165200))
        growth[name] = _normalize_seconds(long) / _normalize_seconds(short)
    return growth


def _load_ref(ref: str, into: Path) -> tuple[Callable[[str], object], Callable[[], None]]:
    """parse_value and clear_caches of the ``extractor`` package at git ``ref``,
    imported beside this tree's as ``extractor_ref``."""
    archive = subprocess.run(["git", "archive", ref, "extractor"], capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    package = into / "extractor_ref"
    (into / "extractor").rename(package)
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        source.write_text(_IMPORTS.sub(r"\1extractor_ref", text), encoding="utf-8")
    sys.path.insert(0, str(into))
    parse = importlib.import_module("extractor_ref.values").parse_value
    clear = importlib.import_module("extractor_ref.values.parse").clear_caches
    return parse, clear


_IMPORTS = re.compile(r"^(\s*(?:from|import)\s+)extractor(?=[.\s])", re.MULTILINE)


def _against(ref: str, cases: Path) -> int:
    """This tree's time over REF's, measured in one process, runs interleaved."""
    texts = [json.loads(line)["input"] for line in cases.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        ref_parse, ref_clear = _load_ref(ref, Path(tmp))

        def ref_uncached(text: str) -> object:
            ref_clear()
            return ref_parse(text)

        pairs = {
            "first sight": (ref_uncached, _uncached, texts),
            "repeated": (ref_parse, parse_value, texts),
            "typical": (ref_parse, parse_value, TYPICAL * 20),
            "typical, first sight": (ref_uncached, _uncached, TYPICAL * 20),
        }
        print(f"this tree / {ref}, same process, interleaved (below 1.00: faster):")
        for name, (old, new, sample) in pairs.items():
            for text in sample:  # warm both
                old(text)
                new(text)
            old_best = new_best = float("inf")
            for _ in range(REPEATS * 2):
                old_best = min(old_best, _per_call_us(old, sample, repeat=1))
                new_best = min(new_best, _per_call_us(new, sample, repeat=1))
            print(
                f"  {name:22s} {old_best:7.1f} -> {new_best:7.1f} us/cell  ratio {new_best / old_best:.2f}"
            )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "cases", nargs="?", type=Path, default=Path("tests/values/data/cases.jsonl")
    )
    parser.add_argument("--against", metavar="REF", help="git commit to compare this tree with")
    args = parser.parse_args()
    if args.against:
        return _against(args.against, args.cases)
    path = args.cases
    texts = [json.loads(line)["input"] for line in path.read_text(encoding="utf-8").splitlines()]
    warnings.simplefilter("ignore")  # cn2an warns on every non-numeral
    for text in texts:  # warm caches and regexes for both
        parse_value(text)
        _baseline(text)
    ours = _per_call_us(parse_value, texts)
    cold = _per_call_us(_uncached, texts)
    typical_cold = _per_call_us(_uncached, TYPICAL * 20)
    base = _per_call_us(_baseline, texts)
    typical = _per_call_us(parse_value, TYPICAL * 20)
    typical_base = _per_call_us(_baseline, TYPICAL * 20)
    print(f"cells: {len(texts)}  rounds: {ROUNDS} x best of {REPEATS}")
    print(
        f"typical cells: parse_value {typical:.1f} us/cell, baseline {typical_base:.1f} us/cell,"
        f" ratio {typical / typical_base:.2f}"
    )
    print(f"typical cells, first sight (caches cleared): {typical_cold:.1f} us/cell")
    print(f"parse_value (repeated cells) {ours:8.1f} us/cell")
    print(f"parse_value (first sight)    {cold:8.1f} us/cell")
    print(f"cn2an.transform              {base:8.1f} us/cell (baseline)")
    print(f"ratio first-sight parse_value / baseline: {cold / base:.2f}")
    growth = _long_line_growth()
    print(
        "long lines, normalize time x10 length (10 linear, 100 quadratic): "
        + "  ".join(f"{k} {v:.1f}" for k, v in growth.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
