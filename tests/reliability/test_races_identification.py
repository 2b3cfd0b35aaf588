"""Races on the identification service's writes with real concurrent clients (see test_races.py): runs
computed at once and while another is approved, overrides at once and during an approval, methodology edits,
activations, copies and deletions at once, score sheets and imports at once; and a run that reads its input
while an import commits (one snapshot: all of the import or none). Outcomes are asserted, never timing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from services.identification.runs import frames
from services.identification.runs import service as run_service
from services.identification.runs.schemas import RunCreate
from services.identification.runs.service import RunService
from services.shared.security import Principal, Role
from tests.identification.import_support import csv_bytes
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

API = "/api/identification"
ROUNDS = 3


def _get(live: RunningStack, path: str, headers: dict[str, str], **params: Any) -> Any:
    return json_of(web.get(f"{live.url()}{API}{path}", params=params, headers=headers))


def _post(live: RunningStack, path: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return json_of(web.post(f"{live.url()}{API}{path}", json=body, headers=headers))


def _year(live: RunningStack, headers: dict[str, str]) -> str:
    year: str = _get(live, "/school-years", headers)["latest"]
    return year


def _stored_whole(live: RunningStack, headers: dict[str, str], run: dict[str, Any]) -> None:
    """A run's rows are all there: as many as it counted, each with its explanation."""
    results = _get(live, f"/runs/{run['id']}/results", headers, per_page=500)
    assert results["total"] == run["schools_count"] > 0, (results["total"], run["schools_count"])
    assert sum(run["summary"]["trend"].values()) == run["schools_count"]
    first = results["items"][0]["school_code"]
    assert _get(live, f"/runs/{run['id']}/schools/{first}", headers)["rules"]


