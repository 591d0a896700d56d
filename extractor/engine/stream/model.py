"""The sequence labeller: a linear-chain CRF (CRFsuite) over stream tokens.

Each token gets a BIO label of its role (``B-name``, ``I-target``, ``O``...);
the CRF's marginals give every label's probability at every token, which the
decoder turns into field confidences.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
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
_ROLE_LABELS = tuple((role, (f"B-{role}", f"I-{role}")) for role in VALUE_ROLES)
# The labels whose marginals the decoder weighs cells by (``Tagged.role_probs``);
# structure spans go by the marginal of their own label (``Tagged.probs``).
READ_LABELS = ("O", *(label for _, pair in _ROLE_LABELS for label in pair))
ROLE_KEYS = ("O", *VALUE_ROLES)


@dataclass
class Tagged:
    labels: list[str]
    # probability of the chosen label at each token
    probs: list[float]
    # marginal(label, i): the probability of each label in ``known`` at every token (valid
    # until the next tag)
    marginal: Callable[[str, int], float] | None = None
    known: frozenset[str] = frozenset()
    # role_probs of every token as a row (O, then VALUE_ROLES), where the marginals were
    # kept in a table rather than asked of the tagger
    roles: np.ndarray | None = field(default=None, repr=False)

    def role_probs(self, i: int) -> dict[str, float]:
        """P(role) at token ``i`` for the value roles and ``O`` (B- and I- summed)."""
        if self.marginal is None:
            lab = self.labels[i]
            return {lab.split("-", 1)[-1] if lab != "O" else "O": 1.0}
        if self.roles is not None:
            return dict(zip(ROLE_KEYS, self.roles[i].tolist(), strict=True))
        return self._role_probs_of_marginals(i)

    def _role_probs_of_marginals(self, i: int) -> dict[str, float]:
        assert self.marginal is not None
        known, marginal = self.known, self.marginal
        out = {"O": marginal("O", i) if "O" in known else 0.0}
        for role, pair in _ROLE_LABELS:
            out[role] = sum(marginal(label, i) for label in pair if label in known)
        return out

    def make_certain(self, read: dict[int, str]) -> None:
        """The tokens in ``read`` are certain of their new label: their marginals (by which
        the decoder weighs cells, not by the labels) and their label's probability."""
        if not read or self.marginal is None:
            return
        marginal = self.marginal

        def certain(label: str, i: int) -> float:
            if i in read:
                return 1.0 if label == read[i] else 0.0
            return marginal(label, i)

        self.marginal = certain
        for i in read:
            self.probs[i] = 1.0
            if self.roles is not None:
                self.roles[i] = list(self._role_probs_of_marginals(i).values())


def _role_table(table: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """``Tagged.roles`` from a table of the ``READ_LABELS``' marginals (columns ``index``):
    the sums ``Tagged.role_probs`` makes of the marginals, every token at once."""
    wide = table.astype(np.float64)
    roles = np.zeros((len(table), len(ROLE_KEYS)))
    if "O" in index:
        roles[:, 0] = wide[:, index["O"]]
    for k, (_, pair) in enumerate(_ROLE_LABELS, start=1):
        for label in pair:
            if label in index:
                roles[:, k] += wide[:, index[label]]
    return roles


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

        Features of one piece at a time live in memory; the marginals the decoder
        reads (``READ_LABELS``) are kept (a float32 row per token), and the chosen
        label's, because the tagger forgets a piece's lattice when it moves to the next.
        """
        read = [lab for lab in READ_LABELS if lab in self.labels]
        index = {lab: k for k, lab in enumerate(read)}
        table = np.zeros((len(tokens), len(read)), dtype=np.float32)
        labels: list[str] = []
        chosen = np.zeros(len(tokens), dtype=np.float32)
        marginal_at = self.tagger.marginal
        for lo, hi in chunk_bounds(tokens, CHUNK_TOKENS):
            self.tagger.set(stream_features(tokens[lo:hi]))
            piece = self.tagger.tag()
            labels.extend(piece)
            for i, own in enumerate(piece):
                row = [marginal_at(lab, i) for lab in read]
                table[lo + i] = row
                chosen[lo + i] = row[index[own]] if own in index else marginal_at(own, i)
        probs = chosen.tolist()

        def marginal(label: str, i: int) -> float:
            return float(table[i, index[label]])

        return Tagged(labels, probs, marginal, frozenset(read), _role_table(table, index))


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
