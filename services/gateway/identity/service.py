"""Administration of users and API clients. Changes are audited; sessions end when access is taken away."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import Session, col, update

from services.gateway.auth.models import AuthSession
from services.gateway.db import AuditEvent
from services.gateway.identity.models import ApiClient, ScopedMixin, User
from services.gateway.identity.passwords import Passwords
from services.gateway.identity.repository import ClientRepository, SessionRepository, UserRepository
from services.gateway.identity.schemas import ClientCreate, UserCreate, UserUpdate
from services.gateway.identity.territories import TerritoryDirectory
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.db import advisory_lock
from services.shared.errors import Conflict, InvalidValue, NotAuthenticated, NotFound
from services.shared.revisions import differing, matches, stale_revision
from services.shared.security import Principal, Role, Scope, ScopeKind

# Which territorial scopes make sense for a role.
ALLOWED_SCOPES: dict[Role, set[ScopeKind]] = {
    Role.admin: {ScopeKind.all, ScopeKind.region},
    Role.regional_analyst: {ScopeKind.all, ScopeKind.region},
    Role.municipal_coordinator: {ScopeKind.municipality},
    Role.curator: {ScopeKind.schools, ScopeKind.municipality},
    Role.school_staff: {ScopeKind.schools},
    Role.observer: set(ScopeKind),
}
CLIENT_ROLES = {Role.regional_analyst, Role.municipal_coordinator, Role.observer}

SCOPE_KIND_LABELS = {
    ScopeKind.all: "вся установка",
    ScopeKind.region: "регион",
    ScopeKind.municipality: "муниципалитет",
    ScopeKind.schools: "список школ",
}


def _changing(user: User, data: UserUpdate) -> dict[str, Any]:
    """The fields of an edit that change the user: a form saved as it was read changes nothing. The role and
    territory sent are compared as the user's own `role_enum` and `scope` (`differing`)."""
    sent = {"full_name": data.full_name, "email": data.email, "role_enum": data.role,
            "scope": data.scope.to_scope() if data.scope is not None else None}  # fmt: skip
    return differing(user, {field: value for field, value in sent.items() if value is not None})


def check_scope(role: Role, scope: Scope) -> None:
    """A role gets only the scope kinds that fit it, with the codes that kind needs."""
    if scope.kind not in ALLOWED_SCOPES[role]:
        allowed = ", ".join(SCOPE_KIND_LABELS[kind] for kind in ALLOWED_SCOPES[role])
        raise InvalidValue(
            f"Для этой роли допустима территория: {allowed}", code="scope_not_allowed", loc=["scope", "kind"]
        )
    if scope.kind == ScopeKind.region and not scope.region:
        raise InvalidValue("Укажите код региона", code="missing_region", loc=["scope", "region"])
    if scope.kind == ScopeKind.municipality and not scope.municipality:
        raise InvalidValue("Укажите код муниципалитета", code="missing_municipality", loc=["scope", "municipality"])
    if scope.kind == ScopeKind.schools and not scope.schools:
        raise InvalidValue("Укажите хотя бы одну школу", code="missing_schools", loc=["scope", "schools"])
    if role == Role.school_staff and len(scope.schools) != 1:
        raise InvalidValue(
            "Сотрудник школы привязан ровно к одной школе", code="one_school_only", loc=["scope", "schools"]
        )


def _apply_scope(account: ScopedMixin, scope: Scope, label: str) -> None:
    account.scope_kind = str(scope.kind)
    account.region_code = scope.region
    account.municipality_code = scope.municipality
    account.school_codes = list(scope.schools)
    account.territory_label = label


def _snapshot(account: ScopedMixin) -> dict[str, Any]:
    return account.model_dump(mode="json", exclude={"password_hash", "secret_hash"})


