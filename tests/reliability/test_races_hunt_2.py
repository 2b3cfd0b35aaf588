"""More races hunted down with real concurrent clients against the real processes (see test_races.py): each
scenario failed before its fix. Outcomes are asserted, never timing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from services.gateway.db import AuditEvent
from services.roadmap.db import AuditEvent as RoadmapAuditEvent
from tests.reliability.clients import at_once, audit_events, json_of, login, no_server_errors, request
from tests.reliability.test_races import ROUNDS
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
PAIRS = "/api/roadmap/mentor-pairs"


def _two_schools_of_one_municipality(live: RunningStack) -> tuple[str, str]:
    admin = login(live, "admin")
    schools = json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 500}, headers=admin))[
        "items"
    ]
    coordinator = login(live, "municipal_coordinator")
    municipality = json_of(web.get(f"{live.url()}/api/auth/me", headers=coordinator))["scope"]["municipality"]
    codes = [s["school_code"] for s in schools if s["municipality_code"] == municipality]
    return codes[0], codes[1]


def _pair(live: RunningStack, headers: dict[str, str], mentor: str, supported: str, starts_on: date) -> Any:
    body = {"mentor_school_code": mentor, "supported_school_code": supported, "starts_on": starts_on.isoformat()}
    answer = web.post(f"{live.url()}{PAIRS}", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_mentor_pair_ended_twice_at_once_is_ended_once(live: RunningStack) -> None:
    """Ending a pair on a past day is refused once it has ended (409 `pair_ended`): ended at once by several
    coordinators with `If-Match: *`, one ending goes through and the others get 409, as one after the other
    would — never every ending answered 200 with its own audit record."""
    coordinator = login(live, "municipal_coordinator")
    mentor, supported = _two_schools_of_one_municipality(live)
    first = date(2001, 1, 1) + timedelta(days=random.randrange(3000))
    for round_ in range(ROUNDS):
        pair = _pair(live, coordinator, mentor, supported, first + timedelta(days=round_))
        url = f"{live.url()}{PAIRS}/{pair['id']}/end"
        ends = [date.today() - timedelta(days=1 + i) for i in range(AT_ONCE)]
        calls = [
            request("POST", url, json={"ends_on": e.isoformat()}, headers=coordinator | {"If-Match": "*"}) for e in ends
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200] + [409] * (AT_ONCE - 1), [(a.status_code, a.text[:200]) for a in answers]
        assert all(a.json()["code"] == "pair_ended" for a in answers if a.status_code == 409)
        winner = next(a for a in answers if a.status_code == 200).json()
        stored = json_of(web.get(f"{live.url()}{PAIRS}/{pair['id']}", headers=coordinator))
        assert stored["ends_on"] == winner["ends_on"], (stored, winner)


def test_an_api_client_deactivated_by_several_administrators_at_once_is_audited_as_one_after_the_other(
    live: RunningStack,
) -> None:
    """Each deactivation's audit record tells the state it found: at once, as one after the other, only the
    first finds the client active — never every record saying it was active before (the history would show
    it switched off several times)."""
    admin = login(live, "admin")
    region = json_of(web.get(f"{live.url()}/api/auth/me", headers=login(live, "municipal_coordinator")))["scope"][
        "region"
    ]
    for round_ in range(ROUNDS):
        body = {"name": f"РЦОКО {round_}", "role": "regional_analyst", "scope": {"kind": "region", "region": region}}
        client = json_of(web.post(f"{live.url()}/api/admin/clients", json=body, headers=admin))
        url = f"{live.url()}/api/admin/clients/{client['id']}/deactivate"
        answers = at_once(live, [request("POST", url, headers=admin) for _ in range(AT_ONCE)])
        no_server_errors(answers)
        assert all(a.status_code == 200 and a.json()["is_active"] is False for a in answers), [a.text for a in answers]
        audited = audit_events(live, "GATEWAY", AuditEvent, "api_client", client["client_id"])
        events = [e for e in audited if e.action == "deactivate"]
        assert len(events) == AT_ONCE, events
        assert [e.before["is_active"] for e in events] == [True] + [False] * (AT_ONCE - 1), events


def test_a_mentor_pair_edited_at_once_with_any_revision_is_audited_as_one_edit_after_the_other(
    live: RunningStack,
) -> None:
    """Edits sent with `If-Match: *` all go through, one after the other: each audit record's «before» is what
    the previous edit left, never the state every edit read at the start (the history would lose edits)."""
    coordinator = login(live, "municipal_coordinator")
    mentor, supported = _two_schools_of_one_municipality(live)
    first = date(2001, 1, 1) + timedelta(days=random.randrange(3000))
    for round_ in range(ROUNDS):
        pair = _pair(live, coordinator, mentor, supported, first + timedelta(days=100 + round_))
        url = f"{live.url()}{PAIRS}/{pair['id']}"
        any_revision = coordinator | {"If-Match": "*"}
        calls = [
            request("PATCH", url, json={"rationale": f"Обоснование {round_}.{i}"}, headers=any_revision)
            for i in range(AT_ONCE)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        events = audit_events(live, "ROADMAP", RoadmapAuditEvent, "mentor_pair", str(pair["id"]))
        edits = [e for e in events if e.action == "update"]
        assert len(edits) == AT_ONCE, edits
        befores = [e.before["rationale"] for e in edits]
        afters = [e.after["rationale"] for e in edits]
        assert befores == ["", *afters[:-1]], (befores, afters)
