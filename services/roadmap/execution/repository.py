"""The directory of responsible parties, scoped in one place: a caller reads the parties of its territory and
adds new ones there."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

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
