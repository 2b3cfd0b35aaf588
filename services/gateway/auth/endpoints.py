"""`/api/auth/…`: tokens for people and data centres, the caller's profile, logout, the public keys."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import unquote_plus

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from services.gateway.auth.addresses import client_address
from services.gateway.auth.models import AuthSession
from services.gateway.auth.schemas import CalendarGrantKey, CalendarOwner, RefreshRequest, Revocations, TokenResponse
from services.gateway.auth.service import secret_version
from services.gateway.deps import AuthServiceDep, CurrentPrincipal
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.passwords import hash_limiter
from services.gateway.identity.repository import ClientRepository, UserRepository
from services.gateway.identity.schemas import Me
from services.shared.audit import utcnow
from services.shared.db import SessionDep
from services.shared.errors import ErrorBody, NotAuthenticated, OporaError, answer_example, error_responses

router = APIRouter(prefix="/api/auth", tags=["auth"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
"""RFC 6749 §5.1: answers carrying tokens (and their errors) are never cached."""

# Our error codes as RFC 6749 §5.2 error codes, with the status the RFC gives them.
_OAUTH_ERRORS: dict[str, tuple[str, int]] = {
    "invalid_credentials": ("invalid_grant", 400),
    "invalid_refresh_token": ("invalid_grant", 400),
    "invalid_client": ("invalid_client", 401),
    "unsupported_grant_type": ("unsupported_grant_type", 400),
    "too_many_attempts": ("slow_down", 429),
}
_FIELD_LIMITS = {
    "grant_type": 40,
    "username": 100,
    "password": 200,
    "client_id": 100,
    "client_secret": 200,
    "refresh_token": 200,
}


class InvalidRequest(OporaError):
    code = "invalid_request"
    detail = "Некорректный запрос токена"


def _oauth_error(error: OporaError, basic: bool) -> JSONResponse:
    """Our error shape plus RFC 6749's `error` / `error_description`, never cached."""
    fallback = ("invalid_request", 400) if error.status_code < 500 else ("server_error", error.status_code)
    oauth, status = _OAUTH_ERRORS.get(error.code, fallback)
    body: dict[str, Any] = ErrorBody(code=error.code, detail=error.detail, fields=error.fields).model_dump()
    body.update(error=oauth, error_description=error.detail)
    headers = {**(error.headers or {}), **NO_STORE}
    headers.pop("WWW-Authenticate", None)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="opora"' if basic else 'Bearer error="invalid_client"'
    return JSONResponse(body, status_code=status, headers=headers)


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """`client_id` and `client_secret` from HTTP Basic (RFC 6749 §2.3.1: each form-urlencoded first)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidRequest("Заголовок Authorization: Basic не читается", code="invalid_client") from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise InvalidRequest("Заголовок Authorization: Basic не читается", code="invalid_client")
    return unquote_plus(client_id), unquote_plus(secret)


async def _form(request: Request) -> dict[str, str]:
    """The token request's fields; 400 `invalid_request` for anything but short text fields."""
    try:
        form = await request.form()
    except Exception:  # malformed multipart or urlencoded body
        raise InvalidRequest("Тело запроса токена не читается") from None
    fields: dict[str, str] = {}
    for name, limit in _FIELD_LIMITS.items():
        values = form.getlist(name)
        if len(values) > 1 or any(not isinstance(value, str) for value in values):
            raise InvalidRequest(f"Параметр {name} передан неверно")
        value = str(values[0]) if values else ""
        if len(value) > limit:
            raise InvalidRequest(f"Параметр {name} слишком длинный")
        fields[name] = value
    return fields


_TOKEN_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        name: {"type": "string", "maxLength": limit} for name, limit in _FIELD_LIMITS.items()
                    },
                },
                "example": {"grant_type": "client_credentials", "client_id": "dc-…", "client_secret": "…"},
            }
        }
    }
}


@router.post(
    "/token",
    response_model=TokenResponse,
    response_model_exclude_none=True,
    summary="Получить токен (пароль, client_credentials или refresh_token)",
    description="OAuth 2.0 (RFC 6749): клиент API может передать client_id и client_secret в заголовке "
    "Authorization: Basic. Ошибки содержат и поля RFC 6749 `error`, `error_description`.",
    openapi_extra=_TOKEN_FORM,
    responses=answer_example({"access_token": "eyJhbGciOiJFUzI1NiJ9…", "token_type": "bearer", "expires_in": 900})
    | error_responses(400, s400="Неверный запрос токена: `invalid_request`, `invalid_grant`, `unsupported_grant_type`")
    | error_responses(401, s401="`invalid_client`: неверный client_id или client_secret")
    | error_responses(429, s429="Слишком много неудачных попыток (`slow_down`, Retry-After)"),
)
async def token(request: Request, auth: AuthServiceDep) -> Response:
    basic = False
    try:
        form = await _form(request)
        credentials = _basic_credentials(request)
        basic = credentials is not None
        tokens = await _grant(request, auth, form, credentials)
    except OporaError as error:
        return _oauth_error(error, basic)
    return JSONResponse(tokens.model_dump(exclude_none=True), headers=NO_STORE)


