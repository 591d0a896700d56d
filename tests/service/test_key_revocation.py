"""Revoke, rotate and expire API keys: through the admin API and ``extractor
keys``, effective at once in every service process.

"Every process" is two app instances on the same database and data folder
(each with its own key cache, as two uvicorn workers have) and the CLI run
as a separate process; both caches are warm before each change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import service.auth
from service.auth import ROLE_RANK
from service.key_cli import ROLES
from service.models import utcnow

ROOT = Path(__file__).resolve().parents[2]


def _new_key(svc: Any, role: str = "reviewer", **extra: Any) -> dict[str, Any]:
    r = svc.client.post("/v1/keys", json={"name": "张三", "role": role, **extra}, headers=svc.admin)
    assert r.status_code == 201, r.text
    return dict(r.json())


def _works(client: TestClient, key: str) -> int:
    return client.get("/v1/documents", headers={"X-API-Key": key}).status_code


def _cli(svc: Any, *args: str) -> Any:
    s = svc.settings
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "SERVICE_DATA_DIR": str(s.data_dir),
        "SERVICE_QUEUE_NAME": s.queue_name,
        "SERVICE_BOOTSTRAP_ORGANISATION": s.bootstrap_organisation,
        "SERVICE_KEY_PEPPER": s.key_pepper,
    }
    if s.database_url:
        env["DATABASE_URL"] = s.database_url
    if s.redis_url:
        env["REDIS_URL"] = s.redis_url
    done = subprocess.run(
        [sys.executable, "-m", "extractor.cli", "keys", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_revoke_takes_effect_at_once_everywhere(svc: Any, other: TestClient) -> None:
    key = _new_key(svc)
    assert _works(svc.client, key["key"]) == 200 and _works(other, key["key"]) == 200  # cached
    r = svc.client.post(f"/v1/keys/{key['id']}/revoke", headers=svc.admin)
    assert r.status_code == 200 and r.json()["revoked"] is True and r.json()["active"] is False
    assert "key" not in r.json()
    assert _works(other, key["key"]) == 401
    assert _works(svc.client, key["key"]) == 401
    again = svc.client.post(f"/v1/keys/{key['id']}/revoke", headers=svc.admin)
    assert again.json()["revoked_at"] == r.json()["revoked_at"]  # idempotent
    listed = other.get("/v1/keys", headers=svc.admin).json()["items"]
    assert next(k for k in listed if k["id"] == key["id"])["revoked"] is True


def test_rotate_gives_a_new_key_and_revokes_the_old(svc: Any, other: TestClient) -> None:
    old = _new_key(svc, "uploader")
    assert _works(other, old["key"]) == 200
    r = svc.client.post(f"/v1/keys/{old['id']}/rotate", headers=svc.admin)
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["replaces"] == old["id"] and new["key"] != old["key"]
    assert (new["name"], new["role"]) == (old["name"], old["role"])
    assert _works(other, old["key"]) == 401 and _works(other, new["key"]) == 200
    # A revoked key cannot be rotated back to life.
    assert svc.client.post(f"/v1/keys/{old['id']}/rotate", headers=svc.admin).status_code == 409


def test_expiry_set_cleared_and_reached(
    svc: Any, other: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    key = _new_key(svc, expires_at=soon)
    assert key["expires_at"] is not None and _works(other, key["key"]) == 200
    past = svc.client.post(
        "/v1/keys",
        json={"name": "x", "role": "uploader", "expires_at": "2001-01-01T00:00:00Z"},
        headers=svc.admin,
    )
    assert past.status_code == 422
    # Expire it now (a past time), in every instance at once; then lift the expiry.
    url = f"/v1/keys/{key['id']}"
    r = svc.client.patch(url, json={"expires_at": "2001-01-01T00:00:00Z"}, headers=svc.admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert _works(other, key["key"]) == 401
    r = svc.client.patch(url, json={"expires_at": None}, headers=svc.admin)
    assert r.json()["expires_at"] is None and _works(other, key["key"]) == 200
    # An expiry nobody touches: the clock passes it and a cached lookup is not used.
    svc.client.patch(url, json={"expires_at": soon}, headers=svc.admin)
    assert _works(other, key["key"]) == 200
    later = utcnow() + timedelta(days=2)
    monkeypatch.setattr(service.auth, "utcnow", lambda: later)
    assert _works(other, key["key"]) == 401 and _works(svc.client, key["key"]) == 401


def test_only_admins_of_the_organisation_manage_its_keys(svc: Any) -> None:
    key = _new_key(svc)
    reviewer = {"X-API-Key": key["key"]}
    assert svc.client.post(f"/v1/keys/{key['id']}/revoke", headers=reviewer).status_code == 403
    outsider = _new_key(svc, "admin", organisation="外单位-" + svc.settings.bootstrap_organisation)
    r = svc.client.post(f"/v1/keys/{key['id']}/revoke", headers={"X-API-Key": outsider["key"]})
    assert r.status_code == 404 and _works(svc.client, key["key"]) == 200
    assert svc.client.post("/v1/keys/nothing/revoke", headers=svc.admin).status_code == 404


def test_cli_changes_reach_running_services(svc: Any, other: TestClient) -> None:
    made = _cli(svc, "create", "--name", "李四", "--role", "reviewer")[0]
    assert made["key"].startswith("ek_") and _works(other, made["key"]) == 200
    listed = {k["id"]: k for k in _cli(svc, "list")}
    assert listed[made["id"]]["active"] is True and "key" not in listed[made["id"]]
    rotated = _cli(svc, "rotate", made["key"][:10])[0]  # by the key's first characters
    assert rotated["replaces"] == made["id"]
    assert _works(other, made["key"]) == 401 and _works(svc.client, rotated["key"]) == 200
    _cli(svc, "expire", rotated["id"], "--at", "2001-01-01T00:00:00")
    assert _works(other, rotated["key"]) == 401
    _cli(svc, "expire", rotated["id"], "--never")
    assert _works(other, rotated["key"]) == 200
    revoked = _cli(svc, "revoke", rotated["id"])[0]
    assert revoked["revoked"] is True
    assert _works(other, rotated["key"]) == 401 and _works(svc.client, rotated["key"]) == 401


def test_cli_roles_are_the_service_roles() -> None:
    assert list(ROLES) == sorted(ROLE_RANK, key=ROLE_RANK.__getitem__)
