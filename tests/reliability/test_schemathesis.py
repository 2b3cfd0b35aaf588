"""schemathesis against every service's OpenAPI, through the gateway, with a real administrator's token.

Each operation of the four schemas (identification, roadmap, reports and the gateway's own) gets a bounded
number of generated requests, derandomised so a run is repeatable; every answer must be below 500 and match
the schema the service publishes. Requests that would end the fuzzing administrator's own access (a new password,
role or deactivation of itself, a logout) go to a stand-in account or a second session: nothing is left out.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.result import Ok

from tests.reliability.clients import login
from tests.stack import RunningStack, running_stack

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Per operation: valid requests (which must work or be refused cleanly) and invalid ones (a clean 4xx).
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}
SERVICES = ("identification", "roadmap", "reports", "gateway")
CHECKS = [not_a_server_error, response_schema_conformance]
SLOWEST: list[tuple[float, str]] = []  # figures printed, never asserted


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[RunningStack]:
    """A stack of its own (fuzzing changes users and data), where failed logins never lock the address out."""
    with running_stack(
        extra_env={"OPORA_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000", "OPORA_LOGIN_MAX_FAILURES_PER_ACCOUNT": "1000000"}
    ) as stack:
        yield stack


class Admin:
    """The administrator's session, and a stand-in user for requests that would change the administrator itself.

    A generated request aimed at the administrator's own account (a new password, a role, deactivation) is
    sent to the stand-in instead: the same operation with the same body, so it is still exercised, while the
    fuzzing session stays usable. A logout goes out with a session of its own; any 401 starts a new session.
    """

    def __init__(self, live: RunningStack) -> None:
        self.live = live
        self.headers = login(live, "admin")
        me = httpx.get(f"{live.url()}/api/auth/me", headers=self.headers).json()
        self.user_id: int = me["id"]
        stand_in = httpx.post(
            f"{live.url()}/api/admin/users",
            json={
                "username": "fuzz_stand_in",
                "full_name": "Замещающий пользователь",
                "password": "stand-in-password-1",
                "role": "admin",
                "scope": {"kind": "all"},
            },
            headers=self.headers,
        )
        assert stand_in.status_code == 201, stand_in.text
        self.stand_in_id: int = stand_in.json()["id"]

    def prepare(self, case: Any) -> dict[str, str]:
        """The headers for a generated request, aimed away from the administrator's own account."""
        if (case.path_parameters or {}).get("user_id") == self.user_id:
            case.path_parameters["user_id"] = self.stand_in_id
        return login(self.live, "admin") if case.path.endswith("/logout") else self.headers

    def after(self, status: int) -> None:
        if status == 401:
            self.headers = login(self.live, "admin")


def _failures(live: RunningStack, admin: Admin, service: str) -> tuple[list[str], Counter[int]]:
    schema = schemathesis.openapi.from_url(f"{live.url()}/api/{service}/openapi.json")
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation of the schema is usable
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @settings(
                max_examples=examples,
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(mode), mode=st.just(mode))
            def exercise(case: Any, mode: GenerationMode) -> None:
                response = case.call(base_url=live.url(), headers=admin.prepare(case), timeout=120)
                admin.after(response.status_code)
                statuses[response.status_code] += 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except Exception as error:  # one line per failing operation and kind of failure
                    line = f"{case.method} {case.path} ({mode.value}): {type(error).__name__}: "
                    line += " ".join(str(error).splitlines()[:8])
                    if line not in failures:
                        failures.append(line)

            started = time.monotonic()
            try:
                exercise()
            except Unsatisfiable:  # no invalid request can be made of it (e.g. no parameters at all)
                assert mode == GenerationMode.NEGATIVE, operation.label
            SLOWEST.append((time.monotonic() - started, f"{operation.method.upper()} {operation.path}"))
    return failures, statuses


@pytest.fixture(scope="module")
def admin(fuzzed: RunningStack) -> Admin:
    return Admin(fuzzed)


@pytest.mark.parametrize("service", SERVICES)
def test_no_server_errors_and_no_schema_violations(fuzzed: RunningStack, admin: Admin, service: str) -> None:
    failures, statuses = _failures(fuzzed, admin, service)
    print(service, "answers by status:", dict(sorted(statuses.items())))
    print("slowest operations (s):", [(round(t, 1), name) for t, name in sorted(SLOWEST, reverse=True)[:5]])
    assert statuses and not failures, "\n".join(failures)
