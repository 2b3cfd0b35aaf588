"""Signing in (password and client-credentials grants), refresh-token rotation, logout, throttling.

Two writes here must outlive a refused request: the failed-login counter and the revocation of a session
whose spent refresh token came back. They go through `_security_write`, a transaction of their own that
commits even though the request itself answers with an error (and so rolls its own session back).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from services.gateway.auth.keys import KeyStore
from services.gateway.auth.models import AuthSession, LoginFailure, RefreshToken
from services.gateway.auth.schemas import TokenResponse
from services.gateway.auth.tokens import hash_secret_token, issue_access_token, new_refresh_token
from services.gateway.identity.models import ApiClient, User
from services.gateway.identity.passwords import verify_password
from services.gateway.identity.repository import ClientRepository, UserRepository
from services.shared.audit import utcnow
from services.shared.errors import NotAuthenticated, OporaError
from services.shared.security import Principal
from services.shared.settings import Settings

INVALID_CREDENTIALS = "Неверное имя пользователя или пароль"


class TooManyAttempts(OporaError):
    status_code = 429
    code = "too_many_attempts"
    detail = "Слишком много неудачных попыток входа. Повторите позже"


class AuthService:
    def __init__(
        self,
        session: Session,
        engine: Engine,
        keys: KeyStore,
        settings: Settings,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = session
        self.engine = engine
        self.keys = keys
        self.settings = settings
        self.sleep = sleep

    @contextmanager
    def _security_write(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session
            session.commit()

    # Throttling -----------------------------------------------------------------------------

    def _throttle(self, keys: list[str]) -> None:
        """429 once a key reached the limit in the window; slow answers down after the first failures."""
        now = utcnow()
        window = timedelta(seconds=self.settings.login_window_seconds)
        worst = 0
        for key in keys:
            failure = self.session.get(LoginFailure, key)
            if failure is None or now - failure.first_failure_at > window:
                continue
            if failure.failures >= self.settings.login_max_failures:
                retry = int((failure.first_failure_at + window - now).total_seconds()) + 1
                raise TooManyAttempts(headers={"Retry-After": str(max(retry, 1))})
            worst = max(worst, failure.failures)
        if worst >= self.settings.login_slow_after:
            steps = worst - self.settings.login_slow_after + 1
            self.sleep(min(self.settings.login_delay_step_seconds * steps, 5.0))

    def _record_failure(self, keys: list[str]) -> None:
        now = utcnow()
        window = timedelta(seconds=self.settings.login_window_seconds)
        with self._security_write() as session:
            for key in keys:
                failure = session.get(LoginFailure, key)
                if failure is None:
                    failure = LoginFailure(key=key, failures=0, first_failure_at=now)
                elif now - failure.first_failure_at > window:
                    failure.failures, failure.first_failure_at = 0, now
                failure.failures += 1
                failure.last_failure_at = now
                session.add(failure)

    def _clear_failures(self, keys: list[str]) -> None:
        for key in keys:
            failure = self.session.get(LoginFailure, key)
            if failure is not None:
                self.session.delete(failure)

    # Grants ---------------------------------------------------------------------------------

    def login_password(self, username: str, password: str, ip: str | None, agent: str | None) -> TokenResponse:
        keys = [f"user:{username.lower()}"]
        self._throttle(keys)
        user = UserRepository(self.session).by_username(username)
        valid = verify_password(password, user.password_hash if user else None)
        if not (user and valid and user.is_active):
            self._record_failure(keys)
            raise NotAuthenticated(INVALID_CREDENTIALS, code="invalid_credentials")
        self._clear_failures(keys)
        auth_session = AuthSession(
            id=uuid.uuid4().hex,
            user_id=user.id or 0,
            expires_at=utcnow() + timedelta(seconds=self.settings.refresh_token_ttl_seconds),
            ip=ip,
            user_agent=(agent or "")[:300],
        )
        self.session.add(auth_session)
        self.session.flush()
        return self._user_tokens(user, auth_session)

    def login_client(self, client_id: str, secret: str) -> TokenResponse:
        keys = [f"client:{client_id}"]
        self._throttle(keys)
        client = ClientRepository(self.session).by_client_id(client_id)
        valid = verify_password(secret, client.secret_hash if client else None)
        if not (client and valid and client.is_active):
            self._record_failure(keys)
            raise NotAuthenticated("Неверный идентификатор или секрет клиента", code="invalid_client")
        self._clear_failures(keys)
        client.last_used_at = utcnow()
        self.session.add(client)
        return TokenResponse(access_token=self._client_token(client), expires_in=self._ttl)

    def refresh(self, token: str) -> TokenResponse:
        """Spend a refresh token for a new pair; a spent one coming back revokes its whole session."""
        stored = self.session.exec(
            select(RefreshToken).where(RefreshToken.token_hash == hash_secret_token(token))
        ).first()
        invalid = NotAuthenticated("Сессия истекла, войдите снова", code="invalid_refresh_token")
        if stored is None:
            raise invalid
        auth_session = self.session.get(AuthSession, stored.session_id)
        if auth_session is None or auth_session.revoked_at is not None:
            raise invalid
        if stored.used_at is not None:
            with self._security_write() as session:
                revoked = session.get(AuthSession, auth_session.id)
                assert revoked is not None
                revoked.revoked_at, revoked.revoked_reason = utcnow(), "refresh_token_reuse"
                session.add(revoked)
            raise invalid
        user = self.session.get(User, auth_session.user_id)
        if user is None or not user.is_active or auth_session.expires_at < utcnow():
            raise invalid
        stored.used_at = utcnow()
        self.session.add(stored)
        return self._user_tokens(user, auth_session)

    def logout(self, principal: Principal) -> None:
        if principal.session_id is None:
            return
        auth_session = self.session.get(AuthSession, principal.session_id)
        if auth_session is not None and auth_session.revoked_at is None:
            auth_session.revoked_at, auth_session.revoked_reason = utcnow(), "logout"
            self.session.add(auth_session)

    def ensure_current(self, principal: Principal) -> None:
        """Tokens of ended sessions and deactivated clients stop at the gateway before they expire."""
        if principal.is_client:
            client_id = principal.subject.removeprefix("client:")
            client = ClientRepository(self.session).by_client_id(client_id)
            if client is None or not client.is_active:
                raise NotAuthenticated("Клиент API отключён", code="client_inactive")
            return
        if principal.session_id is None:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token")
        auth_session = self.session.get(AuthSession, principal.session_id)
        if auth_session is None or auth_session.revoked_at is not None:
            raise NotAuthenticated("Сессия завершена, войдите снова", code="session_revoked")

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
        )
