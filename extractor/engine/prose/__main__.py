"""``python -m extractor.engine.prose train|read``: train the prose model or
print what it reads from a report."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from extractor.engine.prose.reader import load_prose
from extractor.engine.prose.train import train_prose
from extractor.ingest import load_document


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m extractor.engine.prose")
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("train", help="train and print held-out span metrics")
    tr.add_argument("--data", type=Path, default=Path("training_data/prose"))
    tr.add_argument("--out", type=Path, required=True)
    tr.add_argument("--held-out", default="", help="comma-separated doc ids or gen-<dept>")
    rd = sub.add_parser("read", help="print the records read from one report")
    rd.add_argument("--model", type=Path, required=True)
    rd.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "train":
        held = {h for h in args.held_out.split(",") if h}
        start = time.perf_counter()
        metrics = train_prose(args.data, args.out, held)
        metrics["seconds"] = round(time.perf_counter() - start, 1)
        print(json.dumps(metrics, indent=1))
    else:
        reader = load_prose(args.model)
        for rec in reader.read(load_document(args.path)):
            print(
                json.dumps(rec.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
            )


if __name__ == "__main__":
    main()
