"""Big5 (traditional characters, as saved on Windows in cp950): decoded as
Big5 rather than as the GB18030 it also happens to be valid as, whole or a
line at a time, and extracted exactly like the same text in UTF-8."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.ingest import load_bytes
from extractor.ingest.decode import decode_text
from extractor.pipeline import extract_document

REPLICA = Path(__file__).parent / "fixtures" / "big5_forestry_self_evaluation.txt"
DATA = REPLICA.read_bytes()
TEXT = DATA.decode("cp950")


def test_the_big5_replica_is_valid_gb18030_too() -> None:
    # Why detection is needed at all: the bytes decode as GB18030, into other characters.
    assert DATA.decode("gb18030") != TEXT


def test_the_big5_replica_decodes_as_big5() -> None:
    decoded = decode_text(DATA)
    assert decoded is not None
    assert decoded == (TEXT, "cp950")


LINES = [ln for ln in DATA.split(b"\r\n") if ln.strip()]


@pytest.mark.parametrize("line", LINES, ids=[f"line{n}" for n in range(len(LINES))])
def test_every_line_pasted_alone_decodes_as_written(line: bytes) -> None:
    decoded = decode_text(line)
    assert decoded is not None and decoded[0] == line.decode("cp950")


def _rows(data: bytes) -> list[tuple[object, ...]]:
    out = extract_document(load_bytes(data, "report.txt")).to_json_dict()
    return [
        (
            i["level1"]["value"],
            i["name"]["value"],
            i["target"]["text"],
            i["target"]["op"],
            i["target"]["value"],
            i["actual"]["text"],
        )
        for i in out["indicators"]
    ]


def test_the_big5_replica_extracts_like_its_utf8_twin() -> None:
    rows = _rows(DATA)
    assert rows == _rows(TEXT.encode("utf-8"))
    assert len(rows) == 9
    assert ("产出指标", "組建專業巡護隊伍數量", "≧10支", ">=", 10, "12支") in rows
    assert ("效益指标", "森林火災受害率", "≦0.09％", "<=", 0.09, "0.012％") in rows


def test_a_big5_web_page_reads_like_the_text() -> None:
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>\n"
        for line in TEXT.split("\r\n")
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        f"<title>績效自評表</title></head><body><table>\n{rows}</table></body></html>"
    )
    doc = load_bytes(page.encode("cp950"), "report.html")
    assert doc.source.media_type == "text/html"
    assert "組建專業巡護隊伍數量" in doc.text
    assert len(_rows(page.encode("cp950"))) == 9
