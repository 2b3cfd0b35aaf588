"""One error shape for every service: `{"code": "...", "detail": "<Russian sentence>", "fields": [...]}`.

`code` is stable for machines; `detail` is for the person reading it; `fields` points at the inputs at fault
(validation errors, rows of an import). Every exception, including unexpected ones, leaves as this shape.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.shared.school_year import DATE_FORMAT_MESSAGE, DATE_RANGE_MESSAGE, SCHOOL_YEAR_MESSAGE

logger = logging.getLogger("opora.errors")


class FieldError(BaseModel):
    loc: list[str | int]
    code: str
    detail: str


class ErrorBody(BaseModel):
    code: str
    detail: str
    fields: list[FieldError] = []


class OporaError(Exception):
    """An answer with a status, a stable code and a Russian message."""

    status_code = 400
    code = "bad_request"
    detail = "Некорректный запрос"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        status_code: int | None = None,
        fields: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.detail
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.fields = fields or []
        self.headers = headers
        super().__init__(self.detail)


BAD_TOKEN_CODES = frozenset(
    {"invalid_token", "token_expired", "session_revoked", "client_inactive", "client_token_outdated"}
)
"""Codes of a 401 for a token that was sent but is not (or no longer) good: RFC 6750 `invalid_token`."""


class NotAuthenticated(OporaError):
    """401 with the RFC 6750 challenge: `Bearer` without a token, `Bearer error="invalid_token"` for a bad one."""

    status_code = 401
    code = "not_authenticated"
    detail = "Требуется вход в систему"

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        challenge = 'Bearer error="invalid_token"' if code in BAD_TOKEN_CODES else "Bearer"
        super().__init__(detail, code=code, headers={"WWW-Authenticate": challenge})


class Forbidden(OporaError):
    status_code = 403
    code = "forbidden"
    detail = "Недостаточно прав для этого действия"


class OutOfScope(Forbidden):
    code = "out_of_scope"
    detail = "Объект находится вне вашей территории"


class InvalidValue(OporaError):
    """A value the caller gave that cannot be used (422), in the same shape as a validation error.

    `code` is the caller's stable code (`unknown_territory`, `invalid_period`); `loc` names the input at fault
    and becomes the one entry of `fields`, unless `fields` lists several (the columns an import misses).
    """

    status_code = 422
    code = "invalid_value"
    detail = "Недопустимое значение"

    def __init__(
        self,
        detail: str,
        *,
        code: str,
        loc: Sequence[str | int] | None = None,
        fields: list[FieldError] | None = None,
    ) -> None:
        if fields is None and loc is not None:
            fields = [FieldError(loc=list(loc), code=code, detail=detail)]
        super().__init__(detail, code=code, fields=fields)


class NotFound(OporaError):
    status_code = 404
    code = "not_found"
    detail = "Объект не найден"


class Conflict(OporaError):
    status_code = 409
    code = "conflict"
    detail = "Конфликт с существующими данными"


class ServiceUnavailable(OporaError):
    status_code = 503
    code = "service_unavailable"
    detail = "Сервис временно недоступен"


_STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Некорректный запрос"),
    401: ("not_authenticated", "Требуется вход в систему"),
    403: ("forbidden", "Недостаточно прав для этого действия"),
    404: ("not_found", "Адрес не найден"),
    405: ("method_not_allowed", "Метод не поддерживается для этого адреса"),
    406: ("not_acceptable", "Запрошенный формат не поддерживается"),
    409: ("conflict", "Конфликт с существующими данными"),
    412: ("precondition_failed", "Данные изменились с момента чтения: обновите страницу"),
    413: ("payload_too_large", "Слишком большой запрос"),
    415: ("unsupported_media_type", "Неподдерживаемый тип данных"),
    429: ("too_many_requests", "Слишком много запросов, повторите позже"),
}

_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "Обязательное поле не заполнено",
    "string_type": "Ожидается строка",
    "string_too_short": "Слишком короткое значение",
    "string_too_long": "Слишком длинное значение",
    "string_pattern_mismatch": "Значение не соответствует формату",
    "int_type": "Ожидается целое число",
    "int_parsing": "Ожидается целое число",
    "float_type": "Ожидается число",
    "float_parsing": "Ожидается число",
    "finite_number": "Ожидается конечное число, а не NaN или бесконечность",
    "bool_type": "Ожидается логическое значение",
    "bool_parsing": "Ожидается логическое значение",
    "greater_than": "Значение слишком мало",
    "greater_than_equal": "Значение слишком мало",
    "less_than": "Значение слишком велико",
    "less_than_equal": "Значение слишком велико",
    "literal_error": "Недопустимое значение",
    "enum": "Недопустимое значение",
    "list_type": "Ожидается список",
    "dict_type": "Ожидается объект",
    "model_type": "Ожидается объект",
    "json_invalid": "Тело запроса не является корректным JSON",
    "date_parsing": "Ожидается дата в формате ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "Ожидается дата в формате ГГГГ-ММ-ДД",
    "datetime_parsing": "Ожидается дата и время",
    "extra_forbidden": "Лишнее поле",
    "value_error": "Недопустимое значение",
    "too_short": "Слишком мало элементов",
    "too_long": "Слишком много элементов",
    "uuid_parsing": "Ожидается идентификатор UUID",
    "invalid_school_year": SCHOOL_YEAR_MESSAGE,
    "date_out_of_range": DATE_RANGE_MESSAGE,
    "date_format": DATE_FORMAT_MESSAGE,
}


def validation_fields(errors: Any) -> list[FieldError]:
    """Pydantic errors as `fields`, with Russian messages (a custom `ValueError` keeps its own text)."""
    fields = []
    for error in errors:
        kind = str(error.get("type", "value_error"))
        if kind in ("too_short", "too_long") and isinstance(error.get("input"), str):
            kind = f"string_{kind}"  # a text's length checked after a validator (`Text`): not «too few items»
        message = _VALIDATION_MESSAGES.get(kind, "Недопустимое значение")
        if kind == "value_error" and error.get("ctx", {}).get("error"):
            message = str(error["ctx"]["error"])
        loc = [part for part in error.get("loc", ()) if isinstance(part, str | int)]
        fields.append(FieldError(loc=loc, code=kind, detail=message))
    return fields


def error_response(
    status_code: int,
    code: str,
    detail: str,
    fields: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(code=code, detail=detail, fields=fields or [])
    return JSONResponse(body.model_dump(), status_code=status_code, headers=headers)


async def _opora_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OporaError)
    return error_response(exc.status_code, exc.code, exc.detail, exc.fields, exc.headers)


_FIELD_TOO_LARGE = (413, "form_field_too_large", "Поле формы больше 1 МБ: большую таблицу приложите файлом")
_TOO_MANY_PARTS = (400, "too_many_parts", "Слишком много полей или файлов в запросе (не больше 1000)")
_MULTIPART_ERRORS: dict[str, tuple[int, str, str]] = {
    "Field exceeded maximum size": _FIELD_TOO_LARGE,
    "Part exceeded maximum size": _FIELD_TOO_LARGE,
    "Too many fields": _TOO_MANY_PARTS,
    "Too many files": _TOO_MANY_PARTS,
    "Form field is not text in its charset": (
        422,
        "invalid_encoding",
        "Текстовое поле формы — не текст в кодировке UTF-8 (например, в Windows-1251): отправьте его в UTF-8",
    ),
    "File name is not text in its charset": (
        422,
        "invalid_encoding",
        "Имя файла — не текст в кодировке UTF-8 (например, в Windows-1251): отправьте имя в UTF-8 "
        "или укажите кодировку формы (charset)",
    ),
}
"""The form parser's own 400s (Starlette's English message as their detail), each with its own code and a Russian
detail; any other one is an `invalid_multipart`."""


def _multipart_error(detail: str) -> tuple[int, str, str] | None:
    """The status, code and detail of a multipart body the form parser refused, None for another 400."""
    for prefix, answer in _MULTIPART_ERRORS.items():
        if detail.startswith(prefix):
            return answer
    if "multipart" in detail or 'name" must be provided' in detail:
        return 400, "invalid_multipart", "Тело запроса — повреждённая или неполная форма с файлом (multipart)"
    return None


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, detail = _STATUS_CODES.get(exc.status_code, ("http_error", "Ошибка запроса"))
    status_code = exc.status_code
    if isinstance(exc.detail, str) and exc.status_code not in _STATUS_CODES:
        detail = exc.detail
    elif exc.status_code == 400 and isinstance(exc.detail, str) and (refused := _multipart_error(exc.detail)):
        status_code, code, detail = refused
    return error_response(status_code, code, detail, headers=getattr(exc, "headers", None))


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = validation_fields(exc.errors())
    return error_response(422, "validation_error", "Проверьте введённые данные", fields)


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """A value the database refuses though it passed validation (PostgreSQL: a NUL character in text, a number
    out of its column's range) came from the request: a 422, the transaction rolled back, not a 500."""
    logger.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return error_response(422, "invalid_value", "Недопустимое значение в запросе (например, нулевой символ)")


async def _concurrent_write(request: Request, exc: Exception) -> JSONResponse:
    """The safety net of every write: a unique key or a reference the database refuses, or a row another
    request changed or removed meanwhile, that no endpoint mapped to its own error, is a 409 (the request's
    transaction rolled back, nothing half-written), not a 500. Endpoints that expect a conflict answer their
    own code first (`username_taken`, `draft_exists`, …)."""
    logger.warning("concurrent write refused on %s %s: %s", request.method, request.url.path, exc)
    return error_response(409, "concurrent_write", CONCURRENT_WRITE_DETAIL)


RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
"""PostgreSQL's serialization failure and deadlock: the transaction lost to a concurrent one and may be retried."""


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A transaction the database aborted for a concurrent one (a serialization failure, a deadlock) is the
    same 409 `concurrent_write` with `Retry-After`; any other operational error (the database unreachable, a
    lost connection) is a 503, never a 500 with the driver's message."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        logger.warning("transaction aborted for a concurrent one on %s %s: %s", request.method, request.url.path, exc)
        return error_response(409, "concurrent_write", CONCURRENT_WRITE_DETAIL, headers={"Retry-After": "1"})
    logger.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, "database_unavailable", "База данных временно недоступна; повторите запрос позже")


