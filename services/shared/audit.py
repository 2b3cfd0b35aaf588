"""Audit trail: who changed what, when, and the values before and after.

Each service keeps its own `audit_event` table (its own database); the columns and the writer live here once.
A service declares the table with `class AuditEvent(AuditEventBase, Base, table=True)` and calls
`record(session, AuditEvent, ...)` inside the request's unit of work, so the event commits with the change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, Session, SQLModel

from services.shared.security import Principal


def utcnow() -> datetime:
    return datetime.now(UTC)


class AuditEventBase(SQLModel):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200, description="subject of the token: user:<id> or client:<id>")
    actor_name: str = Field(default="", max_length=300)
    action: str = Field(max_length=100)
    entity: str = Field(max_length=100, index=True)
    entity_id: str = Field(max_length=100, index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    request_id: str | None = Field(default=None, max_length=100)


def record(
    session: Session,
    model: type[AuditEventBase],
    actor: Principal | str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEventBase:
    from services.shared.logs import current_request_id

    if isinstance(actor, Principal):
        subject, name = actor.subject, actor.name or actor.username
    else:
        subject, name = actor, actor
    event = model(
        actor=subject,
        actor_name=name,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=before,
        after=after,
        request_id=current_request_id(),
    )
    session.add(event)
    return event
