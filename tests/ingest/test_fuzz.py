"""Bounded fuzzing in CI (derandomized, so a run is repeatable); ``bench/fuzz.py``
runs the same targets for many more examples."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from extractor.ingest import fuzzing

CI = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@CI
@given(fuzzing.mutated_files())
def test_load_bytes_gives_a_document_or_its_own_error(data: bytes) -> None:
    with fuzzing.cheap_ocr():
        fuzzing.check_load(data)


@CI
@given(fuzzing.cell_texts())
def test_parse_value_never_raises(text: str) -> None:
    fuzzing.check_value(text)


def test_every_corpus_file_is_read_or_refused_clearly() -> None:
    with fuzzing.cheap_ocr():
        for data in fuzzing.corpus():
            fuzzing.check_load(data)
