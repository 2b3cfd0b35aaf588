"""Result imports that meet the same new keys at once, through the gateway. On PostgreSQL the rows the diff found
new go in by a plain `INSERT … SELECT` (no upsert per row): two imports of the same keys are serialised and the
later one updates what the earlier one created, with its history; a row of the same key written meanwhile by
anyone else makes the plain insert fail, and the import repeats it as an upsert instead of answering 500."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests import support
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, identification_database, upload

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "«3»"]
SUBJECTS = ("русский язык", "математика")


def _rows(schools: list[str], year: str, participants: int) -> list[list[Any]]:
    """ВПР rows of grades 5…8 in two subjects: 8 rows per school."""
    return [
        [code, year, "ВПР", grade, subject, participants + grade, 3]
        for code in schools
        for grade in range(5, 9)
        for subject in SUBJECTS
    ]


def _stored(stack: Stack, year: str) -> dict[tuple[str, int, str], tuple[int, int]]:
    """(school code, grade, subject) → (participants, batch) of the stored rows of `year`."""
    with identification_database(stack) as db:
        rows = db.execute(
            sa.text(
                "SELECT s.school_code, r.grade, r.subject, r.participants, r.batch_id FROM assessment_result r "
                "JOIN school s ON s.id = r.school_id WHERE r.school_year = :year"
            ),
            {"year": year},
        ).all()
    return {(code, grade, subject): (participants, batch) for code, grade, subject, participants, batch in rows}


def _revisions(stack: Stack, batch_id: int) -> int:
    with identification_database(stack) as db:
        count = db.execute(sa.text("SELECT count(*) FROM indicator_revision WHERE batch_id = :b"), {"b": batch_id})
        return int(count.scalar_one())


def test_two_imports_of_the_same_new_keys_at_once_both_answer_and_the_later_one_wins(stack: Stack) -> None:
    schools = [s["school_code"] for s in all_schools(stack)][:6]
    year = "2051-2052"
    files = {20: _rows(schools, year, 20), 40: _rows(schools, year, 40)}
    barrier = threading.Barrier(len(files))

    def send(participants: int) -> httpx.Response:
        barrier.wait()
        return upload(stack, "results", f"r{participants}.csv", csv_bytes([HEADER, *files[participants]]))

    with ThreadPoolExecutor(max_workers=len(files)) as pool:
        answers = dict(zip(files, pool.map(send, files), strict=True))
    assert [a.status_code for a in answers.values()] == [200, 200], [a.text for a in answers.values()]
    reports = {participants: answer.json() for participants, answer in answers.items()}
    rows = len(files[20])
    first, later = sorted(reports, key=lambda p: reports[p]["batch_id"])
    assert (reports[first]["created"], reports[first]["updated"]) == (rows, 0), reports[first]
    assert (reports[later]["created"], reports[later]["updated"], reports[later]["unchanged"]) == (0, rows, 0)
    stored = _stored(stack, year)
    assert len(stored) == rows
    assert {batch for _, batch in stored.values()} == {reports[later]["batch_id"]}
    assert sorted(p for p, _ in stored.values()) == sorted(row[5] for row in files[later])
    assert _revisions(stack, reports[later]["batch_id"]) == rows
    assert _revisions(stack, reports[first]["batch_id"]) == 0
    again = upload(stack, "results", "again.csv", csv_bytes([HEADER, *files[later]]))
    assert (again.json()["status"], again.json()["unchanged"]) == ("unchanged", rows), again.text


def _waiting_on_a_lock(stack: Stack) -> bool:
    with identification_database(stack) as db:
        waiting = db.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO assessment_result%'"
            )
        )
        return int(waiting.scalar_one()) > 0


@pytest.mark.skipif(support.backend() != "postgresql", reason="a second writer holding a row lock: PostgreSQL")
def test_a_new_key_stored_meanwhile_by_another_writer_is_updated_not_a_500(stack: Stack) -> None:
    schools = [s["school_code"] for s in all_schools(stack)][6:8]
    year = "2052-2053"
    rows = _rows(schools, year, 20)
    with identification_database(stack) as other:
        school_id = other.execute(sa.text("SELECT id FROM school WHERE school_code = :c"), {"c": schools[0]})
        # Uncommitted until the import's insert waits for it: the diff has found the key new by then.
        other.execute(
            sa.text(
                "INSERT INTO assessment_result (school_id, school_year, procedure, grade, subject, participants, "
                "updated_at) VALUES (:school, :year, 'ВПР', 5, 'russian', 1, now())"
            ),
            {"school": school_id.scalar_one(), "year": year},
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            sent = pool.submit(upload, stack, "results", "r.csv", csv_bytes([HEADER, *rows]))
            assert support.wait_until(lambda: _waiting_on_a_lock(stack) or sent.done())
            other.commit()
            answer = sent.result()
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["status"], report["created"], report["updated"]) == ("applied", len(rows), 0), report
    stored = _stored(stack, year)
    assert len(stored) == len(rows)
    assert stored[(schools[0], 5, "russian")] == (25, report["batch_id"])
    assert {batch for _, batch in stored.values()} == {report["batch_id"]}
