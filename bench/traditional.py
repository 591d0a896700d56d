"""Reports in traditional characters scored like the originals.

    python bench/traditional.py [--data training_data] [--config s2t.json]

Every train-split document of the corpus is extracted as written and as
rendered in traditional characters (OpenCC), each scored against its gold
(converted the same way); prints F1 and field accuracy per document and
overall, and the traditional figures as a difference from the originals.
Blind documents are skipped: their figures belong to bench/blind_layouts.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.engine.models import load_models
from extractor.ingest import load_bytes, load_document
from extractor.pipeline import extract_document
from extractor.training.corpus import load_corpus
from extractor.training.scoring import score_documents
from extractor.training.traditional import traditional_rendering

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training_data")
    ap.add_argument("--config", default="s2t.json")
    args = ap.parse_args()
    load_models(None)  # loaded once, outside the figures
    plain, trad = [], []
    for gd in load_corpus(args.data):
        if gd.split == "blind" or gd.path.suffix != ".txt":
            continue  # traditional renderings are made of text documents
        text = gd.path.read_text(encoding="utf-8")
        ttext, tgold = traditional_rendering(text, gd.gold, args.config)
        p = extract_document(load_document(gd.path)).to_json_dict()
        t = extract_document(load_bytes(ttext.encode("utf-8"), gd.path.name)).to_json_dict()
        plain.append((gd.stem, gd.gold, p))
        trad.append((gd.stem, tgold, t))
        a, b = score_documents([plain[-1]]), score_documents([trad[-1]])
        print(
            f"{gd.stem:40s} F1 {a['f1']:.3f} -> {b['f1']:.3f}  fields {a['all_fields']:.3f} -> {b['all_fields']:.3f}"
        )
    a, b = score_documents(plain), score_documents(trad)
    print(
        f"{'all (' + str(len(plain)) + ' documents)':40s} F1 {a['f1']:.3f} -> {b['f1']:.3f} "
        f"({b['f1'] - a['f1']:+.3f})  fields {a['all_fields']:.3f} -> {b['all_fields']:.3f} "
        f"({b['all_fields'] - a['all_fields']:+.3f})"
    )


if __name__ == "__main__":
    main()
