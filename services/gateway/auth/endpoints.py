"""`/api/auth/…`: tokens for people and data centres, the caller's profile, logout, the public keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from sqlmodel import col, select

from services.gateway.auth.models import AuthSession
from services.gateway.auth.schemas import RefreshRequest, Revocations, TokenResponse
from services.gateway.deps import AuthServiceDep, CurrentPrincipal
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.repository import ClientRepository, UserRepository
from services.gateway.identity.schemas import Me
from services.shared.audit import utcnow
from services.shared.db import SessionDep
from services.shared.errors import NotAuthenticated, OporaError

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post(
    "/token",
    response_model=TokenResponse,
    response_model_exclude_none=True,
    summary="Получить токен (пароль, client_credentials или refresh_token)",
)
def token(
    request: Request,
    auth: AuthServiceDep,
    grant_type: Annotated[str, Form()] = "password",
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    client_id: Annotated[str, Form(max_length=100)] = "",
    client_secret: Annotated[str, Form(max_length=200)] = "",
    refresh_token: Annotated[str, Form(max_length=200)] = "",
) -> TokenResponse:
    if grant_type == "password":
        if not username or not password:
            raise NotAuthenticated("Введите имя пользователя и пароль", code="invalid_credentials")
        ip = request.client.host if request.client else None
        return auth.login_password(username, password, ip, request.headers.get("user-agent"))
    if grant_type == "client_credentials":
        return auth.login_client(client_id, client_secret)
    if grant_type == "refresh_token":
        return auth.refresh(refresh_token)
    raise OporaError("Неподдерживаемый способ получения токена", code="unsupported_grant_type")


@router.post("/refresh", response_model=TokenResponse, summary="Обменять refresh-токен на новую пару токенов")
def refresh(body: RefreshRequest, auth: AuthServiceDep) -> TokenResponse:
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
    clients = session.exec(select(ApiClient.client_id).where(col(ApiClient.is_active).is_(False))).all()
    return Revocations(sessions=list(ended), clients=[f"client:{c}" for c in clients], until=now)


@router.get("/jwks.json", summary="Открытые ключи для проверки токенов (JWKS)")
def jwks(request: Request, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    keys: dict[str, Any] = request.app.state.keys.jwks()
    return keys
