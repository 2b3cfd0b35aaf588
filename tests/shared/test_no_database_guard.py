"""The `no_database` marker cannot hide a database test: a marked test that makes a stack, a database, a
connection or asks for the leg's queue or backend fails (tests/conftest.py arms `DatabaseGuard`)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import support
from tests.conftest import build_stack
from tests.support import DatabaseGuard

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


@pytest.fixture(autouse=True)
def _forget_the_refusals() -> Iterator[None]:
    """These tests provoke refusals on purpose: forgotten before `_no_database_means_none` checks them."""
    yield
    DatabaseGuard.refused.clear()


def test_the_guard_is_armed_for_a_marked_test(request: pytest.FixtureRequest) -> None:
    assert DatabaseGuard.armed_for == request.node.nodeid


def test_a_stack_is_refused(tmp_path: Path) -> None:
    with ExitStack() as exit_stack, pytest.raises(AssertionError, match="marked no_database"):
        build_stack(tmp_path, exit_stack)


@pytest.mark.parametrize(
    "use",
    [
        lambda tmp: support.fresh_database("scoping", tmp).__enter__(),
        lambda tmp: support.database_copy("scoping", "sqlite:///nowhere.db", tmp).__enter__(),
        lambda tmp: support.migrate("roadmap", f"sqlite:///{tmp}/r.db"),
        lambda tmp: support.queue_settings(),
        lambda tmp: support.backend(),
        lambda tmp: sa.create_engine(f"sqlite:///{tmp}/any.db").connect(),
    ],
    ids=["fresh_database", "database_copy", "migrate", "queue_settings", "backend", "connection"],
)
def test_each_way_to_a_database_is_refused(tmp_path: Path, use: Callable[[Path], object]) -> None:
    with pytest.raises(AssertionError, match="marked no_database"):
        use(tmp_path)
    assert DatabaseGuard.refused


def test_a_refusal_swallowed_in_a_thread_is_still_recorded(tmp_path: Path) -> None:
    def connect() -> None:
        with contextlib.suppress(AssertionError):  # a thread that hides the error: the autouse check fails the test
            sa.create_engine(f"sqlite:///{tmp_path}/any.db").connect()

    thread = threading.Thread(target=connect)
    thread.start()
    thread.join()
    assert DatabaseGuard.refused == ["a database connection"]
