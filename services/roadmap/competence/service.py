"""Proposals for a school's professional deficits: the «5К» diagnosis read from identification over HTTP, the
library's measures of the 500+ factor «Недостаточная предметная и методическая компетентность педагогических
работников» (courses, individual development plans), and the school's mentor pairs (mentoring)."""

from __future__ import annotations

from sqlmodel import Session

from services.roadmap.competence.schemas import Deficit, DeficitProposals
from services.roadmap.library.schemas import MeasureRead
from services.roadmap.library.service import LibraryService
from services.roadmap.mentoring.repository import PairRepository
from services.roadmap.mentoring.service import pair_read
from services.shared.remote import RemoteService
from services.shared.security import Principal

COMPETENCE_FACTOR = 3
"""«Недостаточная предметная и методическая компетентность педагогических работников» among the 500+ factors."""


def deficit_proposals(
    session: Session, principal: Principal, identification: RemoteService, school_code: str
) -> DeficitProposals:
    profile = identification.get(f"/api/identification/competence/schools/{school_code}/profile")
    critical = set(profile["critical_competences"])
    deficits = [
        Deficit(code=d["code"], title=d["title"], critical_share=d["critical_share"])
        for d in (profile["result"] or {}).get("deficits", [])
        if d["code"] in critical
    ]
    measures = LibraryService(session).measures(COMPETENCE_FACTOR) if deficits else []
    pairs = PairRepository(session, principal).pairs(school_code, only_active=True)
    return DeficitProposals(
        school_code=school_code,
        campaign_id=(profile["campaign"] or {}).get("id"),
        deficits=deficits,
        risk_factor=COMPETENCE_FACTOR,
        measures=[MeasureRead.model_validate(m.model_dump()) for m in measures],
        mentor_pairs=[pair_read(p) for p in pairs if p.supported_school_code == school_code],
    )
