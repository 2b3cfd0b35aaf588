"""`make test` runs its legs through tests/legs.py: each leg timed, the table printed even when a leg fails,
and the first failure stops the run with its exit code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests import legs

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def test_every_leg_is_timed_and_listed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MAKE", shutil.which("true") or "true")
    assert legs.main(["lint", "test-python"]) == 0
    table = capsys.readouterr().out.split("Время этапов make test:")[1]
    assert [line.split()[0] for line in table.strip().splitlines()] == ["lint", "test-python", "всего"]
    assert table.count("готово") == 2


def test_the_first_failing_leg_stops_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MAKE", shutil.which("false") or "false")
    assert legs.main(["lint", "test-python"]) == 1
    table = capsys.readouterr().out.split("Время этапов make test:")[1]
    assert "lint" in table and "ОШИБКА" in table and "test-python" not in table


FAKE_MAKE = """#!/bin/sh
# `make --no-print-directory <leg>` of these tests: a leg named wait-for-X waits until leg X has started.
leg="$2"
touch "$LEGS_DIR/$leg.started"
case "$leg" in
  wait-for-*)
    other="${leg#wait-for-}"
    tries=0
    while [ ! -e "$LEGS_DIR/$other.started" ]; do
      tries=$((tries + 1)); [ "$tries" -gt 3000 ] && exit 9
      sleep 0.1
    done ;;
esac
echo "$leg: first line"
echo "$leg: second line"
case "$leg" in fail*) exit 3 ;; esac
exit 0
"""


@pytest.fixture
def fake_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "make"
    script.write_text(FAKE_MAKE, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("MAKE", str(script))
    monkeypatch.setenv("LEGS_DIR", str(tmp_path))
    return tmp_path


def test_the_legs_of_a_group_run_at_once_and_their_output_stays_apart(
    fake_make: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Each leg waits until the other has started: run one after the other, the first would never end.
    assert legs.main(["wait-for-b+b", "c"]) == 0
    out = capfd.readouterr().out
    assert "== b (одновременно с wait-for-b): вывод\nb: first line\nb: second line\n" in out
    table = out.split("Время этапов make test:")[1]
    assert [line.split()[0] for line in table.strip().splitlines()] == ["wait-for-b", "b", "c", "всего"]
    assert (fake_make / "c.started").exists()


def test_a_failing_leg_of_a_group_fails_the_run_and_stops_the_next_group(
    fake_make: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert legs.main(["ok+fail-now", "later"]) == 3
    out = capfd.readouterr().out
    assert "fail-now: second line" in out  # the failing leg's output is shown
    table = out.split("Время этапов make test:")[1]
    assert [line.split()[0] for line in table.strip().splitlines()] == ["ok", "fail-now", "всего"]
    assert "ОШИБКА" in table and "готово" in table
    assert not (fake_make / "later.started").exists()


def test_the_makefile_runs_every_python_leg_and_each_leg_is_a_target() -> None:
    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    line = next(line for line in makefile.splitlines() if line.startswith("TEST_LEGS :="))
    names = [leg for group in line.split(":=")[1].split() for leg in group.split("+")]
    assert {"lint", "test-python", "test-postgres", "test-frontend", "test-browser"} <= set(names)
    assert len(names) == len(set(names))
    for name in names:
        assert re.search(rf"^{re.escape(name)}:", makefile, re.MULTILINE), name