async def _grant(
    request: Request, auth: AuthServiceDep, form: dict[str, str], basic: tuple[str, str] | None
) -> TokenResponse:
    grant_type = form["grant_type"] or "password"
    address = client_address(request, auth.settings.trusted_proxies)
    limiter = hash_limiter(request.app)
    if grant_type == "password":
        if not form["username"] or not form["password"]:
            raise InvalidRequest("Введите имя пользователя и пароль")
        return await auth.login_password(
            limiter, form["username"], form["password"], address, request.headers.get("user-agent")
        )
    if grant_type == "client_credentials":
        if basic is not None and (form["client_id"] or form["client_secret"]):
            raise InvalidRequest("Передайте данные клиента одним способом: в заголовке или в форме")
        client_id, secret = basic or (form["client_id"], form["client_secret"])
        if not client_id or not secret:
            raise InvalidRequest("Укажите client_id и client_secret")
        return await auth.login_client(limiter, client_id, secret, address)
    if grant_type == "refresh_token":
        return await run_in_threadpool(auth.refresh, form["refresh_token"])
    raise OporaError("Неподдерживаемый способ получения токена", code="unsupported_grant_type")


@router.post("/refresh", response_model=TokenResponse, summary="Обменять refresh-токен на новую пару токенов")
def refresh(body: RefreshRequest, auth: AuthServiceDep, response: Response) -> TokenResponse:
    response.headers.update(NO_STORE)
    return auth.refresh(body.refresh_token)


@router.post("/logout", status_code=204, summary="Завершить сессию")
def logout(principal: CurrentPrincipal, auth: AuthServiceDep) -> Response:
    auth.logout(principal)
    return Response(status_code=204)


@router.post(
    "/job-token",
    response_model=TokenResponse,
    response_model_exclude_none=True,
    summary="Учётные данные фоновой задачи от имени вызывающего (для сервисов)",
)
def job_token(principal: CurrentPrincipal, auth: AuthServiceDep) -> TokenResponse:
    """The reports service exchanges its caller's token here when it queues a render."""
    return auth.job_token(principal)


@router.get("/me", response_model=Me, summary="Текущий пользователь или клиент API")
def me(principal: CurrentPrincipal, session: SessionDep) -> Me:
    account: User | ApiClient | None
    if principal.is_client:
        account = ClientRepository(session).by_client_id(principal.subject.removeprefix("client:"))
    else:
        account = UserRepository(session).get(int(principal.subject.removeprefix("user:")))
    if account is None:
        raise NotAuthenticated("Учётная запись не найдена", code="invalid_token")
    is_client = isinstance(account, ApiClient)
    return Me(
        id=account.id or 0,
        username=account.client_id if isinstance(account, ApiClient) else account.username,
        full_name=account.name if isinstance(account, ApiClient) else account.full_name,
        role=account.role_enum,
        role_label=account.role_label,
        scope=account.scope,
        territory_label=account.territory_label,
        is_client=is_client,
    )


@router.post(
    "/calendar-grants",
    status_code=204,
    summary="Связать календарь сроков с владельцем (вызывает сервис дорожных карт от имени пользователя)",
)
def grant_calendar(body: CalendarGrantKey, principal: CurrentPrincipal, auth: AuthServiceDep) -> Response:
    auth.grant_calendar(principal, body.key)
    return Response(status_code=204)


@router.post(
    "/calendar-grants/owner",
    response_model=CalendarOwner,
    summary="Владелец календаря сроков и его нынешние роль и территория (ключ календаря — сам пропуск)",
)
def calendar_owner(body: CalendarGrantKey, auth: AuthServiceDep, response: Response) -> CalendarOwner:
    response.headers.update(NO_STORE)
    return auth.calendar_owner(body.key)


@router.get(
    "/revocations", response_model=Revocations, summary="Завершённые сессии и отключённые клиенты (для сервисов)"
)
def revocations(
    request: Request, session: SessionDep, since: Annotated[datetime | None, Query()] = None
) -> Revocations:
    """What the services refuse without asking the gateway each time (services/shared/revocation.py).
    Without `since`: every session ended while a token it issued may still be valid."""
    settings = request.app.state.settings
    now = utcnow()
    alive = timedelta(seconds=max(settings.access_token_ttl_seconds, settings.job_token_ttl_seconds) + 60)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    start = max(since, now - alive) if since else now - alive
    ended = session.exec(select(AuthSession.id).where(col(AuthSession.revoked_at) >= start)).all()
    clients = session.exec(select(ApiClient)).all()
    return Revocations(
        sessions=list(ended),
        clients=[f"client:{c.client_id}" for c in clients if not c.is_active],
        client_secrets={f"client:{c.client_id}": secret_version(c) for c in clients if c.is_active},
        until=now,
    )


@router.get("/jwks.json", summary="Открытые ключи для проверки токенов (JWKS)")
def jwks(request: Request, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    keys: dict[str, Any] = request.app.state.keys.jwks()
    return keys
