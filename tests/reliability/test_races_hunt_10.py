"""Races and bad input hunted down in a tenth round with real concurrent clients against the real processes (see
test_races.py): one diagnostic campaign opened by several people at once (now one campaign: a unique key of the
database, with its migration), edits that send the values already stored (they took a revision, so everyone else's
next edit was refused as stale), and more. Outcomes are asserted — who won, what is stored —, never timing.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from tests.reliability.clients import at_once, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races_hunt_5 import _per_school_activity
from tests.reliability.test_races_hunt_7 import _refused
from tests.reliability.test_races_hunt_8 import RECORDS, _config, _etag
from tests.stack import RunningStack
from tests.support import fresh_database, web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
ROUNDS = 3
COMPETENCE = "/api/identification/competence"


# --- one campaign per territory, card, stage, year and date -------------------------------------------------------


def _campaign_body(live: RunningStack, headers: dict[str, str], title: str) -> dict[str, Any]:
    school = json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 1}, headers=headers))
    card = json_of(web.get(f"{live.url()}{COMPETENCE}/cards", headers=headers))[0]
    held_on = f"20{uuid.uuid4().int % 90 + 10}-0{uuid.uuid4().int % 9 + 1}-1{uuid.uuid4().int % 9}"
    return {"card_id": card["id"], "title": title, "stage": "interim", "held_on": held_on,
            "school_year": "2024-2025", "school_codes": [school["items"][0]["school_code"]]}  # fmt: skip


def _campaigns_held_on(live: RunningStack, held_on: str) -> list[Any]:
    query = sa.text("SELECT id, title FROM diagnostic_campaign WHERE held_on = :d AND stage = 'interim'")
    return database_rows(live, "IDENTIFICATION", query.bindparams(d=date.fromisoformat(held_on)))


def test_one_campaign_opened_by_several_people_at_once_is_one_campaign(live: RunningStack) -> None:
    """The same diagnosis opened at once (two coordinators, a double click): one campaign is stored; one answer is
    201, the others 200 with that same campaign — never two campaigns between which the raters' scores are split,
    never a 500 from the unique key."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        body = _campaign_body(live, analyst, f"Промежуточная {round_}")
        url = f"{COMPETENCE}/campaigns"
        answers = at_once(live, [request("POST", url, json=body, headers=analyst) for _ in range(AT_ONCE)])
        no_server_errors(answers)
        assert sorted(a.status_code for a in answers) == [200] * (AT_ONCE - 1) + [201], [a.text for a in answers]
        assert len({a.json()["id"] for a in answers}) == 1
        assert len(_campaigns_held_on(live, body["held_on"])) == 1


def test_the_same_campaign_for_other_schools_is_409_and_another_title_is_another_campaign(
    live: RunningStack,
) -> None:
    """The same diagnosis (territory, card, stage, date and title, in any case and spacing) opened at once for
    other schools: one is opened, the other refused 409 `campaign_exists` naming the one stored. Under a title of
    its own (another group diagnosed that day) it is another campaign."""
    analyst = login(live, "regional_analyst")
    body = _campaign_body(live, analyst, "Промежуточная А")
    schools = json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 2}, headers=analyst))
    other = [s["school_code"] for s in schools["items"] if s["school_code"] not in body["school_codes"]][:1]
    url = f"{COMPETENCE}/campaigns"
    answers = at_once(live, [request("POST", url, json=body | {"title": title, "school_codes": codes}, headers=analyst)
                             for title, codes in (("Промежуточная А", body["school_codes"]),
                                                  ("промежуточная  а", other))])  # fmt: skip
    no_server_errors(answers)
    created = [a for a in answers if a.status_code == 201]
    assert len(created) == 1, [a.text for a in answers]
    refused = next(a for a in answers if a is not created[0])
    _refused(refused, 409, "campaign_exists")
    assert created[0].json()["title"] in refused.json()["detail"]
    assert [row[1] for row in _campaigns_held_on(live, body["held_on"])] == [created[0].json()["title"]]
    group = web.post(f"{live.url()}{url}", json=body | {"title": "Промежуточная Б", "school_codes": other},
                     headers=analyst)  # fmt: skip
    assert group.status_code == 201, group.text
    assert len(_campaigns_held_on(live, body["held_on"])) == 2


# --- an edit that sends the values stored keeps the revision ------------------------------------------------------


def _stored(live: RunningStack, url: str, headers: dict[str, str], field: str) -> Any:
    if url.startswith(f"{COMPETENCE}/teachers"):
        listed = json_of(web.get(f"{live.url()}{COMPETENCE}/teachers", headers=headers))
        return next(t[field] for t in listed if f"{COMPETENCE}/teachers/{t['id']}" == url)
    return json_of(web.get(f"{live.url()}{url}", headers=headers))[field]


