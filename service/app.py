"""The FastAPI application and ``extractor serve``.

``create_app(settings)`` opens the database (running migrations), makes sure
an admin key exists, and starts the background threads: the embedded
workers (no Redis) or the reaper that re-enqueues stalled jobs (Redis).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.auth import bootstrap_admin
from service.body_limit import BodyLimitMiddleware
from service.db import exclusive
from service.errors import install_error_handlers
from service.fast_read import FastReadMiddleware
from service.jobs import start_background
from service.metrics import MetricsMiddleware
from service.openapi import install_openapi
from service.routes import (
    changes,
    corrections,
    documents,
    exports,
    health,
    keys,
    models,
    review,
    ui,
    webhooks,
)
from service.runtime import Runtime
from service.security_headers import SecurityHeadersMiddleware
from service.settings import ServiceSettings

log = logging.getLogger("service")


def create_app(settings: ServiceSettings | None = None, *, background: bool = True) -> FastAPI:
    """Build the app; ``background=False`` leaves job processing to the caller (tests)."""
    settings = settings or ServiceSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loops = start_background(app.state.runtime) if background else []
        try:
            yield
        finally:
            for loop in loops:
                loop.stop()
            for loop in loops:
                loop.join(timeout=10)
            app.state.runtime.rate_limiter.close()  # send this process's last counts

    app = FastAPI(
        title="extractor service",
        version="1",
        description="Upload budget-performance reports, read their indicators as the "
        "contract JSON, review and correct them, export the result.",
        lifespan=lifespan,
        # Metrics are Prometheus' (service.metrics): FastAPI's OpenTelemetry
        # hooks off, or every request asks whether a provider is configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    rt = Runtime(settings)
    with exclusive(rt.engine), rt.sessions() as s:
        bootstrap_admin(
            s,
            given=settings.bootstrap_admin_key,
            organisation=settings.bootstrap_organisation,
            pepper=settings.key_pepper,
        )
    app.state.runtime = rt
    install_error_handlers(app)
    install_openapi(app)
    # Innermost: the hot extraction read answered from memory, above the router.
    app.add_middleware(FastReadMiddleware, runtime=rt)
    # Outermost but metrics: an oversized body is refused before any route reads it.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.request_body_limit)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: every answer, errors too
    for module in (
        health,
        documents,
        corrections,
        review,
        exports,
        changes,
        keys,
        webhooks,
        models,
        ui,
    ):
        app.include_router(module.router)
    return app


def run_server(host: str = "127.0.0.1", port: int = 8000) -> None:
    """``extractor serve``: embedded job threads unless REDIS_URL is set;
    ``SERVICE_WEB_WORKERS`` > 1 runs that many uvicorn processes."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workers = ServiceSettings().web_workers
    if workers > 1:
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=False,
        )
        return
    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)
