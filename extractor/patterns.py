"""Module-level regular expressions, their compiled programs kept between runs.

The package compiles ~150 patterns at import, many with classes of Chinese
numeral characters that ``re`` turns into 64K-character bitmaps: ~0.25 s of
CPU each start, a fifth of a one-file extraction. ``re`` cannot store a
compiled pattern (pickling recompiles it), so the program ``re`` compiles is
kept instead, beside the package's bytecode (``__pycache__``), and handed back
to ``_sre``, the engine behind ``re``, on later runs. The file is keyed by the
interpreter's bytecode tag and the engine's program version; where it cannot
be read or written, or the engine's interface differs, patterns compile as
``re.compile`` would, to the same program.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

try:  # CPython's regex engine and compiler (private; absent or different elsewhere)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    TAG = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - other interpreters
    TAG = ""

STORE = Path(__file__).resolve().parent / "__pycache__" / f"patterns.{TAG}.marshal"

#: (pattern, flags) -> (flags with the pattern's own, program, groups, group index, index group)
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_programs: dict[tuple[str, int], Program] = {}
_added = False


def _load(path: Path) -> dict[tuple[str, int], Program]:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _program(pattern: str, flags: int) -> Program:
    """What ``re._compiler.compile`` hands ``_sre.compile``, computed the same way."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The compiler's opcodes are int subclasses, which marshal does not store.
    program = [int(word) for word in code]
    state_flags = int(flags | parsed.state.flags)
    return (state_flags, program, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _from_program(pattern: str, program: Program) -> re.Pattern[str]:
    compiled: re.Pattern[str] = _sre.compile(pattern, *program)
    return compiled


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001
    """``re.compile(pattern, flags)`` for a pattern fixed in the source."""
    global _added
    if not TAG:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    program = _programs.get(key)
    try:
        if program is None:
            program = _program(pattern, int(flags))
            _programs[key] = program
            _added = True
        return _from_program(pattern, program)
    except Exception:  # the engine's private interface changed: compile as re does
        return re.compile(pattern, flags)


def _save() -> None:
    """Store the programs when this run compiled any the file lacked."""
    if not _added:
        return
    known = _load(STORE)
    known.update(_programs)
    temporary = STORE.with_name(f"{STORE.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, ValueError):
        STORE.parent.mkdir(exist_ok=True)
        temporary.write_bytes(marshal.dumps(known))
        os.replace(temporary, STORE)  # whole, for a process reading it meanwhile
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def _init() -> Any:
    if TAG:
        _programs.update(_load(STORE))
        atexit.register(_save)


_init()
