"""The suite's real processes, started by forking one that has already imported the services.

A test stack starts the same `python -m services.run serve NAME` that `make run` and the containers start, but a
fresh interpreter spends 1.2–2.3 CPU-s importing FastAPI, SQLAlchemy, pandas and a service before it serves
anything, and the suite starts dozens of such processes per leg. So each test process keeps one fork
server (`python -m tests.forkserver`) that imports every process of the topology once and then forks a child
per request: the child sets its environment, working folder and logs, and runs `services.run.main(argv)` (or
another command line of the project, `python -m services.gateway.cli …`, as `runpy` runs it) as the command line
would, then exits as the interpreter does (atexit handlers and all). `run` waits for one and answers its exit code
and output as `subprocess.run` does. Only the imports are shared: no setting is read, no app made, no connection
opened before the fork, and the server has no thread to fork.

The child is forked twice so that it becomes a child of the test process (a Linux child subreaper): the tests
wait for it, signal it, kill it and read its exit status as they would a `subprocess.Popen`'s. Where that
cannot be had (another system), `spawn` falls back to `subprocess.Popen` of the same command.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from services.run import Child

PR_SET_CHILD_SUBREAPER = 36
"""prctl(2): orphaned descendants of this process are reparented to it instead of to init."""


class Process(Child, Protocol):
    """What the tests do with a process they started: a `subprocess.Popen`, or a `ForkedProcess`."""

    pid: int

    def send_signal(self, sig: int) -> None: ...


@dataclass
class ForkedProcess:
    """A child of this process that the fork server made: waited for, signalled and reaped like a Popen's."""

    pid: int
    args: list[str]
    returncode: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            time.sleep(0.02)
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:  # never a signal to a reaped pid, which may be another process's by now
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkServer:
    """The client side: one server per test process, started at the first `spawn`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: subprocess.Popen[bytes] | None = None
        self._requests: IO[bytes] | None = None
        self._replies: IO[bytes] | None = None
        self._available: bool | None = None

    @property
    def available(self) -> bool:
        """Whether this process could become the children's reaper (asked once, at the first `spawn`)."""
        if self._available is None:
            self._available = sys.platform == "linux" and _become_subreaper()
        return self._available

    def spawn(
        self, argv: Sequence[str], env: dict[str, str], cwd: Path, log: Path, module: str, errors: Path | None
    ) -> Process:
        """`python -m <module> <argv>` with `env` in `cwd`, its output appended to `log` (its errors to `errors`,
        when given)."""
        command = [sys.executable, "-m", module, *argv]
        if not self.available:
            with log.open("ab") as output, (errors or log).open("ab") as error_output:
                return subprocess.Popen(command, env=env, cwd=cwd, stdout=output, stderr=error_output)
        request = {
            "module": module, "argv": list(argv), "env": env, "cwd": str(cwd), "log": str(log),
            "errors": str(errors or log),
        }  # fmt: skip
        with self._lock:
            requests, replies = self._started()
            requests.write(json.dumps(request).encode() + b"\n")
            requests.flush()
            reply = replies.readline()
        if not reply.strip():
            raise RuntimeError(f"the fork server of the test processes could not start {command}")
        return ForkedProcess(int(reply), command)

    def _started(self) -> tuple[IO[bytes], IO[bytes]]:
        if self._server is None or self._server.poll() is not None:
            root = Path(__file__).resolve().parents[1]
            self._server = subprocess.Popen(  # it ends at the end of its input: when this process ends
                [sys.executable, "-m", "tests.forkserver"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            self._requests, self._replies = self._server.stdin, self._server.stdout
        assert self._requests is not None and self._replies is not None
        return self._requests, self._replies


def _become_subreaper() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


_server = ForkServer()


def spawn(
    argv: Sequence[str], env: dict[str, str], cwd: Path, log: Path, module: str = "services.run",
    errors: Path | None = None,
) -> Process:  # fmt: skip
    """Start `python -m <module> <argv>` through this test process's fork server (see the module's doc); its
    output goes to `log`, its errors too unless `errors` names their own file."""
    return _server.spawn(argv, env, cwd, log, module, errors)


def run(
    module: str, argv: Sequence[str], env: dict[str, str], cwd: Path, timeout: float
) -> subprocess.CompletedProcess[str]:
    """`python -m <module> <argv>` run to its end through the fork server, as `subprocess.run(…,
    capture_output=True, text=True)` would: its exit code, output and errors."""
    with tempfile.TemporaryDirectory(prefix="opora-run-") as folder:
        output, errors = Path(folder) / "stdout", Path(folder) / "stderr"
        process = spawn(argv, env, cwd, output, module, errors)
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        text = [
            path.read_text(encoding="utf-8", errors="replace") if path.exists() else "" for path in (output, errors)
        ]
        return subprocess.CompletedProcess([module, *argv], code, *text)


# --- The server -------------------------------------------------------------------------------------


def _preload() -> None:
    """Import what every process of the topology imports before it serves: its app module and Alembic."""
    from services.shared import topology

    for process in topology.ALL:
        importlib.import_module(process.app.partition(":")[0])
    importlib.import_module("alembic.command")
    importlib.import_module("alembic.config")
    importlib.import_module("services.run")


def _child(request: dict[str, object], pid_pipe: int) -> int:
    """In the forked child: become the process the command line would have started, run it, give its code."""
    os.write(pid_pipe, f"{os.getpid()}\n".encode())
    os.close(pid_pipe)
    os.chdir(str(request["cwd"]))
    env = request["env"]
    assert isinstance(env, dict)
    os.environ.clear()
    os.environ.update(env)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (not the server's: it may hold requests read ahead)
    for descriptor, path in ((1, request["log"]), (2, request["errors"])):
        opened = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(opened, descriptor)
        os.close(opened)
    argv, module = request["argv"], str(request["module"])
    assert isinstance(argv, list)
    args = [str(arg) for arg in argv]
    sys.argv = [module, *args]
    if module == "services.run":
        from services.run import main

        return main(args)
    # Not imported by the server (runpy warns of a module run as __main__ after its import), what it imports is.
    runpy.run_module(module, run_name="__main__", alter_sys=True)  # its `sys.exit(…)` ends the child
    return 0


def serve() -> int:
    """Read one request per line of stdin; answer each with the pid of a child of the test process."""
    _preload()
    assert threading.active_count() == 1, "a process with threads cannot be forked safely"
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    for line in requests:
        read_pid, write_pid = os.pipe()
        middle = os.fork()
        if middle == 0:
            os.close(read_pid)
            if os.fork() == 0:  # the grandchild, reparented to the test process once `middle` exits
                raise SystemExit(_child(json.loads(line), write_pid))
            os._exit(0)
        os.close(write_pid)
        with os.fdopen(read_pid, "rb") as pid_reader:
            pid = pid_reader.readline()
        os.waitpid(middle, 0)  # now the child is the test process's: it may wait for it
        replies.write(pid or b"\n")
        replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
