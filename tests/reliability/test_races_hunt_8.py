"""Races and bad input hunted down in an eighth round with real concurrent clients against the real processes
(see test_races.py): edits that send nothing to change (they changed nothing but took a revision, so the next edit
of everyone who had read the record was refused as stale), teachers and directory entries added twice at once
without an `Idempotency-Key` (now one per name and place: a unique key of the database, with its migrations on
SQLite and PostgreSQL) and directory entries of another territory named by id. Outcomes are asserted — who won,
what is stored —, never timing.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.reliability.test_races import _plan
from tests.reliability.test_races_hunt_2 import _pair, _two_schools_of_one_municipality
from tests.reliability.test_races_hunt_5 import _per_school_activity
from tests.reliability.test_races_hunt_7 import _refused, _school_staff
from tests.stack import RunningStack
from tests.support import fresh_database, web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
ROUNDS = 4
TEACHERS = "/api/identification/competence/teachers"
PARTIES = "/api/roadmap/parties"


# --- an edit with nothing to change keeps the revision ------------------------------------------------------------


def _etag(live: RunningStack, url: str, headers: dict[str, str]) -> str:
    """The record's ETag as read; a teacher (no read of its own) as the school's list gives its revision."""
    if url.startswith(TEACHERS):
        listed = json_of(web.get(f"{live.url()}{TEACHERS}", headers=headers))
        return next(f'"{t["revision"]}"' for t in listed if f"{TEACHERS}/{t['id']}" == url)
    answer = web.get(f"{live.url()}{url}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.headers["ETag"]


def _plan_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    school_staff, school = _school_staff(live)
    return f"/api/roadmap/plans/{_plan(live, school_staff, school)['id']}", school_staff


def _activity_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    school_staff, school = _school_staff(live)
    return f"/api/roadmap/activities/{_plan(live, school_staff, school)['sections'][0]['activities'][0]['id']}", (
        school_staff
    )


def _indicator_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    school_staff, school = _school_staff(live)
    plan = _plan(live, school_staff, school)
    indicator = json_of(web.post(f"{live.url()}/api/roadmap/plans/{plan['id']}/indicators",
                                 json={"name": "Доля успевающих"}, headers=school_staff))  # fmt: skip
    return f"/api/roadmap/indicators/{indicator['id']}", school_staff


def _pair_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    coordinator = login(live, "municipal_coordinator")
    mentor, supported = _two_schools_of_one_municipality(live)
    pair = _pair(live, coordinator, mentor, supported, date(1990, 1, 1) + timedelta(days=random.randrange(4000)))
    return f"/api/roadmap/mentor-pairs/{pair['id']}", coordinator


def _teacher_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    school_staff, school = _school_staff(live)
    body = {"school_code": school, "full_name": f"Пустая Правка {uuid.uuid4().hex[:8]}"}
    return f"{TEACHERS}/{json_of(web.post(f'{live.url()}{TEACHERS}', json=body, headers=school_staff))['id']}", (
        school_staff
    )


def _methodology_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    analyst = login(live, "regional_analyst")
    base = f"{live.url()}/api/identification/methodologies"
    listed = json_of(web.get(base, headers=analyst))
    source = (listed["items"] if isinstance(listed, dict) else listed)[0]
    draft = json_of(web.post(f"{base}/{source['id']}/copy", json={"name": "Черновик без правок"}, headers=analyst))
    return f"/api/identification/methodologies/{draft['id']}", analyst


def _user_record(live: RunningStack) -> tuple[str, dict[str, str]]:
    admin = login(live, "admin")
    body = {"username": f"empty_edit_{uuid.uuid4().hex[:8]}", "full_name": "Без правок", "password": "password-123",
            "role": "observer", "scope": {"kind": "all"}}  # fmt: skip
    return f"/api/admin/users/{json_of(web.post(f'{live.url()}/api/admin/users', json=body, headers=admin))['id']}", (
        admin
    )


RECORDS: dict[str, tuple[Callable[[RunningStack], tuple[str, dict[str, str]]], dict[str, Any]]] = {
    "plan": (_plan_record, {"title": "Изменённое название"}),
    "activity": (_activity_record, {"title": "Изменённое мероприятие"}),
    "indicator": (_indicator_record, {"direction": "lower"}),
    "mentor_pair": (_pair_record, {"rationale": "Изменённое обоснование"}),
    "teacher": (_teacher_record, {"position": "учитель математики"}),
    "methodology": (_methodology_record, {"name": "Черновик с правкой"}),
    "user": (_user_record, {"full_name": "С правкой"}),
}
"""Each record an edit (PATCH) changes: how to make one (its address and who may edit it), and a real edit."""


@pytest.mark.parametrize("kind", list(RECORDS))
def test_an_edit_with_nothing_to_change_keeps_the_revision(live: RunningStack, kind: str) -> None:
    """A screen saving a form nobody touched sends `{}` (or only nulls, which leave a field as it is): 200 with the
    record as it is and the same ETag, nothing audited — and the edit of whoever read the record before still goes
    through with the revision they read. Before, it took a revision: every other editor's next save was refused
    as stale (412) for a change nobody made. The empty edit is still an edit: 428 without `If-Match`, 412 with a
    stale one."""
    make, change = RECORDS[kind]
    url, headers = make(live)
    etag = _etag(live, url, headers)
    nulls = dict.fromkeys(change)
    for body in ({}, nulls):
        answer = web.patch(f"{live.url()}{url}", json=body, headers=headers | {"If-Match": etag})
        assert answer.status_code == 200, (body, answer.text)
        assert answer.headers["ETag"] == etag, (body, answer.headers["ETag"], etag)
        assert _etag(live, url, headers) == etag
    answer = web.patch(f"{live.url()}{url}", json={}, headers=headers | {"If-Match": '"999999"'})
    _refused(answer, 412, "stale_revision")
    _refused(web.patch(f"{live.url()}{url}", json={}, headers=headers), 428, "precondition_required")
    edited = web.patch(f"{live.url()}{url}", json=change, headers=headers | {"If-Match": etag})
    assert edited.status_code == 200, edited.text
    assert edited.headers["ETag"] != etag


def test_an_empty_report_of_a_school_keeps_its_revision(live: RunningStack) -> None:
    """The same for a school's row of a municipal activity: `{}` keeps the row's revision."""
    coordinator = login(live, "municipal_coordinator")
    activity, school = _per_school_activity(live, coordinator)
    url = f"{live.url()}/api/roadmap/activities/{activity['id']}/schools/{school}"
    revision = next(row["revision"] for row in activity["schools"] if row["school_code"] == school)
    for body in ({}, {"status": None, "progress": None}):
        answer = web.patch(url, json=body, headers=coordinator | {"If-Match": f'"{revision}"'})
        assert (answer.status_code, answer.headers.get("ETag")) == (200, f'"{revision}"'), answer.text
    done = web.patch(url, json={"status": "done"}, headers=coordinator | {"If-Match": f'"{revision}"'})
    assert (done.status_code, done.json()["status"]) == (200, "done"), done.text


def test_empty_edits_at_once_with_a_real_one_never_make_it_stale(live: RunningStack) -> None:
    """Several empty saves of one activity at once with a real edit, all with the revision read: the real edit
    is stored (200) whatever the order — never refused as stale because an empty save took the revision."""
    school_staff, school = _school_staff(live)
    for round_ in range(3):
        plan = _plan(live, school_staff, school)
        url = f"/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
        tagged = school_staff | {"If-Match": _etag(live, url, school_staff)}
        calls = [request("PATCH", url, json={}, headers=tagged) for _ in range(AT_ONCE - 1)]
        calls.append(request("PATCH", url, json={"status": "in_progress", "title": f"Правка {round_}"}, headers=tagged))
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert answers[-1].status_code == 200, answers[-1].text
        stored = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        assert (stored["status"], stored["title"]) == ("in_progress", f"Правка {round_}")
        assert all(a.status_code in (200, 412) for a in answers[:-1]), [a.text for a in answers]


# --- one teacher per name and school, one directory entry per name and place ------------------------------------


def _teachers_named(live: RunningStack, headers: dict[str, str], school: str, name: str) -> list[dict[str, Any]]:
    listed = json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": school}, headers=headers))
    return [t for t in listed if _compared(t["full_name"]) == _compared(name)]


def _compared(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().replace("ё", "е").split())


def _one_made(answers: list[httpx.Response], code: str) -> dict[str, Any]:
    """One 201, the others 409 with `code` — never two rows for one person."""
    no_server_errors(answers)
    assert sorted(a.status_code for a in answers) == [201] + [409] * (len(answers) - 1), [a.text for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            _refused(answer, 409, code)
    made: dict[str, Any] = next(a for a in answers if a.status_code == 201).json()
    return made


def test_one_teacher_added_by_several_people_at_once_is_one_teacher(live: RunningStack) -> None:
    """The school's deputy and its methodologist add the same teacher at the same moment (no `Idempotency-Key`:
    two people, two forms), spelt with other case, spacing, «е» for «ё» or «ё» as «е» and a combining mark: one
    teacher is stored, the others are 409 `teacher_exists` with a Russian detail naming the teacher. Before,
    each made a teacher, and the diagnostics' scores were split between the copies."""
    school_staff, school = _school_staff(live)
    for _ in range(3):
        name = f"Семёнова Ольга {uuid.uuid4().hex[:6]}"
        spellings = [
            name,
            name.upper(),
            f"  {name.replace(' ', '   ')} ",
            name.replace("ё", "е"),
            unicodedata.normalize("NFD", name),
        ]  # «ё» typed as «е» and a combining diaeresis
        calls = [request("POST", TEACHERS, json={"school_code": school, "full_name": spelt}, headers=school_staff)
                 for spelt in spellings]  # fmt: skip
        made = _one_made(at_once(live, calls), "teacher_exists")
        assert [t["id"] for t in _teachers_named(live, school_staff, school, name)] == [made["id"]]


