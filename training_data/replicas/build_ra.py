"""Build the corpus-a replicas: docs/ra_*.<ext>, gold/ra_*.json, manifest/corpus_a.jsonl.

    cd <worktree> && PYTHONPATH=$PWD /work/main/.venv/bin/python \\
        training_data/replicas/build_ra.py [A1 A2 ...] [--review]

Each layout module (ra_a1.py …) holds hand-written content for a layout seen
in published reports (structure and damage only; names and numbers invented).
--review prints every value text with its gold reading for checking by eye.
"""

from __future__ import annotations

import importlib
import sys

from reportlab import rl_config

rl_config.invariant = 1  # PDFs without creation dates or random ids: same bytes each build

from ra_common import value_review, write  # noqa: E402

LAYOUTS = ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]


def main(argv: list[str]) -> int:
    wanted = [a.upper() for a in argv if not a.startswith("--")] or LAYOUTS
    docs = []
    for name in wanted:
        module = importlib.import_module(f"ra_{name.lower()}")
        docs += module.DOCS
    write(docs)
    for d in docs:
        print(f"{d.filename:32} {d.fmt:5} {d.split:6} {len(d.gold()['indicators']):3} rows")
    if "--review" in argv:
        print(value_review())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
