"""Races and hostile input hunted down in a fourteenth round with real clients against the real processes (see
test_races.py): evidence titles and activity comments kept with the invisible characters around them (and a
comment of invisible characters only stored), the archive filtered by a report type that does not exist (200 and
an empty page), a methodology activated over a colleague's edit the analyst never saw (no `If-Match`), a status
«done» whose progress and completion date the audit trail did not record, and a form field in Windows-1251
stored as mojibake. Outcomes are asserted — what is stored —, never timing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from services.roadmap.db import AuditEvent as RoadmapAuditEvent
from tests.reliability.clients import at_once, audit_events, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_hostile_files import letterhead
from tests.reliability.test_races import PLANS, _me, _plan
from tests.reliability.test_races_hunt_6 import _refused
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

ACTIVITIES = "/api/roadmap/activities"
METHODOLOGIES = "/api/identification/methodologies"
SCHOOL = "9901003"
INVISIBLE = ["\u200b", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u2060"]
"""Zero-width space, left-to-right and right-to-left marks, the BOM, a soft hyphen, a word joiner."""
LINK = "https://example.org/spravka"


def _activity(live: RunningStack) -> tuple[dict[str, str], str]:
    """A school member's headers and the address of an activity of a new plan of their school."""
    school_staff = login(live, "school_staff")
    school = _me(live, school_staff)["scope"]["schools"][0]
    plan = _plan(live, school_staff, school)
    return school_staff, f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"


def _link(live: RunningStack, url: str, headers: dict[str, str], title: str | bytes) -> httpx.Response:
    """Evidence given as a link, sent as a multipart form (the SPA's way, a file or a link alike): each field a
    part without a file name, its bytes as given."""
    text = title if isinstance(title, bytes) else title.encode()
    return web.post(f"{live.url()}{url}/evidence", files={"title": (None, text), "url": (None, LINK.encode())},
                    headers=headers)  # fmt: skip


