"""Races and hostile input hunted down in a fifteenth round with real clients against the real processes (see
test_races.py): the roadmap's monitoring — and every other list with a `municipality` filter — filtered by another
region's or municipality's municipality, or by a code that does not exist (200 and an empty table, read as «no
data»), a multipart file name in Windows-1251 or KOI8-R bytes (stored as Latin-1 mojibake), and a misspelt field of
a new plan, mentor pair or methodology copy (dropped: a school's programme made a municipality's). Outcomes are
asserted — what is stored —, never timing.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.reliability.clients import database_rows, json_of, login
from tests.reliability.test_hostile_files import A_DOCX, letterhead
from tests.reliability.test_races_hunt_6 import _refused
from tests.reliability.test_races_hunt_13 import ACTIVITIES, _activity, _evidence, _municipal_activity
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

MONITORING = "/api/roadmap/monitoring"
YEAR = "2023-2024"
SCHOOL = "9901003"
MUNICIPALITIES = "/api/identification/municipalities"
FOREIGN_REGION = "97"
FOREIGN = "97-01"
CODE_REFUSALS = ("unknown_territory", "validation_error", "invalid_value")
LOOKALIKE = "99-97"
"""A municipality of region 97 whose code starts with «99-»: a code's prefix says nothing of its region."""


def _foreign_region(live: RunningStack) -> None:
    """Region 97 with two municipalities, written into identification's registry (no API creates a region); no
    schools, so no figure of any other test changes."""
    engine = sa.create_engine(live.env["OPORA_IDENTIFICATION_DATABASE_URL"])
    try:
        with engine.begin() as connection:
            found = connection.execute(sa.text("SELECT id FROM region WHERE code = :c"), {"c": FOREIGN_REGION}).first()
            if found is not None:
                return
            connection.execute(sa.text("INSERT INTO region (code, name) VALUES (:c, 'Соседняя область')"),
                               {"c": FOREIGN_REGION})  # fmt: skip
            region_id = connection.execute(sa.text("SELECT id FROM region WHERE code = :c"),
                                           {"c": FOREIGN_REGION}).scalar_one()  # fmt: skip
            for code, name in ((FOREIGN, "Соседний район"), (LOOKALIKE, "Похожий район")):
                connection.execute(
                    sa.text("INSERT INTO municipality (code, region_id, name, kind) "
                            "VALUES (:c, :r, :n, 'municipal_district')"),
                    {"c": code, "r": region_id, "n": name},
                )  # fmt: skip
    finally:
        engine.dispose()


# --- monitoring filtered by a municipality outside the caller's territory ------------------------------------------


@pytest.mark.parametrize("municipality", [FOREIGN, LOOKALIKE])
def test_a_region_filtering_monitoring_by_another_regions_municipality_gets_403(
    live: RunningStack, municipality: str
) -> None:
    """A regional analyst of 99 filtering the roadmap's monitoring by a municipality of region 97 (also one whose
    code starts with «99-»): 403 `out_of_scope`, as identification's dashboard answers. Before, 200 and an empty
    table — «no data» where the truth is «not yours»."""
    _foreign_region(live)
    analyst = login(live, "regional_analyst")
    answer = web.get(f"{live.url()}{MONITORING}", params={"municipality": municipality}, headers=analyst)
    _refused(answer, 403, "out_of_scope")
    own = web.get(f"{live.url()}{MONITORING}", params={"municipality": "99-01"}, headers=analyst)
    assert own.status_code == 200, own.text


@pytest.mark.parametrize("municipality", ["77-77", "99-99", "9901003", "99"])
def test_monitoring_filtered_by_a_municipality_that_does_not_exist_is_422(
    live: RunningStack, municipality: str
) -> None:
    """An unknown code, a school's code or a region's code as the municipality: 422 `unknown_territory` naming the
    filter, for the region's analyst and the administrator alike. Before, 200 and an empty table: a typo looked like
    a municipality without programmes."""
    for user in ("regional_analyst", "admin"):
        headers = login(live, user)
        answer = web.get(f"{live.url()}{MONITORING}", params={"municipality": municipality}, headers=headers)
        _refused(answer, 422, "unknown_territory")
        assert answer.json()["fields"][0]["loc"] == ["query", "municipality"], answer.text


