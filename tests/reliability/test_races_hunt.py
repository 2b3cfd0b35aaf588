"""Races hunted down in the roadmap, reports and identification writes with real concurrent clients against the
real processes (see test_races.py): each scenario failed before its fix. Outcomes are asserted, never timing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.reliability.test_races import PLANS, ROUNDS, _me, _plan
from tests.reliability.test_races_more import _letterhead
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

AT_ONCE = 5


def _school_staff(live: RunningStack) -> tuple[dict[str, str], str]:
    """The demo school staff's headers and their school, whose plans the races are run on."""
    school_staff = login(live, "school_staff")
    return school_staff, _me(live, school_staff)["scope"]["schools"][0]


def test_activities_added_to_one_section_at_once_each_get_their_own_place(live: RunningStack) -> None:
    """A new activity goes after the section's last one: added at once, they still take places 0, 1, 2, … as
    one after the other would, never two the same place (the plan's table order would be undecided)."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        section = plan["sections"][0]
        url = f"{live.url()}{PLANS}/{plan['id']}/sections/{section['id']}/activities"
        calls = [
            request("POST", url, json={"title": f"Мероприятие {round_}.{i}", "deadline_text": "Октябрь"},
                    headers=school_staff)
            for i in range(AT_ONCE)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        stored = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=school_staff))
        positions = [a["position"] for a in stored["sections"][0]["activities"]]
        assert sorted(positions) == list(range(AT_ONCE + 1)), positions
        _delete_and_add_after_the_last(live, school_staff, stored["sections"][0], url)


def _delete_and_add_after_the_last(
    live: RunningStack, headers: dict[str, str], section: dict[str, Any], add_url: str
) -> None:
    """A deleted activity leaves a gap; the next one added still goes after the last, not onto its place."""
    gone = f"{live.url()}/api/roadmap/activities/{section['activities'][1]['id']}"
    etag = web.get(gone, headers=headers).headers["ETag"]
    assert web.delete(gone, headers=headers | {"If-Match": etag}).status_code == 204
    added = json_of(web.post(add_url, json={"title": "После удаления", "deadline_text": "Май"}, headers=headers))
    assert added["position"] == max(a["position"] for a in section["activities"]) + 1, added


def test_sections_added_to_one_plan_at_once_each_get_their_own_place(live: RunningStack) -> None:
    """As for activities: sections added at once take the places after the last one, each its own."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"{live.url()}{PLANS}/{plan['id']}/sections"
        calls = [
            request("POST", url, json={"title": f"Раздел {round_}.{i}"}, headers=school_staff) for i in range(AT_ONCE)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        stored = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=school_staff))
        positions = [s["position"] for s in stored["sections"]]
        assert sorted(positions) == list(range(AT_ONCE + 1)), positions


def test_indicators_added_to_one_plan_at_once_each_get_their_own_place(live: RunningStack) -> None:
    """As for sections: indicators added at once each take their own place after the last one."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"{live.url()}{PLANS}/{plan['id']}/indicators"
        calls = [
            request("POST", url, json={"name": f"Показатель {round_}.{i}", "unit": "%"}, headers=school_staff)
            for i in range(AT_ONCE)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        assert sorted(_indicator_positions(live, plan["id"])) == list(range(AT_ONCE))


@contextmanager
def _roadmap_db(live: RunningStack) -> Iterator[sa.Connection]:
    """A connection to the live roadmap database, in a transaction committed at the end (for what the API does
    not show, and for rows only the notification job makes)."""
    engine = sa.create_engine(live.env["OPORA_ROADMAP_DATABASE_URL"])
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _indicator_positions(live: RunningStack, plan_id: int) -> list[int]:
    """The stored places of a plan's indicators (the API answers them in that order, not the numbers)."""
    with _roadmap_db(live) as db:
        rows = db.execute(sa.text("SELECT position FROM plan_indicator WHERE plan_id = :plan"), {"plan": plan_id})
        return [int(row[0]) for row in rows]


