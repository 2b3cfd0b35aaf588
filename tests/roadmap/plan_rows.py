"""Plans, sections, activities and occurrences written straight into the roadmap database of a test stack.

The behaviour under test goes through HTTP; these rows only set the scene, independent of the plans API.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Party, Plan, PlanSection
from services.roadmap.settings import RoadmapSettings
from services.shared.db import make_engine


@contextmanager
def roadmap_session(settings: RoadmapSettings) -> Iterator[Session]:
    engine: Engine = make_engine(settings.database_url("roadmap"))
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
            session.commit()
    finally:
        engine.dispose()


@dataclass
class PlanRows:
    """What one `make_plan` wrote: ids to assert on."""

    plan_id: int
    section_id: int
    activities: list[int] = field(default_factory=list)
    occurrences: list[int] = field(default_factory=list)


def add_plan(
    session: Session,
    *,
    title: str,
    region: str | None,
    municipality: str | None = None,
    school: str | None = None,
    status: str = "approved",
    today: date | None = None,
) -> PlanRows:
    today = today or date.today()
    plan = Plan(
        kind="anti_risk_programme" if school else "municipal_roadmap",
        title=title,
        owner_kind="school" if school else "territory",
        region_code=region,
        municipality_code=municipality,
        school_code=school,
        owner_label=title,
        school_year=f"{today.year}-{today.year + 1}",
        period_start=today - timedelta(days=200),
        period_end=today + timedelta(days=200),
        status=status,
        created_by="user:1",
        created_by_name="Тест",
    )
    session.add(plan)
    session.flush()
    section = PlanSection(plan_id=plan.id or 0, position=1, number="1", title="Организационные мероприятия " * 5)
    session.add(section)
    session.flush()
    return PlanRows(plan.id or 0, section.id or 0)


def add_activity(
    session: Session,
    rows: PlanRows,
    title: str,
    dues: Sequence[date],
    *,
    status: str = "planned",
    responsible: Sequence[int] = (),
    per_school: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> int:
    """An activity with one occurrence per due date; `per_school` is (school code, row status) pairs."""
    activity = Activity(
        plan_id=rows.plan_id,
        section_id=rows.section_id,
        position=len(rows.activities) + 1,
        number=f"1.{len(rows.activities) + 1}",
        title=title,
        responsible=[{"party_id": party_id, "name": _party_name(session, party_id)} for party_id in responsible],
        deadline_text=fields.pop("deadline_text", "В течение года"),
        expected_result=fields.pop("expected_result", "Не менее 2 школ"),
        status=status,
        per_school=bool(per_school),
        due_date=max(dues) if dues else None,
        **fields,
    )
    session.add(activity)
    session.flush()
    activity_id = activity.id or 0
    rows.activities.append(activity_id)
    for due in dues:
        occurrence = ActivityOccurrence(activity_id=activity_id, due=due, label=due.strftime("%B %Y"))
        session.add(occurrence)
        session.flush()
        rows.occurrences.append(occurrence.id or 0)
    for code, school_status in per_school:
        session.add(
            ActivitySchool(activity_id=activity_id, school_code=code, school_name=f"Школа {code}", status=school_status)
        )
    session.flush()
    return activity_id


def _party_name(session: Session, party_id: int) -> str:
    party = session.get(Party, party_id)
    return party.name if party else ""


def add_party(session: Session, name: str, user_subject: str | None = None, email: str | None = None) -> int:
    party = Party(name=name, kind="person", user_subject=user_subject, email=email)
    session.add(party)
    session.flush()
    return party.id or 0