@pytest.mark.parametrize("kind", list(RECORDS))
def test_an_edit_sending_the_stored_values_keeps_the_revision(live: RunningStack, kind: str) -> None:
    """A form saved unchanged sends the values it read: 200 with the same ETag, and whoever read the record
    before still edits it with the revision they read. Before, such a save took a revision, so the next save of
    everyone else was refused as stale (412) for a change nobody made."""
    make, change = RECORDS[kind]
    url, headers = make(live)
    etag = _etag(live, url, headers)
    same = {field: _stored(live, url, headers, field) for field in change}
    answer = web.patch(f"{live.url()}{url}", json=same, headers=headers | {"If-Match": etag})
    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == etag, (kind, answer.headers["ETag"], etag)
    assert _etag(live, url, headers) == etag
    changed = web.patch(f"{live.url()}{url}", json=change, headers=headers | {"If-Match": etag})
    assert changed.status_code == 200, changed.text
    stale = web.patch(f"{live.url()}{url}", json=same, headers=headers | {"If-Match": etag})
    _refused(stale, 412, "stale_revision")


def test_a_school_report_sending_the_stored_values_keeps_the_revision(live: RunningStack) -> None:
    """The same for a school's row of a municipal activity, edited by the school and the municipality at once:
        a report sending the status and progress stored keeps the row's revision, so the other's real report with the
        revision it read is stored (200), whatever the order — never refused as stale (the unchanged saves that come
    after it are the stale ones, 412)."""
    coordinator = login(live, "municipal_coordinator")
    activity, school = _per_school_activity(live, coordinator)
    url = f"/api/roadmap/activities/{activity['id']}/schools/{school}"
    row = next(row for row in activity["schools"] if row["school_code"] == school)
    tag = {"If-Match": f'"{row["revision"]}"'}
    same = {"status": row["status"], "progress": row["progress"]}
    real = {"status": "in_progress", "progress": 40}
    calls = [request("PATCH", url, json=same, headers=coordinator | tag) for _ in range(AT_ONCE - 1)]
    answers = at_once(live, [*calls, request("PATCH", url, json=real, headers=coordinator | tag)])
    no_server_errors(answers)
    assert answers[-1].status_code == 200, answers[-1].text
    for answer in answers[:-1]:  # before the real report: nothing changed; after it: its revision is stale
        if answer.status_code == 200:
            assert answer.headers["ETag"] == tag["If-Match"]
        else:
            _refused(answer, 412, "stale_revision")
    stored = json_of(web.get(f"{live.url()}/api/roadmap/activities/{activity['id']}", headers=coordinator))
    assert next((r["status"], r["progress"]) for r in stored["schools"] if r["school_code"] == school) == (
        "in_progress",
        40,
    )


def test_a_library_measure_saved_unchanged_at_once_with_a_real_edit(live: RunningStack) -> None:
    """A library measure (PUT: the whole measure) saved as read by some curators while another rewrites it, all
    with the revision read: the rewrite is stored whatever the order; the unchanged saves keep the ETag (before
    it) or are stale (after it). Before, an unchanged save took a revision and the rewrite could be refused."""
    analyst = login(live, "regional_analyst")
    url = "/api/roadmap/library/measures"
    body = {"category": "risk_zone", "title": f"Типовая мера {uuid.uuid4().hex[:6]}", "responsible": "Директор"}
    created = web.post(f"{live.url()}{url}", json=body, headers=analyst)
    measure = json_of(created)
    tag = {"If-Match": created.headers["ETag"]}
    same = {field: measure[field] for field in ("risk_factor", "category", "position", "title", "responsible",
                                                 "deadline_text", "expected_result", "final_document")}  # fmt: skip
    rewrite = same | {"title": f"{same['title']} (переписана)"}
    item = f"{url}/{measure['id']}"
    calls = [request("PUT", item, json=same, headers=analyst | tag) for _ in range(AT_ONCE - 1)]
    answers = at_once(live, [*calls, request("PUT", item, json=rewrite, headers=analyst | tag)])
    no_server_errors(answers)
    assert answers[-1].status_code == 200, answers[-1].text
    for answer in answers[:-1]:
        if answer.status_code == 200:
            assert answer.headers["ETag"] == tag["If-Match"]
        else:
            _refused(answer, 412, "stale_revision")
    assert json_of(web.get(f"{live.url()}{item}", headers=analyst))["title"] == rewrite["title"]


# --- an Idempotency-Key names one request, its precondition included ---------------------------------------------


def test_a_key_sent_again_with_another_if_match_is_not_a_replay_of_the_stale_answer(live: RunningStack) -> None:
    """An edit refused as stale (412) and sent again with the ETag read since, under the same `Idempotency-Key`,
    is another request: 422 `idempotency_key_reused` (a new key is needed), not the kept 412 replayed as if the
    record were still stale; the same key with the same `If-Match` still replays; a new key edits."""
    make, change = RECORDS["plan"]
    url, headers = make(live)
    etag = _etag(live, url, headers)
    key = {"Idempotency-Key": f"retry-{uuid.uuid4().hex}"}
    stale = web.patch(f"{live.url()}{url}", json=change, headers=headers | key | {"If-Match": '"999"'})
    _refused(stale, 412, "stale_revision")
    again = web.patch(f"{live.url()}{url}", json=change, headers=headers | key | {"If-Match": '"999"'})
    assert (again.status_code, again.headers.get("Idempotent-Replayed")) == (412, "true"), again.text
    fresh = web.patch(f"{live.url()}{url}", json=change, headers=headers | key | {"If-Match": etag})
    _refused(fresh, 422, "idempotency_key_reused")
    assert _etag(live, url, headers) == etag
    new_key = {"Idempotency-Key": f"retry-{uuid.uuid4().hex}"}
    edited = web.patch(f"{live.url()}{url}", json=change, headers=headers | new_key | {"If-Match": etag})
    assert edited.status_code == 200, edited.text
    assert _etag(live, url, headers) != etag