def test_monitoring_by_another_regions_municipality_stays_open_to_whom_it_belongs(live: RunningStack) -> None:
    """The administrator (the whole country) still filters by region 97's municipality (200); a coordinator of 99-01
    naming it is 403 as before; the registry's answer names the municipality's region."""
    _foreign_region(live)
    admin = login(live, "admin")
    answer = web.get(f"{live.url()}{MONITORING}", params={"municipality": FOREIGN}, headers=admin)
    assert json_of(answer)["schools"] == [], answer.text
    place = json_of(web.get(f"{live.url()}{MUNICIPALITIES}/{LOOKALIKE}", headers=admin))
    assert place == {"code": LOOKALIKE, "name": "Похожий район", "region_code": FOREIGN_REGION}
    coordinator = login(live, "municipal_coordinator")
    _refused(web.get(f"{live.url()}{MONITORING}", params={"municipality": FOREIGN}, headers=coordinator), 403,
             "out_of_scope")  # fmt: skip
    _refused(web.get(f"{live.url()}{MUNICIPALITIES}/{FOREIGN}", headers=coordinator), 403, "out_of_scope")
    _refused(web.get(f"{live.url()}{MUNICIPALITIES}/77-77", headers=admin), 404, "unknown_territory")


# --- a file name in another charset --------------------------------------------------------------------------------


def _multipart(fields: dict[str, bytes], file_field: str, file_name: bytes, content: bytes,
               charset: str | None = None) -> tuple[bytes, dict[str, str]]:  # fmt: skip
    """A multipart body written byte by byte (httpx would encode a file name as UTF-8 itself): the text fields,
    then one file part whose `filename=` is `file_name` as given; `charset` named in the Content-Type if given."""
    boundary = uuid.uuid4().hex
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary.encode(), name.encode(), value)
        for name, value in fields.items()
    ]
    parts.append(
        b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n%s\r\n"
        % (boundary.encode(), file_field.encode(), file_name, content)
    )
    body = b"".join(parts) + b"--%s--\r\n" % boundary.encode()
    content_type = f"multipart/form-data; boundary={boundary}" + (f"; charset={charset}" if charset else "")
    return body, {"Content-Type": content_type}


def _upload(live: RunningStack, url: str, headers: dict[str, str], body: tuple[bytes, dict[str, str]]) -> Any:
    return web.post(f"{live.url()}{url}", content=body[0], headers=headers | body[1])


NAME = "Справка о работе.docx"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_an_evidence_file_named_in_another_charset_is_422_and_nothing_is_stored(
    live: RunningStack, encoding: str
) -> None:
    """An evidence file whose name is Windows-1251 or KOI8-R bytes in a UTF-8 form: 422 `invalid_encoding`, no
    evidence stored. Before, the name was read as Latin-1 and stored as «Ñïðàâêà î ðàáîòå.docx»."""
    school_staff, url = _activity(live)
    body = _multipart({"title": "Справка".encode()}, "file", NAME.encode(encoding), A_DOCX)
    answer: httpx.Response = _upload(live, f"{url}/evidence", school_staff, body)
    _refused(answer, 422, "invalid_encoding")
    assert "файл" in answer.json()["detail"].lower(), answer.text
    assert _evidence(live, url, school_staff) == []


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
def test_a_form_that_names_its_charset_has_its_file_name_read_in_it(live: RunningStack, charset: str) -> None:
    """The same bytes in a form whose Content-Type names its charset are read in it: the file is stored under its
    own name, the title too; a UTF-8 name in a UTF-8 form is kept as written."""
    school_staff, url = _activity(live)
    body = _multipart({"title": "Справка".encode(charset)}, "file", NAME.encode(charset), A_DOCX, charset=charset)
    json_of(_upload(live, f"{url}/evidence", school_staff, body))
    json_of(_upload(live, f"{url}/evidence", school_staff,
                    _multipart({"title": "Отчёт".encode()}, "file", "Отчёт 🎓.docx".encode(), A_DOCX)))  # fmt: skip
    stored = sorted((e["title"], e["file_name"]) for e in _evidence(live, url, school_staff))
    assert stored == [("Отчёт", "Отчёт 🎓.docx"), ("Справка", NAME)], stored


def test_a_letterhead_file_named_in_windows_1251_is_422(live: RunningStack) -> None:
    """Another service's upload refuses the same name: a letterhead file named in Windows-1251 is 422
    `invalid_encoding` and no letterhead is stored."""
    analyst = login(live, "regional_analyst")
    url = "/api/reports/templates"
    before = len(json_of(web.get(f"{live.url()}{url}", headers=analyst)))
    fields = {"report_type": b"identification_note", "name": "Бланк управления".encode()}
    body = _multipart(fields, "file", "бланк.docx".encode("cp1251"), letterhead("{{p body }}"))
    _refused(_upload(live, url, analyst, body), 422, "invalid_encoding")
    assert len(json_of(web.get(f"{live.url()}{url}", headers=analyst))) == before


# --- every list filtered by a municipality outside the caller's territory -----------------------------------------