def test_a_draft_activity_deleted_while_it_is_commented_and_evidenced(live: RunningStack) -> None:
    """A comment and a link attached while the draft's activity is deleted: as in one order or the other. The
    deletion always goes through (taking what was attached before it along); an attachment that came after it
    finds no activity, 404 — never the deletion refused as a collision, never an attachment left without its
    activity, never a 500."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    for round_ in range(ROUNDS * 2):
        plan = _plan(live, school_staff, school)
        activity = f"{live.url()}/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
        etag = web.get(activity, headers=school_staff).headers["ETag"]
        calls = [
            request("POST", f"{activity}/comments", json={"text": f"Замечание {round_}"}, headers=coordinator),
            request("POST", f"{activity}/evidence", data={"url": f"https://school.example/{round_}"},
                    headers=school_staff),
            request("DELETE", activity, headers=school_staff | {"If-Match": etag}),
        ]  # fmt: skip
        comment, evidence, delete = at_once(live, calls)
        no_server_errors([comment, evidence, delete])
        assert delete.status_code == 204, delete.text
        for attached in (comment, evidence):
            assert attached.status_code == 201 or (attached.status_code, attached.json()["code"]) == (
                404,
                "activity_not_found",
            ), attached.text
        assert web.get(activity, headers=school_staff).status_code == 404
        assert _orphans(live) == 0


ORPHANS = sa.text(
    "SELECT (SELECT count(*) FROM activity_comment c WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = "
    "c.activity_id)) + (SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = "
    "e.activity_id))"
)


def _orphans(live: RunningStack) -> int:
    """Comments and evidence whose activity is gone (a foreign key forbids them: this stays 0)."""
    with _roadmap_db(live) as db:
        return int(db.execute(ORPHANS).scalar_one())


def _codes(answers: list[httpx.Response]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


def test_a_calendar_link_revoked_three_times_at_once_is_revoked_once(live: RunningStack) -> None:
    """Revoking is a step that happens once: the others find it revoked already (404), as one after another
    would, instead of each rewriting when it was revoked."""
    school_staff = login(live, "school_staff")
    for _ in range(ROUNDS):
        feed = json_of(web.post(f"{live.url()}/api/roadmap/me/calendar", headers=school_staff))
        url = f"{live.url()}/api/roadmap/me/calendar/{feed['id']}"
        answers = at_once(live, [request("DELETE", url, headers=school_staff) for _ in range(3)])
        no_server_errors(answers)
        assert _codes(answers) == [(204, None), (404, "calendar_not_found"), (404, "calendar_not_found")], [
            a.text for a in answers
        ]


def test_a_letterhead_removed_three_times_at_once_is_removed_once(live: RunningStack) -> None:
    """As for a calendar link: one removal (one audit event), the others a 404 — never three removals."""
    coordinator = login(live, "municipal_coordinator")
    url = f"{live.url()}/api/reports/templates"
    for round_ in range(ROUNDS):
        uploaded = web.post(
            url,
            data={"report_type": "plan", "name": f"Снимаемый бланк {round_}"},
            files={"file": ("бланк.docx", _letterhead(f"ОТДЕЛ ОБРАЗОВАНИЯ {round_}"))},
            headers=coordinator,
        )
        template = f"{url}/{json_of(uploaded)['id']}"
        answers = at_once(live, [request("DELETE", template, headers=coordinator) for _ in range(3)])
        no_server_errors(answers)
        assert _codes(answers) == [(204, None), (404, "template_not_found"), (404, "template_not_found")], [
            a.text for a in answers
        ]


NOTICE = sa.text(
    "INSERT INTO notification (user_subject, activity_id, occurrence_id, kind, due, title, created_at) "
    "SELECT :subject, activity_id, id, 'due_soon', due, 'Срок близко', CURRENT_TIMESTAMP FROM activity_occurrence "
    "WHERE activity_id = :activity ORDER BY id LIMIT 1 RETURNING id"
)


def _notification(live: RunningStack, subject: str, activity_id: int) -> int:
    """A due-soon notice of the activity's first stage for the user, as the notification job makes them."""
    with _roadmap_db(live) as db:
        return int(db.execute(NOTICE, {"subject": subject, "activity": activity_id}).scalar_one())


