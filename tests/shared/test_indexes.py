"""Deliberate indexes: no index of any service's migrated schema repeats the leading columns of a unique key.

A unique constraint (or the primary key) is itself an index that serves every query on its first columns; a
second index on those same columns only costs each write one more entry (issue 14 found one on the results
table). Checked on the schema the migrations make, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.shared import topology
from tests.support import fresh_database, migrate


def _unique_keys(inspector: sa.Inspector, table: str) -> list[tuple[str | None, ...]]:
    """The column lists of the table's unique constraints, its whole-table unique indexes and its primary key."""
    keys: list[tuple[str | None, ...]] = [tuple(c["column_names"]) for c in inspector.get_unique_constraints(table)]
    keys += [tuple(i["column_names"]) for i in inspector.get_indexes(table) if i["unique"] and not _partial(i)]
    primary = inspector.get_pk_constraint(table)["constrained_columns"]
    return keys + ([tuple(primary)] if primary else [])


def _partial(index: Any) -> bool:
    """A unique index with a WHERE clause covers only some rows: it serves no query on the others."""
    return any(key.endswith("_where") and value is not None for key, value in index.get("dialect_options", {}).items())


def _repeated_indexes(url: str) -> list[str]:
    """Each non-unique index whose columns are the leading columns of a unique key of its table."""
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        found = []
        for table in inspector.get_table_names():
            keys = _unique_keys(inspector, table)
            for index in inspector.get_indexes(table):
                columns = tuple(index["column_names"])
                if not index["unique"] and any(key[: len(columns)] == columns for key in keys):
                    found.append(f"{table}.{index['name']} {columns}")
        return found
    finally:
        engine.dispose()


# The reflection cannot read expression indexes (uq_identification_run_one_approved); they repeat no column.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.parametrize("service", [process.name for process in topology.ALL if process.has_database])
def test_no_index_repeats_a_unique_key(service: str, tmp_path: Path) -> None:
    with fresh_database(service, tmp_path) as url:
        migrate(service, url)
        assert _repeated_indexes(url) == []
