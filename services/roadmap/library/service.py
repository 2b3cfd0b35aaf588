"""The library of typical measures, and draft anti-risk programmes made from an approved identification run.

Only the agreed list (an approved run) feeds programmes: the identification service answers it over HTTP
for the caller's territory, and each school gets one draft with a section per category and per selected
risk factor, filled from the library with deadlines read in the programme's school year. Where «Что работает»
has a finding for the year before the list (its schools' plans against comparable schools), a section's measures
follow its ranking and the programme's description says on what each such place rests; otherwise the library's
order stays and nothing is claimed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from services.roadmap.effects.service import EffectService
from services.roadmap.library.models import MeasureTemplate
from services.roadmap.library.repository import MeasureRepository
from services.roadmap.library.schemas import DraftRequest, DraftResult, MeasureIn
from services.roadmap.plans.models import Plan
from services.roadmap.plans.reads import summary
from services.roadmap.plans.schemas import ActivityIn, PartyRef, PlanCreate, SectionIn
from services.roadmap.plans.service import PlanService
from services.shared.contracts.effects import RankedMeasure
from services.shared.db import advisory_lock
from services.shared.errors import InvalidValue, NotFound
from services.shared.revisions import compare_and_set, differing, keep_unchanged, matches, stale_revision
from services.shared.school_year import shift_school_year

CATEGORY_SECTIONS = {
    "low_results": "Повышение образовательных результатов (ШНОР)",
    "unfavourable_social": "Работа в неблагоприятных социальных условиях (ШНСУ)",
    "risk_zone": "Профилактика снижения результатов (зона риска)",
}
FINDINGS = ("lower", "no_difference", "higher")
"""Verdicts that rest on a comparison: only these move a measure or are written into a programme."""


class LibraryService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repository = MeasureRepository(session)

    def measures(self, risk_factor: int | None = None, category: str | None = None) -> list[MeasureTemplate]:
        """The library's measures (`MeasureRepository.measures`), for the domains that draft from it."""
        return self.repository.measures(risk_factor, category)

    def save(self, data: MeasureIn, measure: MeasureTemplate | None = None) -> MeasureTemplate:
        measure = measure or MeasureTemplate(title=data.title)
        for field, value in data.model_dump().items():
            setattr(measure, field, value)
        self.session.add(measure)
        self.session.flush()
        return measure

    def update(self, measure: MeasureTemplate, data: MeasureIn, if_match: str | None) -> MeasureTemplate:
        """Rewrite a measure if the caller read its current revision (`If-Match`: 428 without it, 412 on a stale
        one): of two curators editing it at once, the later one is told to reload instead of overwriting the
        other's text; a measure deleted meanwhile is 404, as after the deletion."""
        if not differing(measure, data.model_dump()):  # saved as it was read: the revision others hold stays
            keep_unchanged(measure, if_match)
            return measure
        gone = NotFound("Типовое мероприятие не найдено", code="measure_not_found")
        compare_and_set(self.session, measure, if_match, gone=gone, **data.model_dump())
        return measure

    def delete(self, measure: MeasureTemplate, if_match: str | None) -> None:
        """Remove a measure (held by the caller's row lock) if the caller read its current revision (`If-Match`:
        428 without it, as for a rewrite): a measure another curator rewrote meanwhile is 412 and stays."""
        if not matches(if_match, measure.revision):
            raise stale_revision()
        self.session.delete(measure)

    def section(self, position: int, title: str, measures: list[MeasureTemplate]) -> SectionIn:
        """A programme's section of `measures`, numbered within it («2.1», «2.2» in the second section), so a
        number names one activity of the programme."""
        return SectionIn(
            title=title,
            activities=[
                ActivityIn(
                    number=f"{position}.{index}",
                    title=m.title,
                    responsible=[PartyRef(name=m.responsible)] if m.responsible else [],
                    deadline_text=m.deadline_text,
                    expected_result=m.expected_result,
                    final_document=m.final_document,
                    risk_factor=m.risk_factor,
                )
                for index, m in enumerate(measures, start=1)
            ],
        )


def draft_programmes(plans: PlanService, request: DraftRequest) -> DraftResult:
    """One draft anti-risk programme per school of the agreed list (in scope, optionally chosen)."""
    factors = _risk_factors(plans, request.school_year)
    if any(f not in factors for f in request.risk_factors):
        raise InvalidValue(
            "Фактор риска должен быть числом от 1 до 10", code="unknown_risk_factor", loc=["body", "risk_factors"]
        )
    plan_year = request.plan_year or shift_school_year(request.school_year, 1)
    # One drafting of a year at a time (PostgreSQL; SQLite's writers are serialised already): a second request
    # waits, then finds the first one's programmes and skips their schools instead of drafting them again.
    advisory_lock(plans.session, f"anti-risk-programmes:{plan_year}")
    library = LibraryService(plans.session)
    evidence = _evidence(plans, request.school_year)
    created, skipped = [], []
    for school in _chosen_schools(plans, request):
        if library.repository.has_programme(school["school_code"], plan_year):
            skipped.append(school["school_code"])
            continue
        chosen = _sections(library, school, request, factors, evidence)
        if chosen:
            created.append(summary(_draft(plans, library, school, request, plan_year, chosen, evidence)))
    return DraftResult(created=created, skipped=skipped)