class IdentityService:
    def __init__(self, session: Session, passwords: Passwords, territories: TerritoryDirectory | None = None) -> None:
        self.session = session
        self.passwords = passwords
        self.users = UserRepository(session)
        self.clients = ClientRepository(session)
        self.sessions = SessionRepository(session)
        self.territories = territories

    def _take_turn(self, actor: Principal) -> None:
        """Administrators' changes take turns (an advisory lock on PostgreSQL; SQLite's writers are serialised
        already), and the actor's own session is read again once its turn has come: an administrator whom another
        has just switched off, given another role or a new password (each ends their sessions) is refused, 401
        `session_revoked`, as one after the other — never two administrators switching each other off at once."""
        advisory_lock(self.session, "identity-administration")
        if actor.session_id is None:
            return
        own = self.session.get(AuthSession, actor.session_id, populate_existing=True)
        if own is None or own.revoked_at is not None:
            raise NotAuthenticated("Сессия завершена, войдите снова", code="session_revoked")

    def _resolve(self, role: Role, scope: Scope, bearer: str) -> tuple[Scope, str]:
        check_scope(role, scope)
        assert self.territories is not None
        return self.territories.resolve(scope, bearer)

    def create_user(self, data: UserCreate, actor: Principal, bearer: str) -> User:
        self._take_turn(actor)
        username = data.username.lower()
        if self.users.by_username(username):
            raise Conflict("Пользователь с таким именем уже есть", code="username_taken")
        scope, label = self._resolve(data.role, data.scope.to_scope(), bearer)
        user = User(
            username=username,
            full_name=data.full_name,
            email=data.email,
            role=str(data.role),
            scope_kind=str(scope.kind),
            password_hash=self.passwords.hash(data.password),
        )
        _apply_scope(user, scope, label)
        self.users.add(user)
        audit.record(self.session, AuditEvent, actor, "create", "user", user.id or 0, after=_snapshot(user))
        return user

    def get_user(self, user_id: int, for_update: bool = False) -> User:
        user = self.users.get(user_id, for_update)
        if user is None:
            raise NotFound("Пользователь не найден", code="user_not_found")
        return user

    def update_user(self, user_id: int, data: UserUpdate, actor: Principal, bearer: str, if_match: str | None) -> User:
        """Change a user's name, e-mail, role or territory if the administrator read the user's current revision
        (`If-Match`, as every edit: 428 without it, 412 when another administrator changed the user meanwhile,
        nothing written); checked under the administrators' turn, so of two edits of one revision one wins."""
        self._take_turn(actor)
        user = self.get_user(user_id, for_update=True)
        if not matches(if_match, user.revision):
            raise stale_revision()
        if not _changing(user, data):
            return user  # nothing to change (or only the values stored): nothing written, the revision stays
        user.revision += 1
        before = _snapshot(user)
        if data.full_name is not None:
            user.full_name = data.full_name
        if data.email is not None:
            user.email = data.email
        if data.role is not None or data.scope is not None:
            role = data.role or user.role_enum
            scope, label = self._resolve(role, data.scope.to_scope() if data.scope else user.scope, bearer)
            user.role = str(role)
            _apply_scope(user, scope, label)
            self.end_sessions(user, "access_changed")
        user.updated_at = utcnow()
        self.session.add(user)
        audit.record(self.session, AuditEvent, actor, "update", "user", user_id, before, _snapshot(user))
        return user

    def reset_password(self, user_id: int, password: str, actor: Principal) -> User:
        self._take_turn(actor)
        user = self.get_user(user_id, for_update=True)
        user.revision += 1
        user.password_hash = self.passwords.hash(password)
        user.password_changed_at = user.updated_at = utcnow()
        self.session.add(user)
        self.end_sessions(user, "password_reset")
        audit.record(self.session, AuditEvent, actor, "reset_password", "user", user_id)
        return user

    def set_user_active(self, user_id: int, active: bool, actor: Principal) -> User:
        self._take_turn(actor)
        user = self.get_user(user_id, for_update=True)
        if not active and actor.subject == f"user:{user_id}":
            raise Conflict("Нельзя отключить собственную учётную запись", code="cannot_deactivate_self")
        before = _snapshot(user)
        user.revision += 1
        user.is_active = active
        user.updated_at = utcnow()
        self.session.add(user)
        if not active:
            self.end_sessions(user, "deactivated")
        action = "activate" if active else "deactivate"
        audit.record(self.session, AuditEvent, actor, action, "user", user_id, before, _snapshot(user))
        return user

    def open_sessions(self, user_id: int) -> list[AuthSession]:
        """Where the user is signed in now."""
        self.get_user(user_id)
        return self.sessions.open_of(user_id, utcnow())

    def revoke_session(self, user_id: int, session_id: str, actor: Principal) -> None:
        """End one sign-in of the user: its refresh token stops working, its access tokens are refused."""
        self._take_turn(actor)
        self.get_user(user_id)
        if not self.sessions.revoke(user_id, session_id, utcnow(), "revoked_by_admin"):
            raise NotFound("Сессия не найдена или уже завершена", code="session_not_found")
        audit.record(self.session, AuditEvent, actor, "revoke_session", "user", user_id)

    def end_sessions(self, user: User, reason: str) -> None:
        self.session.exec(
            update(AuthSession)
            .where(col(AuthSession.user_id) == user.id, col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )

    def create_client(self, data: ClientCreate, actor: Principal, bearer: str) -> tuple[ApiClient, str]:
        self._take_turn(actor)
        if data.role not in CLIENT_ROLES:
            raise InvalidValue(
                "Клиенту API доступны роли аналитика, координатора или наблюдателя",
                code="role_not_allowed",
                loc=["role"],
            )
        scope, label = self._resolve(data.role, data.scope.to_scope(), bearer)
        secret = secrets.token_urlsafe(32)
        client = ApiClient(
            client_id=f"dc-{secrets.token_hex(6)}",
            name=data.name,
            role=str(data.role),
            scope_kind=str(scope.kind),
            secret_hash=self.passwords.hash(secret),
        )
        _apply_scope(client, scope, label)
        self.clients.add(client)
        audit.record(self.session, AuditEvent, actor, "create", "api_client", client.client_id, after=_snapshot(client))
        return client, secret

    def get_client(self, client_pk: int, for_update: bool = False) -> ApiClient:
        client = self.clients.get(client_pk, for_update)
        if client is None:
            raise NotFound("Клиент API не найден", code="client_not_found")
        return client

    def rotate_client_secret(self, client_pk: int, actor: Principal) -> tuple[ApiClient, str]:
        self._take_turn(actor)
        client = self.get_client(client_pk, for_update=True)
        secret = secrets.token_urlsafe(32)
        client.secret_hash = self.passwords.hash(secret)
        client.updated_at = utcnow()
        self.session.add(client)
        audit.record(self.session, AuditEvent, actor, "rotate_secret", "api_client", client.client_id)
        return client, secret

    def set_client_active(self, client_pk: int, active: bool, actor: Principal) -> ApiClient:
        self._take_turn(actor)
        client = self.get_client(client_pk, for_update=True)
        before = _snapshot(client)
        client.is_active = active
        client.updated_at = utcnow()
        self.session.add(client)
        action = "activate" if active else "deactivate"
        audit.record(self.session, AuditEvent, actor, action, "api_client", client.client_id, before, _snapshot(client))
        return client
