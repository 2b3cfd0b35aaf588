"""The processes forked from the fork server (tests/forkserver.py) are real and isolated: each has a pid of its
own and is not the test process's child, serves with the environment it was given (its SPA folder, its
neighbours' addresses), logs to its own file, shuts down gracefully on SIGTERM and crashes on SIGKILL while
the others go on serving; a process given another library variable starts fresh; and nothing the fork server
imports reads a setting at import, which is what makes a fork equal to a fresh start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.shared import topology
from tests import forkserver
from tests.stack import ROOT, RunningStack, free_port, running_stack

pytestmark = pytest.mark.e2e

MARKER = f"forked-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def forked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """A stack of forked processes whose gateway serves an SPA folder made for this module only."""
    dist = tmp_path_factory.mktemp("dist")
    (dist / "index.html").write_text(f'<!doctype html><div id="app">{MARKER}</div>', encoding="utf-8")
    with running_stack(extra_env={"OPORA_FRONTEND_DIST": str(dist)}) as stack:
        yield stack


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")


def _health(stack: RunningStack, name: str) -> int:
    return httpx.get(f"{stack.url(name)}{topology.BY_NAME[name].health_path}", timeout=30).status_code


def test_each_process_is_its_own_fork_of_the_fork_server_not_of_the_test(forked: RunningStack) -> None:
    pids = {name: process.pid for name, process in forked.processes.items()}
    assert set(pids) == {process.name for process in topology.ALL}
    assert len(set(pids.values())) == len(pids) and os.getpid() not in pids.values()
    parents = {_status(pid)["PPid"] for pid in pids.values()}
    assert len(parents) == 1 and str(os.getpid()) not in parents, "all children of the one fork server"
    assert all("multiprocessing.forkserver" in " ".join(_cmdline(pid)) for pid in pids.values())


def test_each_process_serves_with_the_environment_it_was_given(forked: RunningStack) -> None:
    index = httpx.get(f"{forked.url()}/login", timeout=30)
    assert index.status_code == 200 and MARKER in index.text, "the gateway's OPORA_FRONTEND_DIST"
    health = httpx.get(f"{forked.url()}/api/health", timeout=30).json()
    assert health["status"] == "ok", "the gateway reached each service at this stack's OPORA_<NAME>_URL"
    assert _health(forked, "worker") == 200
    for name in forked.processes:
        log = (forked.log_dir / f"{name}.log").read_text(errors="replace")
        assert "Application startup complete" in log, name


def test_sigkill_crashes_one_process_and_the_others_go_on_serving(forked: RunningStack) -> None:
    process = forked.processes["roadmap"]
    forked.stop("roadmap", kill=True)
    try:
        assert process.returncode == -signal.SIGKILL
        for name in ("identification", "reports", "worker"):
            assert _health(forked, name) == 200, name
        health = httpx.get(f"{forked.url()}/api/health", timeout=30).json()
        assert health["services"]["roadmap"]["status"] == "unavailable"
        assert health["services"]["identification"]["status"] == "ok"
    finally:
        forked.start("roadmap")
    assert _health(forked, "roadmap") == 200


def test_sigterm_reaches_uvicorns_graceful_shutdown(forked: RunningStack) -> None:
    process = forked.processes["reports"]
    forked.stop("reports")
    try:
        assert process.returncode == -signal.SIGTERM, "uvicorn re-raises the signal it shut down on"
        log = (forked.log_dir / "reports.log").read_text(errors="replace")
        assert "Application shutdown complete" in log
    finally:
        forked.start("reports")
    assert _health(forked, "reports") == 200


def test_a_process_given_another_library_variable_runs_the_real_command(forked: RunningStack, tmp_path: Path) -> None:
    """A variable a library may read at import differs from the fork server's: the child execs the command."""
    env = {**forked.env, "OPORA_FORK_PROBE_UNUSED": "1", "FORK_PROBE": MARKER}
    second = RunningStack(env, {**forked.ports, "gateway": free_port()}, tmp_path)
    try:
        second.start("gateway")
        pid = second.processes["gateway"].pid
        assert _cmdline(pid)[1:] == ["-m", "services.run", "serve", "gateway", "--port", str(second.ports["gateway"])]
        assert f"FORK_PROBE={MARKER}" in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    finally:
        second.stop_all()


AUDIT = """
import functools, gc, json, logging, os, sys, threading, traceback

from tests.forkserver import free

def asked_by_services():  # the services' own code, not a library at its own import (its own variables)
    for frame in reversed(traceback.extract_stack()[:-2]):
        if frame.filename.startswith("<frozen importlib"):
            return False
        if frame.filename.startswith(sys.argv[1] + "/services/"):
            return True
    return False

class Recording(type(os.environ)):
    def __getitem__(self, key):
        if free(key) and sys._getframe(1).f_code.co_name != "__iter__":  # iterations are judged below
            reads.append([key, traceback.format_stack(limit=8)])
        return super().__getitem__(key)

    def __contains__(self, key):
        if isinstance(key, str) and free(key):
            reads.append([key, traceback.format_stack(limit=8)])
        return super().__contains__(key)

    def __iter__(self):
        if asked_by_services():  # e.g. settings made at import: pydantic-settings reads every variable
            reads.append(["(every variable)", traceback.format_stack(limit=12)])
        return super().__iter__()

reads = []
environ = os.environ
os.environ = Recording(
    environ._data, environ.encodekey, environ.decodekey, environ.encodevalue, environ.decodevalue
)
for name in sys.argv[2:]:
    __import__(name)
caches = [
    f"{cached.__module__}.{cached.__qualname__}"
    for cached in gc.get_objects()
    if isinstance(cached, functools._lru_cache_wrapper)
    and str(getattr(cached, "__module__", "")).startswith("services")
    and cached.cache_info().currsize
]
print(json.dumps({
    "reads": reads,
    "caches": caches,
    "threads": [thread.name for thread in threading.enumerate()],
    "handlers": [repr(handler) for handler in logging.getLogger().handlers],
}))
"""


@pytest.mark.no_database
def test_nothing_the_fork_server_imports_reads_a_setting_or_starts_anything() -> None:
    """A setting read at import would be the fork server's in every child: no free variable (an `OPORA_`
    setting, …) is read, no settings are cached, no thread runs and no logging is configured once the
    preloaded modules are imported. (Libraries' own variables may be read: a process whose environment differs
    in one of those is started fresh.)"""
    env = {**os.environ, "OPORA_ENV": "test"}
    audit = subprocess.run(
        [sys.executable, "-c", AUDIT, str(ROOT), *forkserver.PRELOAD],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(audit.stdout.splitlines()[-1])
    assert found["reads"] == [], found["reads"]
    assert found["caches"] == []
    assert found["threads"] == ["MainThread"]
    assert found["handlers"] == []