def test_a_teacher_renamed_to_a_colleagues_name_is_409_and_unchanged(live: RunningStack) -> None:
    """Correcting a teacher's name into the name of another teacher of the school is 409 `teacher_exists`, and
    the teacher (its name and revision) stays; the same name in another school, and the name of a teacher taken
    off the registry, are free."""
    school_staff, school = _school_staff(live)
    suffix = uuid.uuid4().hex[:6]
    first = json_of(web.post(f"{live.url()}{TEACHERS}", json={"school_code": school,
                             "full_name": f"Орлова Нина {suffix}"}, headers=school_staff))  # fmt: skip
    second = json_of(web.post(f"{live.url()}{TEACHERS}", json={"school_code": school,
                              "full_name": f"Орлова Инна {suffix}"}, headers=school_staff))  # fmt: skip
    url = f"{live.url()}{TEACHERS}/{second['id']}"
    answer = web.patch(url, json={"full_name": f"орлова  нина {suffix}"}, headers=school_staff | {"If-Match": '"1"'})
    _refused(answer, 409, "teacher_exists")
    stored = [t for t in json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": school},
                                         headers=school_staff)) if t["id"] == second["id"]]  # fmt: skip
    assert [(t["full_name"], t["revision"]) for t in stored] == [(f"Орлова Инна {suffix}", 1)]
    removed = web.delete(f"{live.url()}{TEACHERS}/{first['id']}", headers=school_staff | {"If-Match": '"1"'})
    assert removed.status_code == 204, removed.text
    renamed = web.patch(url, json={"full_name": f"Орлова Нина {suffix}"}, headers=school_staff | {"If-Match": '"1"'})
    assert renamed.status_code == 200, renamed.text
    again = web.post(f"{live.url()}{TEACHERS}", json={"school_code": school, "full_name": f"Орлова Инна {suffix}"},
                     headers=school_staff)  # fmt: skip
    assert again.status_code == 201, again.text


