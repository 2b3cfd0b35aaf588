"""The suite's fork server (tests/forkserver.py) starts `python -m services.run …` as the command line would: in
the given folder, with exactly the given environment, its output in the log, its exit code and signals the test
process's to read and send, and never with a setting read before the fork."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from services.shared import topology
from tests.forkserver import ForkedProcess, Process, run, spawn
from tests.stack import free_port
from tests.support import PATIENCE_SECONDS, web

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX's")


def _bare_environment(**settings: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("OPORA_")} | settings


def test_a_command_line_error_is_the_commands_exit_code_and_its_log(tmp_path: Path) -> None:
    process = spawn(["serve", "nowhere"], _bare_environment(), tmp_path, tmp_path / "out.log")
    assert isinstance(process, ForkedProcess), "on Linux the test process reaps the forked children"
    assert process.wait(timeout=PATIENCE_SECONDS) == 2
    assert "invalid choice: 'nowhere'" in (tmp_path / "out.log").read_text()


def test_the_child_runs_in_its_folder_with_its_own_environment(tmp_path: Path) -> None:
    """Two children with two databases named by a relative path: each migrates its own, in its own folder."""
    processes: list[Process] = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        env = _bare_environment(OPORA_GATEWAY_DATABASE_URL="sqlite:///gateway.db", OPORA_DATA_DIR=str(folder))
        processes.append(spawn(["migrate", "gateway"], env, folder, folder / "migrate.log"))
    assert [process.wait(timeout=PATIENCE_SECONDS) for process in processes] == [0, 0]
    for name in ("a", "b"):
        engine = sa.create_engine(f"sqlite:///{tmp_path / name / 'gateway.db'}")
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        engine.dispose()


def test_a_served_process_is_stopped_killed_and_reaped_by_the_test_process(tmp_path: Path) -> None:
    port = free_port()
    env = _bare_environment(
        OPORA_GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path / 'gateway.db'}", OPORA_DATA_DIR=str(tmp_path)
    )
    process = spawn(["serve", "gateway", "--port", str(port)], env, tmp_path, tmp_path / "gateway.log")
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        assert process.poll() is None, (tmp_path / "gateway.log").read_text()
        try:
            if web.get(f"http://127.0.0.1:{port}{topology.GATEWAY.health_path}", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            assert time.monotonic() < deadline, (tmp_path / "gateway.log").read_text()
            time.sleep(0.2)
    process.send_signal(signal.SIGSTOP)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0.3)
    process.kill()
    assert process.wait(timeout=PATIENCE_SECONDS) == -signal.SIGKILL
    assert process.poll() == -signal.SIGKILL
    process.kill()  # a reaped process is never signalled again (its pid may be another's by now)


def test_another_command_line_runs_as_python_m_would_with_its_output_and_errors_apart(tmp_path: Path) -> None:
    """`run` of the gateway's command line: its help on the output, a wrong command's usage on the errors, the
    exit codes argparse gives (`python -m services.gateway.cli …`, forked)."""
    helped = run("services.gateway.cli", ["--help"], _bare_environment(), tmp_path, timeout=PATIENCE_SECONDS)
    assert helped.returncode == 0 and "create-admin" in helped.stdout and helped.stderr == ""
    wrong = run("services.gateway.cli", ["nowhere"], _bare_environment(), tmp_path, timeout=PATIENCE_SECONDS)
    assert wrong.returncode == 2 and "invalid choice: 'nowhere'" in wrong.stderr and wrong.stdout == ""
