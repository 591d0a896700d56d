"""Browser fixtures: the service on a free local port (uvicorn in a thread,
temp data dir, SQLite, embedded worker) and Debian's Chromium driven by
Playwright. Everything is skipped, with the reason, where Chromium is missing."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN_KEY = "ek_browser_test_admin"


@dataclass
class LiveService:
    url: str
    admin: dict[str, str]

    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"X-API-Key": key} if key else self.admin
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def new_key(self, role: str, name: str) -> str:
        with self.client() as c:
            r = c.post("/v1/keys", json={"name": name, "role": role})
            r.raise_for_status()
            return str(r.json()["key"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_service(tmp_path: Path) -> Iterator[LiveService]:
    import uvicorn

    from service.app import create_app
    from service.settings import ServiceSettings

    settings = ServiceSettings(
        data_dir=tmp_path / "data",
        bootstrap_admin_key=ADMIN_KEY,
        bootstrap_organisation="browser-test",
    )
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield LiveService(f"http://127.0.0.1:{port}", {"X-API-Key": ADMIN_KEY})
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        app.state.runtime.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.errors = errors  # JS exceptions, checked by the tests
            # Anything the Content-Security-Policy blocked (Chromium logs it on the console).
            blocked: list[str] = []
            page.on(
                "console",
                lambda msg: (
                    blocked.append(msg.text) if "Content Security Policy" in msg.text else None
                ),
            )
            page.csp_violations = blocked
            yield page
        finally:
            browser.close()
