"""Every blob store keeps uploads by sha256 and streams them back in chunks:
the data folder, the database and an S3-compatible bucket. The S3 store is
tested against moto's standalone server, a real HTTP S3 endpoint started on
127.0.0.1 (installed by the dev extra; skipped where it is missing)."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.db import make_engine, make_sessionmaker, upgrade_to_head
from service.settings import ServiceSettings
from service.store import CHUNK_BYTES, BlobStore, DatabaseStore, FileStore, S3Store, make_store

# Larger than one chunk and than one multipart part, not a multiple of either.
BIG = os.urandom(8 * CHUNK_BYTES + 12345) + "产出指标".encode() * 1000


PG_URL = os.environ.get("SERVICE_TEST_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")


def _pg_connect() -> Any:
    import psycopg

    return psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True, connect_timeout=2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("boto3")
    pytest.importorskip("moto.server", reason="moto[server] not installed")
    port = _free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("moto server did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _s3_settings(tmp: Path, endpoint: str, **over: Any) -> ServiceSettings:
    import boto3

    bucket = f"reports-{uuid.uuid4().hex[:10]}"
    settings = ServiceSettings(
        data_dir=tmp / "data",
        blob_store="s3",
        s3_bucket=bucket,
        s3_endpoint_url=endpoint,
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        **over,
    )
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket)
    return settings


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the PostgreSQL of this machine, dropped afterwards."""
    tag = uuid.uuid4().hex[:12]
    try:
        with _pg_connect() as conn:
            conn.execute(f"CREATE SCHEMA blobs_{tag}")
    except Exception:
        pytest.skip("PostgreSQL on 127.0.0.1 not reachable")
    try:
        yield f"{PG_URL}?options=-csearch_path%3Dblobs_{tag}"
    finally:
        with _pg_connect() as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS blobs_{tag} CASCADE")


@pytest.fixture(
    params=["files", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres), "s3"]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "files":
        yield FileStore(tmp_path / "files")
        return
    if request.param in ("sqlite", "postgres"):
        url = (
            request.getfixturevalue("postgres_url")
            if request.param == "postgres"
            else f"sqlite:///{tmp_path / 'db.sqlite'}"
        )
        engine = make_engine(url)
        upgrade_to_head(engine)
        yield DatabaseStore(make_sessionmaker(engine))
        engine.dispose()
        return
    settings = _s3_settings(tmp_path, request.getfixturevalue("s3_endpoint"))
    yield make_store(settings, make_sessionmaker(make_engine("sqlite://")))


def test_a_file_streams_in_and_out_unchanged(store: BlobStore) -> None:
    sha = store.put_file(io.BytesIO(BIG))
    assert sha == hashlib.sha256(BIG).hexdigest()
    parts = list(store.chunks(sha))
    assert max(len(p) for p in parts) <= CHUNK_BYTES  # handed back a chunk at a time
    assert len(parts) > 1
    assert b"".join(parts) == BIG
    assert store.put_file(io.BytesIO(BIG)) == sha  # stored once, by content
    assert store.get(sha) == BIG


def test_small_and_empty_files_round_trip(store: BlobStore) -> None:
    for data in (b"", "部门名称\t民政局\n".encode()):
        assert store.get(store.put(data)) == data


def test_an_unknown_file_is_not_found(store: BlobStore) -> None:
    with pytest.raises(FileNotFoundError):
        store.get("0" * 64)


def test_the_s3_store_is_chosen_by_settings_and_reads_older_folder_files(
    tmp_path: Path, s3_endpoint: str
) -> None:
    settings = _s3_settings(tmp_path, s3_endpoint)
    store = make_store(settings, make_sessionmaker(make_engine("sqlite://")))
    assert isinstance(store, S3Store)
    old = FileStore(settings.files_dir).put("旧文件".encode())
    assert store.get(old) == "旧文件".encode()


def test_the_service_keeps_uploads_in_the_bucket(
    svc_factory: Any, sample: Any, tmp_path: Path, s3_endpoint: str
) -> None:
    settings = _s3_settings(tmp_path, s3_endpoint)
    svc = svc_factory(
        **{
            k: getattr(settings, k)
            for k in ServiceSettings.model_fields
            if k.startswith(("s3_", "blob"))
        }
    )
    data = sample(0, 7)
    doc_id = svc.upload_done("report.txt", data)
    assert not any((svc.settings.data_dir / "files").rglob("*"))  # not in the folder
    r = svc.client.get(f"/v1/documents/{doc_id}/source", headers=svc.admin)
    assert r.status_code == 200 and r.content == data
    done = svc.client.get(f"/v1/documents/{doc_id}", headers=svc.admin).json()
    assert done["status"] == "done", done


def test_the_same_file_stored_at_once_by_two_uploads(store: BlobStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = BIG[: 3 * CHUNK_BYTES]
    with ThreadPoolExecutor(2) as pool:
        shas = list(pool.map(lambda _: store.put_file(io.BytesIO(data)), range(2)))
    assert shas[0] == shas[1] == hashlib.sha256(data).hexdigest()
    assert store.get(shas[0]) == data
