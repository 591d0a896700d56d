"""The review page's routes: the page and its files, the extracted text that
evidence offsets index into, page sizes and page images."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from extractor.ingest import load_bytes
from extractor.training.scans import report_pdf


def test_page_and_static_files(sqlite_svc: Any) -> None:
    c = sqlite_svc.client
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/ui"
    page = c.get("/ui")
    assert page.status_code == 200 and "预算绩效指标审核" in page.text
    # Every file the page names is served, with a type a browser accepts for it.
    for name, media in [("main.js", "javascript"), ("app.css", "text/css")]:
        r = c.get(f"/ui/static/{name}")
        assert r.status_code == 200 and media in r.headers["content-type"]
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN
    for bad in ("../app.py", "..%2Fapp.py", "nothing.js"):
        assert c.get(f"/ui/static/{bad}").status_code == 404


def test_text_is_what_evidence_indexes(sqlite_svc: Any, sample: Any) -> None:
    uploader = sqlite_svc.key("uploader")
    doc_id = sqlite_svc.upload_done("report.txt", sample(0), uploader)
    body = sqlite_svc.client.get(f"/v1/documents/{doc_id}/text", headers=uploader).json()
    text = body["text"]
    assert text == load_bytes(sample(0), "report.txt").text
    ex = sqlite_svc.client.get(f"/v1/documents/{doc_id}/extraction", headers=uploader).json()
    for rec in ex["indicators"]:
        ev = rec["name"]["evidence"]
        assert text[ev["char_start"] : ev["char_end"]] == rec["name"]["value"]
    pages = sqlite_svc.client.get(f"/v1/documents/{doc_id}/pages", headers=uploader).json()
    assert pages["images"] is False  # a text file: the page shows the text
    r = sqlite_svc.client.get(f"/v1/documents/{doc_id}/pages/1.png", headers=uploader)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_pdf_pages_render_with_evidence_boxes(sqlite_svc: Any, sample: Any) -> None:
    pdf = report_pdf(sample(0).decode("utf-8"))
    doc_id = sqlite_svc.upload_done("report.pdf", pdf)
    c, admin = sqlite_svc.client, sqlite_svc.admin
    pages = c.get(f"/v1/documents/{doc_id}/pages", headers=admin).json()
    assert pages["images"] is True and len(pages["pages"]) >= 1
    first = pages["pages"][0]
    r = c.get(f"/v1/documents/{doc_id}/pages/1.png?scale=1.5", headers=admin)
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(r.content))
    assert abs(image.width - first["width"] * 1.5) <= 2  # points x scale: boxes line up
    # Every name's box lies on its page.
    ex = c.get(f"/v1/documents/{doc_id}/extraction", headers=admin).json()
    sizes = {p["number"]: p for p in pages["pages"]}
    boxes = [rec["name"]["evidence"] for rec in ex["indicators"] if rec["name"].get("evidence")]
    assert boxes
    for ev in boxes:
        x0, y0, x1, y1 = ev["bbox"]
        size = sizes[ev["page"]]
        assert 0 <= x0 < x1 <= size["width"] and 0 <= y0 < y1 <= size["height"]
    assert c.get(f"/v1/documents/{doc_id}/pages/99.png", headers=admin).status_code == 404


def test_keys_and_organisations(sqlite_svc: Any, sample: Any) -> None:
    doc_id = sqlite_svc.upload_done("report.txt", sample(0))
    other = sqlite_svc.key("reviewer", organisation="另一个局")
    c = sqlite_svc.client
    for path in ("text", "pages", "pages/1.png", "labelstudio"):
        assert c.get(f"/v1/documents/{doc_id}/{path}").status_code == 401
        assert c.get(f"/v1/documents/{doc_id}/{path}", headers=other).status_code == 404
