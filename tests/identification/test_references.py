"""The foreign keys of the bulk-written tables: a row names a school, batch and run that exist, and a school, batch
or run that rows name stays. On SQLite they are declared keys; on PostgreSQL they are checked once per statement
(migration e3f1a7c5d924) with the same answers (SQLSTATE 23503) and the same locks, which the races below show.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests import support
from tests.support import fresh_database, migrate

POSTGRES = support.backend() == "postgresql"
RESULT = (
    "INSERT INTO assessment_result (school_id, school_year, batch_id, updated_at, procedure, grade, subject,"
    " participants) VALUES (:school, '2023-2024', :batch, :now, 'ВПР', :grade, 'russian', 20)"
)
SCHOOL = (
    "INSERT INTO school (id, school_code, municipality_id, full_name, short_name, legal_form, kind, rural, small,"
    " roles, is_active, created_at, updated_at) VALUES (:id, 'S' || :id, 1, 'Школа', 'Школа', '', '', false,"
    " false, '[]', true, :now, :now)"
)
DELETE_SCHOOL = "DELETE FROM school WHERE id = :school"
NOW = datetime(2026, 11, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """A migrated identification database with two schools, one import batch and one run."""
    with fresh_database("identification", tmp_path_factory.mktemp("references")) as url:
        migrate("identification", url)
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA foreign_keys=ON"))
        with engine.begin() as connection:
            _seed(connection)
        yield engine
        engine.dispose()


def _seed(connection: sa.Connection) -> None:
    statements = (
        "INSERT INTO region (id, code, name) VALUES (1, '99', 'Область')",
        "INSERT INTO municipality (id, code, region_id, name, kind) VALUES (1, '99-01', 1, 'Район', 'district')",
        "INSERT INTO import_batch (id, kind, file_name, file_format, checksum, created_by, created_by_name,"
        " created_at, status, rows_total, rows_valid, rows_rejected, created, updated, unchanged, errors)"
        " VALUES (1, 'results', 'r.csv', 'csv', 'x', 'user:1', 'Аналитик', :now, 'applied', 0, 0, 0, 0, 0, 0, '[]')",
        # the run applies the shipped methodology, which the migrations install (3a7c5e9b2d14)
        "INSERT INTO identification_run (id, school_year, territory_kind, territory_code, territory_label,"
        " methodology_id, methodology_label, rules, summary, schools_count, status, created_by, created_by_name,"
        " created_at, duration_ms) SELECT 1, '2023-2024', 'region', '99', 'Область', id, 'Методика', '{}', '{}', 0,"
        " 'draft', 'user:1', 'Аналитик', :now, 0 FROM methodology WHERE family = 'default' AND version = 1",
    )
    for statement in statements:
        connection.execute(sa.text(statement), {"now": NOW})
    for school in (1, 2, 3):
        connection.execute(sa.text(SCHOOL), {"id": school, "now": NOW})


def _school(engine: sa.Engine, school: int) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(SCHOOL), {"id": school, "now": NOW})


def _refused(engine: sa.Engine, statement: str, **values: object) -> sa.exc.IntegrityError:
    with pytest.raises(sa.exc.IntegrityError) as refused, engine.begin() as connection:
        connection.execute(sa.text(statement), {"now": NOW, **values})
    if POSTGRES:
        assert refused.value.orig is not None and getattr(refused.value.orig, "sqlstate", None) == "23503"
    else:
        assert "FOREIGN KEY" in str(refused.value)
    return refused.value


def _count(engine: sa.Engine, statement: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(statement)).scalar_one())


def test_a_row_naming_a_missing_school_or_batch_is_refused_and_its_statement_writes_nothing(
    engine: sa.Engine,
) -> None:
    error = _refused(engine, RESULT, school=404, batch=1, grade=4)
    if POSTGRES:
        assert 'Key (school_id)=(404) is not present in table "school"' in str(error)
    _refused(engine, RESULT, school=1, batch=404, grade=4)
    many = (
        "INSERT INTO assessment_result (school_id, school_year, batch_id, updated_at, procedure, grade, subject,"
        " participants) SELECT school, '2023-2024', 1, :now, 'ВПР', 5, 'russian', 20"
        " FROM (SELECT 1 AS school UNION ALL SELECT 2 UNION ALL SELECT 404 UNION ALL SELECT 3) AS named"
    )
    _refused(engine, many)
    assert _count(engine, "SELECT count(*) FROM assessment_result") == 0


def test_rows_naming_what_exists_are_written_and_a_missing_batch_may_stay_empty(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        for school in (1, 2):
            connection.execute(sa.text(RESULT), {"school": school, "batch": 1, "grade": 6, "now": NOW})
        connection.execute(sa.text(RESULT), {"school": 1, "batch": None, "grade": 7, "now": NOW})
        connection.execute(
            sa.text("UPDATE assessment_result SET participants = participants + 1, batch_id = 1 WHERE grade >= 6")
        )
    assert _count(engine, "SELECT count(*) FROM assessment_result WHERE participants = 21") == 3


def test_an_update_to_a_missing_school_run_or_batch_is_refused(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(RESULT), {"school": 3, "batch": 1, "grade": 8, "now": NOW})
    _refused(engine, "UPDATE assessment_result SET school_id = 404 WHERE grade = 8")
    _refused(engine, "UPDATE assessment_result SET batch_id = 404 WHERE grade = 8")
    assert _count(engine, "SELECT count(*) FROM assessment_result WHERE grade = 8 AND school_id = 3") == 1


def test_a_school_batch_or_run_that_rows_name_cannot_be_deleted(engine: sa.Engine) -> None:
    run_school = (
        "INSERT INTO run_school (run_id, school_id, school_code, school_name, municipality_code, categories,"
        " final_categories, final_codes, insufficient_data, rules, warnings, objectivity_flags, trend,"
        " overridden)"
        " VALUES (:run, :school, 'S1', 'Школа', '99-01', '[]', '[]', '', false, '{}', '[]', '[]', 'new', false)"
    )
    _refused(engine, run_school, run=404, school=1)
    _refused(engine, run_school, run=1, school=404)
    with engine.begin() as connection:
        connection.execute(sa.text(RESULT), {"school": 2, "batch": 1, "grade": 9, "now": NOW})
        connection.execute(sa.text(run_school), {"run": 1, "school": 1})
    error = _refused(engine, "DELETE FROM school WHERE id = 2")
    if POSTGRES:
        assert 'still referenced from table "assessment_result"' in str(error)
    _refused(engine, "DELETE FROM school WHERE id = 1")
    _refused(engine, "DELETE FROM import_batch WHERE id = 1")
    _refused(engine, "DELETE FROM identification_run WHERE id = 1")
    _refused(engine, "UPDATE school SET id = 200 WHERE id = 2")
    assert _count(engine, "SELECT count(*) FROM school") == 3
    _school(engine, 9)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM school WHERE id = 9"))


postgres_only = pytest.mark.skipif(not POSTGRES, reason="the statement-level checks are PostgreSQL's")


def _declared_keys(connection: sa.Connection) -> int:
    """The row-by-row foreign keys PostgreSQL holds on three of the tables the migration gives statement checks."""
    return int(
        connection.execute(
            sa.text(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN"
                " ('assessment_result', 'run_school', 'indicator_revision')"
            )
        ).scalar_one()
    )


@postgres_only
def test_postgresql_checks_them_per_statement_not_per_row(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        keys = _declared_keys(connection)
        triggers = connection.execute(
            sa.text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'assessment_result'::regclass AND NOT tgisinternal"
                " AND tgname LIKE 'references_%' ORDER BY tgname"
            )
        ).scalars()
        assert keys == 0
        assert list(triggers) == [
            "references_batch_id_insert",
            "references_batch_id_update",
            "references_school_id_insert",
            "references_school_id_update",
        ]
    with pytest.raises(sa.exc.DBAPIError, match="cannot truncate"), engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE school"))


def _blocked(engine: sa.Engine, statement: str, **values: object) -> bool:
    """Whether `statement` waits for another transaction's lock (it gives up after 300 ms and changes nothing)."""
    with engine.connect() as connection:
        connection.execute(sa.text("SET lock_timeout = '300ms'"))
        try:
            connection.execute(sa.text(statement), {"now": NOW, **values})
        except sa.exc.OperationalError as error:
            assert getattr(error.orig, "sqlstate", None) == "55P03"  # lock_not_available
            return True
        finally:
            connection.rollback()
    return False


