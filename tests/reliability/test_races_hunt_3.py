"""Races hunted down in a third round with real concurrent clients against the real processes (see
test_races.py): each scenario failed before its fix. Outcomes are asserted, never timing.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from services.identification.db import AuditEvent as IdentificationAuditEvent
from tests.reliability.clients import at_once, audit_events, json_of, login, no_server_errors, request
from tests.reliability.test_races import ROUNDS, _me, _plan
from tests.stack import RunningStack, running_stack
from tests.support import web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
API = "/api/identification"
TEACHERS = f"{API}/competence/teachers"


def _codes(answers: list[Any]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


def _teacher(live: RunningStack, headers: dict[str, str], name: str) -> dict[str, Any]:
    school = json_of(web.get(f"{live.url()}{API}/schools", params={"per_page": 1}, headers=headers))["items"][0]
    body = {"school_code": school["school_code"], "full_name": name, "position": "учитель"}
    teacher: dict[str, Any] = json_of(web.post(f"{live.url()}{TEACHERS}", json=body, headers=headers))
    return teacher


def test_a_teacher_removed_several_times_at_once_is_removed_once(live: RunningStack) -> None:
    """Removing a teacher from the registry happens once: with `If-Match: *` at once, one removal goes through
    and the others find no teacher (404 `teacher_not_found`), as one after the other would — never each one
    answered 204 with its own «remove» in the audit."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        teacher = _teacher(live, analyst, f"Петрова Мария {round_}")
        url = f"{TEACHERS}/{teacher['id']}"
        answers = at_once(live, [request("DELETE", url, headers=analyst | {"If-Match": "*"}) for _ in range(AT_ONCE)])
        no_server_errors(answers)
        assert _codes(answers) == [(204, None)] + [(404, "teacher_not_found")] * (AT_ONCE - 1), [
            a.text for a in answers
        ]
        events = audit_events(live, "IDENTIFICATION", IdentificationAuditEvent, "teacher", str(teacher["id"]))
        assert [e.action for e in events] == ["create", "remove"], events


def test_a_teacher_edited_at_once_with_any_revision_is_audited_as_one_edit_after_the_other(
    live: RunningStack,
) -> None:
    """Edits sent with `If-Match: *` all go through, one after the other: each audit record's «before» is what
    the previous edit left, never the state every edit read at the start (the history would lose edits)."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        teacher = _teacher(live, analyst, f"Сидорова Ольга {round_}")
        url = f"{TEACHERS}/{teacher['id']}"
        calls = [
            request("PATCH", url, json={"position": f"Должность {round_}.{i}"}, headers=analyst | {"If-Match": "*"})
            for i in range(AT_ONCE)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        events = audit_events(live, "IDENTIFICATION", IdentificationAuditEvent, "teacher", str(teacher["id"]))
        edits = [e for e in events if e.action == "update"]
        befores = [e.before["position"] for e in edits]
        afters = [e.after["position"] for e in edits]
        assert befores == ["учитель", *afters[:-1]], (befores, afters)
        assert sorted(a.json()["revision"] for a in answers) == list(range(2, AT_ONCE + 2))


def test_a_teacher_edited_while_removed(live: RunningStack) -> None:
    """An edit and a removal at once, as in one order or the other: edited and then removed (both succeed), or
    removed and the edit finds no teacher (404) — never an edit written to a teacher already removed."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS * 2):
        teacher = _teacher(live, analyst, f"Кузнецова Анна {round_}")
        url = f"{TEACHERS}/{teacher['id']}"
        any_revision = analyst | {"If-Match": "*"}
        edit, removal = at_once(
            live,
            [
                request("PATCH", url, json={"position": "завуч"}, headers=any_revision),
                request("DELETE", url, headers=any_revision),
            ],
        )
        no_server_errors([edit, removal])
        assert removal.status_code == 204, removal.text
        actions = [e.action for e in audit_events(live, "IDENTIFICATION", IdentificationAuditEvent, "teacher",
                                            str(teacher["id"]))]  # fmt: skip
        if edit.status_code == 200:
            assert actions == ["create", "update", "remove"], actions
        else:
            assert (edit.status_code, edit.json()["code"]) == (404, "teacher_not_found"), edit.text
            assert actions == ["create", "remove"], actions


def _draft(live: RunningStack, headers: dict[str, str], name: str) -> dict[str, Any]:
    methodologies = json_of(web.get(f"{live.url()}{API}/methodologies", headers=headers))
    default = next(m for m in methodologies if m["family"] == "default")
    draft: dict[str, Any] = json_of(
        web.post(f"{live.url()}{API}/methodologies/{default['id']}/copy", json={"name": name}, headers=headers)
    )
    return draft


