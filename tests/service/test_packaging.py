"""`pip install extractor` is the library alone: extraction runs with none of
the service stack importable, and `extractor serve`/`worker` say what to install."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "000_29d121b4221180d5.txt"

# Run in a fresh interpreter where every service-stack module fails to import,
# as in an environment without the `service` extra.
_BLOCK = """
import sys
from extractor.cli import SERVICE_MODULES, main

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in SERVICE_MODULES:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Block())
sys.exit(main(sys.argv[1:]))
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _BLOCK, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_extraction_needs_no_service_module(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = _run("extract", str(SAMPLE), "--format", "json", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    assert '"indicators"' in out.read_text(encoding="utf-8")


def test_serve_and_worker_without_the_extra_say_what_to_install() -> None:
    for command in ("serve", "worker"):
        r = _run(command)
        assert r.returncode == 2
        assert "pip install 'extractor[service]'" in r.stderr
        assert "Traceback" not in r.stderr


def test_the_service_stack_is_an_extra() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(meta["dependencies"]).lower()
    service = " ".join(meta["optional-dependencies"]["service"]).lower()
    for name in ("fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "redis", "rq"):
        assert name in service and name not in core
    assert "'.[service,dev]'" in (ROOT / "scripts" / "setup.sh").read_text()
