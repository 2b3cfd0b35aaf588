"""`/api/admin/…`: users and API clients of data centres. Administrators only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.gateway.deps import AdminDep, IdentityServiceDep
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.schemas import (
    ClientCreate,
    ClientRead,
    ClientWithSecret,
    PasswordReset,
    SessionRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from services.shared.ids import Id, Search
from services.shared.pagination import Page, PageDep
from services.shared.revisions import IfMatch, tagged
from services.shared.security import BearerDep, Role

router = APIRouter(prefix="/api/admin", tags=["admin"])


def user_read(user: User) -> UserRead:
    return UserRead(**user.model_dump(), scope=user.scope, role_label=user.role_label)


def client_read(client: ApiClient) -> ClientRead:
    return ClientRead(**client.model_dump(), scope=client.scope, role_label=client.role_label)


@router.get("/users", response_model=Page[UserRead], summary="Пользователи")
def list_users(
    _admin: AdminDep,
    identity: IdentityServiceDep,
    page: PageDep,
    role: Role | None = None,
    q: Annotated[Search | None, Query(max_length=100, description="Поиск по имени или логину")] = None,
) -> Page[UserRead]:
    users, total = identity.users.list(page, role, q)
    return Page(items=[user_read(u) for u in users], total=total, page=page.page, per_page=page.per_page)


def _tagged(response: Response, user: User) -> UserRead:
    """The user with its revision as the ETag, the one an edit may send back in If-Match."""
    return tagged(response, user_read(user))


@router.post("/users", response_model=UserRead, status_code=201, summary="Создать пользователя")
def create_user(
    body: UserCreate, admin: AdminDep, bearer: BearerDep, identity: IdentityServiceDep, response: Response
) -> UserRead:
    return _tagged(response, identity.create_user(body, admin, bearer))


@router.get("/users/{user_id}", response_model=UserRead, summary="Пользователь")
def get_user(user_id: Id, _admin: AdminDep, identity: IdentityServiceDep, response: Response) -> UserRead:
    return _tagged(response, identity.get_user(user_id))


@router.patch(
    "/users/{user_id}",
    response_model=UserRead,
    summary="Изменить пользователя, роль или территорию (If-Match: 412, если его изменил другой, 428 без него)",
)
def update_user(
    user_id: Id,
    body: UserUpdate,
    admin: AdminDep,
    bearer: BearerDep,
    identity: IdentityServiceDep,
    response: Response,
    if_match: IfMatch = None,
) -> UserRead:
    return _tagged(response, identity.update_user(user_id, body, admin, bearer, if_match))


@router.post("/users/{user_id}/password", response_model=UserRead, summary="Задать новый пароль")
def reset_password(user_id: Id, body: PasswordReset, admin: AdminDep, identity: IdentityServiceDep) -> UserRead:
    return user_read(identity.reset_password(user_id, body.password, admin))


@router.get("/users/{user_id}/sessions", response_model=list[SessionRead], summary="Открытые сессии пользователя")
def user_sessions(user_id: Id, _admin: AdminDep, identity: IdentityServiceDep) -> list[SessionRead]:
    return [SessionRead.model_validate(s, from_attributes=True) for s in identity.open_sessions(user_id)]


@router.post(
    "/users/{user_id}/sessions/{session_id}/revoke",
    status_code=204,
    summary="Завершить сессию пользователя",
    responses={404: {"description": "Сессия не найдена или уже завершена"}},
)
def revoke_user_session(
    user_id: Id,
    session_id: Annotated[str, Path(max_length=64)],
    admin: AdminDep,
    identity: IdentityServiceDep,
) -> Response:
    identity.revoke_session(user_id, session_id, admin)
    return Response(status_code=204)


@router.post("/users/{user_id}/deactivate", response_model=UserRead, summary="Отключить пользователя")
def deactivate_user(user_id: Id, admin: AdminDep, identity: IdentityServiceDep) -> UserRead:
    return user_read(identity.set_user_active(user_id, False, admin))


@router.post("/users/{user_id}/activate", response_model=UserRead, summary="Включить пользователя")
def activate_user(user_id: Id, admin: AdminDep, identity: IdentityServiceDep) -> UserRead:
    return user_read(identity.set_user_active(user_id, True, admin))


@router.get("/clients", response_model=Page[ClientRead], summary="Клиенты API центров обработки данных")
def list_clients(_admin: AdminDep, identity: IdentityServiceDep, page: PageDep) -> Page[ClientRead]:
    clients, total = identity.clients.list(page)
    return Page(items=[client_read(c) for c in clients], total=total, page=page.page, per_page=page.per_page)


@router.post("/clients", response_model=ClientWithSecret, status_code=201, summary="Создать клиента API")
def create_client(
    body: ClientCreate, admin: AdminDep, bearer: BearerDep, identity: IdentityServiceDep
) -> ClientWithSecret:
    client, secret = identity.create_client(body, admin, bearer)
    return ClientWithSecret(**client_read(client).model_dump(), client_secret=secret)


@router.post("/clients/{client_pk}/secret", response_model=ClientWithSecret, summary="Выпустить новый секрет")
def rotate_secret(client_pk: Id, admin: AdminDep, identity: IdentityServiceDep) -> ClientWithSecret:
    client, secret = identity.rotate_client_secret(client_pk, admin)
    return ClientWithSecret(**client_read(client).model_dump(), client_secret=secret)


@router.post("/clients/{client_pk}/deactivate", response_model=ClientRead, summary="Отключить клиента API")
def deactivate_client(client_pk: Id, admin: AdminDep, identity: IdentityServiceDep) -> ClientRead:
    return client_read(identity.set_client_active(client_pk, False, admin))


@router.post("/clients/{client_pk}/activate", response_model=ClientRead, summary="Включить клиента API")
def activate_client(client_pk: Id, admin: AdminDep, identity: IdentityServiceDep) -> ClientRead:
    return client_read(identity.set_client_active(client_pk, True, admin))
