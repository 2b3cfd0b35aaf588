"""schemathesis: share 2 of 2 of the roadmap schema's operations (see tests/reliability/fuzzing.py)."""

from __future__ import annotations

import pytest

from tests.reliability.fuzzing import Admin, Share, check, fuzz
from tests.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SHARE = Share("roadmap", 1, 2)


def test_no_server_errors_and_no_schema_violations(fuzzed: RunningStack, fuzzing_admin: Admin) -> None:
    check(SHARE, fuzz(fuzzed, fuzzing_admin, SHARE))