def test_a_notice_read_on_two_devices_at_once_keeps_when_it_was_first_read(live: RunningStack) -> None:
    """The phone and the computer mark one notice read at once: both answer the one moment it was first read,
    the one stored, as one after the other would (the later one never moves it)."""
    school_staff, school = _school_staff(live)
    subject = f"user:{_me(live, school_staff)['id']}"
    for _ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        notice = _notification(live, subject, plan["sections"][0]["activities"][0]["id"])
        url = f"{live.url()}/api/roadmap/me/notifications/{notice}/read"
        answers = at_once(live, [request("POST", url, headers=school_staff) for _ in range(3)])
        no_server_errors(answers)
        read_at = {json_of(a)["read_at"] for a in answers}
        listed = json_of(web.get(f"{live.url()}/api/roadmap/me/notifications", params={"per_page": 200},
                                 headers=school_staff))  # fmt: skip
        stored = next(n["read_at"] for n in listed["items"] if n["id"] == notice)
        assert read_at == {stored}, (read_at, stored)


IDENTIFICATION = "/api/identification"


def _get(live: RunningStack, path: str, headers: dict[str, str], **params: Any) -> Any:
    return json_of(web.get(f"{live.url()}{IDENTIFICATION}{path}", params=params, headers=headers))


def test_a_draft_activated_and_deleted_at_once(live: RunningStack) -> None:
    """An activation freezes the draft it names; a deletion takes only an unfrozen one. At once, as in one order
    or the other: activated (and the deletion refused, 409) or deleted (and the activation finds it gone, 404
    `methodology_not_found`, not the generic 409 of a write that collided) — never a 500."""
    analyst = login(live, "regional_analyst")
    default = next(m for m in _get(live, "/methodologies", analyst) if m["family"] == "default")
    for round_ in range(ROUNDS * 2):
        year = f"{2080 + round_}-{2081 + round_}"
        draft = json_of(
            web.post(f"{live.url()}{IDENTIFICATION}/methodologies/{default['id']}/copy",
                     json={"name": f"Включаемая и удаляемая {round_}"}, headers=analyst)
        )  # fmt: skip
        url = f"{live.url()}{IDENTIFICATION}/methodologies/{draft['id']}"
        activate, delete = at_once(
            live,
            [
                request(
                    "POST",
                    f"{url}/activate",
                    json={"school_year": year},
                    headers=analyst | {"If-Match": f'"{draft["revision"]}"'},
                ),
                request("DELETE", url, headers=analyst | {"If-Match": "*"}),
            ],
        )
        no_server_errors([activate, delete])
        active = _get(live, "/methodologies/active", analyst, school_year=year)
        if activate.status_code == 200:
            assert (delete.status_code, delete.json()["code"]) == (409, "methodology_frozen"), delete.text
            assert active["id"] == draft["id"] and active["frozen"], active
        else:
            assert delete.status_code == 204, delete.text
            assert (activate.status_code, activate.json()["code"]) == (404, "methodology_not_found"), activate.text
            assert active["id"] != draft["id"], active


def test_versions_of_one_competence_card_approved_at_once_are_numbered_in_turn(live: RunningStack) -> None:
    """Each approval of a territory's card is its next version: approved at once, they are numbered one after
    the other (n + 1, n + 2, n + 3), as if sent in turn — none refused for having counted the same number."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}{IDENTIFICATION}/competence/cards"
    five_k = next(c for c in json_of(web.get(url, headers=analyst)) if c["authority"] == "")
    for round_ in range(ROUNDS):
        code = f"race-card-{round_}"
        body = {"code": code, "title": f"Карта {round_}", "definition": five_k["definition"]}
        answers = at_once(live, [request("POST", url, json=body, headers=analyst) for _ in range(3)])
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        versions = sorted(c["version"] for c in json_of(web.get(url, headers=analyst)) if c["code"] == code)
        assert versions == [1, 2, 3], versions
