"""Page images: one pixel cap for every render (the OCR rule), rendered once.

A tiny PDF can declare a page of 14400 x 14400 points; at the page view's
default scale that is 28800 pixels a side (3.3 GB of RGBA). Every render
must stay under ``MAX_RENDER_SIDE`` whatever the MediaBox or scale, and a
page drawn once is served from the file store afterwards.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractor.ocr.pdf import RENDER_DPI
from extractor.ocr.pdf import render_page as ocr_render_page
from extractor.ocr.render_limit import MAX_RENDER_SIDE, capped_size

ROOT = Path(__file__).resolve().parents[2]


def blank_pdf(width: float, height: float) -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def _png_size(body: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(body)) as image:
        return image.size


def test_a_big_page_is_drawn_under_the_cap(sqlite_svc: Any) -> None:
    # 3000 pt at scale 2 would be 6000 px a side; the cap makes it 3400.
    r = sqlite_svc.upload([("big.pdf", blank_pdf(3000, 3000))])
    assert r.status_code == 202, r.text
    doc_id = r.json()["documents"][0]["id"]
    url = f"/v1/documents/{doc_id}/pages/1.png?scale=2"
    got = sqlite_svc.client.get(url, headers=sqlite_svc.admin)
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert _png_size(got.content) == (MAX_RENDER_SIDE, MAX_RENDER_SIDE)


def test_a_small_page_keeps_its_scale_and_wide_pages_keep_their_shape(sqlite_svc: Any) -> None:
    r = sqlite_svc.upload([("wide.pdf", blank_pdf(4000, 500)), ("a4.pdf", blank_pdf(595, 842))])
    wide, a4 = (d["id"] for d in r.json()["documents"])
    c, admin = sqlite_svc.client, sqlite_svc.admin
    w = c.get(f"/v1/documents/{wide}/pages/1.png?scale=4", headers=admin)
    assert _png_size(w.content) == capped_size(4000, 500, 4) == (MAX_RENDER_SIDE, 425)
    a = c.get(f"/v1/documents/{a4}/pages/1.png?scale=1.5", headers=admin)
    width, height = _png_size(a.content)
    assert abs(width - 595 * 1.5) <= 1 and abs(height - 842 * 1.5) <= 1


def test_a_rendered_page_is_served_from_the_store(
    sqlite_svc: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.routes.ui as ui

    r = sqlite_svc.upload([("a4.pdf", blank_pdf(595, 842))])
    doc = r.json()["documents"][0]
    calls: list[int] = []
    real = ui.render_page

    def counting(*args: Any) -> bytes:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(ui, "render_page", counting)
    url = f"/v1/documents/{doc['id']}/pages/1.png?scale=1.5"
    first = sqlite_svc.client.get(url, headers=sqlite_svc.admin)
    again = sqlite_svc.client.get(url, headers=sqlite_svc.admin)
    # 1.6 rounds to the same quarter: the same stored render.
    near = sqlite_svc.client.get(url.replace("1.5", "1.6"), headers=sqlite_svc.admin)
    assert first.content == again.content == near.content and len(calls) == 1
    stored = list((sqlite_svc.settings.data_dir / "pages").rglob("*.png"))
    assert [p.name for p in stored] == ["1@1.5.png"] and doc["sha256"] in str(stored[0])


def test_an_image_page_is_capped_too(sqlite_svc: Any) -> None:
    out = io.BytesIO()
    Image.new("L", (6800, 400), 255).save(out, format="PNG")
    r = sqlite_svc.upload([("scan.png", out.getvalue())])
    doc_id = r.json()["documents"][0]["id"]
    got = sqlite_svc.client.get(f"/v1/documents/{doc_id}/pages/1.png", headers=sqlite_svc.admin)
    assert _png_size(got.content) == (MAX_RENDER_SIDE, 200)


def test_ocr_and_page_view_share_the_rule() -> None:
    pdf = pdfium.PdfDocument(blank_pdf(14400, 7200))
    try:
        pixels, points_per_pixel = ocr_render_page(pdf, 1)
    finally:
        pdf.close()
    assert (pixels.shape[1], pixels.shape[0]) == capped_size(14400, 7200, RENDER_DPI / 72)
    assert pixels.shape[1] == MAX_RENDER_SIDE and points_per_pixel == 14400 / MAX_RENDER_SIDE


_LIMITED_RENDER = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (%d, %d))
    from service.pages import render_page
    png = render_page(sys.stdin.buffer.read(), "application/pdf", 1, 4.0)
    print(len(png))
    """
)


def test_the_601_byte_bomb_renders_in_bounded_memory() -> None:
    """The reported file: a 14400 pt square page at the largest scale, under a 1.5 GB
    address-space limit (uncapped it needs 57600 x 57600 x 4 bytes: 13 GB)."""
    bomb = blank_pdf(14400, 14400)
    assert len(bomb) < 1024
    limit = 1536 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED_RENDER % (limit, limit)],
        input=bomb,
        capture_output=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert int(done.stdout) > 0


def test_an_image_beyond_pillows_bomb_bound_is_refused_undecoded(sqlite_svc: Any) -> None:
    side = int((Image.MAX_IMAGE_PIXELS or 89_478_485) ** 0.5) + 100
    out = io.BytesIO()
    Image.new("1", (side, side), 1).save(out, format="PNG")  # 1 bit a pixel: cheap to make
    r = sqlite_svc.upload([("huge.png", out.getvalue())])
    assert r.status_code == 202, r.text
    doc_id = r.json()["documents"][0]["id"]
    with pytest.warns(Image.DecompressionBombWarning):
        got = sqlite_svc.client.get(f"/v1/documents/{doc_id}/pages/1.png", headers=sqlite_svc.admin)
    assert got.status_code == 422 and got.json()["error"]["code"] == "image_too_large"
