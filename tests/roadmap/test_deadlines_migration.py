"""The migration that adds `deadline_entry` fills it from the plans already there: the same entries as the read
model selects (open plans, open activities, stages not marked done, per-school rows still open)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, insert, select

from services.roadmap.deadlines import read_model
from services.roadmap.deadlines.models import DeadlineEntry
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Plan, PlanSection
from services.shared import topology
from services.shared.db import make_engine
from tests.support import fresh_database

BEFORE = "5e2b7c41d8a3"  # the revision before the read model


def _upgrade(url: str, revision: str) -> None:
    config = Config(topology.BY_NAME["roadmap"].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)


def _plan(connection: Connection, plan_id: int, status: str, school: str | None) -> None:
    """A plan with an open, a done and an in-progress activity; each has an open and a done stage; a territory
    plan tracks its activities per school with an open and a done row. Core inserts: no session hook runs."""
    today = date.today()
    connection.execute(
        insert(Plan),
        dict(id=plan_id, kind="anti_risk_programme", title=f"План {plan_id}", description="", owner_kind="school",
             region_code="R", municipality_code="M", school_code=school, owner_label="Школа", school_year="2026-2027",
             period_start=today, period_end=today, status=status, version=1, revision=1, created_by="user:1",
             created_by_name="Тест", column_set="standard"),
    )  # fmt: skip
    connection.execute(
        insert(PlanSection), dict(id=plan_id, plan_id=plan_id, position=1, title="Р", planned_results=[])
    )
    for position, activity_status in enumerate(("planned", "done", "in_progress")):
        activity_id = plan_id * 10 + position
        connection.execute(
            insert(Activity),
            dict(id=activity_id, plan_id=plan_id, section_id=plan_id, position=position, title=f"М{activity_id}",
                 responsible=[], co_executors=[], schedule={}, targets=[], status=activity_status,
                 per_school=school is None),
        )  # fmt: skip
        for completed in (None, today):
            connection.execute(
                insert(ActivityOccurrence), dict(activity_id=activity_id, due=today, label="", completed_on=completed)
            )
        if school is None:
            for code, row_status in (("X1", "planned"), ("X2", "done")):
                connection.execute(
                    insert(ActivitySchool),
                    dict(activity_id=activity_id, school_code=code, school_name=code, status=row_status),
                )


def _entries(connection: Connection) -> Counter[tuple[Any, ...]]:
    columns = [column for column in DeadlineEntry.__table__.columns if column.name != "id"]  # type: ignore[attr-defined]
    return Counter(tuple(row) for row in connection.execute(select(*columns)))


def test_the_migration_fills_the_read_model(tmp_path: Path) -> None:
    with fresh_database("roadmap", tmp_path) as url:
        _upgrade(url, BEFORE)
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                for plan_id, status, school in ((1, "approved", "S1"), (2, "draft", "S2"), (3, "archived", "S3"),
                                                (4, "approved", None)):  # fmt: skip
                    _plan(connection, plan_id, status, school)
            _upgrade(url, "head")
            with engine.connect() as connection:
                filled = _entries(connection)
                connection.rollback()
                with connection.begin() as transaction:
                    read_model.rebuild(connection)
                    fresh = _entries(connection)
                    transaction.rollback()
        finally:
            engine.dispose()
    # plans 1 and 2: two open activities with one open stage; plan 4: the same, each once more for school X1
    assert sum(filled.values()) == 2 + 2 + 2 * 2
    assert filled == fresh
    titles = Counter((row[2], row[8]) for row in filled)  # (plan, tracked)
    assert titles == {(1, False): 2, (2, False): 2, (4, False): 2, (4, True): 2}
