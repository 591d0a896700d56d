"""Prometheus metrics: request counts and latency by route, documents by job state."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.models import Document
from service.runtime import Runtime

REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "service_requests_total",
    "HTTP requests by method, route and status",
    ["method", "route", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "service_request_seconds",
    "HTTP request latency by method and route",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
DOCUMENTS = Gauge("service_documents", "Documents by job state", ["status"], registry=REGISTRY)
QUEUE = Gauge("service_queue_jobs", "RQ jobs by state (Redis mode)", ["state"], registry=REGISTRY)


@lru_cache(maxsize=4096)
def _series(method: str, path: str, status: int) -> tuple[Any, Any]:
    """The labelled series of a request, looked up once (``labels`` is not free)."""
    return REQUESTS.labels(method, path, str(status)), LATENCY.labels(method, path)


class MetricsMiddleware:
    """Pure ASGI (no per-request task like BaseHTTPMiddleware): cheap on the hot path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", "unmatched")
            counter, latency = _series(scope.get("method", ""), path, status[0])
            counter.inc()
            latency.observe(time.perf_counter() - start)


def render(rt: Runtime) -> bytes:
    with rt.sessions() as s:
        counts = dict(
            s.execute(select(Document.status, func.count()).group_by(Document.status)).all()
        )
    for status in ("queued", "processing", "done", "failed"):
        DOCUMENTS.labels(status).set(counts.get(status, 0))
    try:
        for state, n in rt.job_counts().items():
            QUEUE.labels(state).set(n)
    except Exception:  # Redis down: the document gauges still tell the story
        pass
    return generate_latest(REGISTRY)
