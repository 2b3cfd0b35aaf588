"""`/api/roadmap/plan-kinds`: the kinds of plan the service keeps, in the words of the orders."""

from fastapi import APIRouter

from services.roadmap.catalogue.schemas import PlanKind
from services.roadmap.vocabulary import PLAN_KINDS
from services.shared.security import PrincipalDep

router = APIRouter(tags=["catalogue"])


@router.get("/plan-kinds", response_model=list[PlanKind], summary="Виды планов")
def plan_kinds(_principal: PrincipalDep) -> list[PlanKind]:
    return PLAN_KINDS
