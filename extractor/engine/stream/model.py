"""The sequence labeller: a linear-chain CRF (CRFsuite) over stream tokens.

Each token gets a BIO label of its role (``B-name``, ``I-target``, ``O``...);
the CRF's marginals give every label's probability at every token, which the
decoder turns into field confidences.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite

from extractor.engine.stream.features import stream_features
from extractor.engine.stream.tokens import Token
from extractor.errors import ModelNotFound

MODEL_FILE = "stream.crfsuite"
META_FILE = "stream.json"
ROLES = (
    "level1", "level2", "group", "name", "target", "actual",
    "weight", "score", "status", "deviation", "header",
)  # fmt: skip


def token_labels(tokens: list[Token], spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO labels of ``tokens`` from role spans (a token takes the span its first char is in)."""
    spans = sorted(spans)
    labels: list[str] = []
    k = 0
    prev_span = -1
    for tok in tokens:
        while k < len(spans) and spans[k][1] <= tok.start:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.start < spans[k][1]:
            role = spans[k][2]
            labels.append(("I-" if prev_span == k else "B-") + role)
            prev_span = k
        else:
            labels.append("O")
            prev_span = -1
    return labels


# Longer streams are tagged a piece at a time (see ``chunk_bounds``): the
# features of one piece are what the tagger holds in memory at once.
CHUNK_TOKENS = 6000

VALUE_ROLES = ("target", "actual", "weight", "score", "status", "deviation")


@dataclass
class Tagged:
    labels: list[str]
    # probability of the chosen label at each token
    probs: list[float]
    # marginal(label, i): every label's probability at every token (valid until the next tag)
    marginal: Callable[[str, int], float] | None = None

    def role_probs(self, i: int) -> dict[str, float]:
        """P(role) at token ``i`` for the value roles and ``O`` (B- and I- summed)."""
        if self.marginal is None:
            lab = self.labels[i]
            return {lab.split("-", 1)[-1] if lab != "O" else "O": 1.0}
        known = self.known
        out = {"O": self.marginal("O", i) if "O" in known else 0.0}
        for role in VALUE_ROLES:
            out[role] = sum(self.marginal(f"{b}-{role}", i) for b in "BI" if f"{b}-{role}" in known)
        return out

    known: frozenset[str] = frozenset()


class StreamModel:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.labels = list(self.tagger.labels())

    def tag(self, tokens: list[Token]) -> Tagged:
        if not tokens:
            return Tagged([], [])
        if len(tokens) <= CHUNK_TOKENS:
            self.tagger.set(stream_features(tokens))
            labels = list(self.tagger.tag())
            probs = [self.tagger.marginal(lab, i) for i, lab in enumerate(labels)]
            return Tagged(labels, probs, self.tagger.marginal, frozenset(self.labels))
        return self._tag_in_chunks(tokens)

    def _tag_in_chunks(self, tokens: list[Token]) -> Tagged:
        """Tag a long stream a piece at a time, so that memory stays flat.

        Features of one piece at a time live in memory; the marginals of every
        label are kept (a float32 row per token), because the tagger forgets a
        piece's lattice when it moves to the next.
        """
        index = {lab: k for k, lab in enumerate(self.labels)}
        table = np.zeros((len(tokens), len(self.labels)), dtype=np.float32)
        labels: list[str] = []
        for lo, hi in chunk_bounds(tokens, CHUNK_TOKENS):
            self.tagger.set(stream_features(tokens[lo:hi]))
            labels.extend(self.tagger.tag())
            for i in range(hi - lo):
                table[lo + i] = [self.tagger.marginal(lab, i) for lab in self.labels]
        probs = [float(table[i, index[lab]]) for i, lab in enumerate(labels)]

        def marginal(label: str, i: int) -> float:
            return float(table[i, index[label]])

        return Tagged(labels, probs, marginal, frozenset(self.labels))


def chunk_bounds(tokens: list[Token], size: int = CHUNK_TOKENS) -> list[tuple[int, int]]:
    """Pieces of at most ``size`` tokens, cut at a blank line (else a line break) near the end.

    A table's rows rarely span a blank line, so the CRF loses little context there.
    """
    bounds: list[tuple[int, int]] = []
    lo = 0
    while lo < len(tokens):
        hi = min(lo + size, len(tokens))
        if hi < len(tokens):
            window = range(hi - 1, lo + size // 2, -1)
            cut = next((i for i in window if tokens[i].sep == "blank"), None)
            if cut is None:
                cut = next((i for i in window if tokens[i].sep == "line"), hi)
            hi = cut
        bounds.append((lo, hi))
        lo = hi
    return bounds


def train_crf(
    sequences: list[tuple[list[Token], list[str]]],
    out_dir: Path,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 120,
) -> Path:
    """Train the CRF on (tokens, labels) sequences; writes ``out_dir/stream.crfsuite``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, labels in sequences:
        trainer.append(stream_features(tokens), labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    # Write next to the target and move in place: a reader never sees half a model.
    with tempfile.NamedTemporaryFile(dir=out_dir, suffix=".tmp", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    trainer.train(str(tmp_path))
    target = out_dir / MODEL_FILE
    tmp_path.replace(target)
    (out_dir / META_FILE).write_text(
        json.dumps(
            {"sequences": len(sequences), "tokens": sum(len(t) for t, _ in sequences),
             "c1": c1, "c2": c2, "max_iterations": max_iterations},
            indent=1,
        ),
        encoding="utf-8",
    )  # fmt: skip
    return target


def load_stream_model(folder: Path) -> StreamModel:
    path = folder / MODEL_FILE
    if not path.exists():
        raise ModelNotFound(f"{path}: no stream reader model")
    return StreamModel(path)
