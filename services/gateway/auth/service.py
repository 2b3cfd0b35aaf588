"""Signing in (password and client-credentials grants), refresh-token rotation, logout, throttling.

A login uses one database connection at a time and none while Argon2 runs: the attempt is counted and the
account read in a short transaction of its own (committed before the password is checked, so the count
outlives a refused request, see `throttle.py`), the password is checked off the event loop, and only a
successful login writes its session through the request's session (with the password hashed again when its
hash was made at another Argon2 cost than the configured one). The revocation of a session whose spent
refresh token came back also commits on its own (`_security_write`), as the request answers with an error.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TypeVar

import anyio
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update
from starlette.concurrency import run_in_threadpool

from services.gateway.auth.keys import KeyStore
from services.gateway.auth.models import AuthSession, CalendarGrant, RefreshToken
from services.gateway.auth.schemas import CalendarOwner, TokenResponse
from services.gateway.auth.throttle import (
    AttemptKeys,
    TooManyAttempts,
    purge_now_and_then,
    release_attempt,
    reserve_attempt,
)
from services.gateway.auth.tokens import hash_secret_token, issue_access_token, new_refresh_token
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.passwords import passwords_for, verify_password_off_loop
from services.gateway.identity.repository import ClientRepository, UserRepository
from services.gateway.settings import GatewaySettings
from services.shared.audit import utcnow
from services.shared.db import write_transaction
from services.shared.errors import NotAuthenticated, NotFound, OporaError
from services.shared.security import Principal

INVALID_CREDENTIALS = "Неверное имя пользователя или пароль"
__all__ = ["AuthService", "InvalidClient", "InvalidGrant", "TooManyAttempts"]

Account = TypeVar("Account", User, ApiClient)


class InvalidGrant(OporaError):
    """A wrong password or a spent refresh token (OAuth 2.0 `invalid_grant`: 400)."""

    status_code = 400
    code = "invalid_credentials"
    detail = INVALID_CREDENTIALS


class InvalidClient(OporaError):
    """A data-centre client that failed to authenticate (OAuth 2.0 `invalid_client`: 401)."""

    status_code = 401
    code = "invalid_client"
    detail = "Неверный идентификатор или секрет клиента"


def _nameable(name: str) -> bool:
    """Whether `name` may name an account: none has a NUL character, which PostgreSQL refuses in any query (a
    sign-in with one was 422 `invalid_value` there, 400 on SQLite, and never counted as a failed attempt)."""
    return "\x00" not in name


def _storable(name: str) -> str:
    """`name` as the counter of failed attempts keeps it: a NUL written as `\\0`."""
    return name.replace("\x00", "\\0")


class AuthService:
    def __init__(self, session: Session, engine: Engine, keys: KeyStore, settings: GatewaySettings) -> None:
        self.session = session
        self.engine = engine
        self.keys = keys
        self.settings = settings
        self.passwords = passwords_for(settings)

    @contextmanager
    def _security_write(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            write_transaction(session)
            yield session
            session.commit()

    def _reserve(self, keys: AttemptKeys, find: Callable[[Session], Account | None]) -> Account | None:
        """Count the attempt (or 429) and read the account, in one short transaction of its own."""
        with Session(self.engine, expire_on_commit=False) as session:
            reserve_attempt(session, keys, self.settings)
            account = find(session)
            session.commit()
            purge_now_and_then(session, self.settings)
            return account

    # Grants ---------------------------------------------------------------------------------

    async def login_password(
        self, limiter: anyio.CapacityLimiter, username: str, password: str, address: str, agent: str | None
    ) -> TokenResponse:
        keys = AttemptKeys(address, f"user:{_storable(username.lower())}")
        user = await run_in_threadpool(
            self._reserve, keys, lambda s: UserRepository(s).by_username(username) if _nameable(username) else None
        )
        stored_hash = user.password_hash if user else None
        valid, rehashed = await verify_password_off_loop(limiter, self.passwords, password, stored_hash)
        if not (user and valid and user.is_active):
            raise InvalidGrant()
        return await run_in_threadpool(self._open_session, user, keys, address, agent, rehashed)

    def _open_session(
        self, user: User, keys: AttemptKeys, address: str, agent: str | None, rehashed: str | None
    ) -> TokenResponse:
        write_transaction(self.session)
        checked = self._as_checked(user)
        if checked is None:  # the password was right when checked: no failed attempt against the address
            self.session.rollback()
            with self._security_write() as session:
                release_attempt(session, keys)
            raise InvalidGrant()
        user = checked
        release_attempt(self.session, keys)
        if rehashed is not None:
            self._store_rehash(user, rehashed)
        auth_session = AuthSession(
            id=uuid.uuid4().hex,
            user_id=user.id or 0,
            expires_at=utcnow() + timedelta(seconds=self.settings.refresh_token_ttl_seconds),
            ip=address[:64],
            user_agent=(agent or "")[:300],
        )
        self.session.add(auth_session)
        self.session.flush()
        return self._user_tokens(user, auth_session)

    def _as_checked(self, user: User) -> User | None:
        """The account as it is now, if it is still as it was when its password was checked (active, the same
        password); its role and scope are read again, for the tokens. The row stays locked (FOR SHARE; on
        SQLite the write lock) until the new session is stored, so a deactivation, a password reset or a change
        of access during the check either came first (refused, or the tokens carry the new access) or waits
        and then ends this session with the others."""
        return self.session.exec(
            select(User)
            .where(
                col(User.id) == user.id,
                col(User.is_active).is_(True),
                col(User.password_hash) == user.password_hash,
            )
            .with_for_update(read=True)
        ).first()

    def _store_rehash(self, user: User, rehashed: str) -> None:
        """Store the password just checked, hashed at the configured cost, unless its hash changed meanwhile
        (a reset during the check wins)."""
        self.session.exec(
            update(User)
            .where(col(User.id) == user.id, col(User.password_hash) == user.password_hash)
            .values(password_hash=rehashed)
        )

    async def login_client(
        self, limiter: anyio.CapacityLimiter, client_id: str, secret: str, address: str
    ) -> TokenResponse:
        keys = AttemptKeys(address, f"client:{_storable(client_id)}")
        client = await run_in_threadpool(
            self._reserve, keys, lambda s: ClientRepository(s).by_client_id(client_id) if _nameable(client_id) else None
        )
        # A secret is not hashed again at another cost: 32 random bytes are as hard to guess at any cost, and
        # rotating the secret hashes the new one at the configured cost.
        stored_hash = client.secret_hash if client else None
        valid, _ = await verify_password_off_loop(limiter, self.passwords, secret, stored_hash)
        if not (client and valid and client.is_active):
            raise InvalidClient()
        return await run_in_threadpool(self._client_signed_in, client, keys)

    def _client_signed_in(self, client: ApiClient, keys: AttemptKeys) -> TokenResponse:
        """Note the client's use, if it is still the client whose secret was checked: a compare-and-set on the
        secret and the active flag, so a rotation or a deactivation committed during the check is neither
        written over (merging the object read before would put the old secret back) nor bypassed."""
        release_attempt(self.session, keys)
        used = self.session.exec(
            update(ApiClient)
            .where(
                col(ApiClient.id) == client.id,
                col(ApiClient.secret_hash) == client.secret_hash,
                col(ApiClient.is_active).is_(True),
            )
            .values(last_used_at=utcnow())
        )
        if getattr(used, "rowcount", 0) != 1:
            raise InvalidClient()
        return TokenResponse(access_token=self._client_token(client), expires_in=self._ttl)

    def refresh(self, token: str) -> TokenResponse:
        """Spend a refresh token for a new pair; a spent one coming back revokes its whole session."""
        write_transaction(self.session)
        stored = self.session.exec(
            select(RefreshToken).where(RefreshToken.token_hash == hash_secret_token(token))
        ).first()
        invalid = NotAuthenticated("Сессия истекла, войдите снова", code="invalid_refresh_token")
        if stored is None:
            raise invalid
        auth_session = self.session.get(AuthSession, stored.session_id)
        if auth_session is None or auth_session.revoked_at is not None:
            raise invalid
        if stored.used_at is not None or not self._spend(stored):
            self._revoke_for_reuse(auth_session.id)
            raise invalid
        user = self.session.get(User, auth_session.user_id)
        if user is None or not user.is_active or auth_session.expires_at < utcnow():
            raise invalid
        return self._user_tokens(user, auth_session)

    def _spend(self, stored: RefreshToken) -> bool:
        """Mark the refresh token used, if nobody did meanwhile: a compare-and-set on `used_at`. Two refreshes
        with one token at once (a replay racing its owner) both read it unused; only one may get a new pair,
        and the other is the reuse it is, as if it had come second."""
        spent = self.session.exec(
            update(RefreshToken)
            .where(col(RefreshToken.id) == stored.id, col(RefreshToken.used_at).is_(None))
            .values(used_at=utcnow())
        )
        return getattr(spent, "rowcount", 0) == 1

    def _revoke_for_reuse(self, session_id: str) -> None:
        """End the session of a spent refresh token that came back, in a transaction of its own: it stays ended
        though the request fails. The request's transaction, which wrote nothing that stays, ends first: on
        SQLite its refused compare-and-set still holds the write lock the other transaction needs."""
        self.session.rollback()
        with self._security_write() as session:
            _end_session(session, session_id, "refresh_token_reuse")

    def logout(self, principal: Principal) -> None:
        """End the caller's session if it is still open: a compare-and-set, so a session an administrator ended
        meanwhile keeps the administrator's reason, as it would have had the logout come after."""
        if principal.session_id is None:
            return
        _end_session(self.session, principal.session_id, "logout")

    def ensure_current(self, principal: Principal) -> None:
        """Tokens of ended sessions and deactivated clients stop at the gateway before they expire."""
        if principal.is_client:
            client_id = principal.subject.removeprefix("client:")
            client = ClientRepository(self.session).by_client_id(client_id)
            if client is None or not client.is_active:
                raise NotAuthenticated("Клиент API отключён", code="client_inactive")
            if principal.secret_version is not None and principal.secret_version != secret_version(client):
                raise NotAuthenticated(
                    "Токен выдан до смены секрета или отключения клиента API: получите новый токен",
                    code="client_token_outdated",
                )
            return
        if principal.session_id is None:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token")
        auth_session = self.session.get(AuthSession, principal.session_id)
        if auth_session is None or auth_session.revoked_at is not None:
            raise NotAuthenticated("Сессия завершена, войдите снова", code="session_revoked")

    # Calendar feeds -------------------------------------------------------------------------

    def grant_calendar(self, principal: Principal, key: str) -> None:
        """Record that the feed behind `key` belongs to the caller (asked by the roadmap on the caller's behalf).

        A key is granted once: a repeat finds the grant and leaves it, and so does a repeat sent at once (a
        retry while the first still runs), which the key's primary key refuses after the first has stored it."""
        key_hash = hash_secret_token(key)
        if self.session.get(CalendarGrant, key_hash) is None:
            try:
                with self.session.begin_nested():
                    self.session.add(CalendarGrant(key_hash=key_hash, subject=principal.subject))
            except IntegrityError:
                pass  # stored meanwhile by the same grant sent again: the first one's stays

    def calendar_owner(self, key: str) -> CalendarOwner:
        """The owner of the feed behind `key` as the account is now; 404 once it may no longer sign in."""
        grant = self.session.get(CalendarGrant, hash_secret_token(key))
        gone = NotFound("Календарь не найден или отозван", code="calendar_not_found")
        if grant is None:
            raise gone
        account: User | ApiClient | None
        if grant.subject.startswith("client:"):
            account = ClientRepository(self.session).by_client_id(grant.subject.removeprefix("client:"))
        else:
            user_id = grant.subject.removeprefix("user:")
            account = UserRepository(self.session).get(int(user_id)) if user_id.isdigit() else None
        if account is None or not account.is_active:
            raise gone
        name = account.name if isinstance(account, ApiClient) else account.full_name
        return CalendarOwner(subject=grant.subject, name=name, role=account.role_enum, scope=account.scope)

    def job_token(self, principal: Principal) -> TokenResponse:
        """A credential for one background job (a report render) with the caller's identity and scope.

        It outlives the caller's 15-minute access token (a queued job may wait), but not the session:
        logging out ends it like the others. A job token cannot be exchanged for another one.
        """
        if principal.is_job:
            raise OporaError("Токен задачи нельзя обменять на новый", code="job_token_exchange", status_code=403)
        access = issue_access_token(
            self.keys,
            self.settings,
            subject=principal.subject,
            username=principal.username,
            name=principal.name,
            role=principal.role,
            scope=principal.scope,
            session_id=principal.session_id,
            client=principal.is_client,
            job=True,
            secret_version=principal.secret_version,
        )
        return TokenResponse(access_token=access, expires_in=self.settings.job_token_ttl_seconds)

    # Tokens ---------------------------------------------------------------------------------

    @property
    def _ttl(self) -> int:
        return self.settings.access_token_ttl_seconds

    def _user_tokens(self, user: User, auth_session: AuthSession) -> TokenResponse:
        refresh, refresh_hash = new_refresh_token()
        self.session.add(RefreshToken(session_id=auth_session.id, token_hash=refresh_hash))
        access = issue_access_token(
            self.keys,
            self.settings,
            subject=f"user:{user.id}",
            username=user.username,
            name=user.full_name,
            role=user.role_enum,
            scope=user.scope,
            session_id=auth_session.id,
        )
        return TokenResponse(access_token=access, expires_in=self._ttl, refresh_token=refresh)

    def _client_token(self, client: ApiClient) -> str:
        return issue_access_token(
            self.keys,
            self.settings,
            subject=f"client:{client.client_id}",
            username=client.client_id,
            name=client.name,
            role=client.role_enum,
            scope=client.scope,
            client=True,
            secret_version=secret_version(client),
        )


def secret_version(client: ApiClient) -> str:
    """Which secret and switching on of the client a token was issued for (a digest, never the hash itself): a
    rotation or a switching off changes it (both set `updated_at`), so the tokens got before, leaked or not,
    stop at once and never come back when the client is switched on again."""
    changed = client.updated_at.replace(tzinfo=None).isoformat()
    return hashlib.sha256(f"{client.secret_hash}|{changed}".encode()).hexdigest()[:16]


def _end_session(session: Session, session_id: str, reason: str) -> None:
    """End the session if it is still open: a compare-and-set, so one ended meanwhile (an administrator's
    revocation, a logout) keeps the reason of whoever ended it first."""
    session.exec(
        update(AuthSession)
        .where(col(AuthSession.id) == session_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
