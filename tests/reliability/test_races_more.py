"""More races with real concurrent clients against the real processes (see test_races.py): creates that must
stay unique, read-modify-writes that must not lose a step, a frozen plan nobody may change behind its
approval, a record deleted while it is written. The assertions are about outcomes, never about timing.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.reliability.test_races import PLANS, ROUNDS, _me, _plan
from tests.stack import RunningStack
from tests.support import fresh_database, web

pytestmark = pytest.mark.e2e

IDENTIFICATION = "/api/identification"


def _codes(answers: list[httpx.Response]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


def test_one_username_created_by_five_administrators_at_once(live: RunningStack) -> None:
    admin = login(live, "admin")
    url = f"{live.url()}/api/admin/users"
    for round_ in range(ROUNDS):
        username = f"race_user_{round_}"
        body: dict[str, Any] = {
            "username": username,
            "full_name": "Одновременно созданный пользователь",
            "password": "race-password-1",
            "role": "admin",
            "scope": {"kind": "all"},
        }
        answers = at_once(live, [request("POST", url, json=body, headers=admin) for _ in range(5)])
        no_server_errors(answers)
        assert _codes(answers) == [(201, None)] + [(409, "username_taken")] * 4, [a.text for a in answers]
        listed = json_of(web.get(url, params={"q": username}, headers=admin))
        assert listed["total"] == 1, listed


def test_indicator_facts_of_different_years_sent_at_once_are_all_kept(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    coordinator = login(live, "municipal_coordinator")
    plan = _plan(live, school_staff, _me(live, school_staff)["scope"]["schools"][0])
    years = [f"{2030 + i}-{2031 + i}" for i in range(6)]
    for round_ in range(ROUNDS):
        created = web.post(
            f"{live.url()}{PLANS}/{plan['id']}/indicators",
            json={"name": f"Доля выпускников {round_}", "unit": "%"},
            headers=school_staff,
        )
        url = f"{live.url()}/api/roadmap/indicators/{json_of(created)['id']}"
        editors = [school_staff, coordinator]
        calls = [
            request(
                "PATCH",
                url,
                json={"actuals": {year: i}, "targets": {year: 10 + i}},
                headers=editors[i % 2] | {"If-Match": "*"},
            )
            for i, year in enumerate(years)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        stored = next(
            i
            for i in json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}/indicators", headers=school_staff))
            if f"{url}".endswith(f"/{i['id']}")
        )
        assert stored["actuals"] == {year: i for i, year in enumerate(years)}, stored  # no year lost
        assert stored["targets"] == {year: 10 + i for i, year in enumerate(years)}, stored


def test_drafts_from_the_agreed_list_asked_three_times_at_once_are_made_once(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    approved = json_of(web.get(f"{live.url()}{IDENTIFICATION}/runs", params={"status": "approved"}, headers=analyst))
    year = approved["items"][0]["school_year"]
    agreed = json_of(
        web.get(
            f"{live.url()}{IDENTIFICATION}/agreed-list", params={"school_year": year, "per_page": 500}, headers=analyst
        )
    )["items"]
    schools = [s["school_code"] for s in agreed if set(s["categories"]) - {"effective"}][:2]
    assert schools, "the demo region has identified schools"
    url = f"{live.url()}{PLANS}/from-identification"
    for round_ in range(ROUNDS):
        plan_year = f"{2060 + round_}-{2061 + round_}"
        body = {"school_year": year, "plan_year": plan_year, "school_codes": schools, "risk_factors": [8]}
        answers = at_once(live, [request("POST", url, json=body, headers=analyst) for _ in range(3)])
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        created = [p["school_code"] for a in answers for p in a.json()["created"]]
        assert sorted(created) == sorted(schools), created  # each school's programme drafted once
        plans = json_of(
            web.get(
                f"{live.url()}{PLANS}",
                params={"school_year": plan_year, "kind": "anti_risk_programme", "per_page": 100},
                headers=analyst,
            )
        )
        assert sorted(p["school_code"] for p in plans["items"]) == sorted(schools), plans["items"]


def test_a_plan_approved_while_its_content_is_changed_stays_as_approved(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    coordinator = login(live, "municipal_coordinator")
    school = _me(live, school_staff)["scope"]["schools"][0]
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"{live.url()}{PLANS}/{plan['id']}"
        activity_url = f"{live.url()}/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
        etag = web.get(url, headers=school_staff).headers["ETag"]
        activity_etag = web.get(activity_url, headers=school_staff).headers["ETag"]
        added = {"number": "1.2", "title": "Добавлено при утверждении", "deadline_text": "Октябрь"}
        calls = [
            request("POST", f"{url}/approve", json={"order_number": f"{round_}-од", "order_date": "2024-09-02"},
                    headers=school_staff | {"If-Match": etag}),
            request("POST", f"{url}/sections/{plan['sections'][0]['id']}/activities", json=added, headers=coordinator),
            request("PATCH", activity_url, json={"title": "Переименовано при утверждении"},
                    headers=coordinator | {"If-Match": activity_etag}),
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        approve, add, rename = answers
        stored = json_of(web.get(url, headers=school_staff))
        activities = stored["sections"][0]["activities"]
        if approve.status_code == 200:  # then nothing may have changed the approved content
            assert (add.status_code, add.json()["code"]) == (409, "plan_frozen"), add.text
            assert (rename.status_code, rename.json()["code"]) == (409, "plan_frozen"), rename.text
            assert stored["status"] == "approved"
            assert [a["title"] for a in activities] == ["Диагностика"], activities
        else:  # a change came first: the approval named a revision that is gone
            assert (approve.status_code, approve.json()["code"]) == (412, "stale_revision"), approve.text
            assert stored["status"] == "draft"
            assert add.status_code == 201 and rename.status_code == 200, (add.text, rename.text)


def test_a_new_version_asked_three_times_at_once_is_one_draft(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    school = _me(live, school_staff)["scope"]["schools"][0]
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"{live.url()}{PLANS}/{plan['id']}"
        etag = web.get(url, headers=school_staff).headers["ETag"]
        approve = {"order_number": f"{round_}-в", "order_date": "2024-09-02"}
        json_of(web.post(f"{url}/approve", json=approve, headers=school_staff | {"If-Match": etag}))
        answers = at_once(live, [request("POST", f"{url}/versions", headers=school_staff) for _ in range(3)])
        no_server_errors(answers)
        assert _codes(answers) == [(201, None), (409, "draft_exists"), (409, "draft_exists")], [a.text for a in answers]
        versions = json_of(web.get(f"{url}/versions", headers=school_staff))
        assert [(v["version"], v["status"]) for v in versions] == [(1, "approved"), (2, "draft")], versions


def _letterhead(text: str) -> bytes:
    document = docx.Document()
    for paragraph in (text, "{{ authority }}", "{{ title }}", "{{p body }}"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_two_letterheads_uploaded_at_once_leave_one_active(live: RunningStack) -> None:
    coordinator = login(live, "municipal_coordinator")
    url = f"{live.url()}/api/reports/templates"
    for round_ in range(ROUNDS):
        calls = [
            request(
                "POST",
                url,
                data={"report_type": "plan", "name": f"Бланк {round_}.{i}"},
                files={"file": ("бланк.docx", _letterhead(f"ОТДЕЛ ОБРАЗОВАНИЯ {round_}.{i}"))},
                headers=coordinator,
            )
            for i in range(3)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        active = [t for t in json_of(web.get(url, headers=coordinator)) if t["report_type"] == "plan"]
        assert len(active) == 1, active  # one active letterhead per type and territory
        assert active[0]["id"] in {a.json()["id"] for a in answers}


def test_a_library_measure_written_and_deleted_at_once(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}/api/roadmap/library/measures"
    body: dict[str, Any] = {"risk_factor": 9, "title": "Мера для одновременной правки и удаления"}
    for _ in range(ROUNDS):
        measure = json_of(web.post(url, json=body, headers=analyst))
        item = f"{url}/{measure['id']}"
        calls = [
            request(
                "PUT",
                item,
                json=body | {"title": "Правка одновременно с удалением"},
                headers=analyst | {"If-Match": "*"},
            ),
            request("DELETE", item, headers=analyst | {"If-Match": "*"}),
            request("DELETE", item, headers=analyst | {"If-Match": "*"}),
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        put, *deletes = answers
        assert put.status_code in (200, 404), put.text
        assert sorted(a.status_code for a in deletes) == [204, 404], [a.text for a in deletes]
        assert all(a.json()["code"] == "measure_not_found" for a in answers if a.status_code == 404)
        assert measure["id"] not in {m["id"] for m in json_of(web.get(url, headers=analyst))}


def _template(connection: sa.Connection, territory: str | None, active: bool = True) -> int:
    return int(
        connection.execute(
            sa.text(
                "INSERT INTO report_template (report_type, territory_kind, territory_code, name, file_name, checksum,"
                " storage_key, fields, active, uploaded_by, uploaded_by_name, uploaded_at) VALUES ('plan', 'region',"
                " :code, 'Бланк', 'b.docx', 'c', 'k', '[]', :active, 'user:1', 'Аналитик', :now) RETURNING id"
            ),
            {"code": territory, "active": active, "now": datetime.now(UTC)},
        ).scalar_one()
    )


def test_the_letterhead_migration_keeps_the_latest_active_and_refuses_a_second(tmp_path: Path) -> None:
    with fresh_database("reports", tmp_path) as url:
        config = Config(topology.BY_NAME["reports"].migrations)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        command.upgrade(config, "b7d41c2e9a10")
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                region = [_template(connection, "99") for _ in range(3)]
                country = [_template(connection, None) for _ in range(2)]
                retired = _template(connection, "99", active=False)
            command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT id, active FROM report_template")).all()
            active = {int(row.id): bool(row.active) for row in rows}
            assert [active[i] for i in [*region, *country, retired]] == [False, False, True, False, True, False]
            for second in (region[0], country[0]):
                with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                    connection.execute(
                        sa.text("UPDATE report_template SET active = true WHERE id = :id"), {"id": second}
                    )
        finally:
            engine.dispose()


def test_one_refresh_token_spent_five_times_at_once_gives_one_new_pair_and_ends_the_session(
    live: RunningStack,
) -> None:
    """A stolen refresh token replayed while its owner refreshes: as if one came second. One new pair, the
    others refused, and the reuse ends the session, the new pair included (the SPA refreshes one at a time,
    across tabs, so its own refreshes never meet this way)."""
    url = f"{live.url()}/api/auth/refresh"
    for _ in range(ROUNDS):
        tokens = json_of(web.post(f"{live.url()}/api/auth/token", data={"username": "curator", "password": "demo"}))
        body = {"refresh_token": tokens["refresh_token"]}
        answers = at_once(live, [request("POST", url, json=body) for _ in range(5)])
        no_server_errors(answers)
        assert _codes(answers) == [(200, None)] + [(401, "invalid_refresh_token")] * 4, [a.text for a in answers]
        (fresh,) = [a.json() for a in answers if a.status_code == 200]
        me = web.get(f"{live.url()}/api/auth/me", headers={"Authorization": f"Bearer {fresh['access_token']}"})
        assert (me.status_code, me.json()["code"]) == (401, "session_revoked"), me.text
        again = web.post(url, json={"refresh_token": fresh["refresh_token"]})
        assert (again.status_code, again.json()["code"]) == (401, "invalid_refresh_token"), again.text


ACCOUNT_CHANGES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "deactivated": ("POST", "/deactivate", None),
    "password reset": ("POST", "/password", {"password": "reset-meanwhile-1"}),
    "access changed": ("PATCH", "", {"role": "regional_analyst", "scope": {"kind": "all"}}),
}
"""What an administrator does to an account while its owner signs in: method, path under the user, body."""


@pytest.mark.parametrize("change", ACCOUNT_CHANGES)
def test_a_login_checked_while_its_account_changes_leaves_no_session_with_the_old_account(
    live: RunningStack, change: str
) -> None:
    """The password check takes a while (Argon2); a deactivation, a password reset or a change of access
    landing inside it must not leave a session of the account as it was: either the login is refused, or it
    came first and the change ended its session, or it came after and its tokens carry the new access."""
    admin = login(live, "admin")
    users = f"{live.url()}/api/admin/users"
    method, path, changed = ACCOUNT_CHANGES[change]
    for round_ in range(ROUNDS * 2):
        body: dict[str, Any] = {
            "username": f"race_login_{change.replace(' ', '_')}_{round_}",
            "full_name": "Пользователь, изменённый при входе",
            "password": "race-password-1",
            "role": "observer",
            "scope": {"kind": "all"},
        }
        user = json_of(web.post(users, json=body, headers=admin))
        credentials = {"username": body["username"], "password": body["password"]}
        signed_in, administered = at_once(
            live,
            [
                request(  # an address of its own: a login refused after the change counts against it
                    "POST",
                    f"{live.url()}/api/auth/token",
                    data=credentials,
                    headers={"X-Forwarded-For": f"198.51.100.{20 * list(ACCOUNT_CHANGES).index(change) + round_ + 1}"},
                ),
                request(method, f"{users}/{user['id']}{path}", json=changed, headers=admin | {"If-Match": '"1"'}),
            ],
        )
        no_server_errors([signed_in, administered])
        assert administered.status_code in (200, 204), administered.text
        if signed_in.status_code != 200:
            assert (signed_in.status_code, signed_in.json()["code"]) == (400, "invalid_credentials"), signed_in.text
            continue
        me = web.get(
            f"{live.url()}/api/auth/me", headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        )
        if change == "access changed" and me.status_code == 200:
            assert me.json()["role"] == "regional_analyst", me.json()  # signed in after the change
            continue
        assert (me.status_code, me.json()["code"]) == (401, "session_revoked"), me.text
        again = web.post(f"{live.url()}/api/auth/refresh", json={"refresh_token": signed_in.json()["refresh_token"]})
        assert again.status_code == 401, again.text


def test_sessions_ended_and_calendars_granted_at_once_are_each_done(live: RunningStack) -> None:
    """Sign-outs and calendar grants of several people at once: each a 204, none refused for the database
    being busy (on SQLite a transaction that read before it wrote failed once another writer had committed)."""
    sessions = [login(live, name) for name in ("curator", "observer", "school_staff") for _ in range(2)]
    calls = [request("POST", f"{live.url()}/api/auth/logout", headers=headers) for headers in sessions[:3]]
    calls += [
        request("POST", f"{live.url()}/api/auth/calendar-grants", json={"key": f"race-calendar-key-{i:02d}" * 2},
                headers=headers)
        for i, headers in enumerate(sessions[3:])
    ]  # fmt: skip
    answers = at_once(live, calls)
    no_server_errors(answers)
    assert [a.status_code for a in answers] == [204] * len(calls), [a.text for a in answers]
    for headers in sessions[:3]:
        me = web.get(f"{live.url()}/api/auth/me", headers=headers)
        assert (me.status_code, me.json()["code"]) == (401, "session_revoked"), me.text
