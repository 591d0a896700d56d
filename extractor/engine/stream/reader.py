"""Reading a document's text as a token stream: flattened tables anywhere in it."""

from __future__ import annotations

from pathlib import Path

from extractor.engine.candidates import Candidate
from extractor.engine.stream.decode import TextIndex, decode_records
from extractor.engine.stream.model import StreamModel, load_stream_model
from extractor.engine.stream.tokens import tokenize, unwrap_fixed_width
from extractor.types import Document


class StreamReader:
    def __init__(self, model: StreamModel) -> None:
        self.model = model

    def read_text(self, text: str) -> list[Candidate]:
        tokens = unwrap_fixed_width(text, tokenize(text))
        tagged = self.model.tag(tokens)
        return decode_records(text, tokens, tagged, TextIndex(text))

    def read(self, doc: Document) -> list[Candidate]:
        return self.read_text(doc.text)


def load_stream_reader(folder: Path) -> StreamReader:
    """The reader saved under ``folder`` (``models/<name>/stream``)."""
    return StreamReader(load_stream_model(folder))
