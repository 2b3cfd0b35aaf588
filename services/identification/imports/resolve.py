"""Resolving what rows name (schools, territories, risk factors) against the database, within the caller's scope.

What the caller may touch comes from `RegistryRepository.scoped_schools()` / `scoped_municipalities()`; the
unscoped lookups here only tell an unknown code from one outside the caller's territory.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, col, select

from services.identification.indicators.models import RiskFactor
from services.identification.registry.models import (
    Municipality,
    Region,
    School,
    SchoolAlias,
    Settlement,
    normalize_name,
)
from services.identification.registry.repository import RegistryRepository
from services.shared.security import Principal

CHUNK = 5000


def chunks(values: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def among(session: Session, column: Any, values: list[Any]) -> Iterable[sa.ColumnElement[bool]]:
    """Conditions that together select the rows whose `column` is one of `values`, one statement each. On
    PostgreSQL one `= ANY(:array)`, the values bound as one array: an `IN` list of 5,000 parameters per chunk cost
    more to compile and to split client-side than to run (a region's 40,000 schools re-imported: a sixth of the
    import's Python time). Elsewhere `IN` lists of `CHUNK` values (SQLite's limit on parameters)."""
    if session.get_bind().dialect.name == "postgresql":
        if values:
            yield column == sa.any_(sa.bindparam(None, values, type_=ARRAY(column.type)))
        return
    for chunk in chunks(values):
        yield col(column).in_(chunk)


@dataclass
class NameMatch:
    """Schools found by name: ids per row, and for each unmatched name up to three close candidates."""

    ids: pd.Series
    codes: pd.Series
    unknown: pd.Series
    ambiguous: pd.Series
    candidates: dict[str, list[dict[str, str]]] = field(default_factory=dict)


@dataclass
class _SchoolIndex:
    by_code: dict[str, int]
    code_of: dict[int, str]
    name_of: dict[int, str]
    by_name: dict[str, set[int]]


class Resolver:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repository = RegistryRepository(session, principal)
        self._schools: _SchoolIndex | None = None

    # --- schools ----------------------------------------------------------------------------------------

    def _school_index(self, with_names: bool) -> _SchoolIndex:
        if self._schools is not None and (self._schools.by_name or not with_names):
            return self._schools
        if not with_names:  # codes only (a file that names its schools by code): no names fetched
            self._schools = _SchoolIndex(by_code=self._codes_to_ids(), code_of={}, name_of={}, by_name={})
            return self._schools
        columns = [col(School.id), col(School.school_code), col(School.short_name), col(School.full_name)]
        rows: list[Any] = list(self.session.execute(self.repository.scoped_schools().with_only_columns(*columns)))
        index = _SchoolIndex(
            by_code={code: id_ for id_, code, _, _ in rows},
            code_of={id_: code for id_, code, _, _ in rows},
            name_of={id_: short for id_, _, short, _ in rows},
            by_name={},
        )
        for id_, _, short, full in rows:
            for name in (short, full):
                index.by_name.setdefault(normalize_name(name), set()).add(id_)
        scoped_ids = self.repository.scoped_schools().with_only_columns(col(School.id))
        aliases = self.session.execute(
            select(SchoolAlias.school_id, SchoolAlias.normalized).where(col(SchoolAlias.school_id).in_(scoped_ids))
        ).all()
        for school_id, normalized in aliases:
            index.by_name.setdefault(normalized, set()).add(school_id)
        self._schools = index
        return index

    def _codes_to_ids(self) -> dict[str, int]:
        """Code → id of every school in the caller's territory. On PostgreSQL as two arrays in one row: a region's
        40,000 schools as rows cost 0.1 CPU-s to fetch, as arrays a tenth of it."""
        scoped = self.repository.scoped_schools().with_only_columns(col(School.id), col(School.school_code))
        if self.session.get_bind().dialect.name != "postgresql":
            return {code: id_ for id_, code in self.session.execute(scoped)}
        listed = scoped.subquery()
        ids, codes = self.session.execute(
            sa.select(sa.func.array_agg(listed.c.id), sa.func.array_agg(listed.c.school_code))
        ).one()
        return dict(zip(codes or [], ids or [], strict=True))

    def school_ids(self, codes: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(ids, unknown, outside the caller's territory) of school codes."""
        index = self._school_index(with_names=False)
        ids = codes.map(index.by_code)
        missing = codes.notna() & ids.isna()
        outside = self.existing_codes(School.school_code, codes[missing].unique().tolist())
        out = missing & codes.isin(outside)
        return ids, missing & ~out, out

    def existing_codes(self, column: Any, codes: list[str]) -> set[str]:
        """Which of these codes exist at all (whoever may see them)."""
        found: set[str] = set()
        for condition in among(self.session, column, codes):
            found.update(self.session.execute(select(column).where(condition)).scalars())
        return found

    def schools_by_name(self, names: pd.Series) -> NameMatch:
        """Schools named by short name, full name or a known alias, within the caller's territory."""
        index = self._school_index(with_names=True)
        table: dict[str, int | None] = {}
        ambiguous: set[str] = set()
        candidates: dict[str, list[dict[str, str]]] = {}
        for name in names.dropna().unique():
            found = index.by_name.get(normalize_name(name), set())
            table[name] = next(iter(found)) if len(found) == 1 else None
            if len(found) > 1:
                ambiguous.add(name)
            elif not found:
                candidates[name] = self._candidates(name, index)
        ids = names.map(lambda name: table.get(name) if name else None)
        return NameMatch(
            ids=ids,
            codes=ids.map(lambda id_: index.code_of.get(int(id_)) if pd.notna(id_) else None),
            unknown=names.notna() & ids.isna() & ~names.isin(ambiguous),
            ambiguous=names.isin(ambiguous),
            candidates=candidates,
        )

    @staticmethod
    def _candidates(name: str, index: _SchoolIndex) -> list[dict[str, str]]:
        close = difflib.get_close_matches(normalize_name(name), list(index.by_name), n=6, cutoff=0.5)
        found: list[dict[str, str]] = []
        for key in close:
            for school_id in sorted(index.by_name[key]):
                entry = {"code": index.code_of[school_id], "name": index.name_of[school_id]}
                if entry not in found:
                    found.append(entry)
        return found[:3]

    # --- risk factors -----------------------------------------------------------------------------------

    def risk_factors(self, factors: pd.Series, years: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(factor numbers, unknown factor, not in the catalogue version valid for the row's year)."""
        catalogue = self.session.exec(select(RiskFactor)).all()
        by_name = {normalize_name(f.name): f.number for f in catalogue}
        versions: dict[str, set[int]] = {}
        for factor in catalogue:
            versions.setdefault(factor.valid_from, set()).add(factor.number)

        def number(value: Any) -> int | None:
            if value is None or (isinstance(value, float) and pd.isna(value)):
                return None
            text = str(value).strip()
            match = re.match(r"^\D{0,12}?(\d+)(?:[.)\s]|$)", text)
            if match:
                return int(match.group(1))
            return by_name.get(normalize_name(text))

        numbers = factors.map(number)
        unknown = factors.notna() & numbers.isna()

        def valid(factor: Any, year: Any) -> bool:
            if factor is None or pd.isna(factor) or not year:
                return True
            starts = [start for start in versions if start <= year]
            return bool(starts) and int(factor) in versions[max(starts)]

        outside = pd.Series([not valid(f, y) for f, y in zip(numbers, years, strict=True)], index=factors.index)
        return numbers.astype("Int64"), unknown, outside & ~unknown

    # --- territories ------------------------------------------------------------------------------------

    def region_ids(self, codes: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(ids, unknown, outside the caller's territory) of region codes."""
        regions = dict(self.session.execute(select(Region.code, Region.id)).all())
        ids = codes.map(regions)
        outside = codes.notna() & ids.notna() & ~codes.isin(self.repository.scoped_region_codes())
        return ids, codes.notna() & ids.isna(), outside

    def municipality_ids(self, codes: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(ids, unknown, outside the caller's territory) of municipality codes."""
        scoped = self.repository.scoped_municipalities().with_only_columns(col(Municipality.code), col(Municipality.id))
        ids = codes.map(dict(self.session.execute(scoped).all()))
        missing = codes.notna() & ids.isna()
        outside = missing & codes.isin(self.existing_codes(Municipality.code, codes[missing].unique().tolist()))
        return ids, missing & ~outside, outside

    def settlements(self, codes: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(ids, their municipality ids, unknown) of settlement codes."""
        found: dict[str, tuple[int, int]] = {}
        for condition in among(self.session, Settlement.code, codes.dropna().unique().tolist()):
            statement = select(Settlement.code, Settlement.id, Settlement.municipality_id).where(condition)
            rows = self.session.execute(statement).all()
            found.update({code: (id_, municipality) for code, id_, municipality in rows})
        ids = codes.map(lambda code: found[code][0] if code in found else None)
        municipalities = codes.map(lambda code: found[code][1] if code in found else None)
        return ids, municipalities, codes.notna() & ids.isna()

    def outside_existing(self, model: Any, column: str, codes: pd.Series) -> pd.Series:
        """Rows whose code already exists for an object outside the caller's territory."""
        existing = self.existing_codes(getattr(model, column), codes.dropna().unique().tolist())
        if not existing:
            return pd.Series(False, index=codes.index)
        if model is School:
            visible = set(self._school_index(with_names=False).by_code)
        elif model is Municipality:
            statement = self.repository.scoped_municipalities().with_only_columns(col(Municipality.code))
            visible = set(self.session.execute(statement).scalars())
        else:
            municipalities = self.repository.scoped_municipalities().with_only_columns(col(Municipality.id))
            statement = select(Settlement.code).where(col(Settlement.municipality_id).in_(municipalities))
            visible = set(self.session.execute(statement).scalars())
        return codes.isin(existing - visible)
