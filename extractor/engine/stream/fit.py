"""Training the stream reader from gold documents rendered into every flattened shape."""

from __future__ import annotations

import random
import re
from pathlib import Path

from extractor.engine.stream.model import token_labels, train_crf
from extractor.engine.stream.tokens import Token, tokenize
from extractor.errors import ExtractionError
from extractor.ingest import load_document
from extractor.training.corpus import GoldDocument
from extractor.training.flat_labels import align_flattened
from extractor.training.variants import apply
from extractor.training.variants.flat import Labelled, render_flat
from extractor.training.variants.model import Gold
from extractor.vocab import header_role

_BLANK = re.compile(r"[\s|｜]")
TRAIN_SHAPES = ("tabs", "one_line", "cell_lines", "pipe", "fused", "ocr")
# What a report may say differently: applied before rendering, so the reader
# sees other numbers, vocabulary and row orders than the gold's.
_CONTENT = ("swap_department_vocabulary", "change_numbers", "shuffle_rows_within_level2")


def _content_variant(text: str, gold: Gold, rng: random.Random, seed: int) -> tuple[str, Gold]:
    names = [n for n in _CONTENT if rng.random() < 0.5]
    if not names:
        return text, gold
    try:
        return apply(text, gold, names, seed)
    except (ValueError, KeyError, IndexError):
        return text, gold  # a transform that cannot apply to this document: keep it as it is


def document_text(doc: GoldDocument) -> str:
    """The text the extractor indexes for a document (a PDF, DOCX, XLSX, HTML as rendered)."""
    if doc.path.suffix.lower() == ".txt":
        return doc.path.read_text(encoding="utf-8", errors="replace")
    return load_document(doc.path).text


def labelled_renderings(
    doc: GoldDocument,
    per_shape: int,
    seed: int,
    shapes: tuple[str, ...] = TRAIN_SHAPES,
    header_cells: frozenset[str] = frozenset(),
) -> list[Labelled]:
    """``per_shape`` renderings of one document in each shape (seeded by document and shape).

    A report that is already flattened is its own labelled text (``align_flattened``,
    its glued header cut into ``header_cells``).

    A narrative report whose tables give no indicator row is rendered once: it only
    teaches what is not a row. Any other document without table rows gives nothing."""
    text = document_text(doc)
    if doc.kind == "flattened":
        # Already flattened: its own text, labelled by aligning the gold to it (weighted
        # as one rendering a shape, since it is real damage, not a generated one).
        aligned = align_flattened(text, doc.gold, header_cells)
        return [aligned] * (per_shape * 2) if aligned is not None else []
    first = render_flat(text, doc.gold, "one_line", random.Random(f"{seed}/{doc.stem}"))
    if not any(r == "name" for _, _, r in first.spans):
        # Only a report that states its indicators in prose may teach "no row here": an
        # already flattened report whose table the renderer cannot see would teach the
        # reader that its rows are not rows.
        return [first] if doc.kind == "narrative" else []
    out = []
    for shape in shapes:
        for k in range(per_shape):
            rng = random.Random(f"{seed}/{doc.stem}/{shape}/{k}")
            t, g = (
                _content_variant(text, doc.gold, rng, rng.randrange(1 << 30))
                if k
                else (text, doc.gold)
            )
            out.append(render_flat(t, g, shape, rng, augment=True))
    return out


def sequences_of(items: list[Labelled]) -> list[tuple[list[Token], list[str]]]:
    out = []
    for item in items:
        tokens = tokenize(item.text)
        if tokens:
            out.append((tokens, token_labels(tokens, item.spans)))
    return out


def header_cells(items: list[Labelled]) -> frozenset[str]:
    """The header cells the rendered tables label (年度指标值, 实际完成值, 分值...), as
    written without whitespace: what a flattened report's glued header is cut into.
    OCR-damaged renderings are left out (分直 is no cell to look for), and so is a
    merged cell that is two others (二级指标三级指标)."""
    cells = {
        cell
        for item in items
        if item.shape != "ocr"
        for a, b, role in item.spans
        if role == "header" and header_role(cell := _BLANK.sub("", item.text[a:b]))
    }
    return frozenset(
        c for c in cells if not any(c[:k] in cells and c[k:] in cells for k in range(1, len(c)))
    )


def fit_stream_reader(
    corpus: list[GoldDocument], out_dir: Path, per_shape: int = 3, seed: int = 0
) -> Path:
    """Train the stream reader on every non-blind text document of ``corpus``; save to ``out_dir``.

    The tables are rendered first: their header cells label the glued headers of the
    already flattened reports."""
    docs = [d for d in corpus if d.split != "blind"]  # never trained on, whatever the caller passed
    items: list[Labelled] = []
    for doc in (d for d in docs if d.kind != "flattened"):
        items += _renderings(doc, per_shape, seed)
    cells = header_cells(items)
    for doc in (d for d in docs if d.kind == "flattened"):
        items += _renderings(doc, per_shape, seed, cells)
    return train_crf(sequences_of(items), out_dir)


def _renderings(
    doc: GoldDocument, per_shape: int, seed: int, cells: frozenset[str] = frozenset()
) -> list[Labelled]:
    try:
        return labelled_renderings(doc, per_shape, seed, header_cells=cells)
    except ExtractionError:
        return []  # a document the ingest refuses teaches nothing here
