"""The OpenAPI document tells the truth: every status code an operation may
answer, with the error body's schema, and the media type of every answer.

Routes declare what is theirs (``errors(404, 409)``, ``binary(...)``);
what follows from the shared machinery is added to every operation here,
from the route itself rather than by hand, so a new route cannot forget it:

- an API key dependency: 401, and 403 when it needs more than the lowest role;
- a request body: 400 (unparseable), 413 (``service.body_limit``) and 422;
- parameters: 422 (validation), whose body is ours, not FastAPI's ``detail``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel

ERROR_REF = "#/components/schemas/ErrorBody"

DESCRIPTIONS = {
    400: "the request body cannot be parsed",
    401: "no API key, or an unknown, revoked or expired one",
    403: "the key's role does not allow this",
    404: "no such resource in the caller's organisation",
    409: "conflicts with the resource's state (not ready, approved, deleted, revoked)",
    412: "If-Match does not match the current ETag (changed meanwhile)",
    413: "the request body or a file is too large",
    415: "the file's type is not supported or contradicts its name",
    422: "invalid parameters or body, or a file the library cannot read",
    428: "If-Match is required",
    429: "too many requests for this key this minute (see Retry-After)",
    503: "the database or the queue is unreachable",
}


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer: ``{"error": {"code", "message"}}``."""

    error: ErrorDetail


_ERROR_DETAIL = {
    "title": "ErrorDetail",
    "type": "object",
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
    "required": ["code", "message"],
}
_ERROR_BODY = {
    "title": "ErrorBody",
    "type": "object",
    "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
    "required": ["error"],
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries for error answers of a route."""
    return {code: {"model": ErrorBody, "description": DESCRIPTIONS[code]} for code in codes}


def binary(*media_types: str, description: str = "the file") -> dict[int | str, dict[str, Any]]:
    """A 200 answer that is not JSON: its media types, the body as bytes or text."""
    schema = {"type": "string", "format": "binary"}
    return {
        200: {
            "description": description,
            "content": {media: {"schema": schema} for media in media_types},
        }
    }


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _needed_role(route: RouteContext) -> str | None:
    """The role the route's key dependency asks for (None: no key needed)."""
    roles = [getattr(call, "required_role", None) for call in _calls(route.dependant)]
    named = [r for r in roles if r]
    if named:
        return str(named[0])
    from service.deps import get_principal

    return "uploader" if any(c is get_principal for c in _calls(route.dependant)) else None


def _error_response(code: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(code, "error"),
        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
    }


def _add(responses: dict[str, Any], codes: Iterable[int]) -> None:
    for code in codes:
        responses.setdefault(str(code), _error_response(code))


def build_openapi(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", _ERROR_DETAIL)
    schemas.setdefault("ErrorBody", _ERROR_BODY)
    # Routes of included routers come wrapped: walk them as FastAPI's own get_openapi does.
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        role = _needed_role(route)
        for method in route.methods or ():
            operation = spec["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation["responses"]
            if role is not None:
                _add(responses, [401] if role == "uploader" else [401, 403])
                _add(responses, [429])  # service.rate_limit
            if "requestBody" in operation:
                _add(responses, [400, 413, 422])
            if "422" in responses:  # ours, not FastAPI's {"detail": [...]}
                responses["422"] = _error_response(422)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
