"""A time limit stops one extraction at its next page or region, naming the file."""

from __future__ import annotations

import threading

import pytest
from support import EXAMPLES

from extractor.deadline import check_time, time_limit
from extractor.errors import TimeLimitExceeded
from extractor.ingest import load_bytes
from extractor.ingest.testing import sample_pdf_bytes
from extractor.pipeline import extract_bytes


def _sample_text() -> str:
    return sorted(EXAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")


def test_a_past_deadline_stops_pdf_reading_with_the_files_name() -> None:
    pdf = sample_pdf_bytes(_sample_text())
    with time_limit(1e-9, "long.pdf"), pytest.raises(TimeLimitExceeded) as err:
        load_bytes(pdf, "long.pdf")
    assert err.value.code == "time_limit"
    assert "long.pdf" in str(err.value)


def test_a_past_deadline_stops_the_engine_too() -> None:
    data = _sample_text().encode("utf-8")
    with time_limit(1e-9, "report.txt"), pytest.raises(TimeLimitExceeded):
        extract_bytes(data, "report.txt")


def test_within_the_limit_nothing_changes() -> None:
    data = _sample_text().encode("utf-8")
    plain = extract_bytes(data, "report.txt")
    with time_limit(3600, "report.txt"):
        limited = extract_bytes(data, "report.txt")
    assert limited.model_dump() == plain.model_dump()


def test_no_limit_outside_the_block_and_in_other_threads() -> None:
    seen: list[BaseException | None] = []

    def other() -> None:
        try:
            check_time()
            seen.append(None)
        except TimeLimitExceeded as exc:
            seen.append(exc)

    with time_limit(1e-9, "a.txt"):
        t = threading.Thread(target=other)
        t.start()
        t.join()
        with pytest.raises(TimeLimitExceeded):
            check_time()
    check_time()  # the block is closed: no limit
    assert seen == [None]
