"""Where a `GET /me/deadlines` spends its CPU: the four apps in one process (as the tests build them) over
100,000 activities on PostgreSQL, a steady loop of requests to the roadmap app, profiled.

    .venv/bin/python -m bench.roadmap_profile [--activities 100000] [--requests 300] [--sqlite] [--top 25]

Prints per caller the CPU milliseconds per request of the whole process (`time.process_time`, every thread:
the endpoint runs in a worker thread), less the same loop's cost for `/api/roadmap/health` (the test client, the
event loop and the middleware every answer pays), and the functions with the most cumulative time under
cProfile. CPU time, not wall time: what other processes on a shared machine do changes it little.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.roadmap import CALLERS, DEFAULT_POSTGRES, fill, rebuild_read_model
from bench.timing import load_average, median_of

URL = "/api/roadmap/me/deadlines"


def cpu_ms_per_request(get: object, url: str, headers: dict[str, str], requests: int) -> float:
    """CPU milliseconds of the process per request, over `requests` sequential GETs."""
    assert callable(get)
    started = time.process_time()
    for _ in range(requests):
        answer = get(url, headers=headers)
        assert answer.status_code == 200, answer.text
    return (time.process_time() - started) * 1000 / requests


def profile(get: object, headers: dict[str, str], requests: int, top: int) -> str:
    """The cumulative-time table of `requests` GETs of the deadlines."""
    assert callable(get)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get(URL, headers=headers)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    if not args.sqlite:
        os.environ.setdefault("OPORA_TEST_POSTGRES", DEFAULT_POSTGRES)
    from tests.conftest import build_stack, release_seeded_regions  # reads OPORA_TEST_POSTGRES when imported

    with ExitStack() as exit_stack:
        exit_stack.callback(release_seeded_regions)
        stack = build_stack(Path(exit_stack.enter_context(tempfile.TemporaryDirectory())), exit_stack)
        staff = stack.gateway.get("/api/auth/me", headers=stack.auth("school_staff")).json()
        from services.shared.db import make_engine

        engine = make_engine(stack.settings.database_url("roadmap"))
        counts = fill(engine, stack.territory, f"user:{staff['id']}", args.activities)
        rebuild_read_model(engine)
        engine.dispose()
        print(", ".join(f"{v} {k}" for k, v in counts.items()), "|", load_average())
        roadmap = stack.services["roadmap"]
        for username in CALLERS:
            headers = stack.auth(username)
            cpu_ms_per_request(roadmap.get, URL, headers, 20)  # warm-up
            base = median_of(
                cpu_ms_per_request(roadmap.get, "/api/roadmap/health", headers, args.requests) for _ in "123"
            )
            cost = median_of(cpu_ms_per_request(roadmap.get, URL, headers, args.requests) for _ in "123")
            print(
                f"\n{username}: {cost:.2f} CPU-ms per request, {cost - base:.2f} above /api/roadmap/health ({base:.2f}); "
                f"median of 3 × {args.requests}; {load_average()}"
            )
            print(profile(roadmap.get, headers, args.requests, args.top))


if __name__ == "__main__":
    main()
