"""Reading a document's text as a token stream: flattened tables anywhere in it."""

from __future__ import annotations

from pathlib import Path

from extractor.engine.candidates import Candidate
from extractor.engine.stream.decode import TextIndex, decode_records
from extractor.engine.stream.model import StreamModel, Tagged, load_stream_model
from extractor.engine.stream.tokens import Token, drop_ordinals, tokenize, unwrap_fixed_width
from extractor.types import Document


def restart_numbered(tokens: list[Token], tagged: Tagged) -> Tagged:
    """A numbered word (指标4.不合格产品处置率) starts its own cell: labelled inside the
    cell before it (a name-only row read on into the next row's name), it begins one."""
    for i, tok in enumerate(tokens):
        label = tagged.labels[i]
        if tok.numbered and label.startswith("I-"):
            tagged.labels[i] = "B-" + label[2:]
    return tagged


class StreamReader:
    def __init__(self, model: StreamModel) -> None:
        self.model = model

    def read_text(self, text: str) -> list[Candidate]:
        tokens = drop_ordinals(unwrap_fixed_width(text, tokenize(text)))
        tagged = restart_numbered(tokens, self.model.tag(tokens))
        return decode_records(text, tokens, tagged, TextIndex(text))

    def read(self, doc: Document) -> list[Candidate]:
        return self.read_text(doc.text)


def load_stream_reader(folder: Path) -> StreamReader:
    """The reader saved under ``folder`` (``models/<name>/stream``)."""
    return StreamReader(load_stream_model(folder))