def test_a_methodology_draft_deleted_twice_at_once(live: RunningStack) -> None:
    """A deletion happens once: the second, at once, finds the draft gone (404 `methodology_not_found`) as it
    would after it — not the 409 `methodology_frozen` that says the version was applied (it never was)."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        draft = _draft(live, analyst, f"Удаляемая дважды {round_}")
        url = f"{API}/methodologies/{draft['id']}"
        answers = at_once(live, [request("DELETE", url, headers=analyst | {"If-Match": "*"}) for _ in range(AT_ONCE)])
        no_server_errors(answers)
        assert _codes(answers) == [(204, None)] + [(404, "methodology_not_found")] * (AT_ONCE - 1), [
            a.text for a in answers
        ]


def test_a_methodology_draft_edited_while_deleted(live: RunningStack) -> None:
    """An edit and a deletion at once: edited then deleted, or deleted and the edit finds it gone (404)."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS * 2):
        draft = _draft(live, analyst, f"Правимая и удаляемая {round_}")
        url = f"{API}/methodologies/{draft['id']}"
        edit, delete = at_once(
            live,
            [request("PATCH", url, json={"name": f"Новое имя {round_}"}, headers=analyst | {"If-Match": "*"}),
             request("DELETE", url, headers=analyst | {"If-Match": "*"})],
        )  # fmt: skip
        no_server_errors([edit, delete])
        assert delete.status_code == 204, delete.text
        assert edit.status_code == 200 or (edit.status_code, edit.json()["code"]) == (404, "methodology_not_found"), (
            edit.text
        )


def test_calendar_links_fetched_while_plans_change(live: RunningStack) -> None:
    """A calendar app's first fetch of a link records when it was fetched (a write inside a GET): fetched while
    others write to the roadmap database, every fetch answers the calendar and is recorded — never a 503 because
    another writer committed between the fetch's reads and its write (SQLite: «database is locked»)."""
    school_staff = login(live, "school_staff")
    plan = _plan(live, school_staff, _me(live, school_staff)["scope"]["schools"][0])
    activity = f"/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
    for round_ in range(ROUNDS):
        feeds = [json_of(web.post(f"{live.url()}/api/roadmap/me/calendar", headers=school_staff)) for _ in range(3)]
        fetches = [request("GET", feed["path"]) for feed in feeds]
        writes = [
            request("PATCH", activity, json={"progress": 10 * round_ + i}, headers=school_staff | {"If-Match": "*"})
            for i in range(3)
        ]
        answers = at_once(live, [call for pair in zip(fetches, writes, strict=True) for call in pair])
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [(a.status_code, a.text[:200]) for a in answers]
        listed = json_of(web.get(f"{live.url()}/api/roadmap/me/calendar", headers=school_staff))
        fetched = {f["id"]: f["last_fetched_at"] for f in listed}
        assert all(fetched[feed["id"]] is not None for feed in feeds), fetched


def _new_admin(live: RunningStack, headers: dict[str, str], username: str) -> tuple[int, dict[str, str]]:
    """A new administrator (scope: everything) and the headers of a sign-in as them."""
    body = {"username": username, "full_name": f"Администратор {username}", "password": "admin-password-1",
            "role": "admin", "scope": {"kind": "all"}}  # fmt: skip
    user = json_of(web.post(f"{live.url()}/api/admin/users", json=body, headers=headers))
    answer = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": "admin-password-1"})
    return user["id"], {"Authorization": f"Bearer {json_of(answer)['access_token']}"}


def test_two_administrators_switching_each_other_off_at_once(live: RunningStack) -> None:
    """An administrator switched off can no longer act (their sessions end with it): two who switch each other
    off at once are taken in turn, as one after the other — the first goes through and the second, whose session
    the first has ended, is refused (401 `session_revoked`). Never both switched off, leaving nobody to switch
    them on again."""
    admin = login(live, "admin")
    for round_ in range(ROUNDS):
        first, first_headers = _new_admin(live, admin, f"race_admin_{round_}_a")
        second, second_headers = _new_admin(live, admin, f"race_admin_{round_}_b")
        answers = at_once(
            live,
            [request("POST", f"/api/admin/users/{second}/deactivate", headers=first_headers),
             request("POST", f"/api/admin/users/{first}/deactivate", headers=second_headers)],
        )  # fmt: skip
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (401, "session_revoked")], [a.text for a in answers]
        active = [json_of(web.get(f"{live.url()}/api/admin/users/{user}", headers=admin))["is_active"]
                  for user in (first, second)]  # fmt: skip
        assert sorted(active) == [False, True], active


ANY = {"If-Match": "*"}
"""An edit of whatever revision the record has: the races here are not about revisions."""


