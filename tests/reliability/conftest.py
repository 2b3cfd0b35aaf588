"""The reliability suite runs against the four real processes (`tests/stack.py`), started once for the folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack import RunningStack, running_stack


@pytest.fixture(scope="session")
def live() -> Iterator[RunningStack]:
    with running_stack() as stack:
        yield stack
