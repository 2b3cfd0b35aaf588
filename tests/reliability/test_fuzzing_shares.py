"""The schemathesis modules together fuzz every operation of every schema exactly once (no stack needed)."""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path

from tests.reliability.fuzzing import SERVICES, Share


def test_the_shares_of_each_schema_are_all_there_and_none_twice() -> None:
    shares: dict[str, list[Share]] = defaultdict(list)
    for module in sorted(Path(__file__).parent.glob("test_schemathesis_*.py")):
        shares_of = importlib.import_module(f"tests.reliability.{module.stem}").SHARE
        shares[shares_of.service].append(shares_of)
    assert sorted(shares) == sorted(SERVICES)
    for service, found in shares.items():
        parts = {share.parts for share in found}
        assert len(parts) == 1, (service, found)
        assert sorted(share.part for share in found) == list(range(parts.pop())), (service, found)
