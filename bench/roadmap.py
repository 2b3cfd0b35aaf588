"""Deadlines at scale: `GET /api/roadmap/me/deadlines` over 100,000 activities, directly and through the gateway.

    .venv/bin/python -m bench.roadmap [--activities 100000] [--requests 200] [--sqlite]

Starts the four real processes on fresh PostgreSQL databases (`OPORA_TEST_POSTGRES`, default the local server;
`--sqlite` for the default storage) (as the end-to-end tests do), writes the plans straight
into the roadmap database (3 school years; the past ones archived, the current one approved and half done;
recurring activities with several due dates; municipal activities tracked per school), then times
sequential GETs for three callers — a school, a municipality, the region —, direct and through the gateway
one after the other, and prints p50/p95 in milliseconds (medians of three rounds), the ratio gateway/direct,
the roadmap process's CPU milliseconds per request (from /proc: what the service itself spent, which the load of
a shared machine distorts far less than wall time) and the load average; per role the p95 against the 20 ms goal
goes to the `make bench` table (`summary_rows()`), with the CPU figure and the load average beside it.
Then the throughput of the deadline parser, if it is there.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, insert, select

from bench.timing import (
    SummaryRow,
    load_average,
    median_of,
    percentiles,
    ratio,
    save_rows,
    saved_rows,
    time_interleaved,
)
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Party, Plan, PlanSection
from services.shared.audit import utcnow
from services.shared.db import make_engine
from services.shared.school_year import current_school_year, shift_school_year

ACTIVITIES_PER_PLAN = 50
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CALLERS = ("school_staff", "municipal_coordinator", "regional_analyst")
DEADLINE_TEXTS = (
    "Сентябрь",
    "в срок до 20 мая 2025 года",
    "Июнь – июль 2025 г.",
    "март 2025 г. (входной), сентябрь 2025 г. (промежуточный), ноябрь 2025 г. (итоговый)",
    "Ежегодно, октябрь-март",
    "По полугодиям",
    "ежемесячно",
    "В течение года",
    "25.05.2025",
    "февраль 2025 г. май 2025 г. сентябрь 2025г.",
)


class Generator:
    """Rows of plans in the demo territory and in invented schools and municipalities of the same region."""

    def __init__(self, territory: dict[str, Any], staff_subject: str, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.region = territory["region"]["code"]
        self.municipality = territory["municipality"]["code"]
        self.school = territory["school"]["code"]
        self.staff_subject = staff_subject
        self.today = date.today()
        self.now = utcnow()
        self.year = self.today.year if self.today.month >= 9 else self.today.year - 1

    def owner(self, index: int) -> tuple[str, str | None]:
        """(municipality, school) of plan `index`: every 10th plan is municipal, the user's own are few."""
        municipality = self.municipality if index % 20 == 0 else f"{self.region}-B{index % 25:02d}"
        if index % 10 == 0:
            return municipality, None
        school = self.school if index % 200 == 1 else f"{municipality}-S{index % 300:03d}"
        return municipality, school

    def plan(self, index: int) -> dict[str, Any]:
        municipality, school = self.owner(index)
        age = index % 3  # 0 the current school year, 1 and 2 the past ones
        start = date(self.year - age, 9, 1)
        return dict(
            id=index + 1,
            kind="anti_risk_programme" if school else "municipal_roadmap",
            title=f"План {index + 1}",
            description="",
            owner_kind="school" if school else "territory",
            region_code=self.region,
            municipality_code=municipality,
            school_code=school,
            owner_label=f"Владелец {index}",
            school_year=f"{start.year}-{start.year + 1}",
            period_start=start,
            period_end=date(start.year + 1, 8, 31),
            status="approved" if age == 0 else "archived",
            version=1,
            revision=1,
            created_by="user:1",
            created_by_name="Бенчмарк",
            created_at=self.now,
            updated_at=self.now,
        )

    def activity(self, plan: dict[str, Any], position: int, activity_id: int, party_id: int) -> dict[str, Any]:
        current = plan["status"] == "approved"
        status = self.random.choice(("planned", "in_progress", "done", "done")) if current else "done"
        return dict(
            id=activity_id,
            plan_id=plan["id"],
            section_id=plan["id"],
            position=position,
            number=f"1.{position}",
            title=f"Мероприятие {activity_id}: методический семинар по результатам оценочных процедур",
            responsible=[{"party_id": party_id, "name": "Иванова М.А."}] if position % 7 == 0 else [],
            co_executors=[],
            deadline_text=self.random.choice(DEADLINE_TEXTS),
            schedule={},
            expected_result="",
            targets=[],
            final_document="Справка",
            indicator="",
            status=status,
            progress=0,
            actual_result="",
            per_school=plan["school_code"] is None and position % 5 == 0,
            revision=1,
            updated_at=self.now,
        )

    def occurrences(self, plan: dict[str, Any], activity_id: int) -> list[dict[str, Any]]:
        days = (plan["period_end"] - plan["period_start"]).days
        offsets = sorted(self.random.sample(range(days), self.random.choice((1, 1, 2, 3, 4))))
        dues = [plan["period_start"] + timedelta(days=offset) for offset in offsets]
        return [dict(activity_id=activity_id, due=due, start=None, stage=None, label="") for due in dues]

    def school_rows(self, plan: dict[str, Any], activity_id: int) -> list[dict[str, Any]]:
        codes = [self.school] + [f"{plan['municipality_code']}-S{n:03d}" for n in range(1, 10)]
        return [
            dict(
                activity_id=activity_id,
                school_code=code,
                school_name=code,
                status=self.random.choice(("planned", "done")),
                progress=0,
                actual_result="",
                revision=1,
                updated_at=self.now,
            )
            for code in codes
        ]


