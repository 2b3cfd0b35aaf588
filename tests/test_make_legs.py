"""`make test` runs its legs through tests/legs.py: each leg timed, the table printed even when a leg fails,
and the first failure stops the run with its exit code."""

from __future__ import annotations

import shutil

import pytest

from tests import legs


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
