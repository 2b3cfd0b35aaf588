"""Report render seconds: the identification note of a municipality (about 30 schools) and of a region
(1,000 schools), in each format, through the reports service with the real identification and roadmap
services in process over fresh databases.

    .venv/bin/python -m bench.reports [--postgres]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

FORMATS = ("docx", "xlsx", "pdf", "html")
CASES = (("муниципалитет", 200, "municipal_coordinator"), ("регион", 1000, "regional_analyst"))


def render_seconds(schools: int, username: str) -> tuple[int, dict[str, float]]:
    """Schools in the caller's territory and the render seconds per format."""
    from tests.conftest import build_stack

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack_context:
        stack = build_stack(Path(tmp), stack_context, schools=schools, reports_sync_seconds=600.0)
        headers = stack.auth(username)
        territory = stack.gateway.get("/api/identification/schools", params={"per_page": 1}, headers=headers)
        seconds = {}
        for fmt in FORMATS:
            body = {"report_type": "identification_note", "format": fmt, "parameters": {"school_year": "2023-2024"}}
            started = time.perf_counter()
            answer = stack.gateway.post("/api/reports/render", json=body, headers=headers)
            seconds[fmt] = time.perf_counter() - started
            answer.raise_for_status()
        return territory.json()["total"], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="fresh PostgreSQL databases (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    print("identification note, seconds per format (render answered in the foreground)")
    print(f"{'territory':<14} {'schools':>7} " + " ".join(f"{fmt:>7}" for fmt in FORMATS))
    for label, region_schools, username in CASES:
        schools, seconds = render_seconds(region_schools, username)
        print(f"{label:<14} {schools:>7} " + " ".join(f"{seconds[fmt]:>7.2f}" for fmt in FORMATS), flush=True)


if __name__ == "__main__":
    main()