def _batches(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def fill(engine: Engine, territory: dict[str, Any], staff_subject: str, activities: int) -> dict[str, int]:
    """Write plans, sections, activities, occurrences and per-school rows; answer the counts."""
    generate = Generator(territory, staff_subject)
    plans = [generate.plan(i) for i in range((activities + ACTIVITIES_PER_PLAN - 1) // ACTIVITIES_PER_PLAN)]
    sections = [
        dict(id=p["id"], plan_id=p["id"], position=1, number="1", title="Раздел", planned_results=[]) for p in plans
    ]
    rows: dict[str, list[dict[str, Any]]] = {"activity": [], "occurrence": [], "school": []}
    for index in range(activities):
        plan = plans[index // ACTIVITIES_PER_PLAN]
        activity = generate.activity(plan, index % ACTIVITIES_PER_PLAN + 1, index + 1, party_id=1)
        rows["activity"].append(activity)
        rows["occurrence"] += generate.occurrences(plan, index + 1)
        if activity["per_school"]:
            rows["school"] += generate.school_rows(plan, index + 1)
    with engine.begin() as connection:
        connection.execute(
            insert(Party), [dict(id=1, name="Иванова М.А.", kind="person", position="", user_subject=staff_subject)]
        )
        for table, values in (
            (Plan, plans),
            (PlanSection, sections),
            (Activity, rows["activity"]),
            (ActivityOccurrence, rows["occurrence"]),
            (ActivitySchool, rows["school"]),
        ):
            for batch in _batches(values):
                connection.execute(insert(table), batch)
        counts = {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("plans", Plan),
                ("activities", Activity),
                ("occurrences", ActivityOccurrence),
                ("school rows", ActivitySchool),
            )
        }
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")  # what autovacuum (PostgreSQL) or a DBA (SQLite) does after a load
    return counts


def parser_figures(texts: int = 20000) -> str | None:
    """Deadline texts parsed per second, if the schedule parser exists."""
    try:
        parser = importlib.import_module("services.roadmap.schedules.parser")
    except ImportError:
        return None
    parse = parser.parse_schedule
    samples = [DEADLINE_TEXTS[i % len(DEADLINE_TEXTS)] for i in range(texts)]
    started = time.perf_counter()
    for text in samples:
        parse(text, "2024-2025")
    seconds = time.perf_counter() - started
    return f"schedule parser: {texts / seconds:,.0f} texts/s ({texts} texts, {seconds:.2f} s)"


ROUNDS = 3
GOAL_P95_MS = 20.0
ROLE_NAMES = {"school_staff": "school", "municipal_coordinator": "municipality", "regional_analyst": "region"}


def rebuild_read_model(engine: Engine) -> None:
    """The bench writes plans straight into the tables: build the deadlines read model from them, as the
    migration does for data already there (skipped where the read model does not exist yet)."""
    try:
        read_model = importlib.import_module("services.roadmap.deadlines.read_model")
    except ImportError:
        return
    with engine.begin() as connection:
        read_model.rebuild(connection)
        connection.exec_driver_sql("ANALYZE")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _caller(client: httpx.Client, stack: Any, username: str) -> dict[str, str]:
    token = client.post(f"{stack.url()}/api/auth/token", data={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


Figure = tuple[str, float, float, float, str]
"""(caller, direct p95 ms, gateway p95 ms, the roadmap process's CPU ms per request, load average)"""


def measure(client: httpx.Client, stack: Any, requests: int) -> list[Figure]:
    """p50/p95 per caller, direct and through the gateway requested one after the other, medians of `ROUNDS`
    rounds, and the roadmap process's CPU per request (each request reaches it once, either way)."""
    path = "/api/roadmap/me/deadlines"
    pid = stack.processes["roadmap"].pid
    figures = []
    for username in CALLERS:
        headers = _caller(client, stack, username)
        urls = [f"{stack.url('roadmap')}{path}", f"{stack.url()}{path}"]
        first = client.get(urls[0], headers=headers).json()
        total = f"{first['total']}{'+' if first.get('total_capped') else ''}"
        time_interleaved(client, urls, headers, 10)  # warm-up
        rounds, cpu = [], []
        for _ in range(ROUNDS):
            before = cpu_seconds(pid)
            rounds.append([percentiles(way) for way in time_interleaved(client, urls, headers, requests)])
            cpu.append((cpu_seconds(pid) - before) * 1000 / (2 * requests))
        cpu_ms = median_of(cpu)
        load = load_average()
        direct = [median_of(r[0][q] for r in rounds) for q in (0, 1)]
        gateway = [median_of(r[1][q] for r in rounds) for q in (0, 1)]
        print(f"\n{username}: {total} deadlines due soon or overdue, first page of 50; {load}")
        print(f"  direct   p50 {direct[0]:7.2f} ms   p95 {direct[1]:7.2f} ms   (median of {ROUNDS} rounds)")
        print(f"  gateway  p50 {gateway[0]:7.2f} ms   p95 {gateway[1]:7.2f} ms")
        print(f"  ratio    p50 {gateway[0] / direct[0]:7.2f}      p95 {gateway[1] / direct[1]:7.2f}")
        print(f"  roadmap process CPU {cpu_ms:.2f} ms per request (median of {ROUNDS} rounds)")
        print(f"  p95 against the goal of {GOAL_P95_MS:.0f} ms: direct {ratio(direct[1], GOAL_P95_MS)}")
        figures.append((username, direct[1], gateway[1], cpu_ms, load))
    return figures


def effects_figure(client: httpx.Client, stack: Any) -> None:
    """`GET /effects` («Что работает») for the regional analyst: the list of last school year against this year's
    plans, whose activities of the listed schools are matched to the library's templates by title. The bench's
    region holds no list for that year, so this is the request's cost without one (before only the listed schools'
    activities were matched, every activity's title was: 8 s). Wall seconds and the roadmap process's CPU, medians
    of `ROUNDS`."""
    school_year = shift_school_year(current_school_year(), -1)
    url = f"{stack.url('roadmap')}/api/roadmap/effects?school_year={school_year}"
    headers = _caller(client, stack, "regional_analyst")
    pid = stack.processes["roadmap"].pid
    walls, cpus = [], []
    for _ in range(ROUNDS):
        before, started = cpu_seconds(pid), time.perf_counter()
        answer = client.get(url, headers=headers, timeout=1800)
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds(pid) - before)
    print(
        f"\nGET /effects, regional analyst, {school_year}: {answer.status_code}, "
        f"{len(answer.json().get('measures', []))} measures, {median_of(walls):.2f} s wall, "
        f"{median_of(cpus):.2f} CPU-s of the roadmap process (medians of {ROUNDS}); {load_average()}"
    )


def _rows(figures: list[Figure], activities: int, backend: str) -> list[SummaryRow]:
    """Per role: the direct p95 against the goal, the gateway's p95, the service's CPU and the load beside it."""
    rows: list[SummaryRow] = []
    for username, direct, gateway, cpu_ms, load in figures:
        name = f"GET /me/deadlines p95, {ROLE_NAMES[username]}, {activities:,} activities, {backend}"
        measured = (
            f"{direct:.1f} ms direct, {gateway:.1f} ms gateway (medians of {ROUNDS}); "
            f"service CPU {cpu_ms:.1f} ms/request; {load}"
        )
        rows.append((name, f"≤ {GOAL_P95_MS:.0f} ms", measured, ratio(direct, GOAL_P95_MS)))
    return rows


def summary_rows() -> list[SummaryRow]:
    """The deadlines rows of the `make bench` table, from this bench's last run."""
    return saved_rows("roadmap")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests each way, caller and round")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    if not args.sqlite:
        os.environ.setdefault("OPORA_TEST_POSTGRES", DEFAULT_POSTGRES)
    from tests.stack import running_stack  # reads OPORA_TEST_POSTGRES when imported

    with running_stack() as stack, httpx.Client(timeout=30) as client:
        territory = json.loads((Path(stack.env["OPORA_DATA_DIR"]) / "demo" / "territory.json").read_text("utf-8"))
        me = client.get(f"{stack.url()}/api/auth/me", headers=_caller(client, stack, "school_staff"))
        engine = make_engine(stack.env["OPORA_ROADMAP_DATABASE_URL"])
        started = time.perf_counter()
        counts = fill(engine, territory, f"user:{me.json()['id']}", args.activities)
        rebuild_read_model(engine)
        engine.dispose()
        backend = "SQLite" if args.sqlite else "PostgreSQL"
        print(
            f"{backend}; written in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        print(f"requests each way, caller and round: {args.requests}; {load_average()}")
        figures = measure(client, stack, args.requests)
        effects_figure(client, stack)
    save_rows("roadmap", _rows(figures, args.activities, backend))
    print()
    print(parser_figures() or "schedule parser: services.roadmap.schedules.parser not found, skipped")


if __name__ == "__main__":
    main()
