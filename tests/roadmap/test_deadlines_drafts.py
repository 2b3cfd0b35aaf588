"""Drafts are never overdue (issue 16): not in the counts, not flagged in `/me/deadlines`, and the notification
job writes no notice for a draft's dates (neither overdue nor due soon) until the plan is approved."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from services.roadmap.deadlines.job import run_once
from services.roadmap.deadlines.models import Notification
from services.shared.db import make_engine
from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_party, add_plan, roadmap_session
from tests.roadmap.test_deadlines import user_subject


def test_the_job_sends_nothing_for_a_draft(stack: Stack) -> None:
    today = date.today()
    t = stack.territory
    region, municipality, school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    staff = user_subject(stack, "school_staff")
    with roadmap_session(stack.settings) as session:
        party = add_party(session, "Петрова Е.В.", user_subject=staff)
        plan = add_plan(
            session, title="Черновик программы", region=region, municipality=municipality, school=school, status="draft"
        )
        late = add_activity(session, plan, "Давно прошло", [today - timedelta(days=30)], responsible=[party])
        soon = add_activity(session, plan, "Скоро в черновике", [today + timedelta(days=2)], responsible=[party])
    listed = stack.gateway.get("/api/roadmap/me/deadlines", headers=stack.auth("school_staff")).json()["items"]
    drafts = [i for i in listed if i["plan_id"] == plan.plan_id]
    assert {i["title"] for i in drafts} == {"Давно прошло", "Скоро в черновике"}
    assert not any(i["overdue"] for i in drafts)
    summary = stack.gateway.get(
        "/api/roadmap/me/deadlines/summary", params={"plan_id": plan.plan_id}, headers=stack.auth("school_staff")
    )
    assert summary.json()["overdue"] == 0

    engine = make_engine(stack.settings.database_url("roadmap"))
    try:
        run_once(engine, stack.settings)
        with Session(engine) as session:
            notices = session.exec(select(Notification).where(col(Notification.activity_id).in_([late, soon]))).all()
    finally:
        engine.dispose()
    assert notices == [], "no notice of any kind for a draft's dates"
