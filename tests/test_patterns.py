"""Module-level patterns compiled once and kept between runs (extractor.patterns)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import patterns
from extractor.values import normalize

REPO = Path(__file__).resolve().parents[1]

# A numeral-run pattern of the kind the value reader compiles (big classes of
# Chinese numerals, look-behinds, atomic groups, named groups).
RUN_PATTERN = normalize.WHOLE_RUN + r"\s*(?P<unit>[元块万亿%])"
TEXTS = ["预算执行率达到九十五点五%", "资金1,234.5万元", "近百人，一万二千元", "无数字"]


def _matches(pattern: re.Pattern[str]) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for t in TEXTS for m in pattern.finditer(t)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "__pycache__" / "patterns.marshal"
    monkeypatch.setattr(patterns, "STORE", path)
    monkeypatch.setattr(patterns, "_programs", {})
    monkeypatch.setattr(patterns, "_added", False)
    return path


def test_a_stored_program_reads_as_re_compiles_it(store: Path) -> None:
    if not patterns.TAG:
        pytest.skip("no CPython regex engine")
    fresh = patterns.compile(RUN_PATTERN)
    patterns._save()
    assert store.exists()
    # A later run: the program comes from the file, not from the compiler.
    loaded = patterns._load(store)
    assert (RUN_PATTERN, 0) in loaded
    from_store = patterns._from_program(RUN_PATTERN, loaded[(RUN_PATTERN, 0)])
    expected = re.compile(RUN_PATTERN)
    assert from_store.pattern == expected.pattern and from_store.flags == expected.flags
    assert from_store.groupindex == expected.groupindex and from_store.groups == expected.groups
    assert _matches(from_store) == _matches(expected) == _matches(fresh)
    assert _matches(expected)  # the texts exercise the pattern


def test_an_unreadable_store_compiles_afresh(store: Path) -> None:
    store.parent.mkdir()
    store.write_bytes(b"not a marshal file")
    assert patterns._load(store) == {}
    assert _matches(patterns.compile(RUN_PATTERN)) == _matches(re.compile(RUN_PATTERN))


def test_flags_are_part_of_the_key(store: Path) -> None:
    plain = patterns.compile("abc")
    folded = patterns.compile("abc", re.IGNORECASE)
    assert plain.match("ABC") is None and folded.match("ABC") is not None


def test_a_second_process_reads_the_patterns_it_stored(tmp_path: Path) -> None:
    # Both runs parse a value; the second reads the programs the first stored.
    code = (
        "import sys; from extractor import patterns; from extractor.values import parse_value; "
        "print(parse_value('≥九十五点五%').model_dump_json(), len(patterns._programs) > 0)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[1].strip().endswith("True")
