"""Fuzz targets for ``load_bytes`` and ``parse_value`` (hypothesis; a dev dependency).

``mutated_files`` mutates the seed corpus (``tests/ingest/fuzz_corpus``: one
small file of every format, and past crashers) by flipping, cutting,
inserting and splicing bytes, or makes raw bytes behind a format's magic
number. ``check_load`` runs ``load_bytes`` with cheap OCR: whatever the
bytes, the result is a ``Document`` whose evidence points into its text, or
the project's own error; anything else is a finding. ``check_value`` holds
``parse_value`` to its promise never to raise. ``tests/ingest/test_fuzz.py``
runs a few examples of each in CI; ``bench/fuzz.py`` runs many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from extractor.errors import ExtractionError
from extractor.ingest import load_bytes
from extractor.ingest.testing import evidence_errors
from extractor.types import Page

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "ingest" / "fuzz_corpus"
_MAGIC = [
    b"PK\x03\x04",
    b"%PDF-1.7\n",
    b"II*\x00",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"<html>",
]


def corpus() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS_DIR.iterdir()) if p.is_file()]


@st.composite
def _mutation(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "splice", "truncate", "int"]))
        if op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 256))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "splice":
            src = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[src : src + draw(st.integers(1, 512))]
        elif op == "truncate":
            del data[at:]
        else:  # an interesting integer where a size or count may be
            data[at : at + 4] = draw(
                st.sampled_from([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\x00\x00"])
            )
    return bytes(data)


def mutated_files(seeds: list[bytes] | None = None) -> st.SearchStrategy[bytes]:
    seeds = seeds or corpus()
    raw = st.builds(
        lambda magic, tail: magic + tail, st.sampled_from(_MAGIC), st.binary(max_size=2048)
    )
    return st.one_of(_mutation(seeds), raw, st.binary(max_size=512))


def cell_texts() -> st.SearchStrategy[str]:
    """Cell-like text: digits, operators, units, CJK numerals and claims, and anything."""
    pieces = st.sampled_from(
        list("0123456789.,%％≥≤><=＞＜≧≦±~～-—（）() 　")
        + ["万元", "人次", "个", "天", "小时", "以上", "以下", "不低于", "不超过", "达到"]
        + ["百分之", "九十五", "一百二十", "零点五", "已完成", "未完成", "达成预期指标", "\n", "\t"]
    )
    structured = st.lists(pieces, max_size=40).map("".join)
    return st.one_of(structured, st.text(max_size=200))


@contextmanager
def cheap_ocr() -> Iterator[None]:
    """OCR replaced by a stub: the fuzz is after the parsers, not the recogniser."""
    import extractor.ingest.image as image_backend
    from extractor.ingest.layout_text import text_to_pages
    from extractor.settings import settings

    def stub(image: np.ndarray, number: int, points_per_pixel: float) -> Page:
        page = text_to_pages("满意度 95%")[0]
        page.number, page.ocr = number, True
        for block in page.blocks:
            block.page = block.evidence.page = number
        return page

    saved = image_backend.ocr_page_image, settings.ocr_enabled
    image_backend.ocr_page_image, settings.ocr_enabled = stub, False
    try:
        yield
    finally:
        image_backend.ocr_page_image, settings.ocr_enabled = saved


def check_load(data: bytes, outcomes: Counter[str] | None = None) -> None:
    """``load_bytes`` gives a consistent ``Document`` or an ``ExtractionError``."""
    try:
        doc = load_bytes(data, "fuzz.bin")
    except ExtractionError as exc:
        assert exc.message.startswith("fuzz.bin: "), exc.message
        outcome = exc.code
    else:
        assert evidence_errors(doc) == []
        outcome = "ok"
    if outcomes is not None:
        outcomes[outcome] += 1


def check_value(text: str, outcomes: Counter[str] | None = None) -> None:
    from extractor.values import parse_value

    value = parse_value(text)
    assert value.kind
    if outcomes is not None:
        outcomes[value.kind] += 1