def _chosen_schools(plans: PlanService, request: DraftRequest) -> list[dict[str, Any]]:
    """The schools of the agreed list to draft for: all of it, or the chosen ones (each must be on it)."""
    agreed = _agreed_list(plans, request.school_year)
    if not request.school_codes:
        return agreed
    missing = sorted(set(request.school_codes) - {s["school_code"] for s in agreed})
    if missing:
        raise InvalidValue(
            f"Этих школ нет в согласованном списке {request.school_year}: {', '.join(missing)}",
            code="school_not_in_agreed_list",
            loc=["body", "school_codes"],
        )
    return [s for s in agreed if s["school_code"] in request.school_codes]


def _draft(
    plans: PlanService,
    library: LibraryService,
    school: dict[str, Any],
    request: DraftRequest,
    plan_year: str,
    chosen: list[tuple[str, list[MeasureTemplate]]],
    evidence: dict[int, RankedMeasure],
) -> Plan:
    """The school's draft programme of the chosen sections, its description saying why and on what it rests."""
    placed = _placed([m for _, measures in chosen for m in measures], evidence)
    return plans.create(
        PlanCreate(
            kind="anti_risk_programme",
            title=f"Антирисковая программа {school['school_name']} на {plan_year} учебный год",
            school_code=school["school_code"],
            school_year=plan_year,
            category=(school["categories"] or [None])[0],
            risk_factor=request.risk_factors[0] if len(request.risk_factors) == 1 else None,
            description="\n".join([_reasons(school), *_bases(placed)]),
            sections=[library.section(n, title, measures) for n, (title, measures) in enumerate(chosen, start=1)],
        ),
        identification_run_id=school["run_id"],
    )


def _agreed_list(plans: PlanService, school_year: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = plans.identification.get(
            "/api/identification/agreed-list", {"school_year": school_year, "page": page, "per_page": 500}
        )
        items += [s for s in body["items"] if set(s["categories"]) & set(CATEGORY_SECTIONS)]
        if page * body["per_page"] >= body["total"]:
            return items
        page += 1


def _risk_factors(plans: PlanService, school_year: str) -> dict[int, str]:
    """The 500+ catalogue in force for the year, as the identification service keeps it (versioned data)."""
    catalogue = plans.identification.get("/api/identification/risk-factors")
    in_force = [f for f in catalogue if f["valid_from"] <= school_year] or catalogue
    if not in_force:
        return {}
    latest = max(f["valid_from"] for f in in_force)
    return {f["number"]: f["name"] for f in in_force if f["valid_from"] == latest}


def _evidence(plans: PlanService, school_year: str) -> dict[int, RankedMeasure]:
    """The whole library ranked once by the year before the agreed list (its list's plans in this list's year),
    computed in-process with the caller's scope; template id → its place and basis."""
    effects = EffectService(plans.session, plans.principal, plans.identification)
    ranking = effects.ranking(shift_school_year(school_year, -1), [], None)
    return {m.template_id: m for m in ranking.measures}


def _places(measures: list[MeasureTemplate], evidence: dict[int, RankedMeasure]) -> dict[int | None, RankedMeasure]:
    return {m.id: evidence[m.id or 0] for m in measures if (m.id or 0) in evidence}


def _ranked(measures: list[MeasureTemplate], evidence: dict[int, RankedMeasure]) -> list[MeasureTemplate]:
    """A section's measures in the ranking's order when one of them has a finding; else the library's order."""
    places = _places(measures, evidence)
    if not any(r.verdict in FINDINGS for r in places.values()):
        return measures
    return sorted(measures, key=lambda m: places[m.id].rank if m.id in places else len(evidence) + 1)


def _placed(measures: list[MeasureTemplate], evidence: dict[int, RankedMeasure]) -> list[RankedMeasure]:
    """The draft's measures whose place rests on a finding, once each, in the order they first appear."""
    return [r for r in _places(measures, evidence).values() if r.verdict in FINDINGS]


def _bases(placed: list[RankedMeasure]) -> list[str]:
    if not placed:
        return []
    head = "Порядок мероприятий в разделах учитывает опыт школ прошлого года (сопоставление, а не доказательство):"
    return [head, *(f"— «{r.title}»: {r.basis}" for r in placed)]


def _sections(
    library: LibraryService,
    school: dict[str, Any],
    request: DraftRequest,
    factors: dict[int, str],
    evidence: dict[int, RankedMeasure],
) -> list[tuple[str, list[MeasureTemplate]]]:
    """Each section's title and its measures in the order they are drafted; empty sections left out."""
    sections = []
    if request.by_category:
        for category in school["categories"]:
            if category in CATEGORY_SECTIONS:
                sections.append((CATEGORY_SECTIONS[category], _ranked(library.measures(category=category), evidence)))
    for factor in request.risk_factors:
        sections.append((f"Фактор риска {factor}. {factors[factor]}", _ranked(library.measures(factor), evidence)))
    return [(title, measures) for title, measures in sections if measures]


def _reasons(school: dict[str, Any]) -> str:
    order_date = date.fromisoformat(school["order_date"]).strftime("%d.%m.%Y") if school.get("order_date") else "—"
    lines = [f"Основания (согласованный список, приказ № {school['order_number']} от {order_date}):"]
    lines += [f"— {rule['label']}: {rule['reason']}" for rule in school.get("fired_rules", [])]
    return "\n".join(lines)
