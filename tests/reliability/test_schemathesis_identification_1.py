"""schemathesis: share 1 of 2 of the identification schema's operations (see tests/reliability/fuzzing.py)."""

from __future__ import annotations

import pytest

from tests.reliability.fuzzing import Admin, Share, check, fuzz
from tests.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SHARE = Share("identification", 0, 2)


def test_no_server_errors_and_no_schema_violations(fuzzed: RunningStack, fuzzing_admin: Admin) -> None:
    check(SHARE, fuzz(fuzzed, fuzzing_admin, SHARE))
