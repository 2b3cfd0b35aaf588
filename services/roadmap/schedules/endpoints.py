"""`/schedules/parse` and `/expected-results/parse`: how a deadline or an expected result will be read,
for the import preview and the activity form. Any signed-in user may ask; nothing is stored."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from services.roadmap.schedules.parser import Schedule, parse_schedule, school_year_bounds
from services.roadmap.schedules.schemas import ScheduleParseRequest, TargetsParseRequest
from services.roadmap.schedules.targets import Target, parse_targets
from services.shared.errors import InvalidValue
from services.shared.security import PrincipalDep

router = APIRouter(tags=["schedules"])


def _period(body: ScheduleParseRequest) -> tuple[date, date] | None:
    """The plan's period: both bounds, or one bound completed by the school year; 422 when reversed."""
    if body.period_start is None and body.period_end is None:
        return None
    year = school_year_bounds(body.school_year)
    start = body.period_start or (year[0] if year else None)
    end = body.period_end or (year[1] if year else None)
    if start is None or end is None:
        return None
    if start > end:
        raise InvalidValue("Начало периода позже его окончания", code="invalid_period", loc=["body", "period_start"])
    return start, end


@router.post("/schedules/parse", response_model=Schedule, summary="Разобрать срок мероприятия")
def parse_schedule_text(body: ScheduleParseRequest, _principal: PrincipalDep) -> Schedule:
    return parse_schedule(body.text, body.school_year, _period(body))


@router.post(
    "/expected-results/parse", response_model=list[Target], summary="Разобрать ожидаемый результат мероприятия"
)
def parse_expected_results(body: TargetsParseRequest, _principal: PrincipalDep) -> list[Target]:
    return parse_targets(body.text)
