"""Candidate spans for spancat: word n-grams that stay inside one clause.

spaCy's ngram suggester proposes every n-gram up to ``max_size``; most cross
a full stop or start/end on punctuation, which no label ever does. Dropping
them cuts training time several-fold (see research/probe-deps.md §1 for the
plain suggester). Registered under ``prose.clause_ngram_suggester.v1``;
importing this module (the reader and trainer do) makes saved pipelines load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

# Never inside a span: sentence and list separators.
CLAUSE_BREAKS = frozenset({"。", "；", ";", "\n", "！", "？"})
# Never the first / last token of a span.
NO_START = frozenset({"，", ",", "、", "：", ":", "）", ")", "。", "；", " "})
NO_END = frozenset({"，", ",", "、", "：", ":", "（", "(", "。", "；", " ", "“"})

Suggester = Callable[..., Ragged]


def clause_ngrams(doc: Doc, max_size: int) -> list[tuple[int, int]]:
    words = [t.text for t in doc]
    out: list[tuple[int, int]] = []
    for i, first in enumerate(words):
        if first in NO_START or first in CLAUSE_BREAKS:
            continue
        for j in range(i + 1, min(len(words), i + max_size) + 1):
            last = words[j - 1]
            if last in CLAUSE_BREAKS:
                break
            if last not in NO_END:
                out.append((i, j))
    return out


@registry.misc("prose.clause_ngram_suggester.v1")
def build_clause_ngram_suggester(max_size: int) -> Suggester:
    def suggest(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        spans: list[tuple[int, int]] = []
        lengths: list[int] = []
        for doc in docs:
            found = clause_ngrams(doc, max_size)
            spans.extend(found)
            lengths.append(len(found))
        lengths_array = ops.asarray1i(lengths)
        if spans:
            return Ragged(ops.asarray2i(spans), lengths_array)
        return Ragged(ops.xp.zeros((0, 2), dtype="i"), lengths_array)

    return suggest
