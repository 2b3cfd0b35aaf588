"""Every data-centre operation documents a request example, an answer example and its error answers.

Examples are checked against the operation's own schemas, so the docs a closed data centre reads are true.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from tests.conftest import Stack

OPERATIONS: list[tuple[str, str, str, set[int]]] = [
    ("gateway", "post", "/api/auth/token", {400, 401, 429}),
    ("identification", "post", "/api/identification/imports/{kind}/rows", {401, 403, 422}),
    ("identification", "post", "/api/identification/imports/{kind}", {401, 403, 413, 422}),
    ("identification", "post", "/api/identification/runs", {401, 403, 409, 422}),
    ("identification", "get", "/api/identification/runs/{run_id}", {401, 404, 422}),
    ("identification", "get", "/api/identification/runs/{run_id}/results", {401, 404, 422}),
    ("identification", "post", "/api/identification/runs/{run_id}/approve", {401, 403, 404, 409, 422}),
    ("identification", "get", "/api/identification/agreed-list", {401, 422}),
    ("identification", "get", "/api/identification/exports/{kind}", {401, 403, 404, 422}),
]
JSON = "application/json"


def _valid(spec: dict[str, Any], schema: dict[str, Any], example: Any) -> None:
    """Validate `example` against an OpenAPI 3.1 schema (JSON Schema 2020-12) that may `$ref` components."""
    jsonschema.Draft202012Validator({**schema, "components": spec["components"]}).validate(example)


@pytest.fixture(scope="module")
def specs(stack: Stack) -> dict[str, dict[str, Any]]:
    return {name: stack.gateway.get(f"/api/{name}/openapi.json").json() for name in ("gateway", "identification")}


@pytest.mark.parametrize(("service", "method", "path", "errors"), OPERATIONS, ids=[op[2] for op in OPERATIONS])
def test_each_data_centre_operation_has_examples_and_its_error_answers(
    specs: dict[str, dict[str, Any]], service: str, method: str, path: str, errors: set[int]
) -> None:
    spec = specs[service]
    operation = spec["paths"][path][method]
    responses = operation["responses"]
    success = next(responses[status] for status in ("200", "201") if status in responses)
    answer = success["content"][JSON]
    _valid(spec, answer["schema"], answer["example"])
    for status in sorted(errors):
        error = responses[str(status)]
        assert re.search("[а-яА-Я]", error["description"]), (path, status)
        body = error["content"][JSON]
        assert body["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
        _valid(spec, body["schema"], body["example"])
        assert re.search("[а-яА-Я]", body["example"]["detail"]), (path, status)
    request = operation.get("requestBody", {}).get("content", {})
    if JSON in request:
        schema = request[JSON]["schema"]
        named = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        assert named["examples"], path
        for example in named["examples"]:
            _valid(spec, schema, example)
    elif request:  # a form: the token's fields or a file with its options
        (form,) = request.values()
        _valid(spec, form["schema"], form["example"])


def test_the_shared_error_answers_are_defined_once(specs: dict[str, dict[str, Any]]) -> None:
    """The 401 of an import and of a run are the very same documented answer."""
    paths = specs["identification"]["paths"]
    rows = paths["/api/identification/imports/{kind}/rows"]["post"]["responses"]["401"]
    run = paths["/api/identification/runs"]["post"]["responses"]["401"]
    assert rows == run
