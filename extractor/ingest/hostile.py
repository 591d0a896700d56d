"""Hostile inputs for the resource tests and ``bench/ingest_memory.py``.

Each builder returns a small file that costs a naive reader far more than
its size: zip bombs (DOCX/XLSX whose XML inflates to ``inflated`` bytes),
a sheet with cells at both ends of the grid, a PDF of many image pages, a
TIFF of many frames, and a big text. Sizes are parameters, so a test can use
a bomb just big enough to break its memory limit and the bench the full one.
Members are written streaming, so building a bomb never holds it inflated.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

_CHUNK = 1 << 20
# Long runs of one byte inside each text: bzip2 (run-length coded first)
# packs them as fast as zeros, where short repeated units are its slowest case.
_PAD = b" " * 4000

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b"%s</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="%s"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_S = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _repeated(head: bytes, unit: bytes, tail: bytes, size: int) -> Iterator[bytes]:
    yield head
    per_chunk = max(1, _CHUNK // len(unit))
    units = max(1, (size - len(head) - len(tail)) // len(unit))  # whole units: well-formed XML
    while units > 0:
        n = min(units, per_chunk)
        yield unit * n
        units -= n
    yield tail


def _package(members: dict[str, bytes | Iterator[bytes]], method: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            if isinstance(content, bytes):
                zf.writestr(name, content)
                continue
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            with zf.open(info, "w", force_zip64=True) as out:
                for chunk in content:
                    out.write(chunk)
    return buf.getvalue()


def docx_bomb(inflated: int, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX whose ``word/document.xml`` (valid XML: paragraph after
    paragraph) inflates to about ``inflated`` bytes."""
    override = (
        b'<Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    )
    body = _repeated(
        b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + _W + b"><w:body>",
        "<w:p><w:r><w:t>年度指标值".encode() + _PAD + b"</w:t></w:r></w:p>",
        b"</w:body></w:document>",
        inflated,
    )
    return _package(
        {
            "[Content_Types].xml": _CONTENT_TYPES % override,
            "_rels/.rels": _RELS % b"word/document.xml",
            "word/document.xml": body,
        },
        method,
    )


def _xlsx(sheet: bytes | Iterator[bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    overrides = (
        b'<Override PartName="/xl/workbook.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    workbook = (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook ' + _S + b" " + _R + b">"
        b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    return _package(
        {
            "[Content_Types].xml": _CONTENT_TYPES % overrides,
            "_rels/.rels": _RELS % b"xl/workbook.xml",
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": sheet,
        },
        method,
    )


def xlsx_bomb(inflated: int, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An XLSX whose one sheet (row after row of inline strings) inflates to
    about ``inflated`` bytes."""
    sheet = _repeated(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _S + b"><sheetData>",
        b'<row><c t="inlineStr"><is><t>100' + _PAD + b'</t></is></c><c t="n"><v>95</v></c></row>',
        b"</sheetData></worksheet>",
        inflated,
    )
    return _xlsx(sheet, method)


def xlsx_far_cells() -> bytes:
    """A tiny XLSX with cells at A1 and XFD1048576 (the last cell of a sheet),
    and a merge over the whole grid between them."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _S + b">"
        b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>last</t></is></c></row>'
        b'</sheetData><mergeCells count="1"><mergeCell ref="B2:XFC1048575"/></mergeCells>'
        b"</worksheet>"
    )
    return _xlsx(sheet)


def pdf_image_pages(pages: int) -> bytes:
    """A PDF of ``pages`` pages showing one shared small image (no text
    layer), so each page asks for OCR while the file stays small."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(img).rectangle((10, 10, 390, 110), outline=0, width=3)
    reader = ImageReader(img)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    for _ in range(pages):
        c.drawImage(reader, 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    return buf.getvalue()


def tiff_frames(frames: int, size: tuple[int, int] = (2480, 3508)) -> bytes:
    """A multi-page TIFF of ``frames`` A4 300 dpi bilevel frames (Group 4: a
    few hundred bytes each, 8.7 megapixels once decoded)."""
    from PIL import Image, ImageDraw

    page = Image.new("1", size, 1)
    w, h = size
    ImageDraw.Draw(page).rectangle((w // 12, h // 16, w - w // 12, h // 8), outline=0, width=4)
    buf = io.BytesIO()
    rest = [page.copy() for _ in range(frames - 1)]
    page.save(buf, format="TIFF", compression="group4", save_all=True, append_images=rest)
    return buf.getvalue()


def big_text(size: int, sample: str) -> bytes:
    """UTF-8 text of about ``size`` bytes: ``sample`` repeated."""
    unit = sample.encode("utf-8")
    return (unit * (size // max(len(unit), 1) + 1))[:size].decode("utf-8", "ignore").encode()


# Run in a fresh interpreter: imports every backend, reads the file (its peak
# RSS then is the baseline), caps the address space, runs ``load_bytes``.
_CHILD = r"""
import json, resource, sys, time
def hwm_kb():  # VmHWM: peak RSS of this process (ru_maxrss survives exec from the parent)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
import extractor.ingest.docx, extractor.ingest.image, extractor.ingest.pdf, extractor.ingest.xlsx
from extractor.errors import ExtractionError
from extractor.ingest import load_bytes
data = open(sys.argv[1], "rb").read()
limit = int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
base = hwm_kb()
t0 = time.perf_counter()
try:
    doc = load_bytes(data, sys.argv[1].rsplit("/", 1)[-1])
    out = {"outcome": "ok", "pages": len(doc.pages), "chars": len(doc.text),
           "warnings": [w.code for w in doc.warnings]}
except ExtractionError as exc:
    out = {"outcome": exc.code, "message": exc.message[:200]}
except MemoryError:
    out = {"outcome": "MemoryError"}
out["seconds"] = round(time.perf_counter() - t0, 2)
peak = hwm_kb()
out["base_mb"] = round(base / 1024, 1)
out["growth_mb"] = round((peak - base) / 1024, 1)
print(json.dumps(out))
"""


def load_limited(
    path: Path, limit_mb: int, timeout: float, env: dict[str, str] | None = None
) -> dict[str, object]:
    """``load_bytes`` on ``path`` in a subprocess under ``RLIMIT_AS`` of
    ``limit_mb``: the outcome (an error code, ``ok``, ``MemoryError``,
    ``timeout`` or ``crash``), seconds, and peak RSS growth over the baseline."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(limit_mb)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": round(time.perf_counter() - t0, 1)}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"outcome": "crash", "returncode": proc.returncode, "stderr": tail[0][:200]}
    result: dict[str, object] = json.loads(lines[-1])
    return result
