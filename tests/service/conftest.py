"""Service fixtures: one app per test on a fresh database.

``svc`` runs each test twice: on SQLite with the embedded (thread) job
runner, and on the PostgreSQL + Redis of this machine (a fresh schema and
queue per test, dropped afterwards; skipped where they do not answer).
Jobs are run by ``Svc.drain`` so tests decide when work happens.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.jobs import next_claimable, process_document, run_worker
from service.runtime import Runtime
from service.settings import ServiceSettings

PG_URL = os.environ.get("SERVICE_TEST_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SERVICE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=2):
            return True
    except Exception:
        return False


def _redis_available() -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


_PG = _pg_available()
_REDIS = _redis_available()


@dataclass
class Svc:
    app: FastAPI
    client: TestClient
    settings: ServiceSettings
    admin: dict[str, str]
    backend: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rt(self) -> Runtime:
        rt: Runtime = self.app.state.runtime
        return rt

    def drain(self) -> None:
        """Run every pending job to the end."""
        if self.settings.embedded:
            while (doc_id := next_claimable(self.rt)) is not None:
                process_document(self.rt, doc_id)
        else:
            run_worker(burst=True, settings=self.settings)

    def key(
        self, role: str, organisation: str | None = None, name: str | None = None
    ) -> dict[str, str]:
        body: dict[str, Any] = {"name": name or f"{role}-{uuid.uuid4().hex[:6]}", "role": role}
        if organisation:
            body["organisation"] = organisation
        r = self.client.post("/v1/keys", json=body, headers=self.admin)
        assert r.status_code == 201, r.text
        return {"X-API-Key": r.json()["key"]}

    def upload(self, files: list[tuple[str, bytes]], headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            "/v1/documents",
            files=[("files", (name, data)) for name, data in files],
            headers=headers or self.admin,
        )

    def upload_done(self, name: str, data: bytes, headers: dict[str, str] | None = None) -> str:
        r = self.upload([(name, data)], headers)
        assert r.status_code == 202, r.text
        self.drain()
        return str(r.json()["documents"][0]["id"])


def sample_bytes(i: int = 0, variant: int = 0) -> bytes:
    """A real sample report; ``variant`` makes the bytes (and sha256) distinct."""
    data = EXAMPLES[i % len(EXAMPLES)].read_bytes()
    return data + (f"\n备注 {variant}\n".encode() if variant else b"")


def _settings(tmp: Path, backend: str, tag: str, **over: Any) -> ServiceSettings:
    base: dict[str, Any] = {
        "data_dir": tmp / "data",
        "bootstrap_admin_key": f"ek_test_admin_{tag}",
        "bootstrap_organisation": f"org-{tag}",
        "lease_seconds": 30.0,
    }
    if backend == "postgres-redis":
        base["database_url"] = f"{PG_URL}?options=-csearch_path%3Dsvc_{tag}"
        base["redis_url"] = REDIS_URL
        base["queue_name"] = f"svc-test-{tag}"
    base.update(over)
    return ServiceSettings(**base)


def _prepare(backend: str, tag: str) -> None:
    if backend == "postgres-redis":
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA svc_{tag}")


def _cleanup(backend: str, tag: str) -> None:
    if backend != "postgres-redis":
        return
    import psycopg
    from redis import Redis

    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS svc_{tag} CASCADE")
    r = Redis.from_url(REDIS_URL)
    keys = list(r.scan_iter(f"*svc-test-{tag}*"))
    if keys:
        r.delete(*keys)


def make_svc(tmp: Path, backend: str, **over: Any) -> Iterator[Svc]:
    if backend == "postgres-redis" and not (_PG and _REDIS):
        pytest.skip("PostgreSQL or Redis on 127.0.0.1 not reachable")
    tag = uuid.uuid4().hex[:12]
    _prepare(backend, tag)
    settings = _settings(tmp, backend, tag, **over)
    app = create_app(settings, background=False)
    try:
        with TestClient(app) as client:
            yield Svc(
                app=app,
                client=client,
                settings=settings,
                admin={"X-API-Key": settings.bootstrap_admin_key or ""},
                backend=backend,
            )
    finally:
        app.state.runtime.close()
        _cleanup(backend, tag)


BACKENDS = [
    "sqlite",
    pytest.param("postgres-redis", marks=[pytest.mark.postgres, pytest.mark.redis]),
]


@pytest.fixture(params=BACKENDS)
def svc(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Svc]:
    yield from make_svc(tmp_path, request.param)


@pytest.fixture
def sqlite_svc(tmp_path: Path) -> Iterator[Svc]:
    yield from make_svc(tmp_path, "sqlite")


@pytest.fixture
def sample() -> Any:
    """``sample(i, variant)``: bytes of a real report, distinct per variant."""
    return sample_bytes


@pytest.fixture
def other(svc: Any) -> Iterator[TestClient]:
    """A second service instance: the same database and data folder, its own caches."""
    app = create_app(svc.settings, background=False)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.runtime.close()


@pytest.fixture
def svc_factory(tmp_path: Path) -> Iterator[Any]:
    """``svc_factory(backend="sqlite", **settings)``: a service with other settings."""
    made: list[Iterator[Svc]] = []

    def make(backend: str = "sqlite", **over: Any) -> Svc:
        gen = make_svc(tmp_path / uuid.uuid4().hex[:8], backend, **over)
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        gen.close()  # type: ignore[attr-defined]
