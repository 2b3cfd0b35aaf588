"""Reading the registry, scoped to the caller's territory in one place: `scoped_schools`.

Every query that returns schools or data about schools starts from `scoped_schools()`, so a municipal
coordinator sees its municipality, school staff their school, a data-centre client its region.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, exists, func
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from services.identification.registry.models import (
    Municipality,
    Region,
    School,
    SchoolAlias,
    normalize_name,
)
from services.identification.registry.schemas import MunicipalityPlace, ResolvedScope
from services.shared.errors import InvalidValue, NotFound, OutOfScope
from services.shared.pagination import PageParams, paginate
from services.shared.scoping import (
    covers,
    sees_everything,
    territory_filter,
    unknown_municipality,
    unknown_school,
)
from services.shared.security import Principal, Scope, ScopeKind
from services.shared.vocabulary import plural

# How close a name must come to a mistyped query to be suggested (0..1): pg_trgm's word similarity on
# PostgreSQL, rapidfuzz's partial ratio / 100 elsewhere (the two scales differ; each threshold keeps «Сосовка» →
# «Сосновка» and drops unrelated names).
SIMILAR_ENOUGH = {"postgresql": 0.4, "other": 0.75}


class RegistryRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.scope = principal.scope

    def scoped_schools(self) -> SelectOfScalar[School]:
        statement = select(School).join(Municipality, col(School.municipality_id) == Municipality.id)
        visible = territory_filter(
            self.scope,
            region=lambda code: col(Municipality.region_id).in_(select(Region.id).where(Region.code == code)),
            municipality=col(Municipality.code),
            school=col(School.school_code),
        )
        return statement if sees_everything(self.scope) else statement.where(visible)

    def scoped_municipalities(self) -> SelectOfScalar[Municipality]:
        statement = select(Municipality).join(Region, col(Municipality.region_id) == Region.id)
        visible = territory_filter(
            self.scope,
            region=col(Region.code),
            municipality=col(Municipality.code),
            school=lambda codes: col(Municipality.id).in_(
                select(School.municipality_id).where(col(School.school_code).in_(codes))
            ),
        )
        return statement if sees_everything(self.scope) else statement.where(visible)

    def scoped_region_codes(self) -> set[str]:
        """Codes of the regions that lie wholly in the caller's territory."""
        visible = territory_filter(self.scope, region=col(Region.code))
        return set(self.session.exec(select(Region.code).where(visible)).all())

    def list_schools(
        self,
        params: PageParams,
        municipality: str | None = None,
        query: str | None = None,
        kind: str | None = None,
        rural: bool | None = None,
    ) -> tuple[list[School], int]:
        self.check_municipality_filter(municipality)  # 403 / 422, never an empty table
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

    def similar_schools(self, query: str, limit: int) -> list[tuple[School, str, float]]:
        """The caller's active schools whose short names come close to a (mistyped) query, best first, with
        their municipality's name and a score 0..1: trigram word similarity (pg_trgm) on PostgreSQL, where the
        database ranks them, rapidfuzz over the names elsewhere (SQLite deployments are small)."""
        text = normalize_name(query)
        active = self.scoped_schools().where(col(School.is_active).is_(True))
        if self.session.get_bind().dialect.name == "postgresql":
            score = func.word_similarity(text, func.lower(col(School.short_name)))
            ranked = (
                active.with_only_columns(School, col(Municipality.name), score)
                .where(score >= SIMILAR_ENOUGH["postgresql"])
                .order_by(score.desc(), col(School.short_name))
                .limit(limit)
            )
            rows = self.session.execute(ranked).all()
            return [(school, str(name), round(float(value), 3)) for school, name, value in rows]
        schools = [
            (school, str(name))
            for school, name in self.session.execute(active.with_only_columns(School, col(Municipality.name))).all()
        ]
        names = [normalize_name(school.short_name) for school, _ in schools]
        cutoff = SIMILAR_ENOUGH["other"] * 100
        found = process.extract(text, names, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=None)
        found.sort(key=lambda hit: (-hit[1], schools[hit[2]][0].short_name))
        return [(schools[i][0], schools[i][1], round(score / 100, 3)) for _, score, i in found[:limit]]

    def school(self, school_code: str) -> School:
        """The school by code: 404 if there is none, 403 if it lies outside the caller's territory."""
        school = self.session.exec(self.scoped_schools().where(School.school_code == school_code)).first()
        if school is not None:
            return school
        if self.session.exec(select(School.id).where(School.school_code == school_code)).first() is None:
            raise NotFound("Школа не найдена", code="school_not_found")
        raise OutOfScope("Школа находится вне вашей территории")

    def municipality_place(self, code: str) -> MunicipalityPlace:
        """The municipality with this code and its region: 404 `unknown_territory` when there is none, 403
        `out_of_scope` when it lies outside the caller's territory (another region's, another municipality's)."""
        row = self.session.exec(
            select(Municipality, Region)
            .join(Region, col(Municipality.region_id) == Region.id)
            .where(Municipality.code == code)
        ).first()
        if row is None:
            raise NotFound(f"Муниципалитет с кодом «{code}» не найден", code="unknown_territory")
        municipality, region = row
        if not covers(self.scope, region.code, municipality.code):
            raise OutOfScope("Муниципалитет находится вне вашей территории")
        return MunicipalityPlace(code=municipality.code, name=municipality.name, region_code=region.code)

    def check_municipality_filter(self, code: str | None) -> None:
        """A list filtered by a municipality the caller may not see is refused (403 `out_of_scope`; 422
        `unknown_territory` naming the filter for a code nobody has), never answered empty as if it had no data.
        A school's staff see their schools whatever the filter."""
        if not code or self.scope.kind == ScopeKind.schools:
            return
        try:
            self.municipality_place(code)
        except NotFound:
            raise unknown_municipality(code) from None

    def check_school_filter(self, code: str | None) -> None:
        """A list filtered by a school the caller may not see is refused (403 `out_of_scope`; 422 `unknown_school`
        naming the filter for a code nobody has), never answered empty as if the school had no data."""
        if not code:
            return
        try:
            self.school(code)
        except NotFound:
            raise unknown_school(code) from None

    def municipalities(self) -> list[Municipality]:
        return list(self.session.exec(self.scoped_municipalities().order_by(col(Municipality.code))).all())

    def aliases(self, school_ids: list[int]) -> dict[int, list[str]]:
        rows = self.session.exec(select(SchoolAlias).where(col(SchoolAlias.school_id).in_(school_ids))).all()
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row.school_id, []).append(row.alias)
        return found

    def resolve(self, scope: Scope) -> ResolvedScope:
        """Check a scope's codes and complete it: the region of a municipality, the places of schools."""
        if scope.kind == ScopeKind.all:
            return ResolvedScope(scope=scope, label="Все территории")
        if scope.kind == ScopeKind.region:
            region = self.session.exec(select(Region).where(Region.code == scope.region)).first()
            if region is None:
                raise InvalidValue(
                    f"Регион с кодом «{scope.region}» не найден", code="unknown_territory", loc=["region"]
                )
            return ResolvedScope(scope=Scope(kind=scope.kind, region=region.code), label=region.name)
        if scope.kind == ScopeKind.municipality:
            row = self.session.exec(
                select(Municipality, Region)
                .join(Region, col(Municipality.region_id) == Region.id)
                .where(Municipality.code == scope.municipality)
            ).first()
            if row is None:
                raise InvalidValue(
                    f"Муниципалитет с кодом «{scope.municipality}» не найден",
                    code="unknown_territory",
                    loc=["municipality"],
                )
            municipality, region = row
            resolved = Scope(kind=scope.kind, region=region.code, municipality=municipality.code)
            return ResolvedScope(scope=resolved, label=municipality.name)
        return self._resolve_schools(scope)

    def _resolve_schools(self, scope: Scope) -> ResolvedScope:
        rows = self.session.exec(
            select(School, Municipality, Region)
            .join(Municipality, col(School.municipality_id) == Municipality.id)
            .join(Region, col(Municipality.region_id) == Region.id)
            .where(col(School.school_code).in_(scope.schools))
        ).all()
        found = {school.school_code: (school, municipality, region) for school, municipality, region in rows}
        for index, code in enumerate(scope.schools):
            if code not in found:
                raise InvalidValue(
                    f"Школа с кодом «{code}» не найдена", code="unknown_territory", loc=["schools", index]
                )
        regions = {region.code for _, _, region in found.values()}
        municipalities = {municipality.code for _, municipality, _ in found.values()}
        names = [found[code][0].short_name for code in scope.schools]
        many = f"{plural(len(names), 'школа', 'школы', 'школ')}: {', '.join(names[:3])}"
        label = names[0] if len(names) == 1 else many
        if len(names) > 3:
            label += " …"
        resolved = Scope(
            kind=ScopeKind.schools,
            region=regions.pop() if len(regions) == 1 else None,
            municipality=municipalities.pop() if len(municipalities) == 1 else None,
            schools=list(scope.schools),
        )
        return ResolvedScope(scope=resolved, label=label)
