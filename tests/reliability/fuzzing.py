"""schemathesis against every service's OpenAPI, through the gateway, with a real administrator's token.

Each operation of the four schemas (identification, roadmap, reports and the gateway's own) gets a bounded
number of generated requests, derandomised so a run is repeatable; every answer must be below 500 and match
the schema the service publishes. Requests that would end the fuzzing administrator's own access (a new password,
role or deactivation of itself, a logout) go to a stand-in account or a second session: nothing is left out.

The operations are fuzzed by the `test_schemathesis_*.py` modules, a share of one schema each (`Share`): pytest-xdist
keeps a module on one worker, so the shares run side by side instead of one module being the suite's critical
path. The modules of one worker fuzz one stack (`fuzzed` in conftest.py), as the single module did before.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.result import Ok

from tests.reliability.clients import login
from tests.stack import RunningStack
from tests.support import web

# Per operation: valid requests (which must work or be refused cleanly) and invalid ones (a clean 4xx).
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}
SERVICES = ("identification", "roadmap", "reports", "gateway")
CHECKS = [not_a_server_error, response_schema_conformance]
PATIENCE = 120  # seconds for the schema and for one answer: a loaded machine is slow, never wrong
FUZZ_LIMITS = {"OPORA_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000", "OPORA_LOGIN_MAX_FAILURES_PER_ACCOUNT": "1000000"}
"""The fuzzed stack's settings: failed logins never lock the fuzzing address out."""


@dataclass(frozen=True)
class Share:
    """The operations of one schema that one module fuzzes: those whose place in the schema, counted from 0,
    leaves `part` when divided by `parts`. Every operation belongs to exactly one share of its schema."""

    service: str
    part: int = 0
    parts: int = 1

    def holds(self, index: int) -> bool:
        return index % self.parts == self.part


class Admin:
    """The administrator's session, and a stand-in user for requests that would change the administrator itself.

    A generated request aimed at the administrator's own account (a new password, a role, deactivation) is
    sent to the stand-in instead: the same operation with the same body, so it is still exercised, while the
    fuzzing session stays usable. A logout goes out with a session of its own; a 401 after which the session
    no longer works starts a new one.
    """

    def __init__(self, live: RunningStack) -> None:
        self.live = live
        self.headers = login(live, "admin")
        me = web.get(f"{live.url()}/api/auth/me", headers=self.headers, timeout=PATIENCE).json()
        self.user_id: int = me["id"]
        stand_in = web.post(
            f"{live.url()}/api/admin/users",
            json={
                "username": "fuzz_stand_in",
                "full_name": "Замещающий пользователь",
                "password": "stand-in-password-1",
                "role": "admin",
                "scope": {"kind": "all"},
            },
            headers=self.headers,
            timeout=PATIENCE,
        )
        assert stand_in.status_code == 201, stand_in.text
        self.stand_in_id: int = stand_in.json()["id"]

    def prepare(self, case: Any) -> dict[str, str]:
        """The headers for a generated request, aimed away from the administrator's own account."""
        if (case.path_parameters or {}).get("user_id") == self.user_id:
            case.path_parameters["user_id"] = self.stand_in_id
        return login(self.live, "admin") if case.path.endswith("/logout") else self.headers

    def after(self, status: int) -> None:
        """After a 401, a new session if the fuzzing one has ended: most 401s refuse what the request itself
        carried (a feed's secret, a stand-in's old password), and each login opens one more session (its Argon2
        check is cheap at the suite's cost, `CHEAP_ARGON2` in tests/support.py)."""
        if status == 401 and self._session_ended():
            self.headers = login(self.live, "admin")

    def _session_ended(self) -> bool:
        answer = web.get(f"{self.live.url()}/api/auth/me", headers=self.headers, timeout=PATIENCE)
        return answer.status_code == 401


@dataclass
class Outcome:
    """What fuzzing a share found: one line per failing operation and kind of failure, the answers by status
    and the seconds each operation took (printed, never asserted)."""

    failures: list[str]
    statuses: Counter[int]
    seconds: list[tuple[float, str]]


def fuzz(live: RunningStack, admin: Admin, share: Share) -> Outcome:
    schema = schemathesis.openapi.from_url(f"{live.url()}/api/{share.service}/openapi.json", timeout=PATIENCE)
    outcome = Outcome([], Counter(), [])
    with requests.Session() as session:  # one kept-alive connection for every request of the share,
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # keeping no cookie, as before
        for index, result in enumerate(schema.get_all_operations()):
            assert isinstance(result, Ok), result  # every operation of the schema is usable
            if share.holds(index):
                _operation(live, admin, session, result.ok(), outcome)
    return outcome


def _operation(live: RunningStack, admin: Admin, session: requests.Session, operation: Any, outcome: Outcome) -> None:
    """`EXAMPLES` generated requests of each mode for one operation, the failures collected in `outcome`."""
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
            response = case.call(base_url=live.url(), headers=admin.prepare(case), timeout=PATIENCE, session=session)
            admin.after(response.status_code)
            outcome.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:  # one line per failing operation and kind of failure
                line = f"{case.method} {case.path} ({mode.value}): {type(error).__name__}: "
                line += " ".join(str(error).splitlines()[:8])
                if line not in outcome.failures:
                    outcome.failures.append(line)

        started = time.monotonic()
        try:
            exercise()
        except Unsatisfiable:  # no invalid request can be made of it (e.g. no parameters at all)
            assert mode == GenerationMode.NEGATIVE, operation.label
        name = f"{operation.method.upper()} {operation.path} {mode.value}"
        outcome.seconds.append((time.monotonic() - started, name))


def check(share: Share, outcome: Outcome) -> None:
    """Print what the share's answers were and its slowest operations; fail on any failure."""
    print(share, "answers by status:", dict(sorted(outcome.statuses.items())))
    print("slowest operations (s):", [(round(t, 1), name) for t, name in sorted(outcome.seconds, reverse=True)[:8]])
    assert outcome.statuses and not outcome.failures, "\n".join(outcome.failures)
