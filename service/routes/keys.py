"""Admin: create API keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from service.auth import Role, create_key
from service.deps import Admin, RuntimeDep, SessionDep
from service.errors import ApiError
from service.models import ApiKey, Organisation
from service.views import iso

router = APIRouter(prefix="/v1", tags=["keys"])


_PRINTABLE = r"^[^\x00-\x1f]+$"


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


@router.post("/keys", status_code=201, summary="Create an API key (admin); the key is shown once")
def post_key(
    *,
    body: KeyCreate,
    principal: Admin,
    rt: RuntimeDep,
    s: SessionDep,
) -> JSONResponse:
    own = s.get(Organisation, principal.organisation_id)
    assert own is not None
    org_name = body.organisation or own.name
    # Only the operator's organisation (the bootstrap one) may make keys for others.
    if org_name != own.name and own.name != rt.settings.bootstrap_organisation:
        raise ApiError(403, "forbidden", "keys for another organisation need an operator key")
    row, clear = create_key(
        s, name=body.name, role=body.role, organisation=org_name, pepper=rt.settings.key_pepper
    )
    s.commit()
    return JSONResponse(
        {
            "id": row.id,
            "name": row.name,
            "role": row.role,
            "organisation": org_name,
            "key": clear,
            "created_at": iso(row.created_at),
        },
        status_code=201,
    )


@router.get("/keys", summary="List the organisation's keys (admin; never the keys themselves)")
def list_keys(*, principal: Admin, s: SessionDep) -> dict[str, Any]:
    rows = s.scalars(
        select(ApiKey).where(ApiKey.organisation_id == principal.organisation_id)
    ).all()
    return {
        "items": [
            {"id": r.id, "name": r.name, "role": r.role, "prefix": r.prefix, "revoked": r.revoked}
            for r in rows
        ]
    }
