"""The OpenAPI document against the service, beyond what the fuzzer samples:
a 405 names every method of its path, the files are declared as what they
are, and the requests reported as mishandled get an answer the spec declares."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
OTHER_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def spec(sqlite_svc: Any) -> dict[str, Any]:
    return dict(sqlite_svc.client.get("/openapi.json").json())


def _concrete(path: str) -> str:
    return (
        path.replace("{doc_id}", "a" * 32)
        .replace("{iid}", "x-1")
        .replace("{key_id}", "b" * 32)
        .replace("{number}", "1")
    )


def test_405_allow_names_every_method_of_the_path(sqlite_svc: Any, spec: dict[str, Any]) -> None:
    checked = 0
    for path, operations in spec["paths"].items():
        declared = {m.upper() for m in operations}
        for method in sorted(set(OTHER_METHODS) - declared):
            r = sqlite_svc.client.request(method, _concrete(path), headers=sqlite_svc.admin)
            assert r.status_code == 405, (method, path, r.status_code)
            assert r.json()["error"]["code"] == "method_not_allowed"
            assert {m.strip() for m in r.headers["allow"].split(",")} == declared, (method, path)
            checked += 1
    assert checked > 50


def test_every_error_is_declared_with_the_error_body(spec: dict[str, Any]) -> None:
    secured = 0
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            responses = op["responses"]
            for code, response in responses.items():
                if code.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (method, path, code)
            if path not in ("/healthz",):
                assert "401" in responses, (method, path)
                secured += 1
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(responses), (method, path)
    patch = spec["paths"]["/v1/documents/{doc_id}/indicators/{iid}"]["patch"]["responses"]
    assert {"401", "403", "404", "409", "412", "428"} <= set(patch)
    assert secured >= 27


def test_files_are_declared_as_what_they_are(sqlite_svc: Any, spec: dict[str, Any]) -> None:
    def media(path: str) -> set[str]:
        return set(spec["paths"][path]["get"]["responses"]["200"]["content"])

    assert media("/v1/exports") == {
        "application/x-ndjson",
        "text/csv; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert media("/v1/labelstudio/config") == {"application/xml"}
    assert media("/v1/documents/{doc_id}/pages/{number}.png") == {"image/png"}
    assert media("/v1/training-data") == {"application/zip"}
    assert "application/pdf" in media("/v1/documents/{doc_id}/source")
    c, admin = sqlite_svc.client, sqlite_svc.admin
    assert c.get("/v1/exports?format=jsonl", headers=admin).headers["content-type"] == (
        "application/x-ndjson"
    )
    assert (
        c.get("/v1/labelstudio/config", headers=admin)
        .headers["content-type"]
        .startswith("application/xml")
    )


def _case(sqlite_svc: Any, path: str, method: str, **parts: Any) -> tuple[Any, Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", sqlite_svc.app)
    case = schema[path][method].Case(**parts)
    return case, case.call(headers=sqlite_svc.admin)


def test_reported_requests_get_a_declared_answer(sqlite_svc: Any) -> None:
    # A NUL in a filter: the schema now says a filter holds none; the answer is a declared 422.
    case, r = _case(sqlite_svc, "/v1/documents", "GET", query={"department": "a\x00b"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    case.validate_response(r, checks=CHECKS)
    # `{}` to /v1/labelstudio/gold: the schema requires `data`; a declared 422, no crash.
    case, r = _case(sqlite_svc, "/v1/labelstudio/gold", "POST", body={})
    assert r.status_code == 422
    case.validate_response(r, checks=CHECKS)
    case, r = _case(sqlite_svc, "/v1/labelstudio/gold", "POST", body={"data": {"text": "x"}})
    assert r.status_code == 200 and r.json()["indicators"] == []
    case.validate_response(r, checks=CHECKS)
    # An empty multipart upload: a declared 422 naming the missing files.
    r = sqlite_svc.client.post(
        "/v1/documents",
        content=b"--b--\r\n",
        headers={**sqlite_svc.admin, "content-type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 422 and "files" in r.json()["error"]["message"]
    assert (
        "422"
        in sqlite_svc.client.get("/openapi.json").json()["paths"]["/v1/documents"]["post"][
            "responses"
        ]
    )
