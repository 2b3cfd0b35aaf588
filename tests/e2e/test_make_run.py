"""`make run`'s last step as a new user meets it: `python -m services.run all` prints the address, the demo
logins and where the logs are, and nothing after that buries them (the processes log to files)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from services.shared import topology
from tests.stack import ROOT, load_demo, stack_environment, stack_ports
from tests.support import PATIENCE_SECONDS, web

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def started() -> Iterator[tuple[str, Path, list[str]]]:
    """`services.run all` over a small demo region: its gateway URL, data folder and the lines it printed."""
    with ExitStack() as exit_stack:
        tmp = Path(exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="opora-run-")))
        ports = stack_ports()
        env = stack_environment(exit_stack, tmp, ports)
        load_demo(env, 30)
        output = (tmp / "terminal.txt").open("w+b")
        child = subprocess.Popen(
            [sys.executable, "-m", "services.run", "all", "--host", "127.0.0.1"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + PATIENCE_SECONDS
            while b"Ctrl+C" not in (tmp / "terminal.txt").read_bytes():
                assert child.poll() is None, (tmp / "terminal.txt").read_text(errors="replace")
                assert time.monotonic() < deadline, "services.run all did not say it is up"
                time.sleep(0.5)
            yield env["OPORA_GATEWAY_URL"], tmp, (tmp / "terminal.txt").read_text().splitlines()
        finally:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()


def test_the_address_and_the_logins_stay_on_screen(started: tuple[str, Path, list[str]]) -> None:
    gateway, tmp, _ = started
    for username in ("municipal_coordinator", "school_staff"):  # requests that would have logged to the terminal
        answer = web.post(f"{gateway}/api/auth/token", data={"username": username, "password": "demo"})
        assert answer.status_code == 200, answer.text
    time.sleep(1)
    lines = (tmp / "terminal.txt").read_text().splitlines()
    banner = lines.index(next(line for line in lines if line.startswith("Опора работает:")))
    assert any(line.startswith("Демо-планы созданы: ") for line in lines[:banner]), lines  # through every service
    assert lines[banner] == f"Опора работает: {gateway}/"
    assert lines[banner + 1].startswith("Демо-входы (пароль «demo»): admin, regional_analyst")
    assert lines[banner + 2] == f"Журналы процессов: {tmp / 'logs'}/"
    assert [line for line in lines[banner:] if line][-1] == "Остановить: Ctrl+C", lines[banner:]
    assert not [line for line in lines if "/api/auth/token" in line]  # no request log on the screen


def test_every_process_logs_to_its_own_file(started: tuple[str, Path, list[str]]) -> None:
    _, tmp, _ = started
    for process in topology.ALL:
        log = tmp / "logs" / f"{process.name}.log"
        assert log.exists() and log.stat().st_size > 0, process.name
    assert "/api/auth/token" in (tmp / "logs" / "gateway.log").read_text(errors="replace")
