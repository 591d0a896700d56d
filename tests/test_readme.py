"""The README's two commands are what CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_commands() -> None:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    ci = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8")
    for command in ("bash scripts/setup.sh", ".venv/bin/python -m pytest"):
        assert command in readme
        assert command in ci
