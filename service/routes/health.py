"""Liveness (no key) and Prometheus metrics (admin key)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from service.deps import Admin, RuntimeDep
from service.metrics import render
from service.openapi import binary
from service.runtime import Runtime

router = APIRouter(tags=["health"])


def _db_ok(rt: Runtime) -> bool:
    try:
        with rt.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _redis_ok(rt: Runtime) -> bool:
    try:
        return bool(rt.redis().ping())
    except Exception:
        return False


@router.get(
    "/healthz",
    summary="Liveness, database and queue reachability (no key needed)",
    responses={503: {"description": "the database or the queue is unreachable"}},
)
async def healthz(*, rt: RuntimeDep) -> JSONResponse:
    ok = await run_in_threadpool(_db_ok, rt)
    body: dict[str, Any] = {
        "status": "ok",
        "database": ok,
        "queue": "embedded" if rt.settings.embedded else "redis",
    }
    if not rt.settings.embedded:
        body["redis"] = await run_in_threadpool(_redis_ok, rt)
        ok = ok and body["redis"]
    body["status"] = "ok" if ok else "degraded"
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses=binary("text/plain", description="Prometheus text format"),
)
def metrics(*, _: Admin, rt: RuntimeDep) -> Response:
    return Response(render(rt), media_type=CONTENT_TYPE_LATEST)
