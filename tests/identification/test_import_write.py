"""The write of a result import at volume, through the gateway, checked in the database itself: a failure in
the middle of the upsert leaves nothing, a re-import writes no batch and no history, a correction writes one
history row per changed row with only its changed values, and every written row carries its batch (a column
without an index since migration c9f0f53e2dc9). On PostgreSQL this is the COPY path; on SQLite the bulk
path, with the same answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from tests import support
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, identification_database, upload

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Средний балл", "«3»"]
SUBJECTS = ("русский язык", "математика")
FAULT = 777
"""Participants that the injected trigger refuses."""


def _rows(schools: list[str], year: str) -> list[list[Any]]:
    """ВПР rows of grades 5…8 in two subjects: 8 rows per school."""
    return [
        [code, year, "ВПР", grade, subject, 20 + grade, f"{10 + grade},5", 5]
        for code in schools
        for grade in range(5, 9)
        for subject in SUBJECTS
    ]


def _state(stack: Stack, year: str) -> tuple[list[tuple[Any, ...]], int, int]:
    """The stored rows of `year` (key, values, batch), the number of batches and of revisions."""
    with identification_database(stack) as db:
        rows = db.execute(
            sa.text(
                "SELECT school_id, grade, subject, participants, mean_score, mark3, batch_id FROM assessment_result "
                "WHERE school_year = :year ORDER BY school_id, grade, subject"
            ),
            {"year": year},
        ).all()
        batches = db.execute(sa.text("SELECT count(*) FROM import_batch")).scalar_one()
        revisions = db.execute(sa.text("SELECT count(*) FROM indicator_revision")).scalar_one()
    return [tuple(row) for row in rows], int(batches), int(revisions)


@contextmanager
def _refusing_trigger(stack: Stack) -> Iterator[None]:
    """A trigger that makes the database refuse one row of the upsert (a data error, as a value out of range
    would be), so the failure happens half-way through the write, after validation passed."""
    create = [
        "CREATE FUNCTION refuse_fault() RETURNS trigger AS $$ BEGIN IF NEW.participants = 777 THEN "
        "RAISE EXCEPTION 'injected' USING ERRCODE = 'numeric_value_out_of_range'; END IF; RETURN NEW; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_fault BEFORE INSERT OR UPDATE ON assessment_result FOR EACH ROW "
        "EXECUTE FUNCTION refuse_fault()",
    ]
    with identification_database(stack) as db:
        for statement in create:
            db.execute(sa.text(statement))
        db.commit()
    try:
        yield
    finally:
        with identification_database(stack) as db:
            db.execute(sa.text("DROP TRIGGER refuse_fault ON assessment_result"))
            db.execute(sa.text("DROP FUNCTION refuse_fault()"))
            db.commit()


@pytest.mark.skipif(support.backend() != "postgresql", reason="the injected trigger is PL/pgSQL")
def test_a_failure_in_the_middle_of_the_upsert_leaves_nothing_written(stack: Stack) -> None:
    schools = [s["school_code"] for s in all_schools(stack)][:12]
    rows = _rows(schools[:10], "2051-2052")
    assert upload(stack, "results", "r.csv", csv_bytes([HEADER, *rows])).json()["created"] == len(rows)
    before = _state(stack, "2051-2052")
    changed = [[*row[:5], row[5] + 1, *row[6:]] for row in rows]  # every stored row corrected …
    added = _rows(schools[10:], "2051-2052")  # … and two more schools
    added[5][5] = FAULT  # refused by the database half-way through the new rows
    with _refusing_trigger(stack):
        answer = upload(stack, "results", "r2.csv", csv_bytes([HEADER, *changed, *added]))
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_value", answer.text
    assert _state(stack, "2051-2052") == before
    added[5][5] = 30
    answer = upload(stack, "results", "r2.csv", csv_bytes([HEADER, *changed, *added]))
    assert (answer.json()["created"], answer.json()["updated"]) == (len(added), len(changed)), answer.text


def test_a_reimport_writes_no_batch_and_no_history(stack: Stack) -> None:
    rows = _rows([s["school_code"] for s in all_schools(stack)][:15], "2052-2053")
    content = csv_bytes([HEADER, *rows])
    first = upload(stack, "results", "r.csv", content).json()
    assert first["created"] == len(rows)
    before = _state(stack, "2052-2053")
    assert {row[-1] for row in before[0]} == {first["batch_id"]}
    again = upload(stack, "results", "again.csv", content).json()
    assert again["status"] == "unchanged" and again["batch_id"] is None
    assert _state(stack, "2052-2053") == before


def test_a_correction_writes_one_history_row_per_changed_row_and_its_batch(stack: Stack) -> None:
    schools = [s["school_code"] for s in all_schools(stack)][:10]
    rows = _rows(schools, "2053-2054")
    first = upload(stack, "results", "r.csv", csv_bytes([HEADER, *rows])).json()
    stored, _, revisions = _state(stack, "2053-2054")
    for row in rows[::7]:  # two values of every seventh row
        row[5] += 1
        row[7] += 1
    answer = upload(stack, "results", "r2.csv", csv_bytes([HEADER, *rows])).json()
    corrected = len(rows[::7])
    assert (answer["created"], answer["updated"], answer["unchanged"]) == (0, corrected, len(rows) - corrected)
    after, _, revisions_after = _state(stack, "2053-2054")
    assert revisions_after == revisions + corrected
    written = sorted(row[-1] for row in after)
    assert written == sorted([answer["batch_id"]] * corrected + [first["batch_id"]] * (len(rows) - corrected))
    with identification_database(stack) as db:
        history = db.execute(
            sa.text("SELECT before, after FROM indicator_revision WHERE batch_id = :batch"),
            {"batch": answer["batch_id"]},
        ).all()
    assert len(history) == corrected
    for before, now in history:
        before, now = (value if isinstance(value, dict) else json.loads(value) for value in (before, now))
        assert set(before) == set(now) == {"participants", "mark3"}
        assert now["participants"] == before["participants"] + 1 and now["mark3"] == before["mark3"] + 1
    assert len(stored) == len(after) == len(rows)
