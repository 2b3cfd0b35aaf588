"""The migration that adds `measure_value` keeps the meaning of methodology copies saved before it: their
olympiad rule still applies to every school, while the shipped default takes the new grades 9–11 default."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.support import fresh_database

BEFORE = "7c1e5a9d2b40"
CREATED = datetime(2026, 11, 23, tzinfo=UTC)


def _config(url: str) -> Config:
    config = Config(topology.BY_NAME["identification"].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _methodology(family: str, rules: dict[str, Any]) -> dict[str, Any]:
    return {
        "family": family, "version": 1, "name": f"Методика {family}", "description": "", "based_on_id": None,
        "rules": rules, "frozen": True, "created_by": "system", "created_by_name": "Опора",
        "created_at": CREATED, "updated_at": CREATED,
    }  # fmt: skip


def test_old_copies_keep_their_olympiad_rule(tmp_path: Path) -> None:
    with fresh_database("identification", tmp_path) as url:
        command.upgrade(_config(url), BEFORE)
        engine = sa.create_engine(url)
        table = sa.Table("methodology", sa.MetaData(), autoload_with=engine)
        old = {"olympiad_share": {"enabled": True, "max_share": 0.005, "years": 3}}
        with engine.begin() as connection:
            connection.execute(sa.insert(table), [_methodology("default", old), _methodology("custom-1", old)])
        command.upgrade(_config(url), "head")
        with engine.connect() as connection:
            rules = dict(connection.execute(sa.select(table.c.family, table.c.rules)).fetchall())
        engine.dispose()
        assert rules["custom-1"]["olympiad_share"] == {**old["olympiad_share"], "taught_grades": []}
        assert rules["default"] == old
        assert "measure_value" in sa.inspect(sa.create_engine(url)).get_table_names()
        command.downgrade(_config(url), BEFORE)
