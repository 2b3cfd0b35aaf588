"""A demo story for «Что работает», opt-in and separate from the demo plans (other demos and tests rely on those):

    .venv/bin/python -m services.roadmap.effects.demo [--url http://127.0.0.1:8000] [--password demo]

Through the public API, as the regional analyst: anti-risk programmes for 2023-2024 are drafted for the schools
of the 2022-2023 agreed list (risk factor 8), and three of their measures are marked done so that the screen and
the note have each case to show: the first by the half of the schools whose share below the minimum fell most
(the comparison shows a larger fall), the second by every other school in the order of that change (no
difference), the third by three schools (too few to say). The story is staged on the demo region's outcomes;
it says nothing about real measures. Nothing happens when the programmes of that year already exist.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

import httpx

LISTED_YEAR = "2022-2023"
PLAN_YEAR = "2023-2024"


@dataclass
class Story:
    titles: list[str]
    """the three measures, as their activities are titled"""
    completed: tuple[list[str], list[str], list[str]]
    """the schools that completed each"""
    plans: dict[str, int]
    """school code → its programme"""


def _login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    answer = client.post("/api/auth/token", data={"username": username, "password": password})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _done(client: httpx.Client, headers: dict[str, str], activity: dict[str, Any]) -> None:
    client.patch(
        f"/api/roadmap/activities/{activity['id']}",
        json={"status": "done"},
        headers=headers | {"If-Match": f'"{activity["revision"]}"'},
    ).raise_for_status()


def seed_effects_story(client: httpx.Client, password: str) -> Story:
    """Draft the programmes and complete the three measures."""
    headers = _login(client, "regional_analyst", password)
    outcomes = client.get("/api/identification/outcomes", params={"school_year": LISTED_YEAR}, headers=headers)
    outcomes.raise_for_status()
    drafts = client.post(
        "/api/roadmap/plans/from-identification",
        json={"school_year": LISTED_YEAR, "plan_year": PLAN_YEAR, "risk_factors": [8], "by_category": False},
        headers=headers,
    )
    drafts.raise_for_status()
    plans = {p["school_code"]: p for p in drafts.json()["created"]}
    known = sorted(
        (s for s in outcomes.json()["schools"] if s["fail_share_change"] is not None and s["school_code"] in plans),
        key=lambda s: (s["fail_share_change"], s["school_code"]),
    )
    chosen = (
        [s["school_code"] for s in known[: len(known) // 2]],
        [s["school_code"] for s in known[::2]],
        [s["school_code"] for s in known[-3:]],
    )
    titles: list[str] = []
    for code, plan in sorted(plans.items()):
        detail = client.get(f"/api/roadmap/plans/{plan['id']}", headers=headers)
        detail.raise_for_status()
        activities = detail.json()["sections"][0]["activities"][:3]
        titles = [a["title"] for a in activities]
        for activity, done in zip(activities, chosen, strict=False):
            if code in done:
                _done(client, headers, activity)
    return Story(titles, chosen, {code: plan["id"] for code, plan in plans.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.roadmap.effects.demo")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the gateway")
    parser.add_argument("--password", default="demo")
    args = parser.parse_args(argv)
    with httpx.Client(base_url=args.url, timeout=120) as client:
        story = seed_effects_story(client, args.password)
    for title, schools in zip(story.titles, story.completed, strict=False):
        print(f"{title}: выполнили {len(schools)} из {len(story.plans)} школ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
