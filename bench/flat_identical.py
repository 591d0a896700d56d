"""Do checkouts read flattened text alike? Whole-extraction JSON per document and shape.

Each checkout given (``--checkout``, the first is the reference) runs in a fresh
process with ``PYTHONPATH`` set to it and this checkout's corpus and
``models/default`` (the models stay the same: only the code differs). It
extracts, as ``bench/flat_shapes.py`` reads them, every blind-layout document
with table rows in every shape, the flattened ones as received, and the
100-row one-line form of ``--speed`` (its first 15,252 characters, where the
shipped reader cuts it, and whole); ``--all``
takes every document of the corpus instead of the blind ones. The child
prints a digest of each extraction's JSON; the parent prints how many
differ from the reference's and which (no text of any document is printed).
A speed change should print ``0 differ``.

    .venv/bin/python bench/flat_identical.py --checkout OLD --checkout .
    .venv/bin/python bench/flat_identical.py --checkout OLD --checkout . --all
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child(every: bool) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from flat_shapes import EVAL_SEED, SHAPES, _document, has_table_rows

    from extractor.engine.models import load_models
    from extractor.engine.stream.fit import document_text
    from extractor.ingest import load_bytes
    from extractor.pipeline import extract_with_models
    from extractor.training.corpus import load_corpus
    from extractor.training.variants.flat import render_flat

    models = load_models(REPO / "models" / "default")
    corpus = load_corpus(REPO / "training_data")

    def digest(data: dict[str, object]) -> str:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    for doc in [d for d in corpus if every or d.split == "blind"]:
        shapes = list(SHAPES) if has_table_rows(doc) else []
        shapes += ["received"] if doc.kind == "flattened" else []
        for shape in shapes:
            got = extract_with_models(_document(doc, shape), models).to_json_dict()
            print(f"{doc.stem}/{shape} {digest(got)}", flush=True)
    # The form of ``flat_shapes.speed``: one page's table on one line, copies joined.
    texts = [d for d in corpus if d.path.suffix == ".txt"]
    doc = next((d for d in texts if d.stem.startswith("000")), texts[0])
    rng = random.Random(EVAL_SEED)
    render_flat(document_text(doc), doc.gold, "one_line", rng)
    form = " ".join(
        render_flat(document_text(doc), doc.gold, "one_line", rng).text.replace("\n", " ")
        for _ in range(12)
    )
    for cut in (15252, len(form)):
        data = form[:cut].encode("utf-8")
        got = extract_with_models(load_bytes(data, "form.txt"), models).to_json_dict()
        print(f"form/{cut} {digest(got)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkout", action="append", help="checkout to run (repeatable)")
    parser.add_argument("--all", action="store_true", help="every corpus document, not only blind")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.all)
        return 0
    checkouts = [Path(c).resolve() for c in (args.checkout or [str(REPO)])]
    got: dict[Path, dict[str, str]] = {}
    for c in checkouts:
        env = dict(os.environ, PYTHONPATH=str(c))
        cmd = [sys.executable, __file__, "--child"] + (["--all"] if args.all else [])
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=REPO)
        got[c] = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    ref = got[checkouts[0]]
    for c in checkouts[1:]:
        differ = sorted(k for k in ref.keys() | got[c].keys() if ref.get(k) != got[c].get(k))
        print(f"{c}: {len(ref)} extractions, {len(differ)} differ from {checkouts[0]}")
        for key in differ:
            print(f"  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
