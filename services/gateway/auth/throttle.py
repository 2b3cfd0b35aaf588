"""Counting login attempts atomically in SQL, before any password is checked.

An attempt first reserves a place under each of its keys (`addr:<client address>`, then `user:<name>` or
`client:<id>`) with one upsert per key, `failures = failures + 1 … RETURNING failures`, which the database
serialises per row: parallel attempts can never check more passwords than the limit. A key over its limit
is refused (429 with `Retry-After`) and the reservations of that attempt are rolled back. A successful
login gives its reservations back: the account's counter is cleared, the address's lowered by one (so an
address cannot wash its failures away by signing in to an account of its own now and then).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from services.gateway.auth.models import LoginFailure
from services.gateway.settings import GatewaySettings
from services.shared.audit import utcnow
from services.shared.errors import OporaError

logger = logging.getLogger("opora.auth")
_TABLE: sa.Table = LoginFailure.__table__  # type: ignore[attr-defined]
PURGE_ONE_IN = 200
"""One attempt in this many also deletes the expired counters (cheap on average, no background job)."""


class TooManyAttempts(OporaError):
    status_code = 429
    code = "too_many_attempts"
    detail = "Слишком много неудачных попыток входа. Повторите позже"


@dataclass(frozen=True)
class AttemptKeys:
    """The counters one attempt is charged to: the client address and the account named."""

    address: str
    account: str

    @property
    def address_key(self) -> str:
        return f"addr:{self.address}"[:200]

    @property
    def account_key(self) -> str:
        return self.account[:200]

    def limits(self, settings: GatewaySettings) -> list[tuple[str, int]]:
        """The address first: its lower limit trips before the account's."""
        return [
            (self.address_key, settings.login_max_failures_per_address),
            (self.account_key, settings.login_max_failures_per_account),
        ]


def _count(session: Session, key: str, now: datetime, window_start: datetime) -> tuple[int, datetime]:
    """`failures + 1` for `key` (restarting an expired window), atomically; the new count and window start."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    at = sa.literal(now, type_=_TABLE.c.first_failure_at.type)
    expired = _TABLE.c.first_failure_at < sa.literal(window_start, type_=_TABLE.c.first_failure_at.type)
    statement = (
        insert(_TABLE)
        .values(key=key, failures=1, first_failure_at=now, last_failure_at=now)
        .on_conflict_do_update(
            index_elements=[_TABLE.c.key],
            set_={
                "failures": sa.case((expired, 1), else_=_TABLE.c.failures + 1),
                "first_failure_at": sa.case((expired, at), else_=_TABLE.c.first_failure_at),
                "last_failure_at": at,
            },
        )
        .returning(_TABLE.c.failures, _TABLE.c.first_failure_at)
    )
    failures, first = session.execute(statement).one()
    return int(failures), first


def reserve_attempt(session: Session, keys: AttemptKeys, settings: GatewaySettings) -> None:
    """Count one attempt under each key, or roll back and raise 429 when a key is over its limit.

    `session` is a short session of its own: the reservation is committed by the caller before the
    password is checked, so it holds no connection while Argon2 runs."""
    now = utcnow()
    window = timedelta(seconds=settings.login_window_seconds)
    for key, limit in keys.limits(settings):
        failures, first = _count(session, key, now, now - window)
        if failures > limit:
            session.rollback()
            retry = int((first + window - now).total_seconds()) + 1
            raise TooManyAttempts(headers={"Retry-After": str(max(retry, 1))})


def purge_now_and_then(session: Session, settings: GatewaySettings) -> None:
    """Once in `PURGE_ONE_IN` attempts, in a transaction of its own, delete counters whose window has passed
    (without this every address that ever failed would keep a row). Rows another attempt holds are skipped,
    never waited for, so the purge cannot deadlock with a reservation."""
    if secrets.randbelow(PURGE_ONE_IN) != 0:
        return
    before = sa.literal(
        utcnow() - timedelta(seconds=settings.login_window_seconds), type_=_TABLE.c.last_failure_at.type
    )
    expired = sa.select(_TABLE.c.key).where(_TABLE.c.last_failure_at < before).limit(1000)
    if session.get_bind().dialect.name == "postgresql":
        expired = expired.with_for_update(skip_locked=True)
    try:
        session.execute(sa.delete(_TABLE).where(_TABLE.c.key.in_(expired.scalar_subquery())))
        session.commit()
    except SQLAlchemyError:  # housekeeping never fails a login; the next purge tries again
        session.rollback()
        logger.warning("login counters: purge failed", exc_info=True)


def release_attempt(session: Session, keys: AttemptKeys) -> None:
    """A successful login: the address's reservation returned, the account's failures forgotten.

    In the order `reserve_attempt` takes the keys (address, then account): a release that took the account first
    waited for an attempt holding the address, which waited for the account's deleted row: a deadlock, and a
    500 for one of two sign-ins to one account from one address at once."""
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.key == keys.address_key, _TABLE.c.failures > 0)
        .values(failures=_TABLE.c.failures - 1)
    )
    session.execute(sa.delete(_TABLE).where(_TABLE.c.key == keys.account_key))
