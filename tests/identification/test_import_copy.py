"""Result imports at volume, through the gateway: on PostgreSQL the COPY path (staging table, the diff in SQL,
one upsert with the revisions), on SQLite the bulk executemany path; the same answers on both."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from services.identification.imports import server_diff
from tests import support
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


postgres_only = pytest.mark.skipif(support.backend() != "postgresql", reason="the COPY path is PostgreSQL's")


def _year_file(schools: list[str], year: str) -> bytes:
    """`_rows` with some values left empty (a nullable column, rows of different layouts)."""
    rows = [
        [*row[:6], "" if k % 4 == 1 else row[6], "" if k % 5 == 2 else row[7]]
        for k, row in enumerate(_rows(schools, year))
    ]
    return csv_bytes([HEADER, *rows])


def _as_other_year(report: dict[str, Any], year: str, other: str) -> dict[str, Any]:
    """An import's answer with what only names the file or the moment (batch, checksum, the preview's token) left
    out, `year` read as `other`."""
    left_out = ("batch_id", "checksum", "file_name", "preview_token")
    kept = {k: v for k, v in report.items() if k not in left_out}
    parsed: dict[str, Any] = json.loads(json.dumps(kept, ensure_ascii=False).replace(year, other))
    return parsed


def _read(stack: Stack, statement: str, **parameters: Any) -> list[tuple[Any, ...]]:
    with identification_database(stack) as db:
        return [tuple(row) for row in db.execute(sa.text(statement), parameters).all()]


def _stored_in_order(stack: Stack, year: str) -> list[tuple[Any, ...]]:
    """The stored rows of `year` in the order of their ids, every column but the id and the year."""
    return _read(
        stack,
        "SELECT s.school_code, r.procedure, r.grade, r.subject, r.participants, r.below_min, r.mean_score,"
        " r.max_score, r.mark2, r.mark3, r.mark4, r.mark5, b.file_name, r.updated_at = b.created_at"
        " FROM assessment_result r JOIN school s ON s.id = r.school_id"
        " JOIN import_batch b ON b.id = r.batch_id WHERE r.school_year = :year ORDER BY r.id",
        year=year,
    )


@postgres_only
def test_the_first_upload_of_a_year_skips_the_diff_and_stores_what_the_diff_stores(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year the table does not hold yet is inserted from the staging table without a diff: its rows, their
    order, the answer and a dry run's preview are those of the diffed path, which a stored year takes."""
    schools = _schools(stack, 7)
    fresh_years: list[bool] = []
    years_unstored = server_diff._years_unstored

    def spied(*args: Any) -> bool:
        fresh_years.append(years_unstored(*args))
        return fresh_years[-1]

    monkeypatch.setattr(server_diff, "_years_unstored", spied)
    answers = {}
    for year in ("2047-2048", "2048-2049"):
        if year == "2048-2049":  # as if the year were stored: the diff finds every row new
            monkeypatch.setattr(server_diff, "_years_unstored", lambda *args: False)
        preview = upload(stack, "results", "year.csv", _year_file(schools, year), dry_run=True)
        applied = upload(stack, "results", "year.csv", _year_file(schools, year))
        assert preview.status_code == applied.status_code == 200, (preview.text, applied.text)
        answers[year] = (preview.json(), applied.json())
    assert fresh_years == [True, True]  # the first year's dry run and upload
    fresh, diffed = answers["2047-2048"], answers["2048-2049"]
    assert fresh[1]["created"] == len(schools) * 8 and fresh[0]["preview"]["added"]
    assert [_as_other_year(r, "2047-2048", "2048-2049") for r in fresh] == [_as_other_year(r, "", "") for r in diffed]
    assert _stored_in_order(stack, "2047-2048") == _stored_in_order(stack, "2048-2049")
    again = upload(stack, "results", "year.csv", _year_file(schools, "2047-2048")).json()
    assert again["status"] == "unchanged", again