def _evidence(live: RunningStack, url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json_of(web.get(f"{live.url()}{url}/evidence", headers=headers))
    return found


def _comments(live: RunningStack, url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json_of(web.get(f"{live.url()}{url}/comments", headers=headers))
    return found


# --- invisible characters around an evidence title and a comment ----------------------------------------------------


@pytest.mark.parametrize("mark", INVISIBLE)
def test_an_evidence_title_is_trimmed_of_invisible_characters(live: RunningStack, mark: str) -> None:
    """A link's title pasted with an invisible character at either end is stored without it (one inside is kept);
    a title of invisible characters only is as empty as none: the link's address is its title. Before, both were
    stored as sent — a title nobody can see, a «Справка» that does not match «Справка»."""
    school_staff, url = _activity(live)
    json_of(_link(live, url, school_staff, f"{mark} Справка{mark}о работе {mark}"))
    json_of(_link(live, url, school_staff, f"{mark}{mark} {mark}"))
    titles = [e["title"] for e in _evidence(live, url, school_staff)]
    assert titles == [f"Справка{mark}о работе", LINK], titles


@pytest.mark.parametrize("mark", INVISIBLE)
def test_a_comment_of_invisible_characters_only_is_422_and_one_around_text_is_trimmed(
    live: RunningStack, mark: str
) -> None:
    """A comment of invisible characters only: 422 `string_too_short` naming `text`, nothing stored; one with them
    around the text is stored trimmed. Before, the empty-looking comment was stored (only spaces were trimmed)."""
    school_staff, url = _activity(live)
    answer = web.post(f"{live.url()}{url}/comments", json={"text": f" {mark}{mark} "}, headers=school_staff)
    _refused(answer, 422, "validation_error", "string_too_short")
    assert answer.json()["fields"][0]["loc"] == ["body", "text"]
    json_of(web.post(f"{live.url()}{url}/comments", json={"text": f"{mark}Проведено{mark}"}, headers=school_staff))
    assert [c["text"] for c in _comments(live, url, school_staff)] == ["Проведено"]


# --- a form field that is not UTF-8 -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_an_evidence_title_not_in_utf8_is_422_and_nothing_is_stored(live: RunningStack, encoding: str) -> None:
    """An evidence title sent in Windows-1251 or KOI8-R (an old script, a form posted by a legacy system): 422
    `invalid_encoding`, no evidence stored; the same title in UTF-8 is stored as written. Before, the bytes were
    read as Latin-1 and «Справка» was stored as «Ñïðàâêà»."""
    school_staff, url = _activity(live)
    _refused(_link(live, url, school_staff, "Справка о работе".encode(encoding)), 422, "invalid_encoding")
    assert _evidence(live, url, school_staff) == []
    json_of(_link(live, url, school_staff, "Справка о работе".encode()))
    assert [e["title"] for e in _evidence(live, url, school_staff)] == ["Справка о работе"]


def test_a_letterhead_name_not_in_utf8_is_422(live: RunningStack) -> None:
    """The same in another service's form: a letterhead's name in Windows-1251 is 422 `invalid_encoding` and no
    letterhead is stored. Before, it was stored as mojibake."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}/api/reports/templates"
    before = len(json_of(web.get(url, headers=analyst)))
    parts = {"report_type": (None, b"identification_note"), "name": (None, "Бланк управления".encode("cp1251")),
             "file": ("бланк.docx", letterhead("{{p body }}"))}  # fmt: skip
    answer = web.post(url, files=parts, headers=analyst)
    _refused(answer, 422, "invalid_encoding")
    assert len(json_of(web.get(url, headers=analyst))) == before


def test_latin_letters_and_an_emoji_in_utf8_are_still_text(live: RunningStack) -> None:
    """The check refuses no text: accented Latin letters and an emoji in UTF-8 are stored as written."""
    school_staff, url = _activity(live)
    json_of(_link(live, url, school_staff, "Café Škola 🎓".encode()))
    assert [e["title"] for e in _evidence(live, url, school_staff)] == ["Café Škola 🎓"]


# --- a report type that does not exist in the archive's filter --------------------------------------------------


@pytest.mark.parametrize("report_type", ["nope", "school_card ", "SCHOOL_CARD", "plan;", "identification_note_x"])
def test_an_unknown_report_type_in_the_archive_filter_is_422(live: RunningStack, report_type: str) -> None:
    """`GET /reports?report_type=nope`: 422 naming the filter, as the same value in a render request or a
    letterhead upload is (the report types' registry lists them). Before, 200 and an empty page: a typo looked like
    an empty archive."""
    analyst = login(live, "regional_analyst")
    answer = web.get(f"{live.url()}/api/reports/reports", params={"report_type": report_type}, headers=analyst)
    _refused(answer, 422, "validation_error", "string_pattern_mismatch")
    assert answer.json()["fields"][0]["loc"] == ["query", "report_type"]
    for known in ("school_card", "plan"):
        assert web.get(f"{live.url()}/api/reports/reports", params={"report_type": known},
                       headers=analyst).status_code == 200  # fmt: skip


# --- a methodology activated over an edit the analyst did not see ---------------------------------------------------

FAR_YEAR = "2089-2090"
"""A school year no other test activates a methodology for: activations here change nobody's runs."""


def _draft(live: RunningStack, analyst: dict[str, str]) -> tuple[str, str]:
    created = web.post(f"{live.url()}{METHODOLOGIES}/1/copy", json={"name": f"Черновик {uuid.uuid4().hex[:6]}"},
                       headers=analyst)  # fmt: skip
    return f"{METHODOLOGIES}/{json_of(created)['id']}", created.headers["ETag"]


def _active_for(live: RunningStack, year: str) -> Any:
    statement = sa.text("SELECT methodology_id FROM methodology_activation WHERE school_year = :year")
    rows = database_rows(live, "IDENTIFICATION", statement.bindparams(year=year))
    return rows[0][0] if rows else None


def test_an_activation_with_a_stale_etag_is_412_and_activates_nothing(live: RunningStack) -> None:
    """An analyst read a draft, a colleague renamed it, the analyst activates it with the ETag read: 412
    `stale_revision`, the year's methodology unchanged and the draft still editable. With the current ETag it is
    activated (without the header, 428: test_races_hunt_15). Before, `If-Match` was ignored: activated unseen."""
    analyst = login(live, "regional_analyst")
    url, read = _draft(live, analyst)
    before = _active_for(live, FAR_YEAR)
    edited = web.patch(f"{live.url()}{url}", json={"name": f"Правка коллеги {uuid.uuid4().hex[:6]}"},
                       headers=analyst | {"If-Match": read})  # fmt: skip
    json_of(edited)
    activation = {"school_year": FAR_YEAR}
    stale = web.post(f"{live.url()}{url}/activate", json=activation, headers=analyst | {"If-Match": read})
    _refused(stale, 412, "stale_revision")
    assert _active_for(live, FAR_YEAR) == before
    assert json_of(web.get(f"{live.url()}{url}", headers=analyst))["frozen"] is False
    current = web.post(f"{live.url()}{url}/activate", json=activation,
                       headers=analyst | {"If-Match": edited.headers["ETag"]})  # fmt: skip
    assert json_of(current)["frozen"] is True
    assert _active_for(live, FAR_YEAR) == int(url.rsplit("/", 1)[1])
    other, other_read = _draft(live, analyst)
    json_of(web.post(f"{live.url()}{other}/activate", json=activation, headers=analyst | {"If-Match": other_read}))
    assert _active_for(live, FAR_YEAR) == int(other.rsplit("/", 1)[1])


@pytest.mark.parametrize("if_match", ['W/"1"', "1", '"01"'])
def test_an_activation_with_an_etag_that_only_looks_right_is_refused(live: RunningStack, if_match: str) -> None:
    """A weak, unquoted or non-canonical tag for the revision read activates nothing (412, or 400 if malformed),
    as every conditional write refuses it."""
    analyst = login(live, "regional_analyst")
    url, _ = _draft(live, analyst)
    before = _active_for(live, FAR_YEAR)
    answer = web.post(f"{live.url()}{url}/activate", json={"school_year": FAR_YEAR},
                      headers=analyst | {"If-Match": if_match})  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) in ((412, "stale_revision"), (400, "invalid_if_match"))
    assert _active_for(live, FAR_YEAR) == before


def test_an_edit_and_an_activation_at_once_with_one_etag(live: RunningStack) -> None:
    """A rename and an activation of one draft at once, both with the ETag read: exactly one wins. If the rename
    won, the activation is 412 and nothing is activated; if the activation won, the rename is refused (the version
    is frozen, 409, or moved, 412) and the activated version is the one both read."""
    analyst = login(live, "regional_analyst")
    for _ in range(3):
        url, read = _draft(live, analyst)
        name = json_of(web.get(f"{live.url()}{url}", headers=analyst))["name"]
        tag = analyst | {"If-Match": read}
        edit, activation = at_once(live, [
            request("PATCH", url, json={"name": f"Правка {uuid.uuid4().hex[:6]}"}, headers=tag),
            request("POST", f"{url}/activate", json={"school_year": FAR_YEAR}, headers=tag),
        ])  # fmt: skip
        no_server_errors([edit, activation])
        stored = json_of(web.get(f"{live.url()}{url}", headers=analyst))
        if edit.status_code == 200:
            assert activation.status_code == 412, activation.text
            assert stored["frozen"] is False
        else:
            assert (activation.status_code, edit.status_code) in ((200, 409), (200, 412)), (edit.text, activation.text)
            assert (stored["frozen"], stored["name"]) == (True, name)
            assert _active_for(live, FAR_YEAR) == int(url.rsplit("/", 1)[1])


# --- a status «done» audited with the progress and date it sets --------------------------------------------------


def _municipal_activity(live: RunningStack, coordinator: dict[str, str]) -> int:
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2024-2025",
            "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": "Октябрь", "school_codes": [SCHOOL]}]}]}  # fmt: skip
    plan = json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator))
    return int(plan["sections"][0]["activities"][0]["id"])


