"""Races and hostile input hunted down in a thirteenth round with real clients against the real processes (see
test_races.py): JSON escapes of a lone half of a surrogate pair (`\\ud800`) in the cells or field names of a data
centre's rows, of an uploaded JSON file and of a score file (a 500: UTF-8 cannot encode them, so the checksum or
the write failed), JSON nested deeper than Python's stack in an uploaded file (a 500 `RecursionError`), and checks
that stayed right: school years written «2023/2024», objects of another municipality named by id in the newer
parts (mentor pairs, diagnostics, competence profiles), the same `Idempotency-Key` with another body.
Outcomes are asserted — what is stored —, never timing.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.reliability.clients import database_rows, json_of, login
from tests.reliability.test_hostile_files import letterhead
from tests.reliability.test_races_hunt_7 import _refused
from tests.reliability.test_races_hunt_9 import SOCIAL, _batches, _stored_pupils
from tests.reliability.test_races_hunt_10 import COMPETENCE, _campaign_body
from tests.reliability.test_races_hunt_11 import _coordinator_of
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

SCHOOL = "9901003"
YEAR = "2023-2024"
SOCIAL_ROWS = f"{SOCIAL}/rows"
SETTLEMENTS = "/api/identification/imports/settlements"
LONE = "\ud800"
"""A lone (high) half of a surrogate pair: valid in a JSON escape, no Unicode text (UTF-8 cannot encode it)."""


def _escaped(body: Any) -> bytes:
    """`body` as JSON with every non-ASCII character escaped, so a lone surrogate travels as `\\ud800` (what a
    script in another language writes; httpx's own encoding would fail on it in the client)."""
    return json.dumps(body, ensure_ascii=True).encode("ascii")


def _post_json(live: RunningStack, url: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    return web.post(
        f"{live.url()}{url}", content=_escaped(body), headers=headers | {"Content-Type": "application/json"}
    )


def _social_row(**changes: Any) -> dict[str, Any]:
    return {"school_code": SCHOOL, "school_year": YEAR, "pupils": random.randrange(100, 5000)} | changes


def _settlements(live: RunningStack, code: str) -> int:
    statement = sa.text("SELECT count(*) FROM settlement WHERE code = :code").bindparams(code=code)
    return int(database_rows(live, "IDENTIFICATION", statement)[0][0])


def _scores(live: RunningStack) -> int:
    return int(database_rows(live, "IDENTIFICATION", sa.text("SELECT count(*) FROM competence_score"))[0][0])


# --- lone surrogates in JSON rows and files -------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("field", ["school_code", "school_year"])
def test_a_lone_surrogate_in_a_json_cell_is_422_and_nothing_is_stored(
    live: RunningStack, field: str, dry_run: bool
) -> None:
    """A data centre's row whose text holds `\\ud800` (a lone half of a surrogate pair, what a badly cut UTF-16
    string becomes in JSON): 422 `invalid_value` naming the row and field, nothing written, dry run or not.
    Before, a 500: the checksum of the rows could not encode it (`surrogates not allowed`)."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    rows = [_social_row(), _social_row(**{field: f"{SCHOOL}{LONE}"})]
    answer = _post_json(live, SOCIAL_ROWS, {"rows": rows, "dry_run": dry_run}, analyst)
    _refused(answer, 422, "invalid_value")
    assert answer.json()["fields"][0]["loc"] == ["rows", 1, field]
    assert (_batches(live), _stored_pupils(live)) == before


def test_a_lone_surrogate_in_a_field_name_is_422(live: RunningStack) -> None:
    """A field name with `\\ud800` in it: 422 `invalid_value` naming the row, whose detail does not repeat the
    name (an answer could not encode it); nothing written. Before, a 500."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    rows = [_social_row(), _social_row() | {f"примечание{LONE}": "да"}]
    answer = _post_json(live, SOCIAL_ROWS, {"rows": rows}, analyst)
    _refused(answer, 422, "invalid_value")
    assert answer.json()["fields"][0]["loc"] == ["rows", 1]
    assert (_batches(live), _stored_pupils(live)) == before


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_lone_surrogate_in_a_settlements_name_is_422_and_no_settlement_is_made(
    live: RunningStack, dry_run: bool
) -> None:
    """A settlement named with a lone surrogate, sent as rows and as an uploaded JSON file: 422 `invalid_value`
    naming the row and field; neither it nor the good row beside it is created. Before, a 500 each time (as rows:
    the checksum; as a file: the write of the name)."""
    admin = login(live, "admin")
    code = f"99-01-{uuid.uuid4().hex[:6]}"
    rows = [{"code": f"{code}-ok", "municipality_code": "99-01", "name": "Село Верное"},
            {"code": code, "municipality_code": "99-01", "name": f"Село{LONE}Половинное"}]  # fmt: skip
    as_rows = _post_json(live, f"{SETTLEMENTS}/rows", {"rows": rows, "dry_run": dry_run}, admin)
    as_file = web.post(f"{live.url()}{SETTLEMENTS}", files={"file": ("settlements.json", _escaped(rows))},
                       data={"dry_run": str(dry_run).lower()}, headers=admin)  # fmt: skip
    for answer in (as_rows, as_file):
        _refused(answer, 422, "invalid_value")
        assert answer.json()["fields"][0]["loc"] == ["rows", 1, "name"]
    assert _settlements(live, code) == _settlements(live, f"{code}-ok") == 0


def test_plain_text_beside_a_lone_surrogate_check_is_still_imported(live: RunningStack) -> None:
    """The check refuses no real text: a settlement named with letters beyond the Basic Multilingual Plane (an
    emoji, whose JSON escape is a whole surrogate pair), combining marks and a right-to-left word is created."""
    admin = login(live, "admin")
    code = f"99-01-{uuid.uuid4().hex[:6]}"
    name = "Село Ёлкино \U0001f332 И\u0306 \u05e9\u05dc\u05d5\u05dd"
    rows = [{"code": code, "municipality_code": "99-01", "name": name}]
    answer = _post_json(live, f"{SETTLEMENTS}/rows", {"rows": rows}, admin)
    assert json_of(answer)["status"] == "applied", answer.text
    statement = sa.text("SELECT name FROM settlement WHERE code = :code").bindparams(code=code)
    assert [row[0] for row in database_rows(live, "IDENTIFICATION", statement)] == [name]


# --- JSON nested deeper than the stack -----------------------------------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize(
    "content",
    [b"[" * DEEP + b"]" * DEEP, b'[{"school_code": ' + b"[" * DEEP + b"]" * DEEP + b"}]"],
    ids=["whole_file", "one_cell"],
)
def test_a_json_file_nested_deeper_than_the_stack_is_unreadable(live: RunningStack, content: bytes) -> None:
    """An uploaded JSON file of arrays nested 100,000 deep (a few hundred kB; a JSON bomb of depth, not size),
    whole or in one cell: 422 `unreadable_file`, nothing written. Before, a 500 (`RecursionError`)."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    answer = web.post(f"{live.url()}{SOCIAL}", files={"file": ("rows.json", content)}, headers=analyst)
    _refused(answer, 422, "unreadable_file")
    assert (_batches(live), _stored_pupils(live)) == before


def test_a_score_file_in_deep_json_or_with_a_lone_surrogate_is_refused(live: RunningStack) -> None:
    """A diagnostic's score file in JSON nested too deep is 422 `unreadable_file`, one with a lone surrogate in a
    cell 422 `invalid_value`; no score is stored. Before, the deep one was a 500."""
    coordinator = login(live, "municipal_coordinator")
    body = _campaign_body(live, coordinator, f"Диагностика {uuid.uuid4().hex[:6]}")
    campaign = json_of(web.post(f"{live.url()}{COMPETENCE}/campaigns", json=body, headers=coordinator))
    url = f"{live.url()}{COMPETENCE}/campaigns/{campaign['id']}/scores/import"
    before = _scores(live)
    deep = web.post(url, files={"file": ("оценки.json", b"[" * DEEP + b"]" * DEEP)}, headers=coordinator)
    _refused(deep, 422, "unreadable_file")
    rows = [{"ФИО": f"Петров{LONE} Пётр", "Код ОО": body["school_codes"][0]}]
    lone = web.post(url, files={"file": ("оценки.json", _escaped(rows))}, headers=coordinator)
    _refused(lone, 422, "invalid_value")
    assert _scores(live) == before


# --- names of invisible characters only ----------------------------------------------------------------------------

INVISIBLE = " \u200b\u200f\ufeff\u00ad\u2060 "
"""Spaces around a zero-width space, a right-to-left mark, a BOM, a soft hyphen and a word joiner: five characters,
long enough for every minimum length, none of which anybody sees."""


def _plan(live: RunningStack, headers: dict[str, str]) -> dict[str, Any]:
    body = {"kind": "anti_risk_programme", "title": "Программа с невидимыми названиями", "school_code": SCHOOL,
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"number": "1.1", "title": "Диагностика", "deadline_text": "Сентябрь"}]}]}  # fmt: skip
    plan: dict[str, Any] = json_of(web.post(f"{live.url()}/api/roadmap/plans", json=body, headers=headers))
    return plan


def _empty_name(answer: httpx.Response, field: str) -> None:
    """422, the field named: too short (a `Text`) or «Поле не может быть пустым» (a plan's own check)."""
    _refused(answer, 422, "validation_error")
    (error,) = answer.json()["fields"]
    assert error["loc"] == ["body", field] and error["code"] in ("string_too_short", "value_error"), error
    assert "элемент" not in error["detail"], error  # a text, not a list: never «Слишком мало элементов»


def test_a_draft_or_activity_renamed_to_invisible_characters_is_422_and_keeps_its_title(live: RunningStack) -> None:
    """A plan's or an activity's title edited to zero-width characters only: 422, the title and revision as they
    were. Before, the activity took the title «\u200b» (a row with no name in every list and document) and the
    plan one of five invisible characters."""
    staff = login(live, "school_staff")
    plan = _plan(live, staff)
    activity = plan["sections"][0]["activities"][0]
    for url, field in ((f"/api/roadmap/plans/{plan['id']}", "title"), (f"/api/roadmap/activities/{activity['id']}",
                                                                       "title")):  # fmt: skip
        before = web.get(f"{live.url()}{url}", headers=staff)
        answer = web.patch(f"{live.url()}{url}", json={field: INVISIBLE}, headers=staff | {"If-Match": "*"})
        _empty_name(answer, field)
        after = web.get(f"{live.url()}{url}", headers=staff)
        assert (after.json()[field], after.headers["ETag"]) == (before.json()[field], before.headers["ETag"])


def test_new_records_named_with_invisible_characters_only_are_422(live: RunningStack) -> None:
    """Creating a plan, a section, an activity, an indicator, a library measure, a directory entry, a teacher, a
    methodology draft, a diagnostic, a user and an API client with a name of invisible characters only: 422 each,
    the field named. Before, each was created (its name five invisible characters, at least its minimum length)."""
    names = ("school_staff", "regional_analyst", "municipal_coordinator", "admin")
    staff, analyst, coordinator, admin = (login(live, name) for name in names)
    plan = _plan(live, staff)
    plans = f"/api/roadmap/plans/{plan['id']}"
    campaign = _campaign_body(live, coordinator, INVISIBLE)
    user = {
        "username": f"u{uuid.uuid4().hex[:8]}",
        "password": "Опора-пароль-2026",
        "full_name": INVISIBLE,
        "role": "municipal_coordinator",
        "scope": {"kind": "municipality", "region": "99", "municipality": "99-02"},
    }
    cases: list[tuple[str, dict[str, Any], dict[str, str], str]] = [
        ("/api/roadmap/plans", {"kind": "anti_risk_programme", "title": INVISIBLE, "school_code": SCHOOL,
                                "school_year": "2024-2025"}, staff, "title"),
        (f"{plans}/sections", {"title": INVISIBLE}, staff, "title"),
        (f"{plans}/sections/{plan['sections'][0]['id']}/activities", {"title": INVISIBLE, "deadline_text": "Май"},
         staff, "title"),
        (f"{plans}/indicators", {"name": INVISIBLE}, staff, "name"),
        ("/api/roadmap/library/measures", {"category": "risk_zone", "title": INVISIBLE, "responsible": "Директор"},
         analyst, "title"),
        ("/api/roadmap/parties", {"name": INVISIBLE, "kind": "person"}, coordinator, "name"),
        (f"{COMPETENCE}/teachers", {"school_code": SCHOOL, "full_name": INVISIBLE, "position": "учитель"}, staff,
         "full_name"),
        ("/api/identification/methodologies/1/copy", {"name": INVISIBLE}, analyst, "name"),
        (f"{COMPETENCE}/campaigns", campaign, coordinator, "title"),
        ("/api/admin/users", user, admin, "full_name"),
        ("/api/admin/clients", {"name": INVISIBLE, "scope": {"kind": "region", "region": "99"}}, admin, "name"),
    ]  # fmt: skip
    for url, body, headers, field in cases:
        _empty_name(web.post(f"{live.url()}{url}", json=body, headers=headers), field)
    assert json_of(web.get(f"{live.url()}{plans}", headers=staff))["revision"] == plan["revision"]


def test_invisible_characters_around_a_name_are_trimmed_and_inside_kept(live: RunningStack) -> None:
    """Trimming takes invisible characters at the ends only, as it takes spaces: «\u200bНовое название\u200f»
    is stored «Новое название»; a zero-width space inside a word is kept as written; a two-letter title passes."""
    staff = login(live, "school_staff")
    plan = _plan(live, staff)
    url = f"{live.url()}/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
    inner = "Пере\u200bименовано"
    for sent, stored in (("\u200bНовое название\u200f ", "Новое название"), (inner, inner), ("Ок", "Ок")):
        answer = web.patch(url, json={"title": sent}, headers=staff | {"If-Match": "*"})
        assert json_of(answer)["title"] == stored


# --- checks that stayed right ----------------------------------------------------------------------------------------


def test_a_school_year_written_with_a_slash_reads_the_same_and_a_wrong_span_is_422(live: RunningStack) -> None:
    """«2023/2024» is the school year «2023-2024» wherever a list takes one; «2023-2025» and «2024-2023» are 422
    `invalid_school_year`, never an empty list that looks like no data."""
    analyst = login(live, "regional_analyst")
    for url in ("/api/identification/agreed-list", "/api/identification/dashboard", "/api/roadmap/effects"):
        dashed = json_of(web.get(f"{live.url()}{url}", params={"school_year": YEAR}, headers=analyst))
        slashed = json_of(web.get(f"{live.url()}{url}", params={"school_year": "2023/2024"}, headers=analyst))
        assert slashed == dashed, url
        for wrong in ("2023-2025", "2024-2023"):
            answer = web.get(f"{live.url()}{url}", params={"school_year": wrong}, headers=analyst)
            _refused(answer, 422, "validation_error")
            assert answer.json()["fields"][0]["code"] == "invalid_school_year", answer.text


def test_another_municipality_naming_pairs_diagnostics_and_profiles_gets_403(live: RunningStack) -> None:
    """A coordinator of 99-02 names by id a mentor pair and a diagnostic of 99-01 and a school's competence
    profile, proposals and mentor suggestions: 403 `out_of_scope` each, nothing of theirs in the answer; the pair
    is not renamed or ended."""
    coordinator = login(live, "municipal_coordinator")
    secret = f"Тайна {uuid.uuid4().hex[:6]}"
    pair = json_of(web.post(f"{live.url()}/api/roadmap/mentor-pairs", json={
        "mentor_school_code": "9901001", "supported_school_code": SCHOOL, "starts_on": "2024-09-02",
        "rationale": secret}, headers=coordinator))  # fmt: skip
    campaign = json_of(web.post(f"{live.url()}{COMPETENCE}/campaigns",
                                json=_campaign_body(live, coordinator, secret), headers=coordinator))  # fmt: skip
    stranger = _coordinator_of(live, "99-02") | {"If-Match": "*"}
    pairs, campaigns = f"/api/roadmap/mentor-pairs/{pair['id']}", f"{COMPETENCE}/campaigns/{campaign['id']}"
    calls = [
        ("GET", pairs, None), ("PATCH", pairs, {"rationale": "Чужая правка"}),
        ("POST", f"{pairs}/end", {"ends_on": "2024-12-01"}), ("GET", campaigns, None),
        ("GET", f"{campaigns}/results", None), ("GET", f"{COMPETENCE}/schools/{SCHOOL}/profile", None),
        ("GET", f"/api/roadmap/competence-proposals?school_code={SCHOOL}", None),
        ("GET", f"/api/roadmap/mentor-pairs/suggestions?school_code={SCHOOL}&school_year=2024-2025", None),
    ]  # fmt: skip
    for method, url, body in calls:
        answer = web.request(method, f"{live.url()}{url}", json=body, headers=stranger)
        assert answer.status_code in (403, 404), (method, url, answer.status_code, answer.text)
        assert secret not in answer.text, (method, url)
    stored = json_of(web.get(f"{live.url()}{pairs}", headers=coordinator))
    assert (stored["rationale"], stored["revision"]) == (secret, pair["revision"])


@pytest.mark.parametrize("name", ["   ", "\u200b\u200b\u200b", " \ufeff\u200f \u00ad "])
def test_a_letterhead_named_with_spaces_or_invisible_characters_only_is_422(live: RunningStack, name: str) -> None:
    """A letterhead uploaded under a name of spaces or invisible characters only: 422 naming `name`, no letterhead
    stored; a name with spaces around is kept trimmed. Before, «   » was stored as the letterhead's name (the
    form field was checked for its length only)."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}/api/reports/templates"
    before = len(json_of(web.get(url, headers=analyst)))
    form = {"report_type": "identification_note"}
    answer = web.post(url, files={"file": ("бланк.docx", letterhead("{{p body }}"))}, data=form | {"name": name},
                      headers=analyst)  # fmt: skip
    _empty_name(answer, "name")
    assert len(json_of(web.get(url, headers=analyst))) == before
    kept = web.post(url, files={"file": ("бланк.docx", letterhead("{{p body }}"))},
                    data=form | {"name": "  Бланк управления  "}, headers=analyst)  # fmt: skip
    assert json_of(kept)["name"] == "Бланк управления"


# --- a preview token no preview gave ----------------------------------------------------------------------------------

SOCIAL_HEADER = "Код ОО;Учебный год;Количество обучающихся"


@pytest.mark.parametrize(
    "token", ["xx", "social:abc", "social:-1", "social: 1", "social:１", "social:2147483647", "results:1", "social:1:2"]
)
def test_a_preview_token_no_preview_gave_is_422_not_outdated(live: RunningStack, token: str) -> None:
    """A confirmation with a `preview_token` that no preview of these data could have given (garbled, of another
    kind, naming an import yet to come), as a file and as rows: 422 `invalid_preview_token` naming the field,
    nothing written. Before, a 412 `preview_outdated` saying another import had changed the data meanwhile, which
    sent the user looking for a colleague's import that never was."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    pupils = random.randrange(100, 5000)
    csv = f"{SOCIAL_HEADER}\n{SCHOOL};{YEAR};{pupils}\n".encode()
    as_file = web.post(f"{live.url()}{SOCIAL}", files={"file": ("social.csv", csv)}, data={"preview_token": token},
                       headers=analyst)  # fmt: skip
    as_rows = web.post(f"{live.url()}{SOCIAL_ROWS}", json={"rows": [_social_row(pupils=pupils)],
                                                           "preview_token": token}, headers=analyst)  # fmt: skip
    for answer in (as_file, as_rows):
        _refused(answer, 422, "invalid_preview_token")
        assert answer.json()["fields"][0]["loc"] == ["body", "preview_token"]
    assert (_batches(live), _stored_pupils(live)) == before


def test_a_preview_token_an_import_outdated_is_still_412(live: RunningStack) -> None:
    """The token of a real preview, after another import of the kind landed, stays 412 `preview_outdated`; the
    token of a preview read afterwards confirms."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}{SOCIAL}"

    def upload(pupils: int, **form: str) -> httpx.Response:
        csv = f"{SOCIAL_HEADER}\n{SCHOOL};{YEAR};{pupils}\n".encode()
        return web.post(url, files={"file": ("social.csv", csv)}, data=form, headers=analyst)

    base = random.randrange(100, 5000)
    token = json_of(upload(base, dry_run="true"))["preview_token"]
    assert json_of(upload(base + 1))["status"] in ("applied", "unchanged")
    _refused(upload(base + 2, preview_token=token), 412, "preview_outdated")
    again = json_of(upload(base + 2, dry_run="true"))["preview_token"]
    assert json_of(upload(base + 2, preview_token=again))["status"] == "applied"
    assert _stored_pupils(live) == [base + 2]


def test_a_diagnostic_opened_for_another_municipality_is_403_not_one_of_ones_own(live: RunningStack) -> None:
    """A coordinator of 99-01 opening a diagnostic with `municipality_code` 99-02: 403 `out_of_scope`, no campaign
    stored. Before, a campaign of 99-01 was opened instead (201), the municipality sent silently replaced; naming
    their own municipality, or none, still opens it for 99-01."""
    coordinator = login(live, "municipal_coordinator")
    title = f"Диагностика соседей {uuid.uuid4().hex[:6]}"
    body = _campaign_body(live, coordinator, title)
    url = f"{live.url()}{COMPETENCE}/campaigns"
    _refused(web.post(url, json=body | {"municipality_code": "99-02"}, headers=coordinator), 403, "out_of_scope")
    statement = sa.text("SELECT count(*) FROM diagnostic_campaign WHERE title = :t").bindparams(t=title)
    assert database_rows(live, "IDENTIFICATION", statement)[0][0] == 0
    own = json_of(web.post(url, json=body | {"municipality_code": "99-01"}, headers=coordinator))
    assert own["municipality_code"] == "99-01"


def test_a_filter_by_another_municipality_is_403_as_effects_and_outcomes_are(live: RunningStack) -> None:
    """A coordinator of 99-01 filtering monitoring or the dashboard by 99-02 got 200 and an empty table — «no
    data», where `/effects` and `/outcomes` say «not yours»: now 403 `out_of_scope` everywhere; an unknown code on
    the dashboard is 422 as on `/outcomes`; the own municipality still answers."""
    coordinator = login(live, "municipal_coordinator")
    for path in ("/api/roadmap/monitoring", f"/api/identification/dashboard?school_year={YEAR}&"):
        joiner = "" if path.endswith("&") else "?"
        other = web.get(f"{live.url()}{path}{joiner}municipality=99-02", headers=coordinator)
        _refused(other, 403, "out_of_scope")
        own = web.get(f"{live.url()}{path}{joiner}municipality=99-01", headers=coordinator)
        assert own.status_code == 200, own.text
    unknown = web.get(f"{live.url()}/api/identification/dashboard?school_year={YEAR}&municipality=77-77",
                      headers=coordinator)  # fmt: skip
    _refused(unknown, 422, "unknown_territory")
    regional = login(live, "regional_analyst")
    for path in ("/api/roadmap/monitoring?", f"/api/identification/dashboard?school_year={YEAR}&"):
        assert web.get(f"{live.url()}{path}municipality=99-02", headers=regional).status_code == 200