def test_two_administrators_taking_each_others_role_at_once(live: RunningStack) -> None:
    """As for switching off: a change of role ends the sessions of the one changed, so of two administrators
    making each other observers at once the second finds its session ended (401) and nothing is changed by it."""
    admin = login(live, "admin")
    observer = {"role": "observer", "scope": {"kind": "all"}}
    for round_ in range(ROUNDS):
        first, first_headers = _new_admin(live, admin, f"race_role_{round_}_a")
        second, second_headers = _new_admin(live, admin, f"race_role_{round_}_b")
        answers = at_once(
            live,
            [request("PATCH", f"/api/admin/users/{second}", json=observer, headers=first_headers | ANY),
             request("PATCH", f"/api/admin/users/{first}", json=observer, headers=second_headers | ANY)],
        )  # fmt: skip
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (401, "session_revoked")], [a.text for a in answers]
        roles = [json_of(web.get(f"{live.url()}/api/admin/users/{user}", headers=admin))["role"]
                 for user in (first, second)]  # fmt: skip
        assert sorted(roles) == ["admin", "observer"], roles


def test_a_draft_activity_deleted_twice_or_edited_while_deleted(live: RunningStack) -> None:
    """A deletion happens once: a second one at once (the same `If-Match`, a double click) finds the activity
    gone, 404 `activity_not_found`, as it would after it — not 412 «changed by another user». An edit or a stage
    mark at once with the deletion (`If-Match: *`) either goes first, or finds the activity gone (404)."""
    school_staff = login(live, "school_staff")
    school = _me(live, school_staff)["scope"]["schools"][0]
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
        etag = web.get(f"{live.url()}{url}", headers=school_staff).headers["ETag"]
        answers = at_once(live, [request("DELETE", url, headers=school_staff | {"If-Match": etag}) for _ in range(3)])
        no_server_errors(answers)
        assert _codes(answers) == [(204, None), (404, "activity_not_found"), (404, "activity_not_found")], [
            a.text for a in answers
        ]
        plan = _plan(live, school_staff, school)
        activity = json_of(web.get(f"{live.url()}/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}",
                                   headers=school_staff))  # fmt: skip
        url = f"/api/roadmap/activities/{activity['id']}"
        any_revision = school_staff | {"If-Match": "*"}
        stage = f"{url}/stages/{activity['stages'][0]['id']}" if activity.get("stages") else None
        calls = [
            request("PATCH", url, json={"title": f"Новое название {round_}"}, headers=any_revision),
            request("DELETE", url, headers=any_revision),
        ]
        if stage:
            calls.append(request("PATCH", stage, json={"done": True}, headers=any_revision))
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert answers[1].status_code == 204, answers[1].text
        for other in (answers[0], *answers[2:]):
            gone = other.status_code == 404 and other.json()["code"] == "activity_not_found"
            assert other.status_code == 200 or gone, other.text


def test_the_cards_read_first_by_several_users_at_once() -> None:
    """The built-in «5К» card is there from the installation: the first readers of the cards, at once on a new
    installation, each get the list with the one card — never a 503 because the card was being created by a GET
    whose reading transaction another reader's creation had outdated (SQLite)."""
    with running_stack() as fresh:
        users = ("admin", "regional_analyst", "municipal_coordinator", "curator", "school_staff", "observer")
        calls = [request("GET", f"{API}/competence/cards", headers=login(fresh, user)) for user in users]
        answers = at_once(fresh, calls)
        no_server_errors(answers)
        built_in = [[c["id"] for c in json_of(a) if c["authority"] == "" and c["code"] == "5k"] for a in answers]
        assert len({tuple(ids) for ids in built_in}) == 1 and len(built_in[0]) == 1, built_in


def test_a_calendar_grant_sent_again_at_once_is_one_grant(live: RunningStack) -> None:
    """The roadmap's grant of a new feed to its owner, sent again while the first is still running (a retry after
    a timeout): each answers 204 as a repeat after it would (the grant is there) — never a 409 for the key the
    first one has just stored."""
    school_staff = login(live, "school_staff")
    for round_ in range(ROUNDS):
        key = hashlib.sha256(f"race-grant-{round_}-{uuid.uuid4()}".encode()).hexdigest()
        calls = [request("POST", "/api/auth/calendar-grants", json={"key": key}, headers=school_staff)] * AT_ONCE
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(204, None)] * AT_ONCE, [a.text for a in answers]
        owner = json_of(web.post(f"{live.url()}/api/auth/calendar-grants/owner", json={"key": key}))
        assert owner["subject"] == f"user:{_me(live, school_staff)['id']}", owner
