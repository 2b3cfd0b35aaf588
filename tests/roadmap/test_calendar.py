"""The iCalendar feed: created with a token, fetched without one, parsed back, revoked."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_party, add_plan, roadmap_session


def _scene(stack: Stack) -> date:
    today = date.today()
    t = stack.territory
    region, municipality, school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    with roadmap_session(stack.settings) as session:
        party = add_party(session, "Бабкина Н.А.")
        own = add_plan(session, title="Антирисковая программа", region=region, municipality=municipality, school=school)
        add_activity(
            session,
            own,
            "Диагностика компетенций педагогов",
            [today - timedelta(days=30), today + timedelta(days=90)],
            responsible=[party],
            expected_result="100% педагогов прошли диагностику",
            deadline_text="Октябрь, март",
        )
        add_activity(session, own, "Готово", [today + timedelta(days=3)], status="done")
        other = add_plan(session, title="Чужая", region=region, municipality=municipality, school="OTHER-SCHOOL-2")
        add_activity(session, other, "Чужое мероприятие", [today + timedelta(days=3)])
    return today


def test_feed_lifecycle(stack: Stack) -> None:
    today = _scene(stack)
    created = stack.gateway.post("/api/roadmap/me/calendar", headers=stack.auth("school_staff"))
    assert created.status_code == 201, created.text
    feed = created.json()
    assert feed["path"].startswith("/api/roadmap/calendar/") and feed["path"].endswith(".ics")
    assert feed["url"].endswith(feed["path"]) and feed["webcal_url"].startswith("webcal://")

    listed = stack.gateway.get("/api/roadmap/me/calendar", headers=stack.auth("school_staff")).json()
    assert [f["id"] for f in listed] == [feed["id"]]
    assert "path" not in listed[0] and "url" not in listed[0], "the secret is answered once"
    assert stack.gateway.get("/api/roadmap/me/calendar", headers=stack.auth("curator")).json() == []

    answer = stack.gateway.get(feed["path"])  # no bearer token: a calendar app has none
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "opora-deadlines.ics" in answer.headers["content-disposition"]
    calendar = Calendar.from_ical(answer.content)
    assert not calendar.walk("VTODO")
    events = calendar.walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["Диагностика компетенций педагогов"] * 2, "whole period, no done, no other school"
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == today - timedelta(days=30)
    assert first.decoded("DTEND") == today - timedelta(days=29)
    assert str(first["UID"]).startswith("occurrence-") and str(first["UID"]).endswith("@opora")
    assert len({str(e["UID"]) for e in events}) == 2
    description = str(first["DESCRIPTION"])
    for part in ("Антирисковая программа", "Бабкина Н.А.", "100% педагогов", "Октябрь, март"):
        assert part in description
    alarms = first.walk("VALARM")
    assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    assert alarms[0].decoded("TRIGGER") == timedelta(hours=-15), "at 9:00 the day before, not at midnight"

    again = stack.gateway.get(feed["path"], headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert stack.gateway.get(feed["path"]).content == answer.content, "the same rows give the same bytes"

    foreign = stack.gateway.delete(f"/api/roadmap/me/calendar/{feed['id']}", headers=stack.auth("curator"))
    assert foreign.status_code == 404 and foreign.json()["code"] == "calendar_not_found"
    revoked = stack.gateway.delete(f"/api/roadmap/me/calendar/{feed['id']}", headers=stack.auth("school_staff"))
    assert revoked.status_code == 204
    gone = stack.gateway.get(feed["path"])
    assert gone.status_code == 404
    assert gone.json() == {"code": "calendar_not_found", "detail": gone.json()["detail"], "fields": []}
    assert stack.gateway.get("/api/roadmap/me/calendar", headers=stack.auth("school_staff")).json() == []


def test_unknown_secret_is_404(stack: Stack) -> None:
    answer = stack.gateway.get("/api/roadmap/calendar/not-a-secret.ics")
    assert answer.status_code == 404 and answer.json()["code"] == "calendar_not_found"


def test_only_the_calendar_prefix_is_open_without_a_token(stack: Stack) -> None:
    for path in (
        "/api/roadmap/me/deadlines",
        "/api/roadmap/me/calendar",
        "/api/roadmap/me/notifications",
        "/api/roadmap/plan-kinds",
        "/api/identification/runs",
    ):
        answer = stack.gateway.get(path)
        assert answer.status_code == 401, path
        assert answer.json()["code"] == "not_authenticated"
    assert stack.gateway.post("/api/roadmap/me/calendar").status_code == 401


def test_a_curators_feed_names_the_school_of_each_per_school_row(stack: Stack) -> None:
    """A municipal roadmap's activity tracked per school is one event per school in a curator's calendar: each
    says which school by name (one title repeated for every school told the curator nothing), its code beside."""
    t = stack.territory
    region, municipality = t["region"]["code"], t["municipality"]["code"]
    schools = [school["code"] for school in t["curated_schools"][:2]]
    assert len(schools) == 2
    with roadmap_session(stack.settings) as session:
        plan = add_plan(session, title="Дорожная карта муниципалитета", region=region, municipality=municipality)
        add_activity(
            session,
            plan,
            "Посещение уроков",
            [date.today() + timedelta(days=10)],
            per_school=[(code, "planned") for code in schools],
        )
    created = stack.gateway.post("/api/roadmap/me/calendar", headers=stack.auth("curator"))
    assert created.status_code == 201, created.text
    events = Calendar.from_ical(stack.gateway.get(created.json()["path"]).content).walk("VEVENT")
    visits = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in events if "Посещение уроков" in str(e["SUMMARY"])}
    assert set(visits) == {f"Посещение уроков — Школа {code}" for code in schools}
    for code in schools:
        assert f"Школа: Школа {code} ({code})" in visits[f"Посещение уроков — Школа {code}"]
