from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select, update

from services.gateway.auth.models import AuthSession
from services.gateway.identity.models import ApiClient, User
from services.shared.errors import Conflict
from services.shared.pagination import PageParams, paginate
from services.shared.security import Role


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int, for_update: bool = False) -> User | None:
        """The user; `for_update` locks the row until the transaction ends (PostgreSQL; SQLite's writing
        request holds the database's write lock), so two administrators' edits apply one after the other."""
        return self.session.get(User, user_id, with_for_update=for_update, populate_existing=for_update)

    def by_username(self, username: str) -> User | None:
        return self.session.exec(select(User).where(User.username == username.lower())).first()

    def list(self, params: PageParams, role: Role | None, query: str | None) -> tuple[list[User], int]:
        statement = select(User).order_by(col(User.username))
        if role:
            statement = statement.where(User.role == role)
        if query:
            pattern = f"%{query.lower()}%"
            statement = statement.where(or_(col(User.username).ilike(pattern), col(User.full_name).ilike(pattern)))
        return paginate(self.session, statement, params)

    def add(self, user: User) -> User:
        """Insert the user; the unique username decides between two administrators creating the same name at
        once (the loser's savepoint is rolled back and it gets 409 `username_taken`, never a 500)."""
        try:
            with self.session.begin_nested():
                self.session.add(user)
                self.session.flush()
        except IntegrityError as error:
            raise Conflict("Пользователь с таким именем уже есть", code="username_taken") from error
        return user


class SessionRepository:
    """Sign-in sessions of users, as the administrator sees and ends them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open_of(self, user_id: int, now: datetime) -> list[AuthSession]:
        """The user's sessions that are neither ended nor expired, the newest first."""
        statement = (
            select(AuthSession)
            .where(
                col(AuthSession.user_id) == user_id,
                col(AuthSession.revoked_at).is_(None),
                col(AuthSession.expires_at) > now,
            )
            .order_by(col(AuthSession.created_at).desc())
        )
        return list(self.session.exec(statement).all())

    def revoke(self, user_id: int, session_id: str, now: datetime, reason: str) -> bool:
        """End one open session of the user (compare-and-set: only while it is still open); False if none was."""
        result = self.session.exec(
            update(AuthSession)
            .where(
                col(AuthSession.id) == session_id,
                col(AuthSession.user_id) == user_id,
                col(AuthSession.revoked_at).is_(None),
            )
            .values(revoked_at=now, revoked_reason=reason)
        )
        return bool(result.rowcount)


class ClientRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, client_pk: int, for_update: bool = False) -> ApiClient | None:
        """The client; `for_update` locks the row until the transaction ends, as for users: two administrators'
        changes apply one after the other, each audited with the state the other left."""
        return self.session.get(ApiClient, client_pk, with_for_update=for_update, populate_existing=for_update)

    def by_client_id(self, client_id: str) -> ApiClient | None:
        return self.session.exec(select(ApiClient).where(ApiClient.client_id == client_id)).first()

    def list(self, params: PageParams) -> tuple[list[ApiClient], int]:
        return paginate(self.session, select(ApiClient).order_by(col(ApiClient.name)), params)

    def add(self, client: ApiClient) -> ApiClient:
        self.session.add(client)
        self.session.flush()
        return client
