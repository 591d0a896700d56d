"""The command line: outputs, bad input, value parsing."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest
from support import EXAMPLES

from extractor.cli import main
from extractor.export import FLAT_COLUMNS

GOOD = EXAMPLES / "000_29d121b4221180d5.txt"


def test_single_file_to_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "OUT.json"
    assert main(["extract", str(GOOD), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1" and len(data["indicators"]) == 14
    err = capsys.readouterr().err
    assert "department_self_evaluation" in err and "14 indicators" in err


def test_bad_files_are_reported_and_the_rest_still_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes(GOOD.read_bytes())
    (src / "gbk.txt").write_bytes(GOOD.read_text(encoding="utf-8").encode("gb18030"))
    (src / "empty.txt").write_bytes(b"")
    (src / "fake.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (src / "junk.bin").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    code = main(["extract", str(src), "-o", str(out), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert sorted(p.name for p in out.glob("*.json")) == ["gbk.json", "good.json"]
    assert not list(out.glob(".*"))  # no temp files left behind
    lines = [
        ln for ln in err.splitlines() if ln.startswith("extractor: ") and "files failed" not in ln
    ]
    assert len(lines) == 3
    assert any("empty.txt" in ln and "empty document" in ln for ln in lines)
    assert any("fake.pdf" in ln and "PDF" in ln for ln in lines)
    assert any("junk.bin" in ln and "unsupported file type" in ln for ln in lines)
    assert "Traceback" not in err
    gbk = json.loads((out / "gbk.json").read_text(encoding="utf-8"))
    assert gbk["department"]["value"] == "柳州市民政局"


def test_parallel_batch_keeps_input_order_and_reports_each_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # More files than the workers hold in flight (4 a worker), a bad one in the middle.
    src = tmp_path / "in"
    src.mkdir()
    examples = sorted(EXAMPLES.glob("*.txt"))
    names = [f"{i:02d}.txt" for i in range(11)]
    for i, name in enumerate(names):
        (src / name).write_bytes(b"" if i == 5 else examples[i % len(examples)].read_bytes())
    out = tmp_path / "out"
    code = main(["extract", str(src), "-o", str(out), "-j", "2"])
    err = capsys.readouterr().err
    assert code == 1
    good = [n for n in names if n != "05.txt"]
    assert sorted(p.name for p in out.glob("*.json")) == [n[:-4] + ".json" for n in good]
    for name in good:
        data = json.loads((out / f"{name[:-4]}.json").read_text(encoding="utf-8"))
        assert data["source"]["filename"] == name and data["indicators"]
    # One line per file, in input order, the bad one where it was.
    lines = [ln for ln in err.splitlines() if "files failed" not in ln]
    assert [re.search(r"\d\d\.txt", ln).group() for ln in lines] == names  # type: ignore[union-attr]
    assert "empty document" in lines[5]


def test_csv_export_has_the_stable_columns(tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert main(["extract", str(GOOD), "--format", "csv", "-o", str(out), "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0].keys()) == FLAT_COLUMNS
    assert len(rows) == 14


def test_value_batch(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        '{"input": "不少于95%"}', '{"input": null}', "not json", '{"input": "一万零三百人"}',
        '{"text": "5"}', "[1, 2]",
    ]  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["value", "--batch"]) == 0
    got = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert len(got) == 6
    assert (got[0]["op"], got[0]["value"], got[0]["unit"]) == (">=", 95, "%")
    assert got[1]["kind"] == "missing" and got[1]["text"] is None
    assert "error" in got[2]
    assert (got[3]["value"], got[3]["unit"]) == (10300, "人")
    assert got[4] == {"error": 'no "input" key'} and got[5] == {"error": 'no "input" key'}
