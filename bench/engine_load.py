"""Model load time and memory of the engine.

Prints, in one process: the time to load the shipped model folder against
the time to build a blank spaCy Chinese pipeline (the baseline any spaCy
based reader pays), then the resident memory after loading, after a form
without indicator prose, and after a narrative report (which loads the
prose reader). Aims: load under 2 s, peak memory under 500 MB.

usage: python bench/engine_load.py [MODEL_DIR]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    model_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "models" / "default"
    t0 = time.perf_counter()
    import spacy

    spacy.blank("zh")
    baseline = time.perf_counter() - t0

    from extractor.engine.models import load_models
    from extractor.pipeline import extract

    t1 = time.perf_counter()
    models = load_models(model_dir)
    load = time.perf_counter() - t1
    after_load = rss_mb()
    extract(ROOT / "examples" / "000_29d121b4221180d5.txt", model_dir=model_dir)
    after_form = rss_mb()
    t2 = time.perf_counter()
    extract(ROOT / "examples" / "002_99ad04c7f5e868a1.txt", model_dir=model_dir)
    first_prose = time.perf_counter() - t2
    after_prose = rss_mb()
    print(f"model folder: {model_dir} (missing parts: {models.missing or 'none'})")
    print(f"baseline spacy.blank('zh'): {baseline:.2f} s")
    print(f"load_models: {load:.2f} s  ({load / baseline:.2f}x baseline)")
    print(f"first narrative report (loads the prose reader): {first_prose:.2f} s")
    print(
        f"peak RSS: after load {after_load:.0f} MB, after a form {after_form:.0f} MB, "
        f"after a narrative report {after_prose:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
