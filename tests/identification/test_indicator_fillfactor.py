"""The indicator tables keep room on each page for corrections (migration 5c1e7b9d3a26, PostgreSQL): a re-import
that corrects one row in ten updates every such row in place, without new index entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.support import POSTGRES_URL, fresh_database, migrate

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="a fill factor is PostgreSQL's")

TABLES = (
    "assessment_result", "vpr_objectivity", "social_indicator", "staffing_indicator", "olympiad_participation",
    "risk_level", "measure_value",
)  # fmt: skip
NOW = datetime(2026, 12, 1, tzinfo=UTC)
SCHOOLS = 100
SUBJECTS = ("russian", "mathematics", "biology", "history", "physics")


def _options(connection: sa.Connection) -> dict[str, list[str] | None]:
    rows = connection.execute(
        sa.text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:tables) AND relkind = 'r'"),
        {"tables": list(TABLES)},
    )
    return {name: options for name, options in rows}


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    with fresh_database("identification", tmp_path) as database:
        migrate("identification", database)
        yield database


def test_every_indicator_table_fills_its_pages_to_nine_tenths_and_the_downgrade_resets_it(url: str) -> None:
    config = Config(topology.BY_NAME["identification"].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            assert _options(connection) == {table: ["fillfactor=90"] for table in TABLES}
        command.downgrade(config, "e3f1a7c5d924")
        with engine.connect() as connection:
            assert _options(connection) == dict.fromkeys(TABLES, None)
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert _options(connection) == {table: ["fillfactor=90"] for table in TABLES}
    finally:
        engine.dispose()


def test_correcting_one_result_in_ten_updates_each_in_place(url: str) -> None:
    """Results of 100 schools written as an import writes them, then every tenth corrected (its counts, batch
    and time): all of them heap-only updates, so no index grew (in the transaction's own statistics)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            _school_and_batches(connection)
            connection.execute(
                sa.text(
                    "INSERT INTO assessment_result (school_id, school_year, procedure, grade, subject, participants,"
                    " below_min, mean_score, max_score, mark2, mark3, mark4, mark5, batch_id, updated_at)"
                    " SELECT s, '2023-2024', 'ВПР', g, subject, 25, 3, 14.5, 30, 3, 10, 8, 4, 1, :now"
                    " FROM generate_series(1, :schools) s, generate_series(4, 8) g, unnest(CAST(:subjects AS text[]))"
                    " subject ORDER BY s, g, subject"
                ),
                {"now": NOW, "schools": SCHOOLS, "subjects": list(SUBJECTS)},
            )
            corrected = connection.execute(
                sa.text(
                    "UPDATE assessment_result SET participants = participants + 1, mark3 = mark3 + 1, batch_id = 2,"
                    " updated_at = :now WHERE id % 10 = 0"
                ),
                {"now": NOW},
            ).rowcount
            updated, in_place = connection.execute(
                sa.text(
                    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'assessment_result'"
                )
            ).one()
        assert corrected == SCHOOLS * 5 * len(SUBJECTS) // 10
        assert (updated, in_place) == (corrected, corrected)
    finally:
        engine.dispose()


def _school_and_batches(connection: sa.Connection) -> None:
    connection.execute(sa.text("INSERT INTO region (id, code, name) VALUES (1, '99', 'Область')"))
    connection.execute(
        sa.text(
            "INSERT INTO municipality (id, code, region_id, name, kind) VALUES (1, '99-01', 1, 'Район', 'district')"
        )
    )
    connection.execute(
        sa.text(
            "INSERT INTO school (id, school_code, municipality_id, full_name, short_name, legal_form, kind, rural,"
            " small, roles, is_active, created_at, updated_at) SELECT s, 'S' || s, 1, 'Школа', 'Школа', '', '',"
            " false, false, '[]', true, :now, :now FROM generate_series(1, :schools) s"
        ),
        {"now": NOW, "schools": SCHOOLS},
    )
    connection.execute(
        sa.text(
            "INSERT INTO import_batch (id, kind, file_name, file_format, checksum, created_by, created_by_name,"
            " created_at, status, rows_total, rows_valid, rows_rejected, created, updated, unchanged, errors)"
            " SELECT b, 'results', 'r.csv', 'csv', 'x', 'user:1', 'Аналитик', :now, 'applied', 0, 0, 0, 0, 0, 0, '[]'"
            " FROM generate_series(1, 2) b"
        ),
        {"now": NOW},
    )