@postgres_only
def test_a_key_stored_after_the_years_were_checked_is_overwritten_once(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a row of the year be stored between the check and the insert (a writer outside imports), the unique
    key refuses the insert; nothing of it stays, and the rows are written again as an upsert: the file's values,
    each key once (those rows count as created, without history, as for any new row such a writer races)."""
    schools = [school["school_code"] for school in all_schools(stack)][-4:]  # no other test uses them
    rows = _rows(schools, "2049-2050")
    assert upload(stack, "results", "first.csv", csv_bytes([HEADER, *rows[:8]])).json()["created"] == 8
    rows[0][5] = 77
    monkeypatch.setattr(server_diff, "_years_unstored", lambda *args: True)
    answer = upload(stack, "results", "all.csv", csv_bytes([HEADER, *rows]))
    assert answer.status_code == 200 and answer.json()["status"] == "applied", answer.text
    stored = _stored_in_order(stack, "2049-2050")
    assert len(stored) == len(rows) and len({row[:4] for row in stored}) == len(rows)
    by_key = {(row[0], row[2], row[3]): row for row in stored}
    assert by_key[(schools[0], 5, "russian")][4] == 77
    assert {row[12] for row in stored} == {"all.csv"}


def _revisions(stack: Stack, year: str) -> list[tuple[Any, ...]]:
    """The history the imports of `year` wrote, in the order of its ids."""
    return _read(
        stack,
        "SELECT s.school_code, v.key, v.before::text, v.after::text FROM indicator_revision v"
        " JOIN school s ON s.id = v.school_id WHERE v.kind = 'results' AND v.key LIKE :year ORDER BY v.id",
        year=f"{year}%",
    )


@postgres_only
def test_a_later_batch_diffs_only_the_schools_the_year_holds(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data centre sends a year in batches. Once the first is stored, a later batch's schools are mostly new to
    the year; only a school the batches split, or one sent again, has stored rows. The rows of the others are
    inserted from the staging table, and only those of the stored schools are diffed: the answers, a dry run's
    preview, the rows, their order and their history are those of the diff of every row."""
    schools = [school["school_code"] for school in all_schools(stack)][-12:-4]
    stored: list[int | None] = []
    stored_pairs = server_diff._stored_pairs

    def spied(*args: Any) -> int | None:
        stored.append(stored_pairs(*args))
        return stored[-1]

    monkeypatch.setattr(server_diff, "_stored_pairs", spied)
    answers = {}
    for year in ("2053-2054", "2054-2055"):
        if year == "2054-2055":  # every row diffed
            monkeypatch.setattr(server_diff, "_stored_pairs", lambda *args: None)
        first = [*_rows(schools[:3], year), *_rows(schools[3:4], year)[:5]]
        assert upload(stack, "results", "first.csv", csv_bytes([HEADER, *first])).json()["created"] == len(first)
        later = [*_rows(schools[3:], year)[5:], *_rows(schools[:2], year)]
        later[-1][5] += 1  # one value corrected
        later = later[1::2] + later[::2]  # schools stored and new interleaved
        preview = upload(stack, "results", "later.csv", csv_bytes([HEADER, *later]), dry_run=True)
        applied = upload(stack, "results", "later.csv", csv_bytes([HEADER, *later]))
        assert preview.status_code == applied.status_code == 200, (preview.text, applied.text)
        answers[year] = (preview.json(), applied.json())
    # the dry run and the upload of the first year's later batch: 19 of its rows are of schools the year holds
    assert stored == [3 + 16, 3 + 16], stored
    partial, diffed = answers["2053-2054"], answers["2054-2055"]
    assert (partial[1]["created"], partial[1]["updated"], partial[1]["unchanged"]) == (3 + 4 * 8, 1, 15)
    assert partial[0]["preview"]["added"] and partial[0]["preview"]["changed"]
    assert [_as_other_year(r, "2053-2054", "2054-2055") for r in partial] == [_as_other_year(r, "", "") for r in diffed]
    assert _stored_in_order(stack, "2053-2054") == _stored_in_order(stack, "2054-2055")
    assert _revisions(stack, "2053-2054") == [
        tuple(str(part).replace("2054-2055", "2053-2054") for part in row) for row in _revisions(stack, "2054-2055")
    ]
    assert len(_revisions(stack, "2053-2054")) == 1
    monkeypatch.setattr(server_diff, "_stored_pairs", spied)
    again = [*_rows(schools, "2053-2054")]
    again[0][5] += 2
    answer = upload(stack, "results", "again.csv", csv_bytes([HEADER, *again])).json()
    assert (answer["created"], answer["updated"]) == (0, 2), answer  # this row, and the one corrected before
    assert stored[-1] is None  # every school sampled holds the year: every row diffed, no pair probed
