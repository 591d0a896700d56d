"""Admin: create, list, revoke, rotate and expire API keys.

A change takes effect at once in every service process (``service.key_epoch``).
Admins manage their own organisation's keys; admins of the operator
organisation (the bootstrap one) also those of other organisations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from service import key_admin
from service.auth import Principal, Role, create_key
from service.deps import Admin, RuntimeDep, SessionDep
from service.errors import ApiError
from service.models import ApiKey, Organisation, utcnow
from service.openapi import errors
from service.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["keys"])


_PRINTABLE = r"^[^\x00-\x1f]+$"


def _future(value: datetime | None) -> datetime | None:
    if value is not None and key_admin.utc_naive(value) <= utcnow():
        raise ValueError("must be in the future")
    return value


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        ...,
        min_length=1,
        max_length=200,
        pattern=_PRINTABLE,
        description="shown in the audit trail",
    )
    role: Role
    organisation: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        pattern=_PRINTABLE,
        description="default: the caller's organisation",
    )
    expires_at: datetime | None = Field(None, description="the key stops working then (UTC)")

    _check_future = field_validator("expires_at")(_future)


class KeyRotate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expires_at: datetime | None = Field(None, description="expiry of the new key (UTC)")

    _check_future = field_validator("expires_at")(_future)


class KeyExpiry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expires_at: datetime | None = Field(
        ..., description="the key stops working then (UTC; a past time: now); null: never"
    )


class KeyInfo(BaseModel):
    id: str
    name: str
    role: str
    prefix: str
    organisation: str | None
    created_at: str | None
    expires_at: str | None
    revoked: bool
    revoked_at: str | None
    active: bool


class NewKey(KeyInfo):
    key: str = Field(..., description="the key itself, shown only in this answer")
    replaces: str | None = None


class KeyList(BaseModel):
    items: list[KeyInfo]


def _operator(rt: Runtime, s: Session, principal: Principal) -> bool:
    own = s.get(Organisation, principal.organisation_id)
    return own is not None and own.name == rt.settings.bootstrap_organisation


def _managed_key(rt: Runtime, s: Session, principal: Principal, key_id: str) -> ApiKey:
    scope = None if _operator(rt, s, principal) else principal.organisation_id
    try:
        return key_admin.find_key(s, key_id, scope)
    except key_admin.KeyNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc


def _info(s: Session, row: ApiKey) -> dict[str, Any]:
    return key_admin.key_summary(row, key_admin.organisation_name(s, row))


@router.post(
    "/keys",
    status_code=201,
    response_model=NewKey,
    summary="Create an API key (admin); the key is shown once",
)
def post_key(*, body: KeyCreate, principal: Admin, rt: RuntimeDep, s: SessionDep) -> JSONResponse:
    own = s.get(Organisation, principal.organisation_id)
    assert own is not None
    org_name = body.organisation or own.name
    # Only the operator's organisation (the bootstrap one) may make keys for others.
    if org_name != own.name and own.name != rt.settings.bootstrap_organisation:
        raise ApiError(403, "forbidden", "keys for another organisation need an operator key")
    expires = None if body.expires_at is None else key_admin.utc_naive(body.expires_at)
    row, clear = create_key(
        s,
        name=body.name,
        role=body.role,
        organisation=org_name,
        pepper=rt.settings.key_pepper,
        expires_at=expires,
    )
    s.commit()
    rt.key_epoch.bump()
    return JSONResponse({**_info(s, row), "key": clear, "replaces": None}, status_code=201)


@router.get(
    "/keys",
    response_model=KeyList,
    summary="List the organisation's keys (admin; never the keys themselves)",
)
def list_keys(*, principal: Admin, s: SessionDep) -> dict[str, Any]:
    rows = s.scalars(
        select(ApiKey)
        .where(ApiKey.organisation_id == principal.organisation_id)
        .order_by(ApiKey.created_at, ApiKey.id)
    ).all()
    return {"items": [_info(s, r) for r in rows]}


@router.post(
    "/keys/{key_id}/revoke",
    response_model=KeyInfo,
    summary="Revoke a key now, in every service process (admin)",
    responses=errors(404),
)
def revoke_key(*, key_id: str, principal: Admin, rt: RuntimeDep, s: SessionDep) -> dict[str, Any]:
    row = key_admin.revoke(rt, s, _managed_key(rt, s, principal, key_id))
    return _info(s, row)


@router.post(
    "/keys/{key_id}/rotate",
    status_code=201,
    response_model=NewKey,
    summary="Replace a key: a new key (shown once) with the same name and role; "
    "the old one is revoked at once (admin)",
    responses=errors(404, 409),
)
def rotate_key(
    *, key_id: str, body: KeyRotate | None = None, principal: Admin, rt: RuntimeDep, s: SessionDep
) -> JSONResponse:
    old = _managed_key(rt, s, principal, key_id)
    if old.revoked:
        raise ApiError(409, "key_revoked", f"key {key_id} is revoked; create a new one instead")
    new, clear = key_admin.rotate(rt, s, old, body.expires_at if body else None)
    return JSONResponse({**_info(s, new), "key": clear, "replaces": old.id}, status_code=201)


@router.patch(
    "/keys/{key_id}",
    response_model=KeyInfo,
    summary="Set or clear a key's expiry (admin); a past time expires it now",
    responses=errors(404),
)
def expire_key(
    *, key_id: str, body: KeyExpiry, principal: Admin, rt: RuntimeDep, s: SessionDep
) -> dict[str, Any]:
    row = key_admin.set_expiry(rt, s, _managed_key(rt, s, principal, key_id), body.expires_at)
    return _info(s, row)
