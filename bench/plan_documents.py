"""Seconds of the plan documents of a large municipal roadmap (6 sections × 50 activities, one in five tracked
in 20 schools, two-stage deadlines, an evidence file on every tenth): the roadmap's execution read at a date
(one call for the whole plan, stages, schools and evidence) and each document rendered through the reports
service in DOCX, XLSX and PDF, with the real services in process over fresh databases.

    .venv/bin/python -m bench.plan_documents [--postgres] [--activities 300]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

SECTIONS = 6


def plan_body(stack: Any, activities: int) -> dict[str, Any]:
    schools = [s["code"] for s in stack.territory["curated_schools"]][:20]
    per_section = max(1, activities // SECTIONS)
    return {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта поддержки школ с низкими образовательными результатами",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [
            {
                "number": str(s + 1),
                "title": f"Направление {s + 1}",
                "planned_results": ["Все школы-участницы выполнили мероприятия направления"],
                "activities": [
                    {
                        "number": f"{s + 1}.{a + 1}",
                        "title": f"Мероприятие {s + 1}.{a + 1}: методический семинар для управленческих команд",
                        "responsible": [{"name": "Бабкина Н.А."}, {"name": "Руководители ОУ"}],
                        "deadline_text": "Октябрь 2024 г., май 2025 г.",
                        "expected_result": "не менее 2 школ",
                        "final_document": "Справка",
                        "school_codes": schools if a % 5 == 0 else [],
                    }
                    for a in range(per_section)
                ],
            }
            for s in range(SECTIONS)
        ],
    }


def seconds(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (OPORA_TEST_POSTGRES) instead of SQLite")
    parser.add_argument("--activities", type=int, default=300)
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    from tests.conftest import build_stack
    from tests.reports.test_plan_documents import render

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as context:
        stack = build_stack(Path(tmp), context, reports_sync_seconds=600.0)
        headers = stack.auth("municipal_coordinator")
        took, created = seconds(lambda: stack.gateway.post("/api/roadmap/plans", json=plan_body(stack, args.activities),
                                                           headers=headers))  # fmt: skip
        plan = created.json()
        activities = [a for s in plan["sections"] for a in s["activities"]]
        for activity in activities[::10]:
            stack.gateway.post(
                f"/api/roadmap/activities/{activity['id']}/evidence",
                data={"title": "Справка"},
                files={"file": (f"справка-{activity['number']}.pdf", b"%PDF-1.4\n%%EOF\n")},
                headers=headers,
            )
        print(f"plan of {len(activities)} activities created in {took:.2f} s")
        url = f"/api/roadmap/plans/{plan['id']}/execution"
        took, _ = seconds(lambda: stack.gateway.get(url, params={"as_of": "2024-11-15"}, headers=headers))
        print(f"GET /plans/{{id}}/execution at a date: {took:.2f} s (one call; stages, schools, evidence)")
        for report_type in ("plan", "plan_execution", "indicators"):
            for fmt in ("docx", "xlsx", "pdf"):
                params: dict[str, Any] = {"plan_id": plan["id"]}
                if report_type == "plan_execution":
                    params["as_of"] = "2024-11-15"
                took, content = seconds(lambda: render(stack, "municipal_coordinator", report_type, fmt, **params))  # noqa: B023
                print(f"{report_type:15} {fmt:5} {took:6.2f} s  {len(content) / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
