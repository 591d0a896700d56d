"""Schemathesis over the OpenAPI spec (ASGI, no server): the spec tells the truth.

Every answer to every generated request, valid and invalid, must be declared
by the spec: its status code, its media type, its body schema and headers
(schemathesis' conformance checks), and never a 5xx; every 4xx carries
{"error": {"code", "message"}}. Bounded and repeatable: few examples per
operation, derandomized; each case is also replayed against a real document
and indicator so handlers past the 404 run too. Failures are collected over
the whole run and reported together with the number of cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.settings import ServiceSettings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "000_29d121b4221180d5.txt"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Small in CI; `SERVICE_FUZZ_EXAMPLES=100 pytest tests/service/test_openapi_fuzz.py -s` for a longer run.
MAX_EXAMPLES = int(os.environ.get("SERVICE_FUZZ_EXAMPLES", "4"))


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.jobs import next_claimable, process_document

    settings = ServiceSettings(
        data_dir=tmp_path_factory.mktemp("fuzz") / "data", bootstrap_admin_key="ek_fuzz_admin"
    )
    app = create_app(settings, background=False)
    headers = {"X-API-Key": "ek_fuzz_admin"}
    with TestClient(app) as c:
        r = c.post(
            "/v1/documents", files=[("files", ("a.txt", EXAMPLE.read_bytes()))], headers=headers
        )
        doc_id = r.json()["documents"][0]["id"]
        rt = app.state.runtime
        while (pending := next_claimable(rt)) is not None:
            process_document(rt, pending)
        added = c.post(f"/v1/documents/{doc_id}/indicators", json={"name": "指标"}, headers=headers)
        yield {"app": app, "headers": headers, "doc_id": doc_id, "iid": added.json()["id"]}
    app.state.runtime.close()


def _check(case: Any, response: Any) -> None:
    case.validate_response(response, checks=CHECKS)
    if 400 <= response.status_code < 500:
        error = response.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)


def _operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [r.ok() for r in schema.get_all_operations()]  # type: ignore[union-attr]


def test_every_answer_is_declared_and_none_is_a_server_error(
    fuzz_target: dict[str, Any],
) -> None:
    headers = fuzz_target["headers"]
    operations = _operations(fuzz_target["app"])
    assert len(operations) >= 15
    cases = 0
    failures: dict[str, str] = {}

    def checked(case: Any, response: Any) -> None:
        nonlocal cases
        cases += 1
        try:
            _check(case, response)
        except (Exception, BaseExceptionGroup) as exc:  # collected: one report for the run
            for failure in getattr(exc, "exceptions", [exc]):
                key = f"{case.operation.label} -> {response.status_code}"
                lines = str(failure).strip().splitlines() or [type(failure).__name__]
                failures.setdefault(f"{key}: {lines[0][:120]}", " ".join(lines[1:4])[:300])

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                checked(case, case.call(headers=headers))
                # Again on a real document and indicator, so handlers past the 404 run too.
                params = case.path_parameters or {}
                if "doc_id" in params:
                    params["doc_id"] = fuzz_target["doc_id"]
                    if "iid" in params:
                        params["iid"] = fuzz_target["iid"]
                    checked(case, case.call(headers=headers))

            try:
                run()
            except Unsatisfiable:
                # No invalid input exists (e.g. an operation without parameters).
                assert mode is GenerationMode.NEGATIVE
    print(f"\nschemathesis: {len(operations)} operations, {cases} cases, {len(failures)} failures")
    assert not failures, "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))
