"""Helpers of the import and export tests: uploads through the gateway, files built in memory."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import Stack

API = "/api/identification"


@contextmanager
def identification_database(stack: Stack) -> Iterator[sa.Connection]:
    """A connection of its own to the stack's identification database, to read what an import stored."""
    engine = sa.create_engine(stack.settings.database_url("identification"))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def upload(
    stack: Stack, kind: str, name: str, data: bytes, user: str = "regional_analyst", **form: bool
) -> httpx.Response:
    return stack.gateway.post(
        f"{API}/imports/{kind}",
        files={"file": (name, data, "application/octet-stream")},
        data={key: "true" if value else "false" for key, value in form.items()},
        headers=stack.auth(user),
    )


def post_rows(stack: Stack, kind: str, body: dict[str, Any], user: str = "regional_analyst") -> httpx.Response:
    return stack.gateway.post(f"{API}/imports/{kind}/rows", json=body, headers=stack.auth(user))


def export(stack: Stack, kind: str, user: str = "regional_analyst", **params: Any) -> httpx.Response:
    answer = stack.gateway.get(f"{API}/exports/{kind}", params=params, headers=stack.auth(user))
    assert answer.status_code == 200, answer.text
    return answer


def export_rows(stack: Stack, kind: str, user: str = "regional_analyst", **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = export(stack, kind, user, **params).json()["rows"]
    return rows


def all_schools(stack: Stack) -> list[dict[str, Any]]:
    answer = stack.gateway.get(f"{API}/schools", params={"per_page": 500}, headers=stack.auth("admin"))
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def outside_school(stack: Stack) -> dict[str, Any]:
    """A school outside the demo municipal coordinator's municipality."""
    own = stack.territory["municipality"]["code"]
    return next(s for s in all_schools(stack) if s["municipality_code"] != own)


def batches(stack: Stack, user: str = "regional_analyst", **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(f"{API}/imports/batches", params=params, headers=stack.auth(user))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def csv_bytes(rows: list[list[Any]], separator: str = ";", encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(separator.join("" if cell is None else str(cell) for cell in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(build: Callable[[Worksheet], None], sheets_before: int = 0) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    for index in range(sheets_before):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = f"Пояснения {index + 1}"
        sheet["A1"] = "Пояснения к выгрузке"
    target = workbook.create_sheet("Данные") if sheets_before else first
    build(target)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_by_row(body: dict[str, Any]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in body["report"]["errors"]:
        found.setdefault(error["row"], []).append(error["code"])
    return found
