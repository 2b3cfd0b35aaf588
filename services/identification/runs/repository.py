"""Runs and their per-school rows, scoped in one place: a caller sees the rows of the schools in its territory
(`scoped_run_schools`), and a run when at least one of its schools is in its territory (`scoped_runs`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import orjson
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Select, Subquery, case, exists, func, insert, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.identification.indicators.models import AssessmentResult
from services.identification.registry.models import Municipality, Region, School
from services.identification.registry.repository import RegistryRepository
from services.identification.runs.models import IdentificationRun, RunFactBlock, RunOverride, RunSchool
from services.shared.audit import utcnow
from services.shared.errors import InvalidValue, NotFound, OutOfScope
from services.shared.pagination import PageParams, paginate
from services.shared.revisions import changed_ids
from services.shared.scoping import covers, sees_everything, territory_code
from services.shared.security import Principal

SelectT = TypeVar("SelectT", bound=Any)

# The columns a run writes for each school, in COPY's order; JSON ones are written as orjson text.
_TABLE: Any = RunSchool.__table__  # type: ignore[attr-defined]
RUN_SCHOOL_COLUMNS = tuple(c.name for c in _TABLE.columns if c.name != "id")
JSON_COLUMNS = frozenset(c.name for c in _TABLE.columns if c.type.__class__.__name__ == "JSON")


def _binary_copy_type(column: Any) -> str:
    """The type a column's values are sent as in a binary COPY. Text goes as `text` (varchar's binary form is
    the same UTF-8), and JSON as `bytea`: json's binary form is its text, so orjson's bytes go as they are."""
    if column.name in JSON_COLUMNS:
        return "bytea"
    python_type = column.type.python_type
    return {int: "int4", float: "float8", bool: "bool", bytes: "bytea"}.get(python_type, "text")


BINARY_COPY_TYPES = [_binary_copy_type(_TABLE.c[name]) for name in RUN_SCHOOL_COLUMNS]


@dataclass
class Territory:
    """The territory a run covers, with its active schools (of the caller's) and their regions."""

    kind: str
    code: str | None
    label: str
    region_code: str | None
    municipality_code: str | None
    region_ids: list[int]
    school_ids: set[int]


INSERT_BATCH = 2000


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class RunRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.registry = RegistryRepository(session, principal)

    def scoped_school_ids(self) -> Select[Any]:
        return self.registry.scoped_schools().with_only_columns(col(School.id))

    def in_scope(self, statement: SelectT) -> SelectT:
        """Restrict a select over `run_school` to the rows of the caller's schools."""
        if sees_everything(self.principal.scope):
            return statement
        return statement.where(col(RunSchool.school_id).in_(self.scoped_school_ids()))

    def scoped_run_schools(self) -> SelectOfScalar[RunSchool]:
        return self.in_scope(select(RunSchool))

    def scoped_runs(self) -> SelectOfScalar[IdentificationRun]:
        statement = select(IdentificationRun)
        if sees_everything(self.principal.scope):
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

    # --- the territory of a run -----------------------------------------------------------------------

    def territory(self, territory_id: str | None) -> Territory:
        """The territory asked for, which must lie in the caller's; by default the caller's own."""
        scope = self.principal.scope
        if territory_id is None:
            if sees_everything(scope):
                return self._territory_of("all", None, "Все территории", None, None)
            territory_id = territory_code(scope)
            if territory_id is None:
                raise InvalidValue(
                    "Укажите код региона или муниципалитета для расчёта",
                    code="territory_required",
                    loc=["body", "territory_id"],
                )
        region = self.session.exec(select(Region).where(Region.code == territory_id)).first()
        if region is not None:
            if not covers(scope, region.code):
                raise OutOfScope("Регион находится вне вашей территории")
            return self._territory_of("region", region.code, region.name, region.code, None)
        row = self.session.exec(
            select(Municipality, Region)
            .join(Region, col(Municipality.region_id) == Region.id)
            .where(Municipality.code == territory_id)
        ).first()
        if row is None:
            detail = f"Территория с кодом «{territory_id}» не найдена"
            raise InvalidValue(detail, code="unknown_territory", loc=["body", "territory_id"])
        municipality, region = row
        if not covers(scope, region.code, municipality.code):
            raise OutOfScope("Муниципалитет находится вне вашей территории")
        return self._territory_of("municipality", municipality.code, municipality.name, region.code, municipality.code)

    def territory_schools(self, territory: Territory) -> Select[Any]:
        """The ids of the territory's active schools (of the caller's), as a subquery to join on rather than a
        list of tens of thousands of ids."""
        return self._territory_select(territory.region_code, territory.municipality_code).with_only_columns(
            col(School.id)
        )

    def has_results(self, territory: Territory, school_year: str) -> bool:
        statement = (
            select(AssessmentResult.id)
            .where(
                AssessmentResult.school_year == school_year,
                col(AssessmentResult.school_id).in_(self.territory_schools(territory)),
            )
            .limit(1)
        )
        return self.session.exec(statement).first() is not None

    def _territory_select(self, region_code: str | None, municipality_code: str | None) -> Select[Any]:
        statement: Any = (
            self.registry.scoped_schools()
            .with_only_columns(col(School.id), col(Municipality.region_id))
            .where(col(School.is_active).is_(True))
        )
        if region_code is not None:
            statement = statement.where(
                col(Municipality.region_id).in_(select(Region.id).where(Region.code == region_code))
            )
        if municipality_code is not None:
            statement = statement.where(col(Municipality.code) == municipality_code)
        return statement

    def _territory_of(
        self, kind: str, code: str | None, label: str, region_code: str | None, municipality_code: str | None
    ) -> Territory:
        rows = self.session.execute(self._territory_select(region_code, municipality_code)).all()
        return Territory(
            kind=kind,
            code=code,
            label=label,
            region_code=region_code,
            municipality_code=municipality_code,
            region_ids=sorted({region_id for _, region_id in rows}),
            school_ids={school_id for school_id, _ in rows},
        )

    def insert_run_schools(self, rows: Iterable[dict[str, Any]]) -> None:
        """Write a run's school rows as they come: a binary COPY on PostgreSQL (text COPY escaped every byte of
        the facts and of the JSON, the largest share of a run's time in this process), Core executemany in
        batches elsewhere (the ORM's bulk path would split 40,000 rows into thousands of statements)."""
        connection = self.session.connection()
        if connection.dialect.name != "postgresql":
            for batch in _batches(rows, INSERT_BATCH):
                connection.execute(insert(_TABLE), batch)
            return
        names = ", ".join(RUN_SCHOOL_COLUMNS)
        raw = connection.connection.dbapi_connection
        assert raw is not None
        dumps = orjson.dumps
        json_at = [k for k, name in enumerate(RUN_SCHOOL_COLUMNS) if name in JSON_COLUMNS]
        statement = f"COPY run_school ({names}) FROM STDIN (FORMAT BINARY)"
        with raw.cursor() as cursor, cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:  # type: ignore[attr-defined]
            copy.set_types(BINARY_COPY_TYPES)
            for row in rows:
                values = [row[name] for name in RUN_SCHOOL_COLUMNS]
                for k in json_at:  # JSON columns as orjson's bytes
                    if values[k] is not None:
                        values[k] = dumps(values[k])
                copy.write_row(values)

    def insert_fact_blocks(self, run_id: int, blocks: list[tuple[int, bytes]]) -> None:
        """Write a run's blocks of facts (by the position of their first school)."""
        if blocks:
            rows = [{"run_id": run_id, "first_position": first, "data": data} for first, data in blocks]
            self.session.connection().execute(insert(RunFactBlock.__table__), rows)  # type: ignore[attr-defined]

    def status_counts(self, run_ids: list[int]) -> list[tuple[int, str, str, bool, int]]:
        """(run, final codes, trend, insufficient data, count) over the caller's schools of the runs."""
        scoped = self.scoped_run_schools().subquery()
        columns = (scoped.c.run_id, scoped.c.final_codes, scoped.c.trend, scoped.c.insufficient_data)
        statement = sa_select(*columns, func.count()).where(scoped.c.run_id.in_(run_ids)).group_by(*columns)
        return [
            (int(run_id), str(codes), str(trend), bool(insufficient), int(count))
            for run_id, codes, trend, insufficient, count in self.session.execute(statement).all()
        ]

    def run_school_rows(self, run_id: int) -> list[RunSchool]:
        return list(self.session.exec(self.run_schools(run_id)).all())

    def hold_computed(self, run_id: int) -> bool:
        """A no-op write on a computed run, so it stays computed until this transaction ends (an approval waits
        for it, or it waits for the approval and finds the run approved); False when the run is not computed."""
        held = self.session.execute(
            update(IdentificationRun)
            .where(col(IdentificationRun.id) == run_id, col(IdentificationRun.status) == "computed")
            .values(status="computed")
            .execution_options(synchronize_session=False)
        )
        return getattr(held, "rowcount", 0) == 1

    def lock(self, row: RunSchool) -> None:
        """Read the row again under a lock (two concurrent overrides then see each other's categories)."""
        self.session.refresh(row, with_for_update=True)

    def supersede_approved(self, run: IdentificationRun) -> list[int]:
        """The territory's and year's approved run, if another, becomes superseded; the ids superseded (a
        compare-and-set on the status: each is superseded, and audited by the caller, once)."""
        table = IdentificationRun
        statement = (
            update(table)
            .where(
                col(table.school_year) == run.school_year,
                col(table.territory_kind) == run.territory_kind,
                func.coalesce(col(table.territory_code), "") == (run.territory_code or ""),
                col(table.status) == "approved",
                col(table.id) != run.id,
            )
            .values(status="superseded")
        )
        return changed_ids(self.session, statement, col(table.id))

    def mark_approved(self, run_id: int, order_number: str, order_date: date, subject: str, name: str) -> bool:
        """Computed → approved, conditionally; False when the run was not computed any more."""
        table = IdentificationRun
        approved = self.session.execute(
            update(table)
            .where(col(table.id) == run_id, col(table.status) == "computed")
            .values(
                status="approved",
                order_number=order_number,
                order_date=order_date,
                approved_by=subject,
                approved_by_name=name,
                approved_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        ok = getattr(approved, "rowcount", 0) == 1
        if ok:
            run = self.session.get(IdentificationRun, run_id)
            if run is not None:
                self.session.refresh(run)
        return ok

    def indicator_rows(self, model: Any, school_id: int, order: tuple[str, ...]) -> list[Any]:
        """One school's rows of an indicator table (the caller has been checked against the school)."""
        statement = select(model).where(model.school_id == school_id).order_by(*(getattr(model, c) for c in order))
        return list(self.session.exec(statement).all())

    def covers_whole_territory(self, run: IdentificationRun) -> bool:
        """Whether the caller's territory holds the run's whole territory (who may approve it)."""
        return covers(self.principal.scope, run.region_code, run.municipality_code)

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
        self.registry.check_municipality_filter(municipality)  # 403 / 422, never an empty table
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

    def all(self, statement: SelectOfScalar[RunSchool]) -> list[RunSchool]:
        """Every row of a `run_schools` selection (the file exports: no page)."""
        return list(self.session.exec(statement).all())

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

    # --- the status of each school in a year, in SQL -------------------------------------------------

    def _current(self, school_year: str, approved_only: bool) -> Subquery:
        """Per school of the caller's, the run row that states its status in the year (`rank` 1): the latest
        approved run's, else the latest computed one's; superseded runs never count."""
        approved_first = case((col(IdentificationRun.status) == "approved", 0), else_=1)
        rank = func.row_number().over(
            partition_by=col(RunSchool.school_code),
            order_by=(approved_first, col(IdentificationRun.created_at).desc(), col(IdentificationRun.id).desc()),
        )
        statement: Any = (
            select(
                col(RunSchool.id).label("row_id"), col(RunSchool.school_code).label("school_code"), rank.label("rank")
            )
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(col(IdentificationRun.school_year) == school_year)
            .where(col(IdentificationRun.status).in_(("approved",) if approved_only else ("approved", "computed")))
        )
        return self.in_scope(statement).subquery()

    def _matching(self, query: str) -> Select[Any]:
        """Codes of the caller's schools that a search names."""
        scoped = self.registry.scoped_schools().with_only_columns(col(School.school_code))
        return scoped.where(self.registry.search_clause(query))

    def agreed_page(
        self, school_year: str, params: PageParams, category: str | None, municipality: str | None, query: str | None
    ) -> tuple[list[tuple[RunSchool, IdentificationRun]], int]:
        """A page of the year's agreed list (the latest approved run of each school) and its total."""
        self.registry.check_municipality_filter(municipality)
        current = self._current(school_year, approved_only=True)
        statement = (
            select(RunSchool, IdentificationRun)
            .join(current, current.c.row_id == RunSchool.id)
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(current.c.rank == 1)
        )
        if category:
            statement = statement.where(col(RunSchool.final_codes).contains(f",{category},"))
        if municipality:
            statement = statement.where(RunSchool.municipality_code == municipality)
        if query:
            statement = statement.where(col(RunSchool.school_code).in_(self._matching(query)))
        order = (col(RunSchool.municipality_code), col(RunSchool.school_name), col(RunSchool.school_code))
        return self._page(statement.order_by(*order), params)

    def status_page(
        self, school_year: str, params: PageParams, category: str | None, municipality: str | None, query: str | None
    ) -> tuple[list[tuple[School, str, RunSchool | None, IdentificationRun | None]], int]:
        """A page of the caller's active schools, each with the run row that states its status in the year (none
        when no run covered it), and the total; `category` "none" means a school without a category."""
        self.registry.check_municipality_filter(municipality)
        current = self._current(school_year, approved_only=False)
        statement = (
            self.registry.scoped_schools()
            .add_columns(col(Municipality.code), RunSchool, IdentificationRun)
            .outerjoin(current, (current.c.school_code == School.school_code) & (current.c.rank == 1))
            .outerjoin(RunSchool, col(RunSchool.id) == current.c.row_id)
            .outerjoin(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(col(School.is_active).is_(True))
        )
        if municipality:
            statement = statement.where(col(Municipality.code) == municipality)
        if query:
            statement = statement.where(self.registry.search_clause(query))
        if category == "none":
            statement = statement.where(or_(col(RunSchool.id).is_(None), col(RunSchool.final_codes) == ""))
        elif category:
            statement = statement.where(col(RunSchool.final_codes).contains(f",{category},"))
        order = (col(Municipality.code), col(School.short_name), col(School.school_code))
        return self._page(statement.order_by(*order), params)

    def _page(self, statement: Any, params: PageParams) -> tuple[list[Any], int]:
        total = self.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
        rows = self.session.execute(statement.offset(params.offset).limit(params.per_page)).all()
        return [tuple(row) for row in rows], int(total)

    def year_rows(self, school_year: str) -> list[tuple[RunSchool, IdentificationRun]]:
        """The caller's schools' rows of every run of a year, oldest run first."""
        statement = self.in_scope(
            select(RunSchool, IdentificationRun)
            .join(IdentificationRun, col(IdentificationRun.id) == RunSchool.run_id)
            .where(IdentificationRun.school_year == school_year)
            .order_by(col(IdentificationRun.created_at), col(IdentificationRun.id))
        )
        return list(self.session.exec(statement).all())

    def year_figures(self) -> dict[str, tuple[int, int, bool]]:
        """Per school year with data: schools with results, runs, whether one is approved (the caller's)."""
        results = select(AssessmentResult.school_year, func.count(func.distinct(AssessmentResult.school_id)))
        if not sees_everything(self.principal.scope):
            results = results.where(col(AssessmentResult.school_id).in_(self.scoped_school_ids()))
        figures = {
            str(year): (int(count), 0, False)
            for year, count in self.session.execute(results.group_by(col(AssessmentResult.school_year))).all()
        }
        runs = self.scoped_runs().subquery()
        approved = func.max(case((runs.c.status == "approved", 1), else_=0))
        statement = select(runs.c.school_year, func.count(), approved).group_by(runs.c.school_year)
        for year, count, is_approved in self.session.execute(statement).all():
            schools = figures.get(str(year), (0, 0, False))[0]
            figures[str(year)] = (schools, int(count), bool(is_approved))
        return figures
