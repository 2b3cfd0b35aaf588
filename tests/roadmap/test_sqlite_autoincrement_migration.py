"""The migration that keeps SQLite from giving a deleted row's id to the next row (f1d8a2c6e473): the rebuilt
tables keep their rows, ids, indexes, unique keys and foreign keys, and an id once given is never given again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from services.shared.db import make_engine
from tests import support
from tests.roadmap.test_plan_family_migration import _config, _plan
from tests.support import fresh_database

BEFORE = "a3c9e7f1b254"
REBUILT = ("activity", "activity_occurrence", "activity_school", "activity_comment", "evidence", "measure_template")


def _insert(connection: sa.Connection, table: str, **values: Any) -> int:
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return int(
        connection.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"), values).scalar_one()
    )


def _activity(connection: sa.Connection, plan: int, section: int, title: str) -> int:
    return _insert(
        connection, "activity", plan_id=plan, section_id=section, position=1, title=title, responsible="[]",
        co_executors="[]", deadline_text="Ежемесячно", schedule="{}", expected_result="", targets="[]",
        final_document="", indicator="", status="planned", progress=0, actual_result="", per_school=False,
        revision=1, updated_at=datetime.now(UTC),
    )  # fmt: skip


def _indexes(connection: sa.Connection) -> set[tuple[str, str]]:
    inspector = sa.inspect(connection)
    return {(table, str(index["name"])) for table in REBUILT for index in inspector.get_indexes(table)}


@pytest.mark.skipif(support.backend() != "sqlite", reason="PostgreSQL's sequences never give an id twice")
def test_rebuilt_tables_keep_their_rows_and_keys_and_never_give_an_id_twice(tmp_path: Path) -> None:
    with fresh_database("roadmap", tmp_path) as url:
        config = _config(url)
        command.upgrade(config, BEFORE)
        engine = make_engine(url)  # foreign keys on, as the services have them
        try:
            with engine.begin() as connection:
                plan = _plan(connection, None, 1, "draft")
                section = _insert(connection, "plan_section", plan_id=plan, position=1, title="Раздел",
                                  planned_results="[]")  # fmt: skip
                first, second = (
                    _activity(connection, plan, section, "Первое"),
                    _activity(connection, plan, section, "Второе"),
                )
                stage = _insert(connection, "activity_occurrence", activity_id=second, due=date(2024, 10, 1),
                                label="октябрь")  # fmt: skip
                indexes = _indexes(connection)
            command.upgrade(config, "head")
            with engine.begin() as connection:
                assert _indexes(connection) == indexes
                titles = connection.execute(sa.text("SELECT id, title FROM activity ORDER BY id")).all()
                assert [tuple(row) for row in titles] == [(first, "Первое"), (second, "Второе")]
                connection.execute(sa.text("DELETE FROM activity_occurrence WHERE id = :id"), {"id": stage})
                connection.execute(sa.text("DELETE FROM activity WHERE id = :id"), {"id": second})
                third = _activity(connection, plan, section, "Третье")
                again = _insert(connection, "activity_occurrence", activity_id=third, due=date(2024, 11, 1),
                                label="ноябрь")  # fmt: skip
            assert third > second and again > stage  # the deleted last rows' ids are not given again
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:  # the foreign key holds
                _insert(connection, "activity_occurrence", activity_id=second, due=date(2024, 12, 1), label="x")
            school = {"activity_id": third, "school_code": "S1", "school_name": "Школа", "status": "planned",
                      "progress": 0, "actual_result": "", "revision": 1, "updated_at": datetime.now(UTC)}  # fmt: skip
            with engine.begin() as connection:
                _insert(connection, "activity_school", **school)
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:  # the unique key holds
                _insert(connection, "activity_school", **school)
        finally:
            engine.dispose()