def _in_thread(engine: sa.Engine, statement: str, **values: object) -> tuple[threading.Thread, list[str]]:
    """`statement` started in its own transaction in a thread: the outcome list gets 'done' or 'refused'."""
    outcome: list[str] = []

    def run() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(sa.text(statement), {"now": NOW, **values})
            outcome.append("done")
        except sa.exc.IntegrityError:
            outcome.append("refused")

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _meanwhile(engine: sa.Engine, first: str, second: str, **values: object) -> list[str]:
    """`first` in a transaction left open; `second` waits for it meanwhile (it gives up once after 300 ms), then
    runs in a thread while `first` commits. Answers how `second` ended."""
    with engine.connect() as holder:
        holder.execute(sa.text(first), {"now": NOW, **values})
        assert _blocked(engine, second, **values)
        thread, outcome = _in_thread(engine, second, **values)
        assert support.wait_until(lambda: support.waiting_for_a_lock(engine))
        holder.commit()
        thread.join()
    return outcome


@postgres_only
def test_a_school_being_referenced_cannot_be_deleted_meanwhile(engine: sa.Engine) -> None:
    """The writer locks the schools it names, as a foreign key does: a delete waits for it, then fails."""
    _school(engine, 5)
    assert _meanwhile(engine, RESULT, DELETE_SCHOOL, school=5, batch=1, grade=10) == ["refused"]
    assert _count(engine, "SELECT count(*) FROM assessment_result WHERE school_id = 5") == 1


@postgres_only
def test_a_school_being_deleted_cannot_be_referenced_meanwhile(engine: sa.Engine) -> None:
    """A writer naming a school another transaction deletes waits for it; once the delete commits, it fails."""
    _school(engine, 7)
    assert _meanwhile(engine, DELETE_SCHOOL, RESULT, school=7, batch=1, grade=11) == ["refused"]
    assert _count(engine, "SELECT count(*) FROM assessment_result WHERE school_id = 7") == 0


@postgres_only
def test_the_migration_down_puts_the_declared_keys_back(tmp_path: Path) -> None:
    with fresh_database("identification", tmp_path) as url:
        config = Config(topology.BY_NAME["identification"].migrations)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, "head")
        command.downgrade(config, "6a4d2e8c1f57")
        engine = sa.create_engine(url)
        try:
            with engine.connect() as connection:
                assert _declared_keys(connection) == 6
        finally:
            engine.dispose()
        command.upgrade(config, "head")
