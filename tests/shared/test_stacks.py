"""The suite's own tooling: a stack made from the region seeded once holds what a fresh migration and load
would hold, and it is its own (what one module writes, another never sees)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import Stack, build_stack, seed_databases
from tests.support import POSTGRES_URL, wait_until

CLOCK = (sa.DateTime, sa.Date)


def _varies(column: sa.Column[Any]) -> bool:
    """Written from the clock (timestamps, measured durations) or a salt: differs between any two loads."""
    return isinstance(column.type, CLOCK) or column.name.endswith(("_ms", "_hash"))


def _contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a database, its rows sorted, without the columns that come from the clock or a salt."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        contents = {}
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                columns = [column for column in table.columns if not _varies(column)]
                rows = connection.execute(sa.select(*columns)).all()
                contents[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
        return contents
    finally:
        engine.dispose()


def _methodologies(stack: Stack) -> int:
    answer = stack.gateway.get("/api/identification/methodologies", headers=stack.auth("regional_analyst"))
    assert answer.status_code == 200, answer.text
    return len(answer.json())


def test_a_stack_holds_what_a_fresh_load_holds_and_keeps_its_writes_to_itself(tmp_path: Path) -> None:
    with ExitStack() as exit_stack:
        first = build_stack(tmp_path / "first", exit_stack)
        second = build_stack(tmp_path / "second", exit_stack)
        fresh, _ = seed_databases(tmp_path / "fresh", exit_stack)
        for name, url in fresh.items():
            assert _contents(first.settings.database_url(name)) == _contents(url), name
        assert sorted(p.name for p in (tmp_path / "first" / "demo").iterdir()) == sorted(
            p.name for p in (tmp_path / "fresh" / "demo").iterdir()
        )
        assert first.territory == second.territory and first.settings.jwks_json != second.settings.jwks_json

        before = _methodologies(second)
        default = first.gateway.get("/api/identification/methodologies", headers=first.auth("regional_analyst"))
        copied = first.gateway.post(
            f"/api/identification/methodologies/{default.json()[0]['id']}/copy",
            json={"name": "Копия только первого стека"},
            headers=first.auth("regional_analyst"),
        )
        assert copied.status_code == 201, copied.text
        assert _methodologies(first) == before + 1
        assert _methodologies(second) == before


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite databases are files in the stack's folder")
def test_a_finished_stacks_databases_are_dropped_while_the_session_goes_on(tmp_path: Path) -> None:
    """The PostgreSQL databases of a stack that is done are dropped in the background, not all at the end of
    the leg (where a worker's 140 drops kept it waiting 8–10 s)."""
    with ExitStack() as exit_stack:
        stack = build_stack(tmp_path / "stack", exit_stack)
        names = [sa.make_url(stack.settings.database_url(name)).database for name in ("identification", "roadmap")]
    engine = sa.create_engine(POSTGRES_URL)

    def dropped() -> bool:
        with engine.connect() as connection:
            found = connection.execute(
                sa.text("SELECT count(*) FROM pg_database WHERE datname = ANY(:names)"), {"names": names}
            )
            return found.scalar_one() == 0

    try:
        assert wait_until(dropped, step=0.1), f"{names} still exist after their stack is done"
    finally:
        engine.dispose()
