"""The directory of responsible parties, scoped in one place: a caller reads the parties of its territory and
adds new ones there; and the records an execution at a date is rebuilt from (`ExecutionRecords`)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services.roadmap.db import AuditEvent
from services.roadmap.execution.schemas import PartyIn
from services.roadmap.plans.models import Party
from services.shared.errors import Conflict, InvalidValue
from services.shared.scoping import covers, school_codes, territory_filter
from services.shared.security import Principal, ScopeKind


class PartyRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def parties(self, query: str | None, limit: int = 200) -> list[Party]:
        visible = territory_filter(
            self.principal.scope,
            region=col(Party.region_code),
            municipality=col(Party.municipality_code),
            school=col(Party.school_code),
        )
        statement = select(Party).where(visible).order_by(col(Party.name))
        if query:
            statement = statement.where(col(Party.name).ilike(f"%{query}%"))
        return list(self.session.exec(statement.limit(limit)).all())

    def placed(self, data: PartyIn) -> Party:
        """A new party placed in the caller's territory: its region, its municipality; a school's own school."""
        scope = self.principal.scope
        party = Party(**data.model_dump(), region_code=scope.region)
        if scope.kind == ScopeKind.municipality:
            party.municipality_code = scope.municipality
        if school_codes(scope) is not None and not covers(scope, None, None, data.school_code):
            raise InvalidValue("Укажите код своей школы", code="school_required", loc=["body", "school_code"])
        return party

    def add(self, party: Party) -> Party:
        """The new entry; one of the same name and kind in the same place (added just now by another, too: the
        database's unique key decides) is 409 `party_exists`, nothing written."""
        try:
            with self.session.begin_nested():
                self.session.add(party)
        except IntegrityError as error:
            raise Conflict(
                f"В справочнике уже есть «{party.name}» — выберите эту запись, а не добавляйте ещё одну",
                code="party_exists",
            ) from error
        return party


class ExecutionRecords:
    """What an execution at a date reads besides the plan's rows: the audit trail of its activities (and of the
    schools' parts of them) and the proofs uploaded by the end of the day. The ids are of a plan the caller has
    already read through `PlanRepository` (scoped there), so no territory is checked again here."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def audit_of(self, entity: str, ids: list[str], actions: tuple[str, ...]) -> dict[str, list[AuditEvent]]:
        """The audited `actions` on the entities, per entity id, oldest first (ties in the order written)."""
        if not ids:
            return {}
        statement = (
            select(AuditEvent)
            .where(AuditEvent.entity == entity, col(AuditEvent.entity_id).in_(ids))
            .where(col(AuditEvent.action).in_(actions))
            .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
        )
        events: dict[str, list[AuditEvent]] = {}
        for event in self.session.exec(statement).all():
            events.setdefault(event.entity_id, []).append(event)
        return events
