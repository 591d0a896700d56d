"""Annotated reports again with other indicator names in the NAME spans.

The span model learnt names by their words: an unseen report's names after a
verb (全年建成村级气象信息站三十二个) were missed while the same sentence
with a training name was read. Copies of the annotated reports whose names
are swapped for other names keep every real phrasing around them (leads,
verbs, values, claims) and teach a name by where it stands.

The name lexicon is built from the training reports' own NAME spans: the
names whole, and recombined as a leading verb (a name's first word when
jieba tags it as a verb: 开展, 建成, 新增) before another name's object, and
objects before a rate name's ending (合格率, 满意度). A name is replaced by
one of its own kind (rate names by rate names), the same name by the same
substitute throughout a document, so summary and detail still agree.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.engine.prose.annotations import AnnotatedDoc, AnnotatedParagraph, LabelledSpan

# A name measured as a share or a degree (its values are % or levels).
_RATE = re.compile(r"(率|度|比例|比重|占比|（是否）)$")
_MIN_LEXICON = 30


@dataclass(frozen=True)
class NameLexicon:
    counts: tuple[str, ...]  # names of things counted, built, done
    rates: tuple[str, ...]  # names ending in 率/度/比例

    def pick(self, name: str, rng: random.Random) -> str:
        pool = self.rates if _RATE.search(name) else self.counts
        return rng.choice(pool)


def _names(docs: Sequence[AnnotatedDoc]) -> list[str]:
    return sorted(
        {
            p.text[s.start : s.end]
            for d in docs
            for p in d.paragraphs
            for s in p.spans
            if s.label == "NAME" and 2 <= s.end - s.start <= 30
        }
    )


def build_lexicon(docs: Sequence[AnnotatedDoc], seed: int = 0, size: int = 600) -> NameLexicon:
    """Names of ``docs`` plus ``size`` recombinations of their verbs, objects
    and rate endings."""
    import jieba.posseg

    names = _names(docs)
    verbs: set[str] = set()
    objects: set[str] = set()
    endings: set[str] = set()
    for name in names:
        words = [(w.word, w.flag) for w in jieba.posseg.cut(name)]
        if len(words) < 2:
            continue
        if words[0][1] == "v" and len(words[0][0]) == 2:
            verbs.add(words[0][0])
            rest = "".join(w for w, _ in words[1:])
        else:
            rest = name
        if _RATE.search(name):
            last = words[-1][0]
            ending = last if len(last) >= 2 and _RATE.search(last) else name[-3:]
            if _RATE.search(ending) and "（" not in ending and "）" not in ending:
                endings.add(ending)
            rest = "".join(w for w, _ in words[:-1])
        if 2 <= len(rest) <= 14 and not _RATE.search(rest):
            objects.add(rest)
    rates = [n for n in names if _RATE.search(n)]
    counts = [n for n in names if not _RATE.search(n)]
    if len(names) < _MIN_LEXICON or not (verbs and objects and endings):
        return NameLexicon(tuple(counts), tuple(rates))
    rng = random.Random(f"lexicon-{seed}")
    v, o, e = sorted(verbs), sorted(objects), sorted(endings)
    for _ in range(size // 2):
        counts.append(rng.choice(v) + rng.choice(o))
        rates.append(rng.choice(o) + rng.choice(e))
    return NameLexicon(tuple(counts), tuple(rates))


def _swap(para: AnnotatedParagraph, names: dict[str, str]) -> AnnotatedParagraph:
    """``para`` with each NAME span's text replaced by ``names[text]``; the
    other spans shift with it."""
    text = ""
    pos = 0
    spans: list[LabelledSpan] = []
    shift = 0
    for s in para.spans:
        if s.label != "NAME" or para.text[s.start : s.end] not in names:
            spans.append(dataclasses.replace(s, start=s.start + shift, end=s.end + shift))
            continue
        new = names[para.text[s.start : s.end]]
        text += para.text[pos : s.start]
        start = len(text)
        text += new
        spans.append(dataclasses.replace(s, start=start, end=start + len(new)))
        shift += len(new) - (s.end - s.start)
        pos = s.end
    text += para.text[pos:]
    return AnnotatedParagraph(text, spans, list(para.relations))


def substituted(
    docs: Sequence[AnnotatedDoc], lexicon: NameLexicon, copies: int, seed: int = 0
) -> list[AnnotatedDoc]:
    """``copies`` renamed copies of every document (ids ``<doc_id>-sub<k>``,
    held out with their report)."""
    out: list[AnnotatedDoc] = []
    if not lexicon.counts or not lexicon.rates:
        return out
    for doc in docs:
        originals = _names([doc])
        for k in range(copies):
            rng = random.Random(f"sub-{seed}-{doc.doc_id}-{k}")
            names = {n: lexicon.pick(n, rng) for n in originals}
            paras = [_swap(p, names) for p in doc.paragraphs]
            out.append(AnnotatedDoc(f"{doc.doc_id}-sub{k}", paras))
    return out
