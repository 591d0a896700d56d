"""Proof that ``extractor.engine.stream.wordcut.cut`` cuts as ``jieba.lcut(text,
HMM=False)`` does (the trained stream model depends on its tokens).

Cuts every text in training_data (documents as the reader sees them after
ingest, gold and other text files, every string of the JSON files) and the
shared samples both ways, whole texts and each Chinese run the stream
tokenizer hands over, and counts the cuts that differ (must be 0). Also
looks up every entry of jieba's table, and every fragment of the texts,
and compares the total.

    .venv/bin/python bench/wordcut_identity.py [--no-ingest]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = [REPO / "training_data", REPO.parent / "shared" / "samples"]
TEXT = {".txt", ".md", ".html", ".csv", ".tsv", ".jsonl", ".json"}
BINARY = {".pdf", ".docx", ".xlsx"}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def texts(ingest: bool) -> Iterator[tuple[Path, str]]:
    for root in ROOTS:
        for path in sorted(root.rglob("*")):
            suffix = path.suffix.lower()
            if suffix in TEXT:
                raw = path.read_text(encoding="utf-8", errors="replace")
                yield path, raw
                if suffix == ".json":
                    yield from ((path, s) for s in _strings(json.loads(raw)))
                elif suffix == ".jsonl":
                    for line in raw.splitlines():
                        if line.strip():
                            yield from ((path, s) for s in _strings(json.loads(line)))
            elif ingest and suffix in BINARY:
                from extractor.ingest import load_document

                try:
                    yield path, load_document(path).text
                except Exception as exc:  # a document the reader refuses has no text to cut
                    print(f"skip {path.name}: {type(exc).__name__}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-ingest", action="store_true", help="text files only")
    args = parser.parse_args(argv)

    import jieba

    from extractor.engine.stream.tokens import _RUN
    from extractor.engine.stream.wordcut import cut, prefix_dictionary

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    table = prefix_dictionary()
    wrong = sum(table._entry(w) != f for w, f in jieba.dt.FREQ.items())
    same_table = wrong == 0 and table.total == jieba.dt.total
    print(
        f"entries of jieba's table looked up: {len(jieba.dt.FREQ)}, {wrong} differ; "
        f"total {table.total} vs jieba's {jieba.dt.total}"
    )

    files: set[Path] = set()
    seen: set[str] = set()
    whole = runs = whole_diff = run_diff = absent_wrong = fragments = 0
    for path, text in texts(not args.no_ingest):
        files.add(path)
        if text in seen:
            continue
        seen.add(text)
        whole += 1
        if cut(text) != jieba.lcut(text, HMM=False):
            whole_diff += 1
            print(f"whole text differs: {path}")
        for m in _RUN.finditer(text):
            if m.lastgroup == "cjk" and m.group() not in seen:
                seen.add(m.group())
                runs += 1
                run = m.group()
                for i in range(len(run)):  # what jieba's table lacks is absent here too
                    for j in range(i + 1, min(i + 6, len(run)) + 1):
                        fragments += 1
                        if run[i:j] not in jieba.dt.FREQ and table._entry(run[i:j]) is not None:
                            absent_wrong += 1
                if cut(m.group()) != jieba.lcut(m.group(), HMM=False):
                    run_diff += 1
                    print(f"run differs: {path}: {m.group()}")
    print(
        f"{len(files)} files, {whole} distinct texts: {whole_diff} cut differently; "
        f"{runs} distinct Chinese runs: {run_diff} cut differently; "
        f"{fragments} run fragments (up to 6 characters): {absent_wrong} found that jieba lacks"
    )
    return 0 if same_table and whole_diff == run_diff == absent_wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
