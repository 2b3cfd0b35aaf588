"""A calendar feed reads with its owner's current scope and dies with the owner's access: the roadmap asks
the gateway, through HTTP, whose feed it is at every fetch."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from icalendar import Calendar

from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_plan, roadmap_session


def _summaries(answer: httpx.Response) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {str(event["SUMMARY"]) for event in Calendar.from_ical(answer.content).walk("VEVENT")}


def _user(stack: Stack, username: str) -> tuple[int, dict[str, str]]:
    body = {
        "username": username,
        "full_name": "Календарёва Ольга Петровна",
        "role": "municipal_coordinator",
        "scope": {"kind": "municipality", "municipality": stack.territory["municipality"]["code"]},
        "password": "correct-horse-1",
    }
    created = stack.gateway.post("/api/admin/users", json=body, headers=stack.auth("admin"))
    assert created.status_code == 201, created.text
    token = stack.login(username, "correct-horse-1")["access_token"]
    return created.json()["id"], {"Authorization": f"Bearer {token}"}


def test_a_feed_follows_its_owner_narrowed_then_deactivated(stack: Stack) -> None:
    t = stack.territory
    region, municipality, school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    today = date.today()
    with roadmap_session(stack.settings) as session:
        own = add_plan(session, title="План школы", region=region, municipality=municipality, school=school)
        add_activity(session, own, "Мероприятие своей школы", [today + timedelta(days=5)])
        other = add_plan(session, title="План соседей", region=region, municipality=municipality, school="NEIGHBOUR-1")
        add_activity(session, other, "Мероприятие соседней школы", [today + timedelta(days=6)])
    user_id, headers = _user(stack, "calendar-owner")
    feed = stack.gateway.post("/api/roadmap/me/calendar", headers=headers)
    assert feed.status_code == 201, feed.text
    path = feed.json()["path"]
    wide = _summaries(stack.gateway.get(path))
    assert {"Мероприятие своей школы", "Мероприятие соседней школы"} <= wide

    narrowed = stack.gateway.patch(
        f"/api/admin/users/{user_id}",
        json={"role": "school_staff", "scope": {"kind": "schools", "schools": [school]}},
        headers=stack.auth("admin") | {"If-Match": "*"},
    )
    assert narrowed.status_code == 200, narrowed.text
    narrow = _summaries(stack.gateway.get(path))
    assert "Мероприятие своей школы" in narrow and "Мероприятие соседней школы" not in narrow
    assert narrow < wide

    off = stack.gateway.post(f"/api/admin/users/{user_id}/deactivate", headers=stack.auth("admin"))
    assert off.status_code == 200
    gone = stack.gateway.get(path)
    assert gone.status_code == 404 and gone.json()["code"] == "calendar_not_found"
    direct = stack.services["roadmap"].get(path)  # the roadmap service asked directly, not via the gateway
    assert direct.status_code == 404


def test_a_feed_is_not_served_when_the_gateway_cannot_say_whose_it_is(stack: Stack) -> None:
    feed = stack.gateway.post("/api/roadmap/me/calendar", headers=stack.auth("curator")).json()
    assert stack.gateway.get(feed["path"]).status_code == 200
    app = stack.services["roadmap"].app
    reachable = app.state.gateway_client  # type: ignore[attr-defined]
    app.state.gateway_client = httpx.Client(base_url="http://127.0.0.1:9", timeout=1)  # type: ignore[attr-defined]
    try:
        answer = stack.gateway.get(feed["path"])
        assert answer.status_code == 503 and answer.json()["code"] == "dependency_unavailable"
        refused = stack.gateway.post("/api/roadmap/me/calendar", headers=stack.auth("curator"))
        assert refused.status_code == 503
    finally:
        app.state.gateway_client.close()  # type: ignore[attr-defined]
        app.state.gateway_client = reachable  # type: ignore[attr-defined]
    assert stack.gateway.get(feed["path"]).status_code == 200


def test_the_gateway_grant_endpoints_need_the_key_or_a_token(stack: Stack) -> None:
    key = {"key": "a" * 64}
    assert stack.gateway.post("/api/auth/calendar-grants", json=key).status_code == 401
    unknown = stack.gateway.post("/api/auth/calendar-grants/owner", json=key)
    assert unknown.status_code == 404 and unknown.json()["code"] == "calendar_not_found"
    short = stack.gateway.post("/api/auth/calendar-grants/owner", json={"key": "abc"})
    assert short.status_code == 422
