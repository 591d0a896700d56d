"""Fixture files for the ingest tests, generated once per session from the
samples and the hand-written performance table (extractor.ingest.testing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import testing


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    paths = testing.sample_paths()
    assert paths, "no sample reports found (examples/ or /work/shared/samples)"
    return paths


@pytest.fixture(scope="session")
def sample_texts(sample_paths: list[Path]) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sample_paths}


@pytest.fixture(scope="session")
def sample_pdfs(sample_texts: dict[str, str]) -> dict[str, bytes]:
    return {name: testing.sample_pdf_bytes(text) for name, text in sample_texts.items()}


@pytest.fixture(scope="session")
def broken_pdfs() -> dict[str, bytes]:
    return testing.broken_pdfs()
