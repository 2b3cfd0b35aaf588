"""The dry run's row-by-row preview through the gateway: added rows with their values, changed rows with old → new
of the changed values only, refused rows with their errors; at most 200 rows per list."""

from __future__ import annotations

from typing import Any

from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, export_rows, post_rows, upload

HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Участников", "Средний балл"]


def _schools(stack: Stack) -> list[dict[str, Any]]:
    return all_schools(stack)[:3]


def _stored_row(stack: Stack, school: str, year: str) -> list[dict[str, Any]]:
    return export_rows(stack, "results", school_code=school, school_year=year)


def test_a_dry_run_shows_one_added_one_changed_and_one_refused_row(stack: Stack) -> None:
    first, second, third = _schools(stack)
    year = "2044-2045"
    stored = [second["school_code"], year, "ОГЭ", "9", "математика", "18", "12,5"]
    assert upload(stack, "results", "r.csv", csv_bytes([HEADER, stored])).json()["status"] == "applied"
    rows = [
        [first["school_code"], year, "ОГЭ", "9", "математика", "20", "14"],
        [second["school_code"], year, "ОГЭ", "9", "математика", "20", "12,5"],
        ["000000000", year, "ОГЭ", "9", "математика", "20", "14"],
        [third["school_code"], year, "ОГЭ", "9", "математика", "двадцать", "14"],
    ]
    answer = upload(stack, "results", "проверка.csv", csv_bytes([HEADER, *rows]), dry_run=True)
    assert answer.status_code == 200, answer.text
    preview = answer.json()["preview"]
    assert preview["truncated"] is False
    assert preview["added"] == [
        {
            "row": 2,
            "school_code": first["school_code"],
            "school_name": first["short_name"],
            "values": [
                {"column": "Учебный год", "old": None, "new": year},
                {"column": "Процедура", "old": None, "new": "ОГЭ"},
                {"column": "Класс", "old": None, "new": 9},
                {"column": "Предмет", "old": None, "new": "mathematics"},
                {"column": "Участников", "old": None, "new": 20},
                {"column": "Средний балл", "old": None, "new": 14.0},
            ],
        }
    ]
    assert preview["changed"] == [
        {
            "row": 3,
            "school_code": second["school_code"],
            "school_name": second["short_name"],
            "values": [{"column": "Участников", "old": 18, "new": 20}],
        }
    ]
    refused = preview["refused"]
    assert [(r["row"], r["school"]) for r in refused] == [(4, "000000000"), (5, third["school_code"])]
    assert [e["code"] for e in refused[0]["errors"]] == ["unknown_school"]
    assert refused[1]["errors"][0]["column"] == "Участников" and refused[1]["errors"][0]["detail"]
    assert _stored_row(stack, first["school_code"], year) == []
    assert _stored_row(stack, second["school_code"], year)[0]["participants"] == 18


def test_json_rows_name_their_columns_in_russian_and_a_real_upload_has_no_preview(stack: Stack) -> None:
    school = _schools(stack)[0]["school_code"]
    row = {"school_code": school, "school_year": "2045-2046", "procedure": "ЕГЭ", "grade": 11}
    body = {"rows": [{**row, "subject": "russian", "participants": 7}], "dry_run": True}
    answer = post_rows(stack, "results", body)
    assert answer.status_code == 200, answer.text
    values = answer.json()["preview"]["added"][0]["values"]
    assert {"column": "Количество участников", "old": None, "new": 7} in values
    applied = post_rows(stack, "results", {**body, "dry_run": False})
    assert applied.json()["status"] == "applied" and applied.json()["preview"] is None


def test_long_lists_are_cut_at_200_rows(stack: Stack) -> None:
    codes = [s["school_code"] for s in all_schools(stack)]
    rows = [
        {"school_code": code, "school_year": "2046-2047", "procedure": "ВПР", "grade": g}
        for code in codes
        for g in range(4, 9)
    ]
    assert len(rows) > 200
    body = {"rows": [{**r, "subject": "russian", "participants": 10} for r in rows], "dry_run": True}
    answer = post_rows(stack, "results", body).json()
    preview = answer["preview"]
    assert answer["created"] == len(rows) and len(preview["added"]) == 200 and preview["truncated"] is True
    assert [r["row"] for r in preview["added"][:3]] == [1, 2, 3]
