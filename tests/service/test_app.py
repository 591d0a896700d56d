"""The app: health, metrics, OpenAPI, bootstrap key, migrations, bad uploads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient

from extractor.ingest.testing import broken_pdfs
from service.app import create_app
from service.db import alembic_config
from service.settings import ServiceSettings


def test_health_needs_no_key_and_reports_the_queue(svc: Any) -> None:
    r = svc.client.get("/healthz")
    assert r.status_code == 200
    expected: dict[str, Any] = {"status": "ok", "database": True, "queue": "embedded"}
    if svc.backend != "sqlite":
        expected.update(queue="redis", redis=True)
    assert r.json() == expected


def test_health_says_degraded_when_redis_is_gone(svc_factory: Any) -> None:
    svc = svc_factory("postgres-redis", redis_url="redis://127.0.0.1:1/0")
    r = svc.client.get("/healthz")
    assert r.status_code == 503 and r.json()["status"] == "degraded" and not r.json()["redis"]


def test_metrics_count_requests_and_documents_by_state(svc: Any, sample: Any) -> None:
    svc.upload([("a.txt", sample(0))])
    svc.client.get("/v1/documents", headers=svc.admin)
    text = svc.client.get("/metrics", headers=svc.admin).text
    assert 'service_requests_total{method="POST",route="/v1/documents",status="202"}' in text
    assert 'service_request_seconds_bucket{le="0.05",method="GET",route="/v1/documents"}' in text
    assert 'service_documents{status="queued"} 1.0' in text
    svc.drain()
    text = svc.client.get("/metrics", headers=svc.admin).text
    assert 'service_documents{status="done"} 1.0' in text


def test_openapi_and_docs_are_served(svc: Any) -> None:
    spec = svc.client.get("/openapi.json").json()
    for path in (
        "/v1/documents",
        "/v1/documents/{doc_id}/extraction",
        "/v1/documents/{doc_id}/indicators/{iid}",
        "/v1/review-queue",
        "/v1/exports",
        "/v1/keys",
        "/healthz",
        "/metrics",
    ):
        assert path in spec["paths"], path
    assert svc.client.get("/docs").status_code == 200


def test_migrations_reach_head(svc: Any) -> None:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    with svc.rt.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_without_migrating_an_old_schema_is_refused(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path / "data", migrate_on_start=False)
    with pytest.raises(RuntimeError, match="SERVICE_MIGRATE_ON_START"):
        create_app(settings, background=False)


def test_first_start_prints_an_admin_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = ServiceSettings(data_dir=tmp_path / "data")
    app = create_app(settings, background=False)
    err = capsys.readouterr().err
    assert "created the first admin key" in err
    key = err.strip().rsplit(" ", 1)[-1]
    with TestClient(app) as c:
        assert c.get("/v1/documents", headers={"X-API-Key": key}).status_code == 200
    app.state.runtime.close()
    again = create_app(settings, background=False)
    assert "admin key" not in capsys.readouterr().err
    again.state.runtime.close()


def _bad_files() -> list[tuple[str, bytes, int, str]]:
    pdfs = broken_pdfs()
    return [
        ("empty.txt", b"", 422, "empty_document"),
        ("blank.txt", b" \n\t\n", 422, "empty_document"),
        ("secret.pdf", pdfs["encrypted"], 422, "encrypted_pdf"),
        ("cut.pdf", pdfs["truncated"], 422, "corrupt_pdf"),
        ("report.pdf", "2022年度部门整体绩效自评表".encode(), 415, "mislabelled_file"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            415,
            "unsupported_file_type",
        ),
        ("x.zip", b"PK\x03\x04" + b"\x00" * 100, 422, "corrupt_file"),
        ("prog", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, 415, "unsupported_file_type"),
        ("noise.bin", bytes(range(256)) * 4, 415, "unsupported_file_type"),
    ]


@pytest.mark.parametrize(("name", "data", "status", "code"), _bad_files())
def test_bad_uploads_get_a_4xx_error_body_and_store_nothing(
    sqlite_svc: Any, name: str, data: bytes, status: int, code: str
) -> None:
    r = sqlite_svc.upload([(name, data)])
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert name in r.json()["error"]["message"]
    assert sqlite_svc.client.get("/v1/documents", headers=sqlite_svc.admin).json()["total"] == 0


def test_one_bad_file_rejects_the_whole_upload(sqlite_svc: Any, sample: Any) -> None:
    r = sqlite_svc.upload([("good.txt", sample(0)), ("bad.pdf", b"%PDF-1.4 nothing")])
    assert r.status_code == 422
    assert sqlite_svc.client.get("/v1/documents", headers=sqlite_svc.admin).json()["total"] == 0


def test_size_limit_is_configurable(svc_factory: Any, sample: Any) -> None:
    svc = svc_factory(max_upload_bytes=1000)
    r = svc.upload([("big.txt", sample(0))])
    assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"
    assert svc.upload([("small.txt", "绩效自评表\n".encode())]).status_code == 202


def test_nul_characters_give_no_server_error(svc: Any) -> None:
    """PostgreSQL refuses NUL in text columns; the service must clean or refuse it first."""
    report = "2022年度部门整体绩效自评表\n产出指标\t数量指标\t床位\t≥100张\t120张\n".encode()
    doc = svc.upload_done("a\x00b.txt", report)
    assert (
        "\x00" not in svc.client.get(f"/v1/documents/{doc}", headers=svc.admin).json()["filename"]
    )
    added = svc.client.post(
        f"/v1/documents/{doc}/indicators",
        json={"name": "x\x00y", "target": "≥1\x00个"},
        headers=svc.admin,
    )
    assert added.status_code == 201
    for path, params in [
        ("/v1/documents", {"department": "a\x00"}),
        (f"/v1/documents/{doc}/indicators/a%00b", {}),
        ("/v1/exports", {"approved": "false", "format": "xlsx"}),
        (f"/v1/documents/{doc}/history", {}),
    ]:
        assert svc.client.get(path, params=params, headers=svc.admin).status_code < 500, path
    key = svc.client.post("/v1/keys", json={"name": "a\x00", "role": "uploader"}, headers=svc.admin)
    assert key.status_code == 422
