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
    SchoolSuggestion,
)
from services.shared.security import Principal, Scope


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

    def suggestions(self, query: str, limit: int) -> list[SchoolSuggestion]:
        return [
            SchoolSuggestion(
                school_code=school.school_code, short_name=school.short_name, municipality_name=name, score=score
            )
            for school, name, score in self.repository.similar_schools(query, limit)
        ]

    def resolve(self, scope: Scope) -> ResolvedScope:
        """Check a scope's codes and complete it: the region of a municipality, the places of schools."""
        return self.repository.resolve(scope)
