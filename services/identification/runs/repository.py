"""Runs and their per-school rows, scoped in one place: a caller sees the rows of the schools in its territory
(`scoped_run_schools`), and a run when at least one of its schools is in its territory (`scoped_runs`)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, exists
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.identification.registry.models import School
from services.identification.registry.repository import RegistryRepository
from services.identification.runs.models import IdentificationRun, RunOverride, RunSchool
from services.shared.errors import NotFound, OutOfScope
from services.shared.pagination import PageParams, paginate
from services.shared.security import Principal, ScopeKind

SelectT = TypeVar("SelectT", bound=Any)


class RunRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.registry = RegistryRepository(session, principal)

    def scoped_school_ids(self) -> Select[Any]:
        return self.registry.scoped_schools().with_only_columns(col(School.id))

    def in_scope(self, statement: SelectT) -> SelectT:
        """Restrict a select over `run_school` to the rows of the caller's schools."""
        if self.principal.scope.kind == ScopeKind.all:
            return statement
        return statement.where(col(RunSchool.school_id).in_(self.scoped_school_ids()))

    def scoped_run_schools(self) -> SelectOfScalar[RunSchool]:
        return self.in_scope(select(RunSchool))

    def scoped_runs(self) -> SelectOfScalar[IdentificationRun]:
        statement = select(IdentificationRun)
        if self.principal.scope.kind == ScopeKind.all:
            return statement
        visible = exists().where(
            col(RunSchool.run_id) == col(IdentificationRun.id),
            col(RunSchool.school_id).in_(self.scoped_school_ids()),
        )
        return statement.where(visible)

    def run(self, run_id: int) -> IdentificationRun:
        """The run: 404 if there is none, 403 if none of its schools is in the caller's territory."""
        found = self.session.exec(self.scoped_runs().where(IdentificationRun.id == run_id)).first()
        if found is not None:
            return found
        if self.session.get(IdentificationRun, run_id) is None:
            raise NotFound("Расчёт идентификации не найден", code="run_not_found")
        raise OutOfScope("Расчёт относится к другой территории")

    def list_runs(
        self, params: PageParams, school_year: str | None, status: str | None
    ) -> tuple[list[IdentificationRun], int]:
        statement = self.scoped_runs().order_by(
            col(IdentificationRun.created_at).desc(), col(IdentificationRun.id).desc()
        )
        if school_year:
            statement = statement.where(IdentificationRun.school_year == school_year)
        if status:
            statement = statement.where(IdentificationRun.status == status)
        return paginate(self.session, statement, params)

    def run_schools(
        self,
        run_id: int,
        category: str | None = None,
        municipality: str | None = None,
        query: str | None = None,
        trend: str | None = None,
        insufficient_data: bool | None = None,
        overridden: bool | None = None,
    ) -> SelectOfScalar[RunSchool]:
        statement = self.scoped_run_schools().where(RunSchool.run_id == run_id)
        if category:
            statement = statement.where(col(RunSchool.final_codes).contains(f",{category},"))
        if municipality:
            statement = statement.where(RunSchool.municipality_code == municipality)
        if trend:
            statement = statement.where(RunSchool.trend == trend)
        if insufficient_data is not None:
            statement = statement.where(RunSchool.insufficient_data == insufficient_data)
        if overridden is not None:
            statement = statement.where(RunSchool.overridden == overridden)
        if query:
            matching = self.registry.scoped_schools().with_only_columns(col(School.id))
            statement = statement.where(
                col(RunSchool.school_id).in_(matching.where(self.registry.search_clause(query)))
            )
        return statement.order_by(col(RunSchool.municipality_code), col(RunSchool.school_name))

    def paginate(self, statement: SelectOfScalar[RunSchool], params: PageParams) -> tuple[list[RunSchool], int]:
        return paginate(self.session, statement, params)

    def matching_codes(self, query: str) -> set[str]:
        statement = self.registry.scoped_schools().with_only_columns(col(School.school_code))
        return set(self.session.execute(statement.where(self.registry.search_clause(query))).scalars().all())

    def run_school(self, run_id: int, school_code: str) -> RunSchool:
        """One school's row of a visible run: 403 outside the territory, 404 if the run did not cover it."""
        self.registry.school(school_code)
        found = self.session.exec(
            self.scoped_run_schools().where(RunSchool.run_id == run_id, RunSchool.school_code == school_code)
        ).first()
        if found is None:
            raise NotFound("Школа не входила в этот расчёт", code="school_not_in_run")
        return found

    def overrides(self, run_id: int, school_id: int) -> list[RunOverride]:
        statement = (
            select(RunOverride)
            .where(RunOverride.run_id == run_id, RunOverride.school_id == school_id)
            .order_by(col(RunOverride.created_at), col(RunOverride.id))
        )
        return list(self.session.exec(statement).all())

    def school_rows(self, school_id: int) -> list[tuple[RunSchool, IdentificationRun]]:
        """Every run's row of one school (the caller has already been checked against the school)."""
        statement = (
            select(RunSchool, IdentificationRun)
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(RunSchool.school_id == school_id)
            .order_by(col(IdentificationRun.created_at), col(IdentificationRun.id))
        )
        return list(self.session.exec(statement).all())

    def year_rows(self, school_year: str) -> list[tuple[RunSchool, IdentificationRun]]:
        """The caller's schools' rows of every run of a year, oldest run first."""
        statement = self.in_scope(
            select(RunSchool, IdentificationRun)
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(IdentificationRun.school_year == school_year)
            .order_by(col(IdentificationRun.created_at), col(IdentificationRun.id))
        )
        return list(self.session.exec(statement).all())
