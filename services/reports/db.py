"""The reports service's tables live on their own registry (its own database)."""

from sqlmodel import SQLModel

from services.shared.audit import AuditEventBase
from services.shared.db import new_registry
from services.shared.idempotency import IdempotencyRecordBase

registry = new_registry()


class Base(SQLModel, registry=registry):
    pass


class AuditEvent(AuditEventBase, Base, table=True):
    pass


class IdempotencyRecord(IdempotencyRecordBase, Base, table=True):
    pass