LISTS = [
    ("/api/roadmap/plans", {}),
    ("/api/roadmap/mentor-pairs", {}),
    ("/api/identification/schools", {}),
    ("/api/identification/results", {"school_year": YEAR}),
    ("/api/identification/exports/results", {"school_year": YEAR}),
    ("/api/identification/agreed-list", {"school_year": YEAR}),
    ("/api/identification/school-statuses", {"school_year": YEAR}),
    ("/api/identification/dashboard", {"school_year": YEAR}),
    ("/api/identification/outcomes", {"school_year": YEAR}),
    (MONITORING, {}),
]


@pytest.mark.parametrize(("url", "params"), LISTS, ids=[url for url, _ in LISTS])
def test_every_list_filtered_by_a_municipality_not_ones_own_is_refused(
    live: RunningStack, url: str, params: dict[str, str]
) -> None:
    """Plans, mentor pairs, schools, results and their export, the agreed list, school statuses, the dashboard,
    outcomes and monitoring filtered by another municipality (a coordinator of 99-01 naming 99-02, the region's
    analyst naming region 97's) are 403 `out_of_scope`; by a code nobody has, or a region's code, 422
    `unknown_territory` naming the filter. Before, most answered 200 with an empty list — «no data» where the truth
    is «not yours» or «no such municipality»; the own municipality still answers."""
    _foreign_region(live)
    coordinator, analyst = login(live, "municipal_coordinator"), login(live, "regional_analyst")
    for headers, foreign in ((coordinator, "99-02"), (analyst, FOREIGN), (analyst, LOOKALIKE)):
        answer = web.get(f"{live.url()}{url}", params=params | {"municipality": foreign}, headers=headers)
        _refused(answer, 403, "out_of_scope")
    for headers in (coordinator, analyst):
        for unknown in ("77-77", "99"):
            answer = web.get(f"{live.url()}{url}", params=params | {"municipality": unknown}, headers=headers)
            _refused(answer, 422, "unknown_territory")
            assert answer.json()["fields"][0]["loc"] == ["query", "municipality"], (url, answer.text)
        own = web.get(f"{live.url()}{url}", params=params | {"municipality": "99-01"}, headers=headers)
        assert own.status_code == 200, (url, own.text)
    for garbled in ("..", "a b/c", "99-01\x00"):  # no code could be: 422, never a 500 or an empty list
        answer = web.get(f"{live.url()}{url}", params=params | {"municipality": garbled}, headers=analyst)
        assert answer.status_code == 422 and answer.json()["code"] in CODE_REFUSALS, (url, garbled, answer.text)


# --- a misnamed field in a new record is refused, never dropped -----------------------------------------------------


def _plans_titled(live: RunningStack, title: str) -> int:
    statement = sa.text("SELECT count(*) FROM plan WHERE title = :t").bindparams(t=title)
    return int(database_rows(live, "ROADMAP", statement)[0][0])


def test_a_plan_with_a_misspelt_owner_is_422_not_a_territory_plan(live: RunningStack) -> None:
    """A script creates a school's programme with `shool_code` (a typo): 422 `validation_error` naming the field
    (`extra_forbidden`), no plan stored. Before, the field was dropped and a plan of the whole municipality made
    in its place; a misspelt field of a section or an activity inside is refused the same way."""
    coordinator = login(live, "municipal_coordinator")
    title = f"Программа школы {uuid.uuid4().hex[:6]}"
    body = {"kind": "anti_risk_programme", "title": title, "municipality_code": "99-01", "school_year": "2024-2025",
            "sections": []}  # fmt: skip
    for wrong, field in (
        (body | {"shool_code": SCHOOL}, "shool_code"),
        (body | {"sections": [{"title": "Раздел", "activites": []}]}, "activites"),
        (body | {"sections": [{"title": "Раздел", "activities": [{"title": "Семинар", "dedline": "Май"}]}]}, "dedline"),
    ):
        answer = web.post(f"{live.url()}/api/roadmap/plans", json=wrong, headers=coordinator)
        _refused(answer, 422, "validation_error")
        assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [(field, "extra_forbidden")]
    assert _plans_titled(live, title) == 0
    json_of(web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=coordinator))
    assert _plans_titled(live, title) == 1


