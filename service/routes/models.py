"""Admin: model versions, promoted on evidence (``extractor.registry``).

The same rules as ``extractor models``: a promotion worse on the blind set
is refused (409) unless forced with a reason; a rollback returns to the
version in use before. Both queue every open document again: the new
extraction keeps each correction and confirmation (``service.reextract``).
Models serve every organisation, so only operator admins change them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from extractor.registry import Registry, RegistryError
from extractor.settings import settings as library
from service.auth import Principal
from service.deps import Admin, RuntimeDep, SessionDep
from service.errors import ApiError
from service.models import Organisation
from service.openapi import errors
from service.reextract import reextract_open_documents
from service.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["models"])


class Promotion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    force: bool = Field(False, description="promote even if worse on the blind set")
    reason: str | None = Field(None, max_length=2000, description="required with force")
    reextract: bool = Field(True, description="queue every open document again")


class Rollback(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(None, max_length=2000)
    reextract: bool = True


def _registry(rt: Runtime) -> Registry:
    return Registry(rt.settings.registry_root, shipped=library.model_dir)


def _operator(rt: Runtime, s: Session, principal: Principal) -> None:
    own = s.get(Organisation, principal.organisation_id)
    if own is None or own.name != rt.settings.bootstrap_organisation:
        raise ApiError(403, "forbidden", "models serve every organisation: an operator key")


def _refused(exc: RegistryError) -> ApiError:
    status = 404 if exc.code == "unknown_version" else 409
    return ApiError(status, exc.code, exc.message)


def _who(principal: Principal) -> str:
    return f"key:{principal.name}"


def _requeue(rt: Runtime, s: Session, reextract: bool) -> list[str]:
    if not reextract:
        return []
    ids = reextract_open_documents(s)
    s.commit()
    for doc_id in ids:
        rt.document_changed(doc_id)
        rt.enqueue(doc_id)
    return ids


@router.get("/models", responses=errors(401, 403))
def list_models(*, principal: Admin, rt: RuntimeDep, s: SessionDep) -> dict[str, Any]:
    """Every version with its blind-set figures and comparison; the one in use marked."""
    _operator(rt, s, principal)
    registry = _registry(rt)
    return {
        "active": registry.active()[0],
        "versions": [v.summary() for v in registry.versions()],
        "history": registry.history(),
    }


@router.post("/models/{version}/promote", responses=errors(401, 403, 404, 409, 422))
def promote_model(
    *, version: str, body: Promotion, principal: Admin, rt: RuntimeDep, s: SessionDep
) -> dict[str, Any]:
    """Put ``version`` in use (409 ``worse_on_blind_set`` unless forced with a reason)."""
    _operator(rt, s, principal)
    registry = _registry(rt)
    try:
        # Scoring a version on the blind set takes a while the first time
        # (a sync route: FastAPI runs it in a worker thread).
        event = registry.promote(
            version, rt.settings.training_data_dir, _who(principal), body.force, body.reason
        )
    except RegistryError as exc:
        raise _refused(exc) from exc
    requeued = _requeue(rt, s, body.reextract)
    return {**event, "requeued": len(requeued)}


@router.post("/models/rollback", responses=errors(401, 403, 409, 422))
def rollback_model(
    *, body: Rollback, principal: Admin, rt: RuntimeDep, s: SessionDep
) -> dict[str, Any]:
    """Back to the version in use before the last promotion."""
    _operator(rt, s, principal)
    try:
        event = _registry(rt).rollback(_who(principal), body.reason)
    except RegistryError as exc:
        raise _refused(exc) from exc
    requeued = _requeue(rt, s, body.reextract)
    return {**event, "requeued": len(requeued)}