def test_a_teacher_added_again_while_taken_off_the_registry(live: RunningStack) -> None:
    """A teacher taken off the registry while someone adds the same name at once: the addition either came
    first (409 `teacher_exists`: the teacher was still there) or after (201, a new teacher) — never a 500, and
    never two teachers of the name on the registry."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        name = f"Громова Лидия {round_} {uuid.uuid4().hex[:6]}"
        teacher = json_of(web.post(f"{live.url()}{TEACHERS}", json={"school_code": school, "full_name": name},
                                   headers=school_staff))  # fmt: skip
        remove = request("DELETE", f"{TEACHERS}/{teacher['id']}", headers=school_staff | {"If-Match": "*"})
        add = request("POST", TEACHERS, json={"school_code": school, "full_name": name}, headers=school_staff)
        removed, added = at_once(live, [remove, add])
        no_server_errors([removed, added])
        assert removed.status_code == 204, removed.text
        if added.status_code != 201:
            _refused(added, 409, "teacher_exists")
        listed = [t["id"] for t in _teachers_named(live, school_staff, school, name)]
        assert listed == ([added.json()["id"]] if added.status_code == 201 else []), (listed, added.text)


def _parties_named(live: RunningStack, headers: dict[str, str], name: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json_of(web.get(f"{live.url()}{PARTIES}", params={"q": name[-6:]}, headers=headers))
    return listed


def test_one_responsible_person_added_by_several_people_at_once_is_one_entry(live: RunningStack) -> None:
    """A coordinator and the school add the same responsible person of the school at the same moment, spelt
    «Иванов И.И.» and «ИВАНОВ И. И.»: one directory entry, the others 409 `party_exists` with a Russian detail.
    Before, each made an entry, and the plans then named one copy or the other."""
    coordinator = login(live, "municipal_coordinator")
    school_staff, school = _school_staff(live)
    for _ in range(3):
        suffix = uuid.uuid4().hex[:6]
        spellings = [f"Иванов И.И. {suffix}", f"ИВАНОВ И. И. {suffix}", f"Иванов  И.И.  {suffix}",
                     f"иванов и.и. {suffix.upper()}"]  # fmt: skip
        calls = [request("POST", PARTIES, json={"name": spelt, "kind": "person", "school_code": school},
                         headers=(coordinator, school_staff)[i % 2]) for i, spelt in enumerate(spellings)]  # fmt: skip
        made = _one_made(at_once(live, calls), "party_exists")
        assert [p["id"] for p in _parties_named(live, coordinator, suffix)] == [made["id"]]


def test_the_same_name_in_another_place_or_of_another_kind_is_another_entry(live: RunningStack) -> None:
    """The unique key is the name in its place: the same name at another school, at the municipality itself, or as
    a body rather than a person, is a new entry."""
    coordinator = login(live, "municipal_coordinator")
    first, second = _two_schools_of_one_municipality(live)
    name = f"Кузнецова Е.А. {uuid.uuid4().hex[:6]}"
    bodies = [{"name": name, "kind": "person", "school_code": first}, {"name": name, "kind": "person",
              "school_code": second}, {"name": name, "kind": "person"}, {"name": name, "kind": "body"}]  # fmt: skip
    for body in bodies:
        assert web.post(f"{live.url()}{PARTIES}", json=body, headers=coordinator).status_code == 201, body
    for body in bodies:
        _refused(web.post(f"{live.url()}{PARTIES}", json=body, headers=coordinator), 409, "party_exists")
    assert len(_parties_named(live, coordinator, name)) == len(bodies)


# --- records of another territory named by id ---------------------------------------------------------------------


def _foreign_party(live: RunningStack) -> dict[str, Any]:
    """A directory entry filed (by the administrator) at a school of another municipality."""
    admin = login(live, "admin")
    coordinator = login(live, "municipal_coordinator")
    own = json_of(web.get(f"{live.url()}/api/auth/me", headers=coordinator))["scope"]["municipality"]
    schools = json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 500}, headers=admin))
    other = next(s["school_code"] for s in schools["items"] if s["municipality_code"] != own)
    body = {"name": f"Чужой Директор {uuid.uuid4().hex[:6]}", "kind": "person", "school_code": other}
    party: dict[str, Any] = json_of(web.post(f"{live.url()}{PARTIES}", json=body, headers=admin))
    return party


def test_a_responsible_person_of_another_territory_is_not_named_by_id(live: RunningStack) -> None:
    """A school names as responsible, by id, a directory entry of another municipality — on a new activity, on
    an edit, on a new plan: 422 `unknown_party` on the reference, as for an id that does not exist, and the
    name is nowhere in the answer or the plan. Before, the entry was attached and its name answered: counting
    ids up read who is filed in every other territory, and the plans named people they have no say over."""
    school_staff, school = _school_staff(live)
    foreign = _foreign_party(live)
    plan = _plan(live, school_staff, school)
    activity = plan["sections"][0]["activities"][0]
    ref = [{"party_id": foreign["id"]}]
    edit = web.patch(f"{live.url()}/api/roadmap/activities/{activity['id']}", json={"responsible": ref},
                     headers=school_staff | {"If-Match": "*"})  # fmt: skip
    added = web.post(f"{live.url()}/api/roadmap/plans/{plan['id']}/sections/{activity['section_id']}/activities",
                     json={"title": "Семинар", "deadline_text": "Октябрь", "co_executors": ref},
                     headers=school_staff)  # fmt: skip
    body = {"kind": "anti_risk_programme", "title": "Программа с чужим ответственным", "school_code": school,
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": "Октябрь", "responsible": ref}]}]}  # fmt: skip
    created = web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=school_staff)
    for answer in (edit, added, created):
        _refused(answer, 422, "unknown_party")
        assert foreign["name"] not in answer.text
    stored = json_of(web.get(f"{live.url()}/api/roadmap/plans/{plan['id']}", headers=school_staff))
    assert foreign["name"] not in str(stored) and stored["revision"] == plan["revision"]


def test_a_responsible_person_the_activity_already_names_may_be_sent_back(live: RunningStack) -> None:
    """The activity's own references stay sendable: the coordinator names the municipality's department on a
    school's activity; the school, which does not see the municipality's entries, saves the list back with it
    and a colleague of its own added — stored, the department kept as it was."""
    coordinator = login(live, "municipal_coordinator")
    school_staff, school = _school_staff(live)
    department = json_of(web.post(f"{live.url()}{PARTIES}", json={"name": f"Отдел образования {uuid.uuid4().hex[:6]}",
                                  "kind": "body"}, headers=coordinator))  # fmt: skip
    colleague = json_of(web.post(f"{live.url()}{PARTIES}", json={"name": f"Завуч {uuid.uuid4().hex[:6]}",
                                 "kind": "person", "school_code": school}, headers=school_staff))  # fmt: skip
    activity = _plan(live, school_staff, school)["sections"][0]["activities"][0]
    url = f"{live.url()}/api/roadmap/activities/{activity['id']}"
    named = web.patch(url, json={"responsible": [{"party_id": department["id"]}]},
                      headers=coordinator | {"If-Match": "*"})  # fmt: skip
    assert named.status_code == 200, named.text
    both = [{"party_id": department["id"]}, {"party_id": colleague["id"]}]
    saved = web.patch(url, json={"responsible": both}, headers=school_staff | {"If-Match": "*"})
    assert saved.status_code == 200, saved.text
    assert [(p["party_id"], p["name"]) for p in saved.json()["responsible"]] == [
        (department["id"], department["name"]), (colleague["id"], colleague["name"])]  # fmt: skip


# --- the migrations: copies stored before are kept, the database refuses new ones ----------------------------------

TEACHER = (
    "INSERT INTO teacher (school_id, full_name, position, subjects, is_active, revision, created_at, updated_at)"
    " VALUES (1, :name, '', '[]', :active, 1, :now, :now) RETURNING id"
)
PARTY = (
    "INSERT INTO party (name, kind, position, region_code, municipality_code, school_code)"
    " VALUES (:name, :kind, '', '99', :municipality, :school) RETURNING id"
)
NOW = datetime(2026, 12, 2, tzinfo=UTC)


def _config(service: str, url: str) -> Config:
    config = Config(topology.BY_NAME[service].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _teacher(connection: sa.Connection, name: str, active: bool = True) -> int:
    return int(connection.execute(sa.text(TEACHER), {"name": name, "active": active, "now": NOW}).scalar_one())


def test_the_teacher_key_migration_keeps_earlier_copies_and_refuses_new_ones(tmp_path: Path) -> None:
    """Teachers stored twice before the unique key all stay (their scores refer to them), the later copies'
    keys marked; afterwards the database itself refuses a second active teacher of a name at a school, whoever
    writes, and takes it again once the first is off the registry. Downgrade and upgrade again work."""
    with fresh_database("identification", tmp_path) as url:
        config = _config("identification", url)
        command.upgrade(config, "b8e4c1d7a395")
        engine = sa.create_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(sa.text("INSERT INTO region (id, code, name) VALUES (1, '99', 'Область')"))
                connection.execute(sa.text("INSERT INTO municipality (id, code, region_id, name, kind) VALUES "
                                           "(1, '99-01', 1, 'Район', 'district')"))  # fmt: skip
                connection.execute(sa.text(
                    "INSERT INTO school (id, school_code, municipality_id, full_name, short_name, legal_form, kind, "
                    "rural, small, roles, is_active, created_at, updated_at) VALUES (1, '9901001', 1, 'Школа', "
                    "'Школа', '', '', false, false, '[]', true, :now, :now)"), {"now": NOW})  # fmt: skip
                ids = [_teacher(connection, name) for name in ("Петрова Анна", "ПЕТРОВА  анна", "Петрова Анна")]
                former = _teacher(connection, "Семёнова Ольга", active=False)
            command.upgrade(config, "head")
            with engine.connect() as connection:
                keys: dict[int, str] = {
                    row.id: row.name_key for row in connection.execute(sa.text("SELECT id, name_key FROM teacher"))
                }
            assert [keys[i] for i in ids] == ["петрова анна", f"петрова анна #{ids[1]}", f"петрова анна #{ids[2]}"]
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                connection.execute(sa.text("UPDATE teacher SET name_key = 'петрова анна' WHERE id = :id"),
                                   {"id": ids[1]})  # fmt: skip
            with engine.begin() as connection:  # a removed teacher's name is free; one more removed is kept too
                connection.execute(sa.text("UPDATE teacher SET name_key = 'семенова ольга' WHERE id = :id"),
                                   {"id": former})  # fmt: skip
                connection.execute(sa.text("UPDATE teacher SET is_active = false WHERE id = :id"), {"id": ids[0]})
                connection.execute(sa.text("UPDATE teacher SET name_key = 'петрова анна' WHERE id = :id"),
                                   {"id": ids[1]})  # fmt: skip
            command.downgrade(config, "b8e4c1d7a395")
            command.upgrade(config, "head")
        finally:
            engine.dispose()


def test_the_directory_key_migration_keeps_earlier_copies_and_refuses_new_ones(tmp_path: Path) -> None:
    """The same for the directory: entries stored twice before all stay (plans name them by id), each later
    one's key marked; afterwards a second entry of a name, kind and place is refused by the database, while the
    same name at another school, at the municipality or as a body is another entry."""
    with fresh_database("roadmap", tmp_path) as url:
        config = _config("roadmap", url)
        command.upgrade(config, "f1d8a2c6e473")
        engine = sa.create_engine(url)
        try:
            place = {"municipality": "99-01", "school": "9901001"}
            with engine.begin() as connection:
                ids = [int(connection.execute(sa.text(PARTY), {"name": name, "kind": "person"} | place).scalar_one())
                       for name in ("Иванов И.И.", "ИВАНОВ И. И.")]  # fmt: skip
            command.upgrade(config, "head")
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT id, name_key, place_key FROM party ORDER BY id")).all()
            assert [tuple(row) for row in rows] == [(ids[0], "иванов и и", "9901001"),
                                                     (ids[1], f"иванов и и #{ids[1]}", "9901001")]  # fmt: skip
            insert = (
                "INSERT INTO party (name, kind, position, region_code, municipality_code, school_code, name_key, "
                "place_key) VALUES ('Иванов И.И.', :kind, '', '99', '99-01', :school, 'иванов и и', :place)"
            )
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
                connection.execute(sa.text(insert), {"kind": "person", "school": "9901001", "place": "9901001"})
            with engine.begin() as connection:
                for kind, school, key in (("person", "9901002", "9901002"), ("person", None, "99-01"),
                                          ("body", "9901001", "9901001")):  # fmt: skip
                    connection.execute(sa.text(insert), {"kind": kind, "school": school, "place": key})
            command.downgrade(config, "f1d8a2c6e473")
            command.upgrade(config, "head")
        finally:
            engine.dispose()