def test_a_copy_or_a_mentor_pair_with_a_misspelt_field_is_422_and_makes_nothing(live: RunningStack) -> None:
    """A methodology copied with `nmae` (the copy would get the default name) and a mentor pair formed with
    `rationalle` (the reason lost): 422 `extra_forbidden`, no copy, no pair. Before, 201 without the field."""
    analyst = login(live, "regional_analyst")
    name = f"Копия {uuid.uuid4().hex[:6]}"
    count = sa.text("SELECT count(*) FROM methodology")
    before = database_rows(live, "IDENTIFICATION", count)[0][0]
    answer = web.post(f"{live.url()}/api/identification/methodologies/1/copy", json={"nmae": name}, headers=analyst)
    _refused(answer, 422, "validation_error")
    assert answer.json()["fields"][0]["code"] == "extra_forbidden", answer.text
    assert database_rows(live, "IDENTIFICATION", count)[0][0] == before
    coordinator = login(live, "municipal_coordinator")
    pairs = sa.text("SELECT count(*) FROM mentor_pair")
    before = database_rows(live, "ROADMAP", pairs)[0][0]
    body = {"mentor_school_code": "9901001", "supported_school_code": "9901002", "starts_on": "2024-09-02",
            "rationalle": "Опыт наставника"}  # fmt: skip
    answer = web.post(f"{live.url()}/api/roadmap/mentor-pairs", json=body, headers=coordinator)
    _refused(answer, 422, "validation_error")
    assert answer.json()["fields"][0]["code"] == "extra_forbidden", answer.text
    assert database_rows(live, "ROADMAP", pairs)[0][0] == before


# --- a progress sent as yes or no ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False])
def test_a_progress_sent_as_true_or_false_is_422_and_keeps_the_stored_one(live: RunningStack, value: bool) -> None:
    """`{"progress": true}` on an activity and on a school's row of a municipality's activity: 422 naming
    `progress`, the stored progress unchanged. Before, JSON's lax reading stored `true` as 1 % and `false` as 0 %
    done."""
    school_staff, url = _activity(live)
    coordinator = login(live, "municipal_coordinator")
    municipal = f"{ACTIVITIES}/{_municipal_activity(live, coordinator)}"
    for headers, target in ((school_staff, url), (coordinator, f"{municipal}/schools/{SCHOOL}")):
        tagged = headers | {"If-Match": "*"}
        json_of(web.patch(f"{live.url()}{target}", json={"progress": 40}, headers=tagged))
        answer = web.patch(f"{live.url()}{target}", json={"progress": value}, headers=tagged)
        _refused(answer, 422, "validation_error", "value_error")
        assert answer.json()["fields"][0]["loc"] == ["body", "progress"], answer.text
    assert json_of(web.get(f"{live.url()}{url}", headers=school_staff))["progress"] == 40
    rows = json_of(web.get(f"{live.url()}{municipal}", headers=coordinator))["schools"]
    assert [row["progress"] for row in rows if row["school_code"] == SCHOOL] == [40], rows


# --- lists filtered by a school outside the caller's territory ----------------------------------------------------

SCHOOL_FILTERED = (
    "/api/roadmap/plans",
    "/api/roadmap/mentor-pairs",
    "/api/roadmap/me/deadlines",
    "/api/roadmap/me/deadlines/summary",
    "/api/identification/results",
    "/api/identification/exports/results",
)


def _school_of_another_municipality(live: RunningStack) -> str:
    analyst = login(live, "regional_analyst")
    page = json_of(
        web.get(f"{live.url()}/api/identification/schools", params={"municipality": "99-02"}, headers=analyst)
    )
    code: str = page["items"][0]["school_code"]
    return code


@pytest.mark.parametrize("path", SCHOOL_FILTERED)
def test_a_list_filtered_by_a_school_outside_the_territory_is_refused(live: RunningStack, path: str) -> None:
    """A coordinator of 99-01 filtering plans, mentor pairs, deadlines or results by a school of 99-02: 403
    `out_of_scope`; by a code nobody has, 422 `unknown_school` naming the filter. Before, 200 and an empty list —
    «no plans, no deadlines» where the truth is «not yours» or «no such school». Its own school's list answers."""
    coordinator = login(live, "municipal_coordinator")
    foreign = _school_of_another_municipality(live)
    _refused(web.get(f"{live.url()}{path}", params={"school_code": foreign}, headers=coordinator), 403, "out_of_scope")
    unknown = web.get(f"{live.url()}{path}", params={"school_code": "0000000"}, headers=coordinator)
    _refused(unknown, 422, "unknown_school")
    assert unknown.json()["fields"][0]["loc"][-1] == "school_code", unknown.json()
    own = web.get(f"{live.url()}{path}", params={"school_code": SCHOOL}, headers=coordinator)
    assert own.status_code == 200, own.text


def test_a_mentor_school_still_reads_plans_filtered_by_another_school(live: RunningStack) -> None:
    """A school's staff are let through by roadmap (a mentor school reads the plans of the schools it mentors, which
    identification does not show it): their list by another school answers, empty where they mentor none;
    identification's results of another school stay 403."""
    staff = login(live, "school_staff")
    foreign = _school_of_another_municipality(live)
    plans = web.get(f"{live.url()}/api/roadmap/plans", params={"school_code": foreign}, headers=staff)
    assert plans.status_code == 200 and plans.json()["total"] == 0, plans.text
    results = web.get(f"{live.url()}/api/identification/results", params={"school_code": foreign}, headers=staff)
    _refused(results, 403, "out_of_scope")