def _patched(live: RunningStack, url: str, headers: dict[str, str], body: dict[str, Any]) -> None:
    json_of(web.patch(f"{live.url()}{url}", json=body, headers=headers | {"If-Match": "*"}))


def test_done_is_audited_with_the_progress_and_date_it_sets(live: RunningStack) -> None:
    """An activity at 40 % set «done» (and a school's part of it): the audit event records the progress 40 → 100
    and the completion date none → today beside the status, so the execution at an earlier date reads the
    progress back instead of guessing it. Before, only the status was recorded."""
    coordinator = login(live, "municipal_coordinator")
    activity = _municipal_activity(live, coordinator)
    url = f"{ACTIVITIES}/{activity}"
    _patched(live, url, coordinator, {"progress": 40})
    _patched(live, url, coordinator, {"status": "done"})
    _patched(live, f"{url}/schools/{SCHOOL}", coordinator, {"progress": 30})
    _patched(live, f"{url}/schools/{SCHOOL}", coordinator, {"status": "done"})
    today = date.today().isoformat()
    for entity, key in (("activity", str(activity)), ("activity_school", f"{activity}:{SCHOOL}")):
        action, before, after = audit_events(live, "ROADMAP", RoadmapAuditEvent, entity, key)[-1]
        assert set(before) == {"status", "progress", "completed_at"}, (action, before)
        assert before["progress"] == (40 if entity == "activity" else 30), before
        assert before["completed_at"] is None and before["status"] != "done", before
        assert after == {"status": "done", "progress": 100, "completed_at": today}, (action, after)
    execution = web.get(f"{live.url()}{url}", headers=coordinator)
    assert (json_of(execution)["status"], json_of(execution)["progress"]) == ("done", 100)


