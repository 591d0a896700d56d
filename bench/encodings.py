"""Encoding detection on the corpus rendered in GB18030, Big5 and UTF-16.

    python bench/encodings.py [--data training_data] [--samples 10]

Every train-split text document is rendered in simplified characters
(GB18030, BOM-less UTF-16-LE) and in traditional characters (OpenCC s2t,
Big5/cp950, whose code page has ≧/≦ instead of ≥/≤); from each rendering,
pasted-size pieces are cut: the first line, the first 3 and 10 lines, the
whole text, and random runs of 4, 8, 16 and 32 characters holding Chinese.
Prints, per encoding and piece, the share that ``decode_text`` gives back
exactly, against charset-normalizer alone (``from_bytes(...).best()``), the
baseline, run on the same pieces. Blind documents are skipped.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

from charset_normalizer import from_bytes
from opencc import OpenCC

from extractor.ingest.decode import decode_text
from extractor.training.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
RENDERINGS = [("gb18030", False), ("utf-16-le", False), ("cp950", True)]
# Characters Big5 lacks, as conversion tools write them.
BIG5_FORMS = str.maketrans({"≥": "≧", "≤": "≦"})


def _pieces(text: str, rng: random.Random, samples: int) -> list[tuple[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.isascii()]
    out = [(f"{n} lines", "\n".join(lines[:n])) for n in (1, 3, 10)]
    out.append(("whole", text))
    for k in (4, 8, 16, 32):
        for _ in range(samples):
            i = rng.randrange(max(1, len(text) - k))
            piece = text[i : i + k]
            if any(0x4E00 <= ord(ch) <= 0x9FFF for ch in piece):
                out.append((f"{k} chars", piece))
    return out


def _baseline(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return None if best is None else str(best)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training_data")
    ap.add_argument("--samples", type=int, default=10)
    args = ap.parse_args()
    s2t = OpenCC("s2t.json")
    rng = random.Random(0)
    ours: dict[tuple[str, str], list[bool]] = defaultdict(list)
    theirs: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for gd in load_corpus(args.data):
        if gd.split == "blind" or gd.path.suffix != ".txt":
            continue
        simplified = gd.path.read_text(encoding="utf-8")
        for encoding, traditional in RENDERINGS:
            text = s2t.convert(simplified).translate(BIG5_FORMS) if traditional else simplified
            for piece_kind, piece in _pieces(text, rng, args.samples):
                data = piece.encode(encoding, errors="ignore")
                piece = data.decode(encoding)
                if not piece.strip():
                    continue
                got = decode_text(data)
                ours[(encoding, piece_kind)].append(got is not None and got[0] == piece)
                theirs[(encoding, piece_kind)].append(_baseline(data) == piece)
    print(f"{'encoding':10s} {'piece':9s} {'n':>5s}  decode_text  charset-normalizer")
    for key in sorted(ours):
        a, b = ours[key], theirs[key]
        print(
            f"{key[0]:10s} {key[1]:9s} {len(a):5d}  {sum(a) / len(a):11.3f}  {sum(b) / len(b):18.3f}"
        )
    total_a = [x for v in ours.values() for x in v]
    total_b = [x for v in theirs.values() for x in v]
    print(
        f"{'all':10s} {'':9s} {len(total_a):5d}  {sum(total_a) / len(total_a):11.3f}"
        f"  {sum(total_b) / len(total_b):18.3f}"
    )


if __name__ == "__main__":
    main()
