"""Where a `GET /me/deadlines` spends its CPU: the four apps in one process (as the tests build them) over
100,000 activities on PostgreSQL, a steady loop of requests to the roadmap app, profiled.

    .venv/bin/python -m bench.roadmap_profile [--activities 100000] [--requests 300] [--sqlite] [--top 30]

The roadmap app is called in-process (`httpx.ASGITransport`) with its worker threads made inline (a sync
endpoint runs in the calling thread), so cProfile sees the whole request. Prints per caller the CPU
milliseconds per request (`time.process_time`), less the same loop's cost for `/api/roadmap/health` (the client,
the middleware and one database round trip every answer pays), medians of 3, and the functions with the most
cumulative and own time. CPU time, not wall time: what other processes on a shared machine do changes it
little. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx

from bench.roadmap import CALLERS, DEFAULT_POSTGRES, fill, rebuild_read_model
from bench.timing import load_average, median_of

URL = "/api/roadmap/me/deadlines"
HEALTH = "/api/roadmap/health"


async def _inline(func: Callable[..., Any], *args: Any, **_options: Any) -> Any:
    """`anyio.to_thread.run_sync` run in the calling thread, so the profiler sees the endpoint."""
    return func(*args)


async def _loop(app: Any, url: str, headers: dict[str, str], requests: int) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://roadmap") as client:
        for _ in range(requests):
            answer = await client.get(url, headers=headers)
            assert answer.status_code == 200, answer.text


def cpu_ms_per_request(app: Any, url: str, headers: dict[str, str], requests: int) -> float:
    """CPU milliseconds of the process per request, over `requests` sequential GETs."""
    started = time.process_time()
    asyncio.run(_loop(app, url, headers, requests))
    return (time.process_time() - started) * 1000 / requests


def profile(app: Any, headers: dict[str, str], requests: int, top: int, dump: Path | None = None) -> str:
    """The cumulative- and own-time tables of `requests` GETs of the deadlines (the raw stats to `dump`)."""
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(_loop(app, URL, headers, requests))
    profiler.disable()
    if dump is not None:
        profiler.dump_stats(dump)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--dump", type=Path, help="a folder for the raw cProfile stats, one file per caller")
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
        roadmap = stack.services["roadmap"].app
        anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
        for username in CALLERS:
            headers = stack.auth(username)
            cpu_ms_per_request(roadmap, URL, headers, 20)  # warm-up
            base = median_of(cpu_ms_per_request(roadmap, HEALTH, headers, args.requests) for _ in "123")
            cost = median_of(cpu_ms_per_request(roadmap, URL, headers, args.requests) for _ in "123")
            print(
                f"\n{username}: {cost:.2f} CPU-ms per request, {cost - base:.2f} above "
                f"/api/roadmap/health ({base:.2f}); "
                f"median of 3 × {args.requests}; {load_average()}"
            )
            dump = args.dump / f"{username}.pstats" if args.dump else None
            print(profile(roadmap, headers, args.requests, args.top, dump))


if __name__ == "__main__":
    main()