# --- a job's token ends with its session at once --------------------------------------------------------------


def test_a_job_token_is_refused_by_a_service_right_after_logout(live: RunningStack) -> None:
    """A job's token (a render runs on it for up to an hour) is refused straight at a service, as the worker calls
    it, from the logout on: 401 `session_revoked`. Before, a service learnt of the logout at its next poll of the
    gateway's revocation list, so the job's token kept reading the territory's data for up to 5 s more."""
    user = login(live, "regional_analyst")
    token = json_of(web.post(f"{live.url()}/api/auth/job-token", headers=user))["access_token"]
    job = {"Authorization": f"Bearer {token}"}
    schools = f"{live.url('identification')}/api/identification/schools"
    assert web.get(schools, headers=job).status_code == 200
    assert web.post(f"{live.url()}/api/auth/logout", headers=user).status_code == 204
    _refused(web.get(schools, headers=job), 401, "session_revoked")
    _refused(web.get(f"{live.url('roadmap')}/api/roadmap/plans", headers=job), 401, "session_revoked")


# --- If-Match that names no revision ----------------------------------------------------------------------------


GARBLED = ['"abc"', "3", 'W/"1"', '"1", junk', '"99999999999999999999"', '"1" "1"', ",", '"-1"', '""']
"""`If-Match` values that name no revision of the record: unquoted, weak, too long for a revision, junk."""


@pytest.mark.parametrize("kind", list(RECORDS))
def test_an_edit_with_a_garbled_if_match_is_refused_and_changes_nothing(live: RunningStack, kind: str) -> None:
    """An `If-Match` that is no ETag of the record is 400 `invalid_if_match` or 412 `stale_revision`, never a
    500, and the record keeps its revision."""
    make, change = RECORDS[kind]
    url, headers = make(live)
    etag = _etag(live, url, headers)
    for if_match in GARBLED:
        answer = web.patch(f"{live.url()}{url}", json=change, headers=headers | {"If-Match": if_match})
        assert answer.status_code in (400, 412), (kind, if_match, answer.status_code, answer.text)
        _refused(answer, answer.status_code, "invalid_if_match" if answer.status_code == 400 else "stale_revision")
        assert _etag(live, url, headers) == etag, if_match


# --- the campaign key's migration -------------------------------------------------------------------------------

CAMPAIGN = ("INSERT INTO diagnostic_campaign (card_id, region_code, municipality_code, title, stage, held_on, "
            "school_year, school_codes, created_by, created_at) VALUES (:card, '99', :municipality, 'Входная', "
            "'entry', :held_on, '2024-2025', '[]', '', :now) RETURNING id")  # fmt: skip


def _stored_campaign(connection: sa.Connection, card: int, municipality: str | None, held_on: date) -> int:
    values = {"card": card, "municipality": municipality, "held_on": held_on, "now": datetime.now(UTC)}
    return int(connection.execute(sa.text(CAMPAIGN), values).scalar_one())


def test_the_campaign_key_migration_keeps_earlier_copies_and_refuses_new_ones(tmp_path: Path) -> None:
    """Campaigns stored twice before the unique key all stay (their scores refer to them), the later copies'
    keys marked; afterwards the database itself refuses a second campaign of the same territory, card, stage,
    year and date, while a municipal one beside the regional one is another. Downgrade and upgrade again work."""
    with fresh_database("identification", tmp_path) as url:
        config = _config("identification", url)
        command.upgrade(config, "e6b2d9f4a157")
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                card = int(connection.execute(sa.text("SELECT min(id) FROM competence_card")).scalar_one())
                day = date(2024, 10, 1)
                ids = [_stored_campaign(connection, card, None, day) for _ in range(3)]
                municipal = _stored_campaign(connection, card, "99-01", day)
            command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT id, campaign_key FROM diagnostic_campaign"))
                keys: dict[int, str] = {row.id: row.campaign_key for row in rows}
            title = hashlib.sha256("входная".encode()).hexdigest()[:16]
            key = f"99||{card}|entry|2024-2025|2024-10-01|{title}"
            assert [keys[i] for i in ids] == [key, f"{key} #{ids[1]}", f"{key} #{ids[2]}"]
            assert keys[municipal] == f"99|99-01|{card}|entry|2024-2025|2024-10-01|{title}"
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                connection.execute(sa.text("UPDATE diagnostic_campaign SET campaign_key = :key WHERE id = :id"),
                                   {"key": key, "id": ids[1]})  # fmt: skip
            command.downgrade(config, "e6b2d9f4a157")
            command.upgrade(config, "head")
        finally:
            engine.dispose()
