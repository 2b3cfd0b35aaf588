"""Run the legs of `make test` and print how long each took.

    python -m tests.legs test-python+lint+test-frontend test-postgres+test-browser

runs `make <leg>` for each leg. Arguments run one after another; the legs of one argument joined by `+` run at
once (a leg that mostly waits beside one that computes): the first streams its output, the others' output is
kept apart and printed whole, under its own heading, when the group is done, so no two legs' lines interleave.
The run stops after the first group with a failing leg and answers the exit code of the first failing leg in
the order given; the table of times (wall seconds, CPU seconds of the leg and everything it waited for, the load
average) is printed also when a leg failed, so a slow leg shows in every CI log. Only figures, never
assertions: the machine's speed fails nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class Leg:
    name: str
    code: int
    seconds: float
    """Wall-clock seconds from the start of the leg to its end."""
    cpu: float
    """CPU seconds (user and system) of `make <leg>` and of every process it waited for."""


@dataclass
class Running:
    name: str
    process: subprocess.Popen[bytes]
    started: float
    log: IO[bytes] | None
    """Where the leg's output goes while another leg of its group streams; None for the streaming leg."""


def start_leg(name: str, log: IO[bytes] | None) -> Running:
    make = os.environ.get("MAKE", "make")
    process = subprocess.Popen([make, "--no-print-directory", name], stdout=log, stderr=log)
    return Running(name, process, time.monotonic(), log)


def finished(running: Running) -> Leg | None:
    """The leg's exit code, wall seconds and the CPU seconds the kernel counted for it, once it has ended."""
    pid, status, usage = os.wait4(running.process.pid, os.WNOHANG)
    if pid == 0:
        return None
    running.process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - running.started
    return Leg(running.name, running.process.returncode, seconds, usage.ru_utime + usage.ru_stime)


def wait_all(running: Sequence[Running]) -> list[Leg]:
    """Wait for every leg, each timed at its own end; answers them in the order given. Polls each leg's own
    process (never `wait` for any child: the caller's other children are not ours to reap)."""
    done: dict[str, Leg] = {}
    while len(done) < len(running):
        for leg in running:
            if leg.name not in done and (result := finished(leg)) is not None:
                done[leg.name] = result
        time.sleep(0.05)
    return [done[leg.name] for leg in running]


def run_group(names: Sequence[str], folder: Path) -> list[Leg]:
    """Run the legs `names` at once: the first streams, the others write to files in `folder`, each printed
    whole after the group. Answers the legs in the order given."""
    logs = [None, *(open(folder / f"{name}.log", "w+b") for name in names[1:])]  # noqa: SIM115
    running = [start_leg(name, log) for name, log in zip(names, logs, strict=True)]
    legs = wait_all(running)
    for leg, log in zip(running[1:], logs[1:], strict=True):
        assert log is not None
        print(f"\n== {leg.name} (одновременно с {names[0]}): вывод", flush=True)
        log.seek(0)
        sys.stdout.buffer.write(log.read())
        sys.stdout.buffer.flush()
        log.close()
    return legs


def table(times: Sequence[Leg], wall: float | None = None) -> str:
    """The figures of every leg that ran; `wall` is the whole run's (the sum of the legs' when not given: legs
    that ran at once overlap, so their sum is more than the run took)."""
    lines = [
        f"  {leg.name:<16} {leg.seconds:7.1f} s {leg.cpu:8.1f} CPU-s  {'готово' if leg.code == 0 else 'ОШИБКА'}"
        for leg in times
    ]
    total = sum(leg.seconds for leg in times) if wall is None else wall
    cpu = sum(leg.cpu for leg in times)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return "\n".join(
        [
            "Время этапов make test:",
            *lines,
            f"  {'всего':<16} {total:7.1f} s {cpu:8.1f} CPU-s  (средняя загрузка за 1, 5, 15 мин: {load})",
        ]
    )


def main(groups: Sequence[str]) -> int:
    """Run every group in turn (see the module's docstring); answers the first failing leg's exit code."""
    times: list[Leg] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="opora-legs-") as folder:
        for group in groups:
            legs = run_group(group.split("+"), Path(folder))
            times.extend(legs)
            for leg in legs:
                print(f"\n== {leg.name}: {leg.seconds:.1f} s, {leg.cpu:.1f} CPU-s", flush=True)
            if any(leg.code != 0 for leg in legs):
                break
    print("\n" + table(times, time.monotonic() - started), flush=True)
    return next((leg.code for leg in times if leg.code != 0), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
