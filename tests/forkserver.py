"""The test suite's real processes, started from a fork server that has already imported the services.

Starting `python -m services.run serve NAME` costs 1.6–2.3 CPU-seconds before the process serves anything:
the interpreter and the imports of fastapi, sqlalchemy, pandas and the services' own code. The suite starts
about ten stacks of five processes per database leg, so those imports were a good part of its CPU time. Here
one interpreter per test process (multiprocessing's fork server, started on first use) imports them once,
and each process is a fork of it that then runs exactly what `python -m services.run serve NAME --port P`
runs: it is still a separate OS process with its own pid, environment, working folder, log file and port,
stopped by SIGTERM through uvicorn's graceful shutdown and crashed by SIGKILL.

What makes a fork equal to a fresh start: nothing the fork server imports reads an `OPORA_` setting (or another
of the free variables below) at import, makes settings, starts a thread or configures logging (the settings are
read when an app is made; tests/e2e/test_forkserver.py checks all of it), and the child replaces its whole
environment with the one it is given before it runs anything. A process whose environment differs from the
fork server's in any other variable (one that a library may have read at import, e.g. `PANDAS_…`, `OTEL_…`)
is not forked but started fresh: the child `exec`s the real command, with the same pid, and says so in its log.

multiprocessing runs the test process's main module again in each child when it is a module of ours
(`python -m tests.stack` for the browser tests): its top level only imports, the `__main__` part does not run.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRELOAD = [
    "tests.forkserver",
    "services.run",
    "services.gateway.main",
    "services.identification.main",
    "services.roadmap.main",
    "services.reports.main",
    "services.worker.main",
    "alembic.command",
    "alembic.config",
    "uvicorn.loops.auto",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
    "fastapi_offline",
    "fastapi.staticfiles",
    "httpcore",
    "h11",
]
"""What the fork server imports before it forks: this module (the children's entry), the launcher, the four
services' and the worker's app modules, and what `serve` imports later on its way to serving (Alembic for the
migrations at start, uvicorn's loop, protocol and lifespan modules, the offline API docs, the HTTP clients'
transport): 0.15–0.2 CPU-s less per process than the app modules alone."""

FREE_PREFIXES = ("OPORA_", "PYTEST_")
"""Variables in which a process's environment may differ from the fork server's and still be forked: Opora's
settings, read only when an app is made, and pytest's own bookkeeping (`PYTEST_CURRENT_TEST`)."""
FREE_NAMES = frozenset({"COLUMNS", "LINES"})
"""Also free: the terminal's size, which readline (imported by pytest) writes into the test process's C
environment only, so the fork server inherits it and the processes' environments (copies of `os.environ`)
lack it."""

_context = multiprocessing.get_context("forkserver")
_started: list[ForkedProcess] = []
_lock = threading.Lock()
_running = False


class ForkedProcess:
    """One process forked from the fork server, with the part of `subprocess.Popen`'s interface the tests use
    (`pid`, `returncode`, `poll`, `wait`, `send_signal`, `terminate`, `kill`). `returncode` is negative for a
    process ended by a signal, as with `Popen`."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str], log: Path) -> None:
        self.args = list(args)
        self._process = _context.Process(target=_child, args=(self.args, dict(env), str(log), str(ROOT)), daemon=True)
        _ensure_running()
        self._process.start()
        _started.append(self)

    @property
    def pid(self) -> int:
        pid = self._process.pid
        assert pid is not None, "a started process has a pid"
        return pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        code = self._process.exitcode
        if code is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return code

    def send_signal(self, sig: int) -> None:
        """Signal the process unless it has ended (its pid may then belong to another process)."""
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def serve(name: str, port: int, env: Mapping[str, str], log: Path) -> ForkedProcess:
    """`python -m services.run serve NAME --port PORT` with `env`, from ROOT, its output appended to `log`."""
    return ForkedProcess(["serve", name, "--port", str(port)], env, log)


def _ensure_running() -> None:
    """Start the fork server on first use (once per test process); `_stop` ends it when the process exits."""
    global _running
    with _lock:
        if not _running:
            _context.set_forkserver_preload(PRELOAD)
            atexit.register(_stop)
            _running = True


def stop_processes(processes: Sequence[subprocess.Popen[bytes] | ForkedProcess]) -> None:
    """Stop processes: all still running are asked (SIGTERM) at once, then each is waited for, killed if it
    hangs (10 s)."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _stop() -> None:
    """Stop what is still running, then the fork server. Waiting for every child first means the fork server
    has reaped them all, so their CPU time reaches this process's own accounting when it reaps the server."""
    stop_processes(_started)
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]  # no public way; it would outlive us unreaped


def _child(args: list[str], env: dict[str, str], log: str, root: str) -> None:
    """In the forked child: become `python -m services.run *args` with `env`, from `root` (the test process's
    checkout), logging to `log`."""
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    os.close(descriptor)
    os.chdir(root)
    command = [sys.executable, "-m", "services.run", *args]
    foreign = _foreign(os.environ, env)
    if foreign:  # the fork server's imports may have read another value: start fresh, with the same pid
        print(f"tests/forkserver.py: not forked, started fresh (variables differ: {sorted(foreign)})", flush=True)
        os.execve(sys.executable, command, env)
    from services import run

    if not Path(run.__file__).is_relative_to(root):  # the fork server imported another checkout's services
        print(f"tests/forkserver.py: not forked, started fresh ({run.__file__} is not under {root})", flush=True)
        os.execve(sys.executable, command, env)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [str(Path(root) / "services" / "run.py"), *args]
    try:
        code = run.main(args)
    finally:
        atexit._run_exitfuncs()  # what an interpreter does on its way out; multiprocessing's child skips it
    sys.exit(code)


def _foreign(current: Mapping[str, str], given: Mapping[str, str]) -> set[str]:
    """The variables, other than the free ones, in which `given` differs from `current`."""
    keys = {key for key in (*current, *given) if not free(key)}
    return {key for key in keys if current.get(key) != given.get(key)}


def free(key: str) -> bool:
    """Whether a process's environment may differ from the fork server's in `key` (nothing reads it at import,
    tests/e2e/test_forkserver.py checks)."""
    return key.startswith(FREE_PREFIXES) or key in FREE_NAMES