# --- a report render retried with another body under one key -------------------------------------------------------


def _archived(live: RunningStack, headers: dict[str, str]) -> int:
    answer = web.get(f"{live.url()}/api/reports/reports", params={"report_type": "school_card"}, headers=headers)
    return int(json_of(answer)["total"])


def test_a_render_with_one_idempotency_key_and_other_parameters_is_422_and_renders_once(live: RunningStack) -> None:
    """A school card requested in the background, then the same `Idempotency-Key` with another school year (a
    client reusing its key for a new request): the second is 422 `idempotency_key_reused`, not the first one's
    answer passed off as the second's; the first sent again gets its own answer back; one report is archived."""
    analyst = login(live, "regional_analyst")
    keyed = analyst | {"Idempotency-Key": f"card-{uuid.uuid4().hex}"}
    before = _archived(live, analyst)
    first = {"report_type": "school_card", "format": "html", "background": True,
             "parameters": {"school_code": SCHOOL, "school_year": "2023-2024"}}  # fmt: skip
    other = first | {"parameters": {"school_code": SCHOOL, "school_year": "2022-2023"}}
    accepted = web.post(f"{live.url()}/api/reports/render", json=first, headers=keyed)
    assert accepted.status_code in (200, 202), accepted.text
    _refused(web.post(f"{live.url()}/api/reports/render", json=other, headers=keyed), 422, "idempotency_key_reused")
    again = web.post(f"{live.url()}/api/reports/render", json=first, headers=keyed)
    assert (again.status_code, again.headers.get("Location")) == (
        accepted.status_code,
        accepted.headers.get("Location"),
    )
    assert _archived(live, analyst) == before + 1
