"""Registry reads that need more than one query: the territory tree, school cards, scope resolution."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from services.identification.registry.models import Municipality, Region, School, Settlement
from services.identification.registry.repository import RegistryRepository
from services.identification.registry.schemas import (
    MunicipalityRead,
    RegionRead,
    ResolvedScope,
    SchoolRead,
)
from services.shared.errors import InvalidValue
from services.shared.security import Principal, Scope, ScopeKind


class RegistryService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.repository = RegistryRepository(session, principal)

    def territories(self) -> list[RegionRead]:
        municipalities = self.repository.municipalities()
        scoped_ids = self.repository.scoped_schools().with_only_columns(col(School.id))
        counts: dict[int, int] = dict(
            self.session.exec(
                select(School.municipality_id, func.count())
                .where(col(School.id).in_(scoped_ids))
                .group_by(col(School.municipality_id))
            ).all()
        )
        regions = {r.id: r for r in self.session.exec(select(Region)).all()}
        tree: dict[int, RegionRead] = {}
        for municipality in municipalities:
            region = regions[municipality.region_id]
            node = tree.setdefault(
                municipality.region_id, RegionRead(code=region.code, name=region.name, municipalities=[])
            )
            node.municipalities.append(
                MunicipalityRead(
                    code=municipality.code,
                    name=municipality.name,
                    kind=municipality.kind,
                    school_count=counts.get(municipality.id or 0, 0),
                )
            )
        return list(tree.values())

    def school_reads(self, schools: list[School]) -> list[SchoolRead]:
        ids = [s.id for s in schools if s.id is not None]
        aliases = self.repository.aliases(ids)
        municipalities = {
            m.id: m
            for m in self.session.exec(
                select(Municipality).where(col(Municipality.id).in_({s.municipality_id for s in schools}))
            ).all()
        }
        settlement_ids = {s.settlement_id for s in schools if s.settlement_id}
        settlements = {
            s.id: s for s in self.session.exec(select(Settlement).where(col(Settlement.id).in_(settlement_ids))).all()
        }
        reads = []
        for school in schools:
            municipality = municipalities[school.municipality_id]
            settlement = settlements.get(school.settlement_id) if school.settlement_id else None
            reads.append(
                SchoolRead(
                    **school.model_dump(exclude={"roles"}),
                    roles=list(school.roles or []),
                    municipality_code=municipality.code,
                    municipality_name=municipality.name,
                    settlement_name=settlement.name if settlement else None,
                    hard_to_reach=bool(settlement and settlement.hard_to_reach),
                    aliases=aliases.get(school.id or 0, []),
                )
            )
        return reads

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
        label = names[0] if len(names) == 1 else f"{len(names)} школ: " + ", ".join(names[:3])
        if len(names) > 3:
            label += " …"
        resolved = Scope(
            kind=ScopeKind.schools,
            region=regions.pop() if len(regions) == 1 else None,
            municipality=municipalities.pop() if len(municipalities) == 1 else None,
            schools=list(scope.schools),
        )
        return ResolvedScope(scope=resolved, label=label)
