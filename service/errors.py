"""Every error answer is ``{"error": {"code", "message"}}``; nothing becomes a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.errors import ExtractionError
from service.corrections import DocumentApproved

log = logging.getLogger("service")


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def upload_error(exc: ExtractionError) -> ApiError:
    """An ``ExtractionError`` from upload checks as a 4xx answer."""
    status = exc.http_status if 400 <= exc.http_status < 500 else 422
    return ApiError(status, exc.code, exc.message)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "file_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method some route answers on ``path`` (what a 405's Allow must list)."""
    methods: set[str] = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        regex = getattr(context, "path_regex", None) or getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            methods.update(getattr(context, "methods", None) or getattr(route, "methods", ()) or ())
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(ExtractionError)
    async def _extraction_error(_: Request, exc: ExtractionError) -> JSONResponse:
        err = upload_error(exc)
        return error_response(err.status, err.code, err.message)

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, exc: StaleDataError) -> JSONResponse:
        # A versioned row changed between this request's If-Match check and
        # its UPDATE: the concurrent edit won (models.Indicator).
        return error_response(
            412, "precondition_failed", "changed by another request meanwhile; reload and retry"
        )

    @app.exception_handler(DocumentApproved)
    async def _frozen(_: Request, exc: DocumentApproved) -> JSONResponse:
        # Approved by a request that committed after this one's check (corrections._touch).
        return error_response(409, "document_approved", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            # The router names the methods of the first route on the path only.
            allowed = allowed_methods(request.app, request.url.path)
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        return error_response(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_request", "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error: %s", exc)
        return error_response(500, "internal_error", "internal error (logged)")
