"""The reliability suite runs against the four real processes (`tests/stack.py`), started once for the folder
(once per pytest-xdist worker): `live` for the races and hostile input, `fuzzed` for the schemathesis modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.fuzzing import FUZZ_LIMITS, Admin
from tests.stack import RunningStack, running_stack


@pytest.fixture(scope="session")
def live() -> Iterator[RunningStack]:
    with running_stack() as stack:
        yield stack


@pytest.fixture(scope="session")
def fuzzed() -> Iterator[RunningStack]:
    """A stack of its own (fuzzing changes users and data), where failed logins never lock the address out;
    shared by the schemathesis modules a worker runs, as it was by the one module they were split from."""
    with running_stack(extra_env=FUZZ_LIMITS) as stack:
        yield stack


@pytest.fixture(scope="session")
def fuzzing_admin(fuzzed: RunningStack) -> Admin:
    return Admin(fuzzed)
