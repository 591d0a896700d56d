"""Admin: register webhooks per organisation and event; see and re-send deliveries."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import Principal
from service.deps import Admin, SessionDep
from service.errors import ApiError
from service.models import Webhook, WebhookDelivery
from service.openapi import errors
from service.views import iso
from service.webhooks import redeliver

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

Event = Literal["document.done", "document.failed", "document.approved"]
_HOOK_ID = r"^[0-9a-f]{1,32}$"


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(
        ..., max_length=2000, pattern=r"^https?://[^\s\x00-\x1f]+$", examples=["https://a.b/hook"]
    )
    events: list[Event] = Field(..., min_length=1, max_length=3)


def _hook_view(h: Webhook) -> dict[str, Any]:
    return {
        "id": h.id,
        "url": h.url,
        "events": h.events,
        "active": h.active,
        "created_by": h.created_by,
        "created_at": iso(h.created_at),
    }


def _delivery_view(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "webhook_id": d.webhook_id,
        "event": d.event,
        "document_id": d.document_id,
        "status": d.status,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "created_at": iso(d.created_at),
        "delivered_at": iso(d.delivered_at),
    }


def _own_hook(s: Session, principal: Principal, hook_id: str) -> Webhook:
    hook = s.get(Webhook, hook_id)
    if hook is None or hook.organisation_id != principal.organisation_id:
        raise ApiError(404, "not_found", f"no webhook {hook_id}")
    return hook


HookId = Annotated[str, Path(pattern=_HOOK_ID)]


@router.post(
    "",
    status_code=201,
    summary="Register a URL for events of the organisation (admin); the secret is shown once",
)
def post_webhook(*, body: WebhookCreate, principal: Admin, s: SessionDep) -> JSONResponse:
    hook = Webhook(
        organisation_id=principal.organisation_id,
        url=body.url,
        events=sorted(set(body.events)),
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=principal.name,
    )
    s.add(hook)
    s.commit()
    return JSONResponse({**_hook_view(hook), "secret": hook.secret}, status_code=201)


@router.get("", summary="The organisation's webhooks (admin; never their secrets)")
def list_webhooks(*, principal: Admin, s: SessionDep) -> dict[str, Any]:
    rows = s.scalars(
        select(Webhook)
        .where(Webhook.organisation_id == principal.organisation_id)
        .order_by(Webhook.created_at, Webhook.id)
    ).all()
    return {"webhooks": [_hook_view(h) for h in rows]}


@router.delete("/{hook_id}", summary="Remove a webhook and its log (admin)", responses=errors(404))
def delete_webhook(*, hook_id: HookId, principal: Admin, s: SessionDep) -> dict[str, Any]:
    hook = _own_hook(s, principal, hook_id)
    s.delete(hook)
    s.commit()
    return {"id": hook_id, "deleted": True}


@router.get(
    "/{hook_id}/deliveries",
    summary="The delivery log, newest first: status, attempts, last answer (admin)",
    responses=errors(404),
)
def list_deliveries(
    *,
    hook_id: HookId,
    status: Literal["pending", "delivered", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    principal: Admin,
    s: SessionDep,
) -> dict[str, Any]:
    hook = _own_hook(s, principal, hook_id)
    where = [WebhookDelivery.webhook_id == hook.id]
    if status is not None:
        where.append(WebhookDelivery.status == status)
    rows = s.scalars(
        select(WebhookDelivery).where(*where).order_by(WebhookDelivery.id.desc()).limit(limit)
    ).all()
    return {"deliveries": [_delivery_view(d) for d in rows]}


@router.post(
    "/{hook_id}/deliveries/{delivery_id}/redeliver",
    summary="Send a delivery again (admin): pending now, a fresh budget of attempts",
    responses=errors(404),
)
def post_redeliver(
    *,
    hook_id: HookId,
    delivery_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    principal: Admin,
    s: SessionDep,
) -> dict[str, Any]:
    hook = _own_hook(s, principal, hook_id)
    d = s.get(WebhookDelivery, delivery_id)
    if d is None or d.webhook_id != hook.id:
        raise ApiError(404, "not_found", f"no delivery {delivery_id} of webhook {hook_id}")
    redeliver(s, d)
    s.commit()
    return _delivery_view(d)
