"""What a test module's `stack` costs: built from scratch (migrate four databases, load the demo region and its
users) against a copy of the region seeded once per test process, as `tests/conftest.py` builds it now.

    .venv/bin/python -m bench.stacks [--rounds 5]        # SQLite
    OPORA_TEST_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.stacks

Prints the seconds of each way per stack (median and worst of the rounds) and the one-off seeding.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from tests.conftest import build_stack, release_seeded_regions, seed_databases, seeded_region
from tests.support import backend


def _seconds(build: Callable[[Path, ExitStack], object], rounds: int) -> list[float]:
    """Wall-clock seconds of `build` per round, each in a new folder; its databases released after each."""
    timings = []
    for _ in range(rounds):
        with ExitStack() as exit_stack:
            folder = Path(exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="opora-bench-")))
            started = time.perf_counter()
            build(folder, exit_stack)
            timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    seeded_region()
    seeding = time.perf_counter() - started
    fresh = _seconds(lambda folder, exit_stack: seed_databases(folder, exit_stack), args.rounds)
    copied = _seconds(build_stack, args.rounds)
    release_seeded_regions()
    print(f"backend: {backend()}, rounds: {args.rounds}")
    print(f"{'seeding once per process':<34} {seeding:6.2f} s")
    ways = (("migrate and load (databases only)", fresh), ("whole stack from the seeded copy", copied))
    for label, timings in ways:
        print(f"{label:<34} {statistics.median(timings):6.2f} s median, {max(timings):6.2f} s worst")


if __name__ == "__main__":
    main()