CONCURRENT_WRITE_DETAIL = (
    "Данные изменились одновременно с вашим запросом; изменения не сохранены. Обновите страницу и повторите"
)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "Внутренняя ошибка сервиса; запрос не выполнен")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OporaError, _opora_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(IntegrityError, _concurrent_write)
    app.add_exception_handler(StaleDataError, _concurrent_write)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)


_OPENAPI_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "Некорректный запрос", "Некорректный запрос"),
    401: ("not_authenticated", "Требуется вход в систему", "Нет токена, токен неверен или истёк"),
    403: ("forbidden", "Недостаточно прав для этого действия", "Роль или территория не позволяют это действие"),
    404: ("not_found", "Запись не найдена", "Нет такой записи на территории доступа"),
    409: ("conflict", "Конфликт с существующими данными", "Состояние записи не позволяет это действие"),
    412: ("stale_revision", "Данные изменились с момента чтения: обновите страницу", "If-Match не совпал с версией"),
    413: ("payload_too_large", "Слишком большой запрос", "Файл или тело запроса больше допустимого"),
    422: ("validation_error", "Проверьте введённые данные", "Неверные данные запроса (поля указаны в fields)"),
    428: ("precondition_required", "Укажите версию записи в заголовке If-Match", "Нет заголовка If-Match"),
    429: ("too_many_requests", "Слишком много запросов, повторите позже", "Слишком много запросов (Retry-After)"),
}


def error_responses(*statuses: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the given error statuses: the shared `ErrorBody` with a Russian example.

    `descriptions` overrides a status's description by key `s<status>` (e.g. `s409="Список уже утверждён"`).
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        code, detail, description = _OPENAPI_ERRORS[status]
        example: dict[str, Any] = {"code": code, "detail": detail, "fields": []}
        if status == 422:
            example["fields"] = [
                {"loc": ["body", "school_year"], "code": "missing", "detail": "Обязательное поле не заполнено"}
            ]
        responses[status] = {
            "model": ErrorBody,
            "description": descriptions.get(f"s{status}", description),
            "content": {"application/json": {"example": example}},
        }
    return responses


def answer_example(example: Any, status: int = 200, media_type: str = "application/json") -> dict[int | str, Any]:
    """OpenAPI `responses=` entry with an example of the successful answer."""
    return {status: {"content": {media_type: {"example": example}}}}
