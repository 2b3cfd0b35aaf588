"""The migration that makes «one draft and one approved version per plan family, each version number once» a
database rule: data written before the family's lock keeps its latest draft and approved version and gets fresh
numbers for repeated ones; afterwards the database itself refuses a second draft, a second approved version or
a repeated number, whoever writes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.support import fresh_database

BEFORE = "e52f8b3d0c21"


def _plan(connection: sa.Connection, family: int | None, version: int, status: str) -> int:
    now = datetime.now(UTC)
    return int(
        connection.execute(
            sa.text(
                "INSERT INTO plan (kind, title, description, owner_kind, owner_label, period_start, period_end, "
                "status, family_id, version, column_set, revision, created_by, created_by_name, created_at, "
                "updated_at) VALUES ('municipal_roadmap', 'Дорожная карта', '', 'territory', 'Район', :start, "
                ":end, :status, :family, :version, 'standard', 1, 'user:1', 'Методист', :now, :now) RETURNING id"
            ),
            {"start": date(2024, 9, 1), "end": date(2025, 8, 31), "status": status, "family": family,
             "version": version, "now": now},
        ).scalar_one()
    )  # fmt: skip


def _config(url: str) -> Config:
    config = Config(topology.BY_NAME["roadmap"].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def test_upgrade_repairs_families_and_the_database_refuses_a_second_draft_or_approval(tmp_path: Path) -> None:
    with fresh_database("roadmap", tmp_path) as url:
        config = _config(url)
        command.upgrade(config, BEFORE)
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                first = _plan(connection, None, 1, "archived")
                connection.execute(sa.text("UPDATE plan SET family_id = id WHERE id = :id"), {"id": first})
                approved = [_plan(connection, first, 2, "approved"), _plan(connection, first, 3, "approved")]
                drafts = [_plan(connection, first, 4, "draft"), _plan(connection, first, 4, "draft")]
                repeated = _plan(connection, first, 2, "archived")
            command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT id, status, version FROM plan")).all()
            status = {row.id: row.status for row in rows}
            version = {row.id: row.version for row in rows}
            assert [status[i] for i in approved] == ["archived", "approved"]
            assert [status[i] for i in drafts] == ["archived", "draft"]
            assert sorted(version.values()) == [1, 2, 3, 4, 5, 6]  # the repeated 4 and 2 moved past the highest
            assert version[first] == 1 and version[approved[0]] == 2 and version[drafts[0]] == 4
            assert {version[drafts[1]], version[repeated]} == {5, 6}
            refused = [
                ("UPDATE plan SET status = 'draft' WHERE id = :id", first),  # a second draft
                ("UPDATE plan SET status = 'approved' WHERE id = :id", drafts[1]),  # a second approved version
                ("UPDATE plan SET version = 1 WHERE id = :id", approved[1]),  # a number the family holds
            ]
            for statement, plan_id in refused:
                with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                    connection.execute(sa.text(statement), {"id": plan_id})
            with engine.begin() as connection:  # another family, and a plan not yet in one, are not concerned
                other = _plan(connection, None, 1, "draft")
                connection.execute(sa.text("UPDATE plan SET family_id = id WHERE id = :id"), {"id": other})
                _plan(connection, None, 1, "draft")
            command.downgrade(config, BEFORE)
            command.upgrade(config, "head")
        finally:
            engine.dispose()
