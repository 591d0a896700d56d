"""Screenshot of the review page for the README: ``docs/review.png``.

Starts the service on a free local port (temp data dir, SQLite, embedded
worker), uploads a sample report rendered as PDF, corrects one field by
keyboard and photographs the review view in Debian's Chromium.

    .venv/bin/python bench/screenshot.py [--out docs/review.png] [--text]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "000_29d121b4221180d5.txt"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN = "ek_screenshot_admin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _upload(url: str, name: str, data: bytes) -> tuple[str, str]:
    """Upload ``data``, wait for the extraction; return (document id, reviewer key)."""
    with httpx.Client(base_url=url, headers={"X-API-Key": ADMIN}, timeout=60) as c:
        key = c.post("/v1/keys", json={"name": "王审核", "role": "reviewer"}).json()["key"]
        doc_id = c.post("/v1/documents", files=[("files", (name, data))]).json()["documents"][0][
            "id"
        ]
        for _ in range(240):
            if c.get(f"/v1/documents/{doc_id}").json()["status"] == "done":
                return doc_id, key
            time.sleep(0.5)
    raise RuntimeError("extraction did not finish")


def take(out: Path, as_text: bool) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from service.app import create_app
    from service.settings import ServiceSettings

    text = SAMPLE.read_text(encoding="utf-8")
    if as_text:
        name, data = "柳州市民政局2022年度部门整体绩效自评表.txt", text.encode("utf-8")
    else:
        from extractor.training.scans import report_pdf

        name, data = "柳州市民政局2022年度部门整体绩效自评表.pdf", report_pdf(text)
    with tempfile.TemporaryDirectory() as tmp:
        settings = ServiceSettings(data_dir=Path(tmp), bootstrap_admin_key=ADMIN)
        app = create_app(settings)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        try:
            doc_id, key = _upload(url, name, data)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 860}, locale="zh-CN")
                page.goto(f"{url}/ui")
                page.evaluate(f"localStorage.setItem('extractor.apiKey', {key!r})")
                page.goto(f"{url}/ui#/doc/{doc_id}")
                page.reload()
                page.wait_for_selector("table.indicators tr.ind")
                # Correct the first row's actual value, then stop on a doubtful one.
                for k in ["ArrowUp"] * 20 + ["ArrowLeft"] * 10 + ["ArrowRight"] * 5:
                    page.keyboard.press(k)
                page.keyboard.press("e")
                page.keyboard.press("Control+a")
                page.keyboard.type("1700张")
                page.keyboard.press("Enter")
                page.wait_for_selector("#field-note")
                for k in ["ArrowDown"] * 4 + ["ArrowLeft"] * 2:
                    page.keyboard.press(k)
                page.wait_for_timeout(3000)  # the page image, its evidence box; the toast gone
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=15)
            app.state.runtime.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review.png")
    parser.add_argument("--text", action="store_true", help="upload the text file, not a PDF")
    args = parser.parse_args()
    take(args.out, args.text)
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
