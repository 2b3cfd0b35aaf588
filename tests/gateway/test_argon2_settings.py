"""The Argon2 cost of password hashes as gateway settings: the recommended cost by default, the suite's cheapest
valid one in tests, and a value Argon2 cannot use refused when the settings are read. Signing in with hashes
of another cost is in tests/gateway/test_auth.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from services.gateway.identity.passwords import passwords_for
from services.gateway.settings import GatewaySettings
from tests.support import CHEAP_ARGON2_ENVIRONMENT, make_settings

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

RECOMMENDED = "$argon2id$v=19$m=65536,t=3,p=4$"
CHEAPEST = "$argon2id$v=19$m=8,t=1,p=1$"


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Argon2 setting inherited from the environment of the test run."""
    for name in CHEAP_ARGON2_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("clean_environment")
def test_by_default_passwords_are_hashed_at_the_recommended_cost() -> None:
    password_hash = passwords_for(GatewaySettings(_env_file=None)).hash("пароль")
    assert password_hash.startswith(RECOMMENDED), password_hash


@pytest.mark.usefixtures("clean_environment")
def test_the_cost_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPORA_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("OPORA_ARGON2_TIME_COST", "2")
    monkeypatch.setenv("OPORA_ARGON2_PARALLELISM", "2")
    password_hash = passwords_for(GatewaySettings(_env_file=None)).hash("пароль")
    assert password_hash.startswith("$argon2id$v=19$m=64,t=2,p=2$"), password_hash


def test_the_suite_hashes_at_the_cheapest_valid_cost(tmp_path: Path) -> None:
    """The speed-up of the suite (issue 12) rests on this: in-process stacks, seeding and real processes."""
    assert CHEAP_ARGON2_ENVIRONMENT == {
        "OPORA_ARGON2_MEMORY_KIB": "8",
        "OPORA_ARGON2_TIME_COST": "1",
        "OPORA_ARGON2_PARALLELISM": "1",
    }
    password_hash = passwords_for(make_settings(tmp_path, {})).hash("demo")
    assert password_hash.startswith(CHEAPEST), password_hash


@pytest.mark.parametrize(
    ("cost", "named"),
    [
        ({"argon2_memory_kib": 7, "argon2_parallelism": 1}, "argon2_memory_kib"),
        ({"argon2_memory_kib": 31, "argon2_parallelism": 4}, "OPORA_ARGON2_MEMORY_KIB"),
        ({"argon2_memory_kib": 65536, "argon2_parallelism": 8193}, "OPORA_ARGON2_MEMORY_KIB"),
        ({"argon2_time_cost": 0}, "argon2_time_cost"),
        ({"argon2_parallelism": 0}, "argon2_parallelism"),
        ({"argon2_parallelism": 2**24}, "argon2_parallelism"),
        ({"argon2_memory_kib": -65536}, "argon2_memory_kib"),
        ({"argon2_time_cost": "three"}, "argon2_time_cost"),
    ],
)
def test_a_cost_argon2_cannot_use_is_refused_when_the_settings_are_read(cost: dict[str, Any], named: str) -> None:
    with pytest.raises(ValidationError, match=named):
        GatewaySettings(_env_file=None, **cost)


@pytest.mark.usefixtures("clean_environment")
def test_the_least_memory_for_the_lanes_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPORA_ARGON2_MEMORY_KIB", "32")
    monkeypatch.setenv("OPORA_ARGON2_PARALLELISM", "4")
    password_hash = passwords_for(GatewaySettings(_env_file=None, argon2_time_cost=1)).hash("пароль")
    assert password_hash.startswith("$argon2id$v=19$m=32,t=1,p=4$"), password_hash
    monkeypatch.setenv("OPORA_ARGON2_MEMORY_KIB", "31")
    with pytest.raises(ValidationError, match=r"at least 8 KiB per lane .* 32 or more"):
        GatewaySettings(_env_file=None)