def test_runs_of_one_territory_and_year_computed_at_once_are_each_stored_whole(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    year = _year(live, analyst)
    for _ in range(2):
        answers = at_once(live, [request("POST", f"{API}/runs", json={"school_year": year}, headers=analyst)] * 3)
        no_server_errors(answers)
        runs = [json_of(a) for a in answers]
        assert len({r["id"] for r in runs}) == 3 and {r["status"] for r in runs} == {"computed"}
        assert len({r["schools_count"] for r in runs}) == 1 and len({str(r["summary"]) for r in runs}) == 1
        for run in runs:
            _stored_whole(live, analyst, run)


def _approved(live: RunningStack, headers: dict[str, str], year: str, territory: tuple[str, str | None]) -> list[int]:
    listed = _get(live, "/runs", headers, status="approved", school_year=year, per_page=500)["items"]
    return [r["id"] for r in listed if (r["territory_kind"], r["territory_code"]) == territory]


def test_a_run_approved_while_another_of_its_territory_is_computed(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    year = _year(live, analyst)
    for round_ in range(ROUNDS):
        run = _post(live, "/runs", analyst, {"school_year": year})
        order = {"order_number": f"{round_}-вр", "order_date": "2024-09-02"}
        approve, computed = at_once(
            live,
            [
                request("POST", f"{API}/runs/{run['id']}/approve", json=order, headers=analyst),
                request("POST", f"{API}/runs", json={"school_year": year}, headers=analyst),
            ],
        )
        no_server_errors([approve, computed])
        assert json_of(approve)["status"] == "approved" and json_of(computed)["status"] == "computed"
        _stored_whole(live, analyst, computed.json())
        territory = (run["territory_kind"], run["territory_code"])
        assert _approved(live, analyst, year, territory) == [run["id"]]


def _school(live: RunningStack, headers: dict[str, str], run_id: int) -> str:
    code: str = _get(live, f"/runs/{run_id}/results", headers, per_page=1)["items"][0]["school_code"]
    return code


OVERRIDES = (["low_results"], ["risk_zone", "unfavourable_social"], ["effective"])


def test_overrides_of_one_school_at_once_each_record_the_one_before(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    coordinator = login(live, "municipal_coordinator")
    year = _year(live, analyst)
    run = _post(live, "/runs", analyst, {"school_year": year})
    code = _get(live, f"/runs/{run['id']}/results", coordinator, per_page=1)["items"][0]["school_code"]
    url = f"{API}/runs/{run['id']}/schools/{code}/override"
    for round_ in range(ROUNDS):
        calls = [
            request("POST", url, json={"categories": c, "reason": f"Эксперт {i}.{round_}"}, headers=who)
            for i, (c, who) in enumerate(zip(OVERRIDES, (analyst, coordinator, analyst), strict=True))
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        detail = _get(live, f"/runs/{run['id']}/schools/{code}", analyst)
        chain = detail["overrides"][-3:]
        assert sorted(sorted(o["categories"]) for o in chain) == sorted(sorted(c) for c in OVERRIDES)
        for before, after in itertools.pairwise(chain):  # serialised: each saw the one before it
            assert after["before"] == before["categories"], chain
        assert detail["final_categories"] == chain[-1]["categories"]


def test_overrides_sent_with_the_decision_they_read_one_wins_the_other_412(live: RunningStack) -> None:
    """The decision's ETag is the number of its overrides: two experts who read the same decision and override
    it at once with that `If-Match` cannot both apply it; the loser gets 412 and writes nothing."""
    analyst = login(live, "regional_analyst")
    coordinator = login(live, "municipal_coordinator")
    run = _post(live, "/runs", analyst, {"school_year": _year(live, analyst)})
    code = _school(live, coordinator, run["id"])
    decision = f"{live.url()}{API}/runs/{run['id']}/schools/{code}"
    for round_ in range(ROUNDS):
        etag = web.get(decision, headers=analyst).headers["ETag"]
        calls = [
            request(
                "POST",
                f"{decision}/override",
                json={"categories": OVERRIDES[i], "reason": f"Эксперт {i}.{round_}"},
                headers=who | {"If-Match": etag},
            )
            for i, who in enumerate((analyst, coordinator))
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        codes = sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)
        assert codes == [(200, None), (412, "stale_revision")], [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 200)
        assert winner.headers["ETag"] == f'"{int(etag.strip(chr(34))) + 1}"'
        after = web.get(decision, headers=analyst)
        assert after.headers["ETag"] == winner.headers["ETag"]
        assert len(after.json()["overrides"]) == int(etag.strip('"')) + 1  # the loser wrote nothing
    stale = web.post(
        f"{decision}/override",
        json={"categories": ["effective"], "reason": "По старой версии"},
        headers=analyst | {"If-Match": '"0"'},
    )
    assert (stale.status_code, stale.json()["code"]) == (412, "stale_revision")


def test_an_override_during_the_approval_and_after_the_run_was_superseded(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    year = _year(live, analyst)
    for round_ in range(ROUNDS):
        run = _post(live, "/runs", analyst, {"school_year": year})
        code = _school(live, analyst, run["id"])
        before = _get(live, f"/runs/{run['id']}/schools/{code}", analyst)["final_categories"]
        wanted = ["risk_zone"] if before != ["risk_zone"] else ["effective"]
        order = {"order_number": f"{round_}-к", "order_date": "2024-09-02"}
        approve, override = at_once(
            live,
            [
                request("POST", f"{API}/runs/{run['id']}/approve", json=order, headers=analyst),
                request(
                    "POST",
                    f"{API}/runs/{run['id']}/schools/{code}/override",
                    json={"categories": wanted, "reason": "Во время утверждения"},
                    headers=analyst,
                ),
            ],
        )
        no_server_errors([approve, override])
        assert approve.status_code == 200, approve.text
        detail = _get(live, f"/runs/{run['id']}/schools/{code}", analyst)
        if override.status_code == 200:  # before the approval: the approved list holds it
            assert detail["final_categories"] == wanted and len(detail["overrides"]) == 1
        else:
            assert (override.status_code, override.json()["code"]) == (409, "run_approved"), override.text
            assert detail["final_categories"] == before and detail["overrides"] == []
    newer = _post(live, "/runs", analyst, {"school_year": year})
    _post(live, f"/runs/{newer['id']}/approve", analyst, {"order_number": "з-1", "order_date": "2024-09-03"})
    assert _get(live, f"/runs/{run['id']}", analyst)["status"] == "superseded"
    late = web.post(
        f"{live.url()}{API}/runs/{run['id']}/schools/{code}/override",
        json={"categories": ["effective"], "reason": "После замены"},
        headers=analyst,
    )
    assert (late.status_code, late.json()["code"]) == (409, "run_approved"), late.text


def _draft(live: RunningStack, headers: dict[str, str], name: str) -> dict[str, Any]:
    default = next(m for m in _get(live, "/methodologies", headers) if m["family"] == "default")
    draft: dict[str, Any] = _post(live, f"/methodologies/{default['id']}/copy", headers, {"name": name})
    return draft


def test_two_edits_of_one_draft_at_once_keep_both_fields(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        draft = _draft(live, analyst, f"Черновик правок {round_}")
        url = f"{API}/methodologies/{draft['id']}"
        edits = [{"name": f"Новое имя {round_}"}, {"description": f"Новое описание {round_}"}]
        any_revision = analyst | {"If-Match": "*"}  # an edit of whatever revision: the fields sent are applied
        answers = at_once(live, [request("PATCH", url, json=edit, headers=any_revision) for edit in edits])
        no_server_errors(answers)
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        stored = _get(live, f"/methodologies/{draft['id']}", analyst)
        assert (stored["name"], stored["description"]) == (edits[0]["name"], edits[1]["description"])


def test_two_versions_activated_for_one_year_at_once_leave_one_active(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        year = f"{2070 + round_}-{2071 + round_}"
        drafts = [_draft(live, analyst, f"Версия {round_}.{i}") for i in range(3)]
        calls = [
            request(
                "POST",
                f"{API}/methodologies/{d['id']}/activate",
                json={"school_year": year},
                headers=analyst | {"If-Match": f'"{d["revision"]}"'},
            )
            for d in drafts
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        active = _get(live, "/methodologies/active", analyst, school_year=year)
        assert active["id"] in {d["id"] for d in drafts} and active["active_for"] == [year]
        listed = [m for m in _get(live, "/methodologies", analyst) if year in m["active_for"]]
        assert [m["id"] for m in listed] == [active["id"]], listed
        assert all(_get(live, f"/methodologies/{d['id']}", analyst)["frozen"] for d in drafts)


def test_a_draft_copied_and_deleted_at_once(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        draft = _draft(live, analyst, f"Копируемый и удаляемый {round_}")
        url = f"{API}/methodologies/{draft['id']}"
        copy, delete = at_once(
            live,
            [
                request("POST", f"{url}/copy", json={"name": f"Копия {round_}"}, headers=analyst),
                request("DELETE", url, headers=analyst | {"If-Match": "*"}),
            ],
        )
        no_server_errors([copy, delete])
        ids = {m["id"]: m for m in _get(live, "/methodologies", analyst)}
        if copy.status_code == 201:
            assert (delete.status_code, delete.json()["code"]) == (409, "methodology_has_copies"), delete.text
            assert draft["id"] in ids and ids[copy.json()["id"]]["based_on_id"] == draft["id"]
        else:
            assert delete.status_code == 204, delete.text
            assert copy.status_code in (404, 409) and copy.json()["code"], copy.text
            assert draft["id"] not in ids and not any(m["based_on_id"] == draft["id"] for m in ids.values())


def test_a_draft_edited_while_a_run_applies_it(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    year = _year(live, analyst)
    for round_ in range(ROUNDS):
        draft = json_of(web.get(f"{live.url()}{API}/methodologies/{_draft(live, analyst, f'Расчёт {round_}')['id']}",
                                headers=analyst))  # fmt: skip
        rules = draft["rules"] | {"risk_count": draft["rules"]["risk_count"] | {"min_risks": 2 + round_ % 2}}
        run, edit = at_once(
            live,
            [
                request("POST", f"{API}/runs", json={"school_year": year, "methodology_id": draft["id"]},
                        headers=analyst),
                request("PATCH", f"{API}/methodologies/{draft['id']}", json={"rules": rules},
                        headers=analyst | {"If-Match": "*"}),
            ],
        )  # fmt: skip
        no_server_errors([run, edit])
        stored = _get(live, f"/methodologies/{draft['id']}", analyst)
        if run.status_code == 201:  # the version it froze holds the rules it applied
            applied = _get(live, f"/runs/{run.json()['id']}", analyst)["rules"]
            assert stored["frozen"] and applied == stored["rules"]
            assert edit.status_code == 200 or edit.json()["code"] == "methodology_frozen", edit.text
        else:
            assert (run.status_code, run.json()["code"]) == (409, "methodology_changed"), run.text
            assert edit.status_code == 200 and not stored["frozen"], edit.text


@pytest.fixture
def identification_db(live: RunningStack) -> Iterator[sa.Engine]:
    engine = sa.create_engine(live.env["OPORA_IDENTIFICATION_DATABASE_URL"])
    try:
        yield engine
    finally:
        engine.dispose()


def _campaign(live: RunningStack, headers: dict[str, str]) -> tuple[int, int, list[str]]:
    """A campaign over one school with one teacher, and the criteria of the card's first competence."""
    school = _get(live, "/schools", headers, per_page=1)["items"][0]["school_code"]
    card = _get(live, "/competence/cards", headers)[0]
    teacher = _post(live, "/competence/teachers", headers, {"school_code": school, "full_name": "Иванова Анна"})
    body = {"card_id": card["id"], "title": "Входная", "stage": "entry", "held_on": "2024-10-01",
            "school_year": "2024-2025", "school_codes": [school]}  # fmt: skip
    campaign = _post(live, "/competence/campaigns", headers, body)
    criteria = [c["code"] for c in card["definition"]["competences"][0]["criteria"]][:3]
    return campaign["id"], teacher["id"], criteria


def test_two_score_sheets_of_one_teacher_at_once_are_never_mixed(
    live: RunningStack, identification_db: sa.Engine
) -> None:
    analyst = login(live, "regional_analyst")
    campaign, teacher, criteria = _campaign(live, analyst)
    url = f"{API}/competence/campaigns/{campaign}/scores"
    query = sa.text(
        "SELECT criterion, value FROM competence_score WHERE campaign_id = :c AND teacher_id = :t AND rater = 'self'"
    )
    for _ in range(ROUNDS):
        sheets = [dict.fromkeys(criteria, value) for value in (2, 0)]
        calls = [
            request("PUT", url, json={"teacher_id": teacher, "rater": "self", "scores": s}, headers=analyst)
            for s in sheets
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        won = [a for a in answers if a.status_code == 200]
        assert won and all(a.json()["code"] == "scores_busy" for a in answers if a.status_code != 200), [
            a.text for a in answers
        ]
        with identification_db.connect() as connection:
            stored = {str(c): int(v) for c, v in connection.execute(query, {"c": campaign, "t": teacher}).all()}
        assert stored in sheets, stored  # one sheet whole, never half of each


VPR_HEADER = ["Код ОО", "Учебный год", "Класс", "Предмет", "Понизили", "Подтвердили", "Повысили"]


def test_imports_of_two_kinds_for_one_year_at_once_are_each_whole(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    schools = _get(live, "/schools", analyst, per_page=6)["items"]
    codes = [s["school_code"] for s in schools]
    for round_ in range(ROUNDS):
        year = f"{2080 + round_}-{2081 + round_}"
        vpr = csv_bytes([VPR_HEADER, *([code, year, "4", "русский", "3", "20", "1"] for code in codes)])
        rows = [{"school_code": code, "school_year": year, "procedure": "ВПР", "grade": 4, "subject": "russian",
                 "participants": 20, "below_min": 3} for code in codes]  # fmt: skip
        answers = at_once(
            live,
            [
                request("POST", f"{API}/imports/vpr_objectivity", files={"file": ("v.csv", vpr)}, headers=analyst),
                request("POST", f"{API}/imports/results/rows", json={"rows": rows, "source": "гонка"}, headers=analyst),
            ],
        )
        no_server_errors(answers)
        assert [json_of(a)["status"] for a in answers] == ["applied", "applied"]
        assert [a.json()["created"] for a in answers] == [len(codes), len(codes)]
        years = {y["school_year"]: y for y in _get(live, "/school-years", analyst)["years"]}
        assert years[year]["schools_with_results"] == len(codes)


def test_a_run_reads_its_input_from_one_snapshot(
    live: RunningStack, identification_db: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import that commits while a run reads its tables is in all of what the run reads or in none of it:
    here it commits between the run's first statements and its reading of the results (deterministically, from
    inside the read), and the run must not see it."""
    if identification_db.dialect.name != "postgresql":
        pytest.skip("SQLite: a run's request holds the write lock from its first statement, no import commits")
    analyst = login(live, "regional_analyst")
    year = _year(live, analyst)
    code = _get(live, "/schools", analyst, per_page=1)["items"][0]["school_code"]
    rows = [{"school_code": code, "school_year": year, "procedure": "РПР", "grade": g, "subject": "russian",
             "participants": 20, "below_min": 3} for g in (5, 6)]  # fmt: skip
    reading = frames.school_frame

    def import_meanwhile(*args: Any) -> Any:
        imported = web.post(f"{live.url()}{API}/imports/results/rows", json={"rows": rows}, headers=analyst)
        assert json_of(imported)["created"] == 2
        return reading(*args)

    monkeypatch.setattr(frames, "school_frame", import_meanwhile)
    seen: dict[str, Any] = {}

    def evaluated(engine_input: Any, *_: Any) -> Any:
        seen["input"] = engine_input
        raise LookupError("read enough")

    monkeypatch.setattr(run_service, "evaluate", evaluated)
    principal = Principal(subject="test", username="test", name="Тест", role=Role.regional_analyst,
                          scope={"kind": "all"})  # fmt: skip
    with identification_db.begin() as connection:  # the frames are rebuilt from the rows the run reads
        connection.execute(sa.text("DELETE FROM frame_blob"))
    with Session(identification_db) as session, pytest.raises(LookupError):
        RunService(session, principal).create(RunCreate(school_year=year))
    engine_input = seen["input"]
    results = engine_input.results
    mine = results[(results["school_code"] == code) & (results["procedure"] == "РПР")]
    assert mine.empty, mine
