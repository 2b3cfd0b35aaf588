"""Reading indicators and the registry back as frames of the canonical import columns, scoped to the caller.

Every query starts from `RegistryRepository.scoped_schools()` / `scoped_municipalities()`, so an export holds
exactly what the caller may see; its columns are the import kind's canonical columns, so it re-imports unchanged.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from services.identification.imports.kinds import ColumnType, KindGroup, KindSpec
from services.identification.imports.service import kind_spec
from services.identification.imports.values import PROCEDURE_KEYS, SUBJECT_KEYS, vocabulary_key
from services.identification.indicators.models import RiskFactor
from services.identification.indicators.schemas import ExportFilters, RiskFactorRead
from services.identification.registry.models import Municipality, Region, School, SchoolAlias, Settlement
from services.identification.registry.repository import RegistryRepository
from services.shared.pagination import PageParams
from services.shared.security import Principal

_INTEGER_TYPES = (ColumnType.integer, ColumnType.risk_factor)


def normalised(filters: ExportFilters) -> ExportFilters:
    """Filters as stored: `огэ` → `ОГЭ`, `Русский язык` → `russian` (the school year is canonical already)."""
    update: dict[str, Any] = {}
    if filters.procedure:
        update["procedure"] = PROCEDURE_KEYS.get(vocabulary_key(filters.procedure), filters.procedure)
    if filters.subject:
        update["subject"] = SUBJECT_KEYS.get(vocabulary_key(filters.subject), filters.subject)
    return filters.model_copy(update=update)


class IndicatorService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.repository = RegistryRepository(session, principal)

    def frame(self, kind: str, filters: ExportFilters, page: PageParams | None = None) -> tuple[pd.DataFrame, int]:
        """The kind's rows in canonical columns (one page of them when `page` is given) and the total."""
        spec = kind_spec(kind)
        filters = normalised(filters)
        if spec.group == KindGroup.indicators:
            statement = self._indicators(spec, filters)
        elif spec.name == "schools":
            statement = self._schools(filters)
        elif spec.name == "settlements":
            statement = self._settlements(filters)
        else:
            statement = self._municipalities()
        total = self.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
        if page is not None:
            statement = statement.offset(page.offset).limit(page.per_page)
        rows = self.session.execute(statement).all()
        columns = [c for c in spec.canonical if c != "aliases"]
        frame = pd.DataFrame(rows, columns=columns if spec.name != "schools" else [*columns, "id"])
        if spec.name == "schools":
            frame = self._with_aliases(frame)
        return _typed(spec, frame[list(spec.canonical)]), int(total)

    def _indicators(self, spec: KindSpec, filters: ExportFilters) -> Any:
        model = spec.model
        scoped = self.repository.scoped_schools().with_only_columns(col(School.id))
        values = [getattr(model, c) for c in spec.canonical[1:]]
        statement = (
            select(School.school_code, *values)
            .join(School, col(model.school_id) == School.id)
            .where(col(model.school_id).in_(scoped))
            .order_by(col(School.school_code), *(col(getattr(model, c)) for c in spec.key[1:]))
        )
        if filters.school_year:
            statement = statement.where(model.school_year == filters.school_year)
        if filters.school_code:
            statement = statement.where(School.school_code == filters.school_code)
        if filters.municipality:
            in_municipality = select(Municipality.id).where(Municipality.code == filters.municipality)
            statement = statement.where(col(School.municipality_id).in_(in_municipality))
        for name in ("procedure", "subject", "grade"):
            value = getattr(filters, name)
            if value is not None and name in spec.canonical:
                statement = statement.where(getattr(model, name) == value)
        return statement

    def _schools(self, filters: ExportFilters) -> Any:
        statement = (
            self.repository.scoped_schools()
            .outerjoin(Settlement, col(School.settlement_id) == Settlement.id)
            .with_only_columns(
                col(School.school_code),
                col(Municipality.code),
                col(Settlement.code),
                col(School.full_name),
                col(School.short_name),
                col(School.legal_form),
                col(School.kind),
                col(School.rural),
                col(School.small),
                col(School.roles),
                col(School.pupils),
                col(School.teachers),
                col(School.id),
            )
            .order_by(col(School.school_code))
        )
        if filters.municipality:
            statement = statement.where(col(Municipality.code) == filters.municipality)
        if filters.school_code:
            statement = statement.where(col(School.school_code) == filters.school_code)
        return statement

    def _settlements(self, filters: ExportFilters) -> Any:
        municipalities = self.repository.scoped_municipalities().with_only_columns(col(Municipality.id))
        statement = (
            sa_select(
                col(Settlement.code),
                col(Municipality.code),
                col(Settlement.name),
                col(Settlement.kind),
                col(Settlement.rural),
                col(Settlement.hard_to_reach),
                col(Settlement.unemployment_share),
            )
            .join(Municipality, col(Settlement.municipality_id) == Municipality.id)
            .where(col(Settlement.municipality_id).in_(municipalities))
            .order_by(col(Settlement.code))
        )
        if filters.municipality:
            statement = statement.where(col(Municipality.code) == filters.municipality)
        return statement

    def _municipalities(self) -> Any:
        return (
            self.repository.scoped_municipalities()
            .with_only_columns(col(Municipality.code), col(Region.code), col(Municipality.name), col(Municipality.kind))
            .order_by(col(Municipality.code))
        )

    def _with_aliases(self, frame: pd.DataFrame) -> pd.DataFrame:
        ids = [int(i) for i in frame["id"]]
        aliases: dict[int, list[str]] = {}
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            rows = self.session.execute(
                select(SchoolAlias.school_id, SchoolAlias.alias)
                .where(col(SchoolAlias.school_id).in_(chunk))
                .order_by(col(SchoolAlias.id))
            ).all()
            for school_id, alias in rows:
                aliases.setdefault(school_id, []).append(alias)
        frame = frame.assign(
            aliases=[("|".join(aliases.get(i, []))) for i in ids],
            roles=frame["roles"].map(lambda roles: "|".join(roles or [])),
        )
        return frame.drop(columns=["id"])

    def risk_factors(self) -> list[RiskFactorRead]:
        statement = select(RiskFactor).order_by(col(RiskFactor.valid_from), col(RiskFactor.number))
        return [RiskFactorRead.model_validate(f, from_attributes=True) for f in self.session.exec(statement).all()]


def _typed(spec: KindSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as nullable integers (so files say 12, not 12.0), the rest as stored."""
    types: dict[str, Any] = {}
    for column in spec.columns:
        if column.type in _INTEGER_TYPES:
            types[column.name] = "Int64"
        elif column.type in (ColumnType.number, ColumnType.share):
            types[column.name] = "float64"
    return frame.astype(types) if len(frame) else frame
