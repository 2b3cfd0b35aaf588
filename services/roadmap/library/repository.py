"""Reading the library of typical measures and the programmes already drafted.

The library is shared by every territory (it has no scope); a drafted programme is looked up only for a school
of the caller's agreed list, which the identification service has already scoped.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from services.roadmap.library.models import MeasureTemplate
from services.roadmap.plans.models import Plan
from services.shared.errors import NotFound


class MeasureRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def measures(self, risk_factor: int | None = None, category: str | None = None) -> list[MeasureTemplate]:
        """The measures, optionally of one risk factor or one category, in the library's order."""
        statement = select(MeasureTemplate).order_by(col(MeasureTemplate.position), col(MeasureTemplate.id))
        if risk_factor is not None:
            statement = statement.where(MeasureTemplate.risk_factor == risk_factor)
        if category is not None:
            statement = statement.where(MeasureTemplate.category == category)
        return list(self.session.exec(statement).all())

    def measure(self, measure_id: int, for_update: bool = False) -> MeasureTemplate:
        """The measure; `for_update` locks its row until the transaction ends (an edit and a removal at once
        apply one after the other: the later one finds it gone, a 404, never a 500 or a second 204)."""
        found = self.session.get(MeasureTemplate, measure_id, with_for_update=for_update, populate_existing=for_update)
        if found is None:
            raise NotFound("Типовое мероприятие не найдено", code="measure_not_found")
        return found

    def has_programme(self, school_code: str, school_year: str) -> bool:
        """Whether the school already has an anti-risk programme of the year that is not archived."""
        statement = select(Plan.id).where(
            Plan.school_code == school_code,
            Plan.school_year == school_year,
            Plan.kind == "anti_risk_programme",
            Plan.status != "archived",
        )
        return self.session.exec(statement).first() is not None
