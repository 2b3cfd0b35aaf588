"""The migration that ships the default methodology with the schema (3a7c5e9b2d14): a new installation has it
before any request reads the methodologies; a database that has it already (created on first use before the
migration) keeps its own row, never a second one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.identification.methodology.repository import DEFAULT_FAMILY, DEFAULT_NAME
from services.identification.methodology.rules import default_rules
from services.shared import topology
from tests.support import fresh_database

BEFORE = "8e2f4a6c1b93"
CREATED = datetime(2026, 11, 23, tzinfo=UTC)


def _config(url: str) -> Config:
    config = Config(topology.BY_NAME["identification"].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _shipped(url: str) -> list[tuple[int, str, bool, dict[str, object]]]:
    engine = sa.create_engine(url)
    try:
        table = sa.Table("methodology", sa.MetaData(), autoload_with=engine)
        with engine.connect() as connection:
            statement = sa.select(table.c.id, table.c.name, table.c.frozen, table.c.rules).where(
                table.c.family == DEFAULT_FAMILY
            )
            return [(row.id, row.name, row.frozen, row.rules) for row in connection.execute(statement)]
    finally:
        engine.dispose()


def test_a_new_installation_has_the_shipped_methodology(tmp_path: Path) -> None:
    with fresh_database("identification", tmp_path) as url:
        command.upgrade(_config(url), "head")
        [(_, name, frozen, rules)] = _shipped(url)
        assert name == DEFAULT_NAME and frozen and rules == default_rules().model_dump(mode="json")
        command.downgrade(_config(url), BEFORE)
        assert len(_shipped(url)) == 1  # runs and activations may refer to it: it stays


def test_a_methodology_created_on_first_use_before_the_migration_stays_the_only_one(tmp_path: Path) -> None:
    with fresh_database("identification", tmp_path) as url:
        command.upgrade(_config(url), BEFORE)
        engine = sa.create_engine(url)
        table = sa.Table("methodology", sa.MetaData(), autoload_with=engine)
        with engine.begin() as connection:
            connection.execute(
                sa.insert(table).values(
                    family=DEFAULT_FAMILY, version=1, name="Методика", description="", rules={}, frozen=True,
                    created_by="system", created_by_name="Опора", created_at=CREATED, updated_at=CREATED,
                )
            )  # fmt: skip
        engine.dispose()
        command.upgrade(_config(url), "head")
        assert [(name, rules) for _, name, _, rules in _shipped(url)] == [("Методика", {})]
