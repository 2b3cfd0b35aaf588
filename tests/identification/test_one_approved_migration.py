"""The migration that makes «at most one approved run per territory and year» a database rule.

Databases where concurrent approvals already left several approved runs keep the latest of each territory and
year approved and supersede the others; afterwards the database itself refuses a second approved run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.support import fresh_database

BEFORE = "6f1d2a9c4b7e"


def _run(connection: sa.Connection, territory: tuple[str, str | None], status: str) -> int:
    now = datetime.now(UTC)
    return int(
        connection.execute(
            sa.text(
                "INSERT INTO identification_run (school_year, territory_kind, territory_code, territory_label, "
                "methodology_id, methodology_label, rules, summary, schools_count, status, created_by, "
                "created_by_name, created_at, duration_ms) VALUES ('2023-2024', :kind, :code, 'Территория', 1, "
                "'Методика', '{}', '{}', 0, :status, 'user:1', 'Аналитик', :now, 0) RETURNING id"
            ),
            {"kind": territory[0], "code": territory[1], "status": status, "now": now},
        ).scalar_one()
    )


def test_upgrade_keeps_one_approved_run_and_the_database_refuses_a_second(tmp_path: Path) -> None:
    with fresh_database("identification", tmp_path) as url:
        config = Config(topology.BY_NAME["identification"].migrations)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, BEFORE)
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO methodology (id, family, version, name, description, rules, frozen, created_by,"
                        " created_by_name, created_at, updated_at) VALUES (1, 'default', 1, 'Методика', '', '{}', "
                        "true, 'system', 'Система', :now, :now)"
                    ),
                    {"now": datetime.now(UTC)},
                )
                region = [_run(connection, ("region", "99"), "approved") for _ in range(3)]
                whole = [_run(connection, ("all", None), "approved") for _ in range(2)]
                other = _run(connection, ("municipality", "9901"), "approved")
                computed = _run(connection, ("region", "99"), "computed")
            command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT id, status FROM identification_run")).all()
            statuses = {row.id: row.status for row in rows}
            assert [statuses[i] for i in region] == ["superseded", "superseded", "approved"]
            assert [statuses[i] for i in whole] == ["superseded", "approved"]
            assert statuses[other] == "approved" and statuses[computed] == "computed"
            for second in (computed, whole[0]):
                with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                    connection.execute(
                        sa.text("UPDATE identification_run SET status = 'approved' WHERE id = :id"), {"id": second}
                    )
        finally:
            engine.dispose()
