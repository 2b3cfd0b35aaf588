"""`/api/identification/imports/…`: uploads (CSV, XLSX, JSON file or JSON rows), batches, history, kinds."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Form, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from services.identification import examples
from services.identification.deps import ImportServiceDep
from services.identification.imports import parsing
from services.identification.imports.schemas import (
    BatchDetail,
    BatchRead,
    ImportReport,
    KindRead,
    RevisionRead,
    RowsImport,
)
from services.identification.imports.service import ImportRejected, kinds
from services.shared.errors import ErrorBody, answer_example, error_responses
from services.shared.ids import Id
from services.shared.pagination import Page, PageDep
from services.shared.uploads import one_file, safe_file_name

router = APIRouter(tags=["imports"])

_REJECTED = (
    answer_example(examples.IMPORT_REPORT)
    | error_responses(401, 403, 413)
    | error_responses(422, s422="Файл не прочитан или строки с ошибками (`import_rejected`, с `report`)")
)
READ_CHUNK = 1024 * 1024


def _rejected(error: ImportRejected) -> JSONResponse:
    """The shared error shape plus `report`: every bad row with its value and, for unknown schools, candidates."""
    body = ErrorBody(code=error.code, detail=error.detail, fields=error.fields).model_dump()
    body["report"] = error.report.model_dump(mode="json")
    return JSONResponse(body, status_code=error.status_code)


def _read_limited(file: UploadFile) -> bytes:
    """The upload's bytes; 413 as soon as it grows past the limit (never read whole into memory first)."""
    limit = parsing.MAX_FILE_BYTES
    parts: list[bytes] = []
    size = 0
    while chunk := file.file.read(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise parsing.file_too_large()
        parts.append(chunk)
    return b"".join(parts)


@router.get("/imports/kinds", response_model=list[KindRead], summary="Виды загружаемых данных и их столбцы")
def import_kinds() -> list[KindRead]:
    return kinds()


@router.get("/imports/batches", response_model=Page[BatchRead], summary="Загрузки")
def list_batches(
    imports: ImportServiceDep,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=30, description="Вид данных")] = None,
) -> Page[BatchRead]:
    items, total = imports.batches(page, kind)
    return Page(items=items, total=total, page=page.page, per_page=page.per_page)


@router.get("/imports/batches/{batch_id}", response_model=BatchDetail, summary="Загрузка и её ошибки")
def get_batch(batch_id: Id, imports: ImportServiceDep) -> BatchDetail:
    return imports.batch(batch_id)


@router.get("/imports/history", response_model=Page[RevisionRead], summary="История замен значений школы")
def history(
    imports: ImportServiceDep,
    page: PageDep,
    school_code: Annotated[str, Query(max_length=30, description="Код ОО")],
    kind: Annotated[str | None, Query(max_length=30, description="Вид данных")] = None,
) -> Page[RevisionRead]:
    items, total = imports.history(page, school_code, kind)
    return Page(items=items, total=total, page=page.page, per_page=page.per_page)


@router.post(
    "/imports/{kind}",
    response_model=ImportReport,
    responses=_REJECTED,
    dependencies=[Depends(one_file())],
    openapi_extra={
        "requestBody": {"content": {"multipart/form-data": {"example": {"file": "results.xlsx", "dry_run": True}}}}
    },
    summary="Загрузить файл (CSV, XLSX, JSON)",
)
def upload(
    kind: str,
    imports: ImportServiceDep,
    file: UploadFile,
    dry_run: Annotated[bool, Form(description="Только проверить и показать, ничего не записывать")] = False,
    keep_valid: Annotated[bool, Form(description="Записать верные строки, пропустив строки с ошибками")] = False,
    preview_token: Annotated[
        str | None, Form(max_length=100, description="`preview_token` пробной загрузки этого файла")
    ] = None,
) -> ImportReport | JSONResponse:
    imports.authorize(kind)
    content = _read_limited(file)
    try:
        return imports.import_file(
            kind,
            content,
            safe_file_name(file.filename),
            dry_run=dry_run,
            keep_valid=keep_valid,
            preview_token=preview_token,
        )
    except ImportRejected as error:
        return _rejected(error)


def upload_rows(kind: str, body: RowsImport, imports: ImportServiceDep) -> ImportReport | JSONResponse:
    try:
        return imports.import_rows(
            kind,
            body.rows,
            body.source,
            dry_run=body.dry_run,
            keep_valid=body.keep_valid,
            preview_token=body.preview_token,
        )
    except ImportRejected as error:
        return _rejected(error)


LONG_DIGITS = 19
"""From this many digits in a row an integer may lie beyond 64 bits, where orjson reads a float."""


_DIGITS_AS_ZERO = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
"""A `bytes.translate` table: every ASCII digit → `0`, every other byte → a space."""


def has_long_digits(body: bytes, run: int = LONG_DIGITS) -> bool:
    """Whether `body` holds `run` ASCII digits in a row: every digit made `0` and every other byte a space by one
    `translate`, then one substring search, both in C (0.05 s for 40 MB where numpy's shifted masks took 0.08 s
    and a regular expression 0.35 s)."""
    if len(body) < run:
        return False
    return b"0" * run in body.translate(_DIGITS_AS_ZERO)


def loads(body: bytes) -> Any:
    """The request's JSON by orjson; the standard parser where orjson would read otherwise (integers beyond 64 bits
    become floats in orjson, `NaN` and lone surrogates it refuses), so every answer stays as before."""
    if not has_long_digits(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    return json.loads(body)


class _FastJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class FastJsonRoute(APIRoute):
    """A route whose JSON body is parsed by orjson (a data centre's 200,000 rows: the standard parser's time was
    most of the request's); the pydantic validation of the body, and its 422 answers, are FastAPI's own."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_FastJsonRequest(request.scope, request.receive))

        return route


router.add_api_route(
    "/imports/{kind}/rows",
    upload_rows,
    methods=["POST"],
    response_model=ImportReport,
    responses=_REJECTED,
    summary="Загрузить строки JSON (для региональных центров)",
    route_class_override=FastJsonRoute,
)
