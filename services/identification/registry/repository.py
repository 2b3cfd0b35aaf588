"""Reading the registry, scoped to the caller's territory in one place: `scoped_schools`.

Every query that returns schools or data about schools starts from `scoped_schools()`, so a municipal
coordinator sees its municipality, school staff their school, a data-centre client its region.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from services.identification.registry.models import (
    Municipality,
    Region,
    School,
    SchoolAlias,
    normalize_name,
)
from services.shared.errors import NotFound, OutOfScope
from services.shared.pagination import PageParams, paginate
from services.shared.security import Principal, ScopeKind


class RegistryRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.scope = principal.scope

    def scoped_schools(self) -> SelectOfScalar[School]:
        statement = select(School).join(Municipality, col(School.municipality_id) == Municipality.id)
        match self.scope.kind:
            case ScopeKind.all:
                return statement
            case ScopeKind.region:
                region_ids = select(Region.id).where(Region.code == self.scope.region)
                return statement.where(col(Municipality.region_id).in_(region_ids))
            case ScopeKind.municipality:
                return statement.where(Municipality.code == self.scope.municipality)
            case ScopeKind.schools:
                return statement.where(col(School.school_code).in_(self.scope.schools))

    def scoped_municipalities(self) -> SelectOfScalar[Municipality]:
        statement = select(Municipality).join(Region, col(Municipality.region_id) == Region.id)
        match self.scope.kind:
            case ScopeKind.all:
                return statement
            case ScopeKind.region:
                return statement.where(Region.code == self.scope.region)
            case ScopeKind.municipality:
                return statement.where(Municipality.code == self.scope.municipality)
            case ScopeKind.schools:
                schools = select(School.municipality_id).where(col(School.school_code).in_(self.scope.schools))
                return statement.where(col(Municipality.id).in_(schools))

    def list_schools(
        self,
        params: PageParams,
        municipality: str | None = None,
        query: str | None = None,
        kind: str | None = None,
        rural: bool | None = None,
    ) -> tuple[list[School], int]:
        statement = self.scoped_schools().order_by(col(Municipality.code), col(School.short_name))
        if municipality:
            statement = statement.where(Municipality.code == municipality)
        if kind:
            statement = statement.where(School.kind == kind)
        if rural is not None:
            statement = statement.where(School.rural == rural)
        if query:
            statement = statement.where(self.search_clause(query))
        return paginate(self.session, statement, params)

    @staticmethod
    def search_clause(query: str) -> ColumnElement[bool]:
        """A school matches by its short or full name, any alias, or exactly by its code."""
        pattern = f"%{query.lower()}%"
        alias_match = exists().where(
            col(SchoolAlias.school_id) == col(School.id),
            col(SchoolAlias.normalized).like(f"%{normalize_name(query)}%"),
        )
        return or_(
            col(School.short_name).ilike(pattern),
            col(School.full_name).ilike(pattern),
            col(School.school_code) == query,
            alias_match,
        )

    def school(self, school_code: str) -> School:
        """The school by code: 404 if there is none, 403 if it lies outside the caller's territory."""
        school = self.session.exec(self.scoped_schools().where(School.school_code == school_code)).first()
        if school is not None:
            return school
        if self.session.exec(select(School.id).where(School.school_code == school_code)).first() is None:
            raise NotFound("Школа не найдена", code="school_not_found")
        raise OutOfScope("Школа находится вне вашей территории")

    def municipalities(self) -> list[Municipality]:
        return list(self.session.exec(self.scoped_municipalities().order_by(col(Municipality.code))).all())

    def aliases(self, school_ids: list[int]) -> dict[int, list[str]]:
        rows = self.session.exec(select(SchoolAlias).where(col(SchoolAlias.school_id).in_(school_ids))).all()
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row.school_id, []).append(row.alias)
        return found
