"""The body of `POST /imports/{kind}/rows`: its rows reach the import as orjson parsed them (pydantic's validation
of `list[dict[str, Any]]` copied every row), while a body of another shape keeps FastAPI's 422 answers and the
OpenAPI schema stays a list of at most `MAX_JSON_ROWS` objects."""

from __future__ import annotations

from typing import Any

from services.identification.imports.schemas import MAX_JSON_ROWS, RowsImport
from tests.conftest import Stack
from tests.identification.import_support import post_rows


def test_parsed_rows_are_taken_as_they_are() -> None:
    rows: list[dict[str, Any]] = [{"school_code": "1", "grade": 5}, {}]
    body = RowsImport.model_validate({"rows": rows, "source": "РЦОКО"})
    assert body.rows is rows


def _fields(answer: Any) -> set[tuple[Any, ...]]:
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error", answer.text
    return {(tuple(f["loc"]), f["code"]) for f in answer.json()["fields"]}


def test_rows_of_another_shape_are_still_a_422(stack: Stack) -> None:
    assert (("body", "rows", 1), "dict_type") in _fields(post_rows(stack, "results", {"rows": [{}, [1, 2]]}))
    assert (("body", "rows"), "list_type") in _fields(post_rows(stack, "results", {"rows": "всё"}))
    too_many = post_rows(stack, "results", {"rows": [{}] * (MAX_JSON_ROWS + 1)})
    assert (("body", "rows"), "too_long") in _fields(too_many)


def test_the_schema_of_the_rows_is_unchanged(stack: Stack) -> None:
    schema = stack.gateway.get("/api/identification/openapi.json").json()["components"]["schemas"]["RowsImport"]
    rows = schema["properties"]["rows"]
    assert (rows["type"], rows["maxItems"], rows["items"]["type"]) == ("array", MAX_JSON_ROWS, "object")
