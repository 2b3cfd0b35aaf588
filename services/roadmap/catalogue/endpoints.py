"""`/api/roadmap/plan-kinds`: the kinds of plan the service keeps, in the words of the orders."""

from fastapi import APIRouter

from services.roadmap.catalogue.schemas import PlanKind
from services.shared.security import PrincipalDep

router = APIRouter(tags=["catalogue"])

PLAN_KINDS = [
    PlanKind(
        code="municipal_roadmap",
        label="Муниципальная дорожная карта",
        description="План мероприятий муниципалитета по поддержке ШНОР и ШНСУ, по направлениям (трекам)",
    ),
    PlanKind(
        code="transition_programme",
        label="Программа перехода в эффективный режим",
        description="Программа школы по переходу в эффективный режим функционирования",
    ),
    PlanKind(
        code="anti_risk_programme",
        label="Антирисковая программа",
        description="Программа школы по одному фактору риска профиля «500+»",
    ),
    PlanKind(
        code="mentoring_plan",
        label="План наставничества",
        description="Совместный план школы-наставника и подшефной школы",
    ),
    PlanKind(code="other", label="Другой план", description="Иной план мероприятий"),
]


@router.get("/plan-kinds", response_model=list[PlanKind], summary="Виды планов")
def plan_kinds(_principal: PrincipalDep) -> list[PlanKind]:
    return PLAN_KINDS
