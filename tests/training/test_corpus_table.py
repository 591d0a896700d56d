"""training_data/README.md lists every document of the corpus with its layout."""

from __future__ import annotations

from support import TRAINING

from extractor.training.corpus import corpus_table, load_corpus, load_manifest


def test_readme_table_is_the_manifest() -> None:
    readme = (TRAINING / "README.md").read_text(encoding="utf-8")
    assert corpus_table(TRAINING) in readme, (
        "regenerate: python -c 'from pathlib import Path; from extractor.training.corpus "
        'import write_corpus_table; write_corpus_table(Path("training_data"))\''
    )


def test_every_gold_document_has_a_manifest_line() -> None:
    manifest = load_manifest(TRAINING)
    missing = [gd.stem for gd in load_corpus(TRAINING) if gd.stem not in manifest]
    assert not missing
    assert all(e.get("description") for e in manifest.values())
