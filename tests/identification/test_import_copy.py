"""Result imports at volume, through the gateway: on PostgreSQL the COPY path (staging table, the diff in SQL,
one upsert with the revisions), on SQLite the bulk executemany path; the same answers on both."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.conftest import Stack
from tests.identification.import_support import (
    API,
    all_schools,
    batches,
    csv_bytes,
    export_rows,
    identification_database,
    post_rows,
    upload,
)

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Не преодолели минимальный порог"]
HEADER += ["Средний балл"]
SUBJECTS = ("русский язык", "математика")


def _rows(schools: list[str], year: str) -> list[list[Any]]:
    """ВПР rows of grades 5…8 in two subjects: 8 rows per school."""
    return [
        [code, year, "ВПР", grade, subject, 20 + grade, grade, f"{10 + grade},5"]
        for code in schools
        for grade in range(5, 9)
        for subject in SUBJECTS
    ]


def _schools(stack: Stack, count: int) -> list[str]:
    return [s["school_code"] for s in all_schools(stack)][:count]


def _stored(stack: Stack, year: str) -> list[dict[str, Any]]:
    return export_rows(stack, "results", school_year=year)


def test_a_bad_row_half_way_through_leaves_nothing_written(stack: Stack) -> None:
    rows = _rows(_schools(stack, 10), "2041-2042")
    rows[40][5] = "3000000000"  # passes as a number, would not fit the database's integer column
    answer = upload(stack, "results", "r.csv", csv_bytes([HEADER, *rows]))
    assert answer.status_code == 422, answer.text
    errors = answer.json()["report"]["errors"]
    assert [(e["row"], e["field"], e["code"]) for e in errors] == [(42, "participants", "out_of_range")]
    assert _stored(stack, "2041-2042") == []
    kept = upload(stack, "results", "r.csv", csv_bytes([HEADER, *rows]), keep_valid=True)
    assert kept.status_code == 200 and kept.json()["created"] == len(rows) - 1, kept.text
    assert len(_stored(stack, "2041-2042")) == len(rows) - 1


def test_the_same_rows_again_change_nothing_as_a_file_or_as_json(stack: Stack) -> None:
    rows = _rows(_schools(stack, 20), "2042-2043")
    content = csv_bytes([HEADER, *rows])
    first = upload(stack, "results", "r.csv", content)
    assert first.json()["status"] == "applied" and first.json()["created"] == len(rows)
    total = batches(stack)["total"]
    again = upload(stack, "results", "r.csv", content)
    assert again.json()["status"] == "unchanged" and again.json()["unchanged"] == len(rows)
    canonical = ["school_code", "school_year", "procedure", "grade", "subject", "participants", "below_min"]
    body = [dict(zip([*canonical, "mean_score"], [*r[:7], float(r[7].replace(",", "."))], strict=True)) for r in rows]
    as_json = post_rows(stack, "results", {"rows": body})
    assert as_json.json()["status"] == "unchanged" and as_json.json()["batch_id"] is None, as_json.text
    assert batches(stack)["total"] == total


def test_a_correction_writes_only_the_changed_values_and_their_history(stack: Stack) -> None:
    schools = _schools(stack, 5)
    rows = _rows(schools, "2043-2044")
    assert upload(stack, "results", "r.csv", csv_bytes([HEADER, *rows])).json()["created"] == len(rows)
    rows[0][5] = 99  # participants of the first row
    rows[9][7] = ""  # the mean score of another school's row removed (a nullable column)
    answer = upload(stack, "results", "r2.csv", csv_bytes([HEADER, *rows]))
    report = answer.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 2, len(rows) - 2), answer.text
    first = _history(stack, schools[0])
    assert first["before"] == {"participants": 25} and first["after"] == {"participants": 99}
    assert first["key"] == "2043-2044|ВПР|5|russian" and first["batch_id"] == report["batch_id"]
    second = _history(stack, schools[1])
    assert second["before"] == {"mean_score": 15.5} and second["after"] == {"mean_score": None}
    stored = {(r["school_code"], r["grade"], r["subject"]): r for r in _stored(stack, "2043-2044")}
    assert stored[(schools[0], 5, "russian")]["participants"] == 99
    assert stored[(schools[1], 5, "mathematics")]["mean_score"] is None
    assert stored[(schools[1], 5, "mathematics")]["participants"] == 25


def _history(stack: Stack, school: str) -> dict[str, Any]:
    answer = stack.gateway.get(
        f"{API}/imports/history", params={"school_code": school, "kind": "results"}, headers=stack.auth("admin")
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    assert len(items) == 1, items
    return items[0]


def test_new_rows_are_stored_in_the_files_order(stack: Stack) -> None:
    """Whatever order the COPY stream had (the binary one goes by layout), new rows get their ids as the file
    lists them: a run breaks ties by that order. Rows of different layouts alternate here (a mean score or none,
    subjects of different lengths)."""
    schools = _schools(stack, 6)
    rows = [row for row in _rows(schools, "2046-2047") if row[4] == "математика"]
    rows = [[*row[:7], "" if k % 3 else row[7]] for k, row in enumerate(rows)]
    rows = [rows[k] for k in [*range(1, len(rows), 2), *range(0, len(rows), 2)]]  # not in key order either
    assert upload(stack, "results", "order.csv", csv_bytes([HEADER, *rows])).status_code == 200
    with identification_database(stack) as db:
        stored = db.execute(
            sa.text(
                "SELECT s.school_code, r.grade FROM assessment_result r JOIN school s ON s.id = r.school_id"
                " WHERE r.school_year = '2046-2047' ORDER BY r.id"
            )
        ).all()
    assert [(code, grade) for code, grade in stored] == [(row[0], row[3]) for row in rows]
