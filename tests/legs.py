"""Run the legs of `make test` one after another and print how long each took.

    python -m tests.legs lint test-python test-postgres test-frontend test-browser

runs `make <leg>` for each, stops at the first that fails, and prints a table of the times (also when a leg
failed), so a slow leg shows in every CI log. Only figures, never assertions: the machine's speed fails nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence


def run_leg(leg: str) -> tuple[int, float]:
    """Run `make <leg>`; answer its exit code and wall-clock seconds."""
    make = os.environ.get("MAKE", "make")
    started = time.monotonic()
    code = subprocess.run([make, "--no-print-directory", leg]).returncode
    return code, time.monotonic() - started


def table(times: Sequence[tuple[str, int, float]]) -> str:
    lines = [f"  {leg:<16} {seconds:7.1f} s  {'готово' if code == 0 else 'ОШИБКА'}" for leg, code, seconds in times]
    total = sum(seconds for _, _, seconds in times)
    return "\n".join(["Время этапов make test:", *lines, f"  {'всего':<16} {total:7.1f} s"])


def main(legs: Sequence[str]) -> int:
    times: list[tuple[str, int, float]] = []
    for leg in legs:
        code, seconds = run_leg(leg)
        times.append((leg, code, seconds))
        print(f"\n== {leg}: {seconds:.1f} s", flush=True)
        if code != 0:
            break
    print("\n" + table(times), flush=True)
    return max((code for _, code, _ in times), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
