"""Imports through the gateway: messy real-world files, row errors, all-or-nothing, idempotence, permissions."""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from services.identification.demo.generator import COLUMNS
from services.identification.imports import parsing
from services.identification.imports.kinds import KINDS
from tests.conftest import Stack
from tests.identification.import_support import (
    API,
    all_schools,
    batches,
    csv_bytes,
    errors_by_row,
    export_rows,
    outside_school,
    post_rows,
    upload,
    xlsx_bytes,
)

RESULTS_RU = [
    "Код ОО",
    "Учебный год",
    "Оценочная процедура",
    "Класс",
    "Предмет",
    "Кол-во участников",
    "Не преодолели минимальный порог",
    "Средний балл",
    "Максимальный балл",
    "«2»",
    "«3»",
    "«4»",
    "«5»",
]


def _own(stack: Stack) -> str:
    code: str = stack.territory["school"]["code"]
    return code


def _results(stack: Stack, **params: Any) -> list[dict[str, Any]]:
    return export_rows(stack, "results", **params)


def test_kinds_have_the_generators_columns() -> None:
    assert {name: spec.canonical for name, spec in KINDS.items()} == COLUMNS


def test_kinds_are_documented(stack: Stack) -> None:
    answer = stack.gateway.get(f"{API}/imports/kinds", headers=stack.auth("observer"))
    assert answer.status_code == 200
    kinds = {k["kind"]: k for k in answer.json()}
    assert set(kinds) == set(KINDS)
    participants = next(c for c in kinds["results"]["columns"] if c["name"] == "participants")
    assert participants["label"] == "Количество участников" and "Кол-во участников" in participants["aliases"]
    assert kinds["results"]["school_name_column"]["label"] == "Наименование ОО"


def test_cp1251_semicolons_decimal_commas_and_a_title_row(stack: Stack) -> None:
    school = _own(stack)
    rows = [
        ["Результаты ВПР 2030/2031 учебного года"],
        [],
        RESULTS_RU,
        [school, "2030/2031", "ВПР", "4", "Русский язык", "1 024", "12", "35,5", "38", "12", "300", "500", "212"],
        [school, "2030–31", "впр", "4", "Математика", "50", "5", "12,25", "20", "5", "20", "15", "10"],
    ]
    data = csv_bytes(rows, encoding="cp1251")
    preview = upload(stack, "results", "впр.csv", data, dry_run=True)
    assert preview.status_code == 200, preview.text
    report = preview.json()
    assert report["status"] == "preview" and report["created"] == 2 and report["errors"] == []
    assert report["header_row"] == 3 and [r["row"] for r in report["sample"]] == [4, 5]
    assert report["sample"][0]["participants"] == 1024 and report["sample"][0]["mean_score"] == 35.5
    assert report["sample"][1]["school_year"] == "2030-2031" and report["sample"][1]["subject"] == "mathematics"
    assert {m["column"] for m in report["columns"]} == set(COLUMNS["results"])
    assert _results(stack, school_year="2030-2031") == []  # a dry run writes nothing
    applied = upload(stack, "results", "впр.csv", data)
    assert applied.status_code == 200, applied.text
    assert applied.json()["status"] == "applied" and applied.json()["batch_id"]
    stored = _results(stack, school_year="2030-2031", subject="russian")
    assert stored[0]["mean_score"] == 35.5 and stored[0]["mark5"] == 212 and stored[0]["procedure"] == "ВПР"


def test_utf8_bom_commas_and_percent_shares(stack: Stack) -> None:
    school = _own(stack)
    header = ["Код ОО", "Учебный год", "Количество обучающихся", "Доля детей с неработающими родителями"]
    data = "\ufeff" + "\n".join([",".join(header), f'{school},2031-2032,120,"35,5 %"', f"{school},2032-2033,118,0.25"])
    answer = upload(stack, "social", "social.csv", data.encode("utf-8"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 2
    stored = {r["school_year"]: r for r in export_rows(stack, "social", school_code=school)}
    assert stored["2031-2032"]["unemployed_parents_share"] == pytest.approx(0.355)
    assert stored["2032-2033"]["pupils"] == 118 and stored["2032-2033"]["deviant_behaviour_share"] is None


def _merged_header_sheet(school: str, bad_row: bool = False) -> Any:
    def build(sheet: Worksheet) -> None:
        sheet["A1"] = "Статистика по отметкам ВПР, 2032-2033"
        sheet.merge_cells("A1:J1")
        top = ["Код ОО", "Учебный год", "Процедура", "Параллель", "Предмет", "Количество участников", "Отметки"]
        for column, value in enumerate(top, start=1):
            sheet.cell(row=3, column=column, value=value)
        for column in range(1, 7):
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        sheet.merge_cells("G3:J3")
        for column, mark in enumerate(("2", "3", "4", "5"), start=7):
            sheet.cell(row=4, column=column, value=mark)
        sheet.append([school, "2032-2033", "ВПР", 5, "Математика", 30, 3, 10, 10, 7])
        sheet.append([school, "2032-2033", "ВПР", 6, "Математика", 28, 2, 10, 10, 6])
        sheet.append([])
        sheet.append([school, "2032-2033", "ВПР", 7, "Математика", "много" if bad_row else 20, 1, 9, 6, 4])

    return build


def test_xlsx_with_a_title_and_a_merged_two_row_header(stack: Stack) -> None:
    school = _own(stack)
    bad = upload(stack, "results", "впр.xlsx", xlsx_bytes(_merged_header_sheet(school, bad_row=True), 1))
    assert bad.status_code == 422 and bad.json()["code"] == "import_rejected"
    error = bad.json()["report"]["errors"][0]
    assert (error["row"], error["column"], error["code"]) == (8, "Количество участников", "invalid_number")
    assert bad.json()["fields"][0]["loc"] == ["row", 8, "Количество участников"]
    assert "ожидается целое число" in error["detail"]
    good = upload(stack, "results", "впр.xlsx", xlsx_bytes(_merged_header_sheet(school), 1))
    assert good.status_code == 200, good.text
    report = good.json()
    assert report["created"] == 3 and report["sheet"] == "Данные" and report["header_row"] == 3
    assert {"Отметки 2", "Отметки 5"} <= {c["header"] for c in report["columns"]}
    stored = _results(stack, school_year="2032-2033", grade=5)
    assert (stored[0]["mark2"], stored[0]["mark5"], stored[0]["below_min"]) == (3, 7, None)


def test_school_by_name_with_a_spelling_variant_and_candidates(stack: Stack) -> None:
    school = next(s for s in all_schools(stack) if s["aliases"])
    header = ["Наименование ОО", "Учебный год", "Количество педагогов", "Количество вакансий"]
    misspelt = school["short_name"].replace("СОШ", "СШ", 1) + "x"
    rows = [header, [school["aliases"][0], "2033-2034", "40", "2"], [misspelt, "2033-2034", "41", "1"]]
    answer = upload(stack, "staffing", "кадры.csv", csv_bytes(rows), dry_run=True)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["sample"][0]["school_code"] == school["school_code"]
    error = report["errors"][0]
    assert (error["row"], error["code"], error["column"]) == (3, "unknown_school", "Наименование ОО")
    assert school["school_code"] in {c["code"] for c in error["candidates"]} and len(error["candidates"]) <= 3


def test_every_bad_row_is_reported_and_nothing_is_written(stack: Stack) -> None:
    school = _own(stack)
    rows = [
        RESULTS_RU,
        [school, "2034-2035", "ВПР", "4", "Русский язык", "двадцать", "", "", "", "", "", "", ""],
        [school, "2034-2035", "ВПР", "5", "Русский язык", "-3", "", "", "", "", "", "", ""],
        [school, "2034-2035", "ВПР", "6", "Русский язык", "10", "11", "", "", "", "", "", ""],
        [school, "2034-2035", "ВПР", "7", "Астрология", "10", "1", "", "", "", "", "", ""],
        [school, "2034-2035", "ВПР", "8", "Русский язык", "10", "1", "30", "20", "", "", "", ""],
        [school, "2034-2035", "ВПР", "4", "Математика", "10", "1", "", "", "4", "4", "4", "4"],
        [school, "2034-2035", "ВПР", "4", "Математика", "10", "1", "", "", "", "", "", ""],
        [school, "2034-2035", "ВПР", "5", "Математика", "10", "1", "", "", "", "", "", ""],
        ["0000000", "2034-2035", "ВПР", "5", "Математика", "10", "1", "", "", "", "", "", ""],
        [school, "2034", "ВПР", "5", "Математика", "10", "1", "", "", "", "", "", ""],
    ]
    before = _results(stack, school_year="2034-2035")
    batches_before = batches(stack)["total"]
    answer = upload(stack, "results", "плохой.csv", csv_bytes(rows))
    assert answer.status_code == 422 and answer.json()["code"] == "import_rejected"
    found = errors_by_row(answer.json())
    assert found == {
        2: ["invalid_number"],
        3: ["negative"],
        4: ["exceeds_participants"],
        5: ["unknown_subject"],
        6: ["mean_above_max"],
        7: ["marks_exceed_participants"],
        8: ["duplicate_row"],
        10: ["unknown_school"],
        11: ["invalid_school_year"],
    }
    report = answer.json()["report"]
    assert report["rows_total"] == 10 and report["rows_rejected"] == 9 and report["rows_valid"] == 1
    assert {tuple(f["loc"][:2]) for f in answer.json()["fields"]} == {("row", n) for n in found}
    duplicate = next(e for e in report["errors"] if e["code"] == "duplicate_row")
    assert "строку 7" in duplicate["detail"]
    assert _results(stack, school_year="2034-2035") == before == []
    assert batches(stack)["total"] == batches_before
    kept = upload(stack, "results", "плохой.csv", csv_bytes(rows), keep_valid=True)
    assert kept.status_code == 200, kept.text
    assert kept.json()["status"] == "partial" and kept.json()["created"] == 1
    assert [(r["grade"], r["subject"]) for r in _results(stack, school_year="2034-2035")] == [(5, "mathematics")]
    batch = stack.gateway.get(f"{API}/imports/batches/{kept.json()['batch_id']}", headers=stack.auth("admin")).json()
    assert batch["status"] == "partial" and batch["rows_rejected"] == 9 and len(batch["errors"]) == 9


def test_shares_above_one_and_unknown_risk_factors(stack: Stack) -> None:
    school = _own(stack)
    social = [["Код ОО", "Учебный год", "Доля обучающихся с девиантным поведением"], [school, "2035-2036", "1,5"]]
    answer = upload(stack, "social", "s.csv", csv_bytes(social))
    assert answer.status_code == 422 and errors_by_row(answer.json()) == {2: ["share_out_of_range"]}
    risks = [
        ["Код ОО", "Учебный год", "Фактор риска", "Уровень риска"],
        [school, "2035-2036", "Дефицит педагогических кадров", "высокий"],
        [school, "2035-2036", "99", "низкий"],
        [school, "2035-2036", "3", "ужасный"],
    ]
    answer = upload(stack, "risk_profile", "r.csv", csv_bytes(risks), dry_run=True)
    assert errors_by_row({"report": answer.json()}) == {3: ["unknown_factor"], 4: ["unknown_level"]}
    assert answer.json()["sample"][0]["factor"] == 2 and answer.json()["sample"][0]["level"] == "high"


def test_a_municipal_coordinator_imports_only_its_municipality(stack: Stack) -> None:
    own, other = _own(stack), outside_school(stack)["school_code"]
    rows = [
        ["Код ОО", "Учебный год", "Количество обучающихся", "Участники регионального этапа"],
        [own, "2036-2037", "100", "3"],
        [other, "2036-2037", "100", "3"],
    ]
    answer = upload(stack, "olympiad", "o.csv", csv_bytes(rows), user="municipal_coordinator")
    assert answer.status_code == 422 and errors_by_row(answer.json()) == {3: ["out_of_scope"]}
    kept = upload(stack, "olympiad", "o.csv", csv_bytes(rows), user="municipal_coordinator", keep_valid=True)
    assert kept.status_code == 200 and kept.json()["created"] == 1
    mine = batches(stack, "municipal_coordinator")
    assert mine["total"] == 1 and mine["items"][0]["id"] == kept.json()["batch_id"]
    assert batches(stack, "regional_analyst")["total"] > mine["total"]
    refused = upload(stack, "schools", "s.csv", csv_bytes([["Код ОО"], [own]]), user="municipal_coordinator")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


@pytest.mark.parametrize("user", ["observer", "school_staff", "curator"])
def test_other_roles_may_not_import(stack: Stack, user: str) -> None:
    data = csv_bytes([["Код ОО", "Учебный год", "Количество педагогов"], [_own(stack), "2037-2038", "3"]])
    answer = upload(stack, "staffing", "s.csv", data, user=user)
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    rows = post_rows(stack, "staffing", {"rows": [{"school_code": _own(stack), "school_year": "2037-2038"}]}, user)
    assert rows.status_code == 403


def test_a_forged_token_is_refused(stack: Stack) -> None:
    token = stack.token("regional_analyst")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = stack.gateway.post(
        f"{API}/imports/staffing",
        files={"file": ("s.csv", b"x", "text/csv")},
        headers={"Authorization": f"Bearer {forged}"},
    )
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_token"


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def test_unreadable_empty_and_incomplete_files(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    school = _own(stack)
    unknown = upload(stack, "grades", "a.csv", b"a;b\n1;2\n")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_import_kind"
    assert upload(stack, "results", "a.csv", b"").json()["code"] == "empty_file"
    assert upload(stack, "results", "a.csv", "\ufeff\r\n".encode()).json()["code"] == "empty_file"
    header_only = upload(stack, "results", "a.csv", csv_bytes([RESULTS_RU]))
    assert header_only.status_code == 422 and header_only.json()["code"] == "empty_file"
    png = upload(stack, "results", "a.csv", _png())
    assert png.status_code == 422 and png.json()["code"] == "unreadable_file"
    broken = upload(stack, "results", "a.xlsx", b"PK\x03\x04broken zip")
    assert broken.status_code == 422 and broken.json()["code"] == "unreadable_file"
    not_zip = upload(stack, "results", "a.xlsx", b"just text")
    assert not_zip.status_code == 422 and not_zip.json()["code"] == "unreadable_file"
    no_header = upload(stack, "results", "a.csv", csv_bytes([["Привет", "мир"], ["1", "2"]]))
    assert no_header.status_code == 422 and no_header.json()["code"] == "header_not_found"
    missing = upload(
        stack, "results", "a.csv", csv_bytes([["Код ОО", "Учебный год", "Класс"], [school, "2030-2031", "4"]])
    )
    assert missing.status_code == 422 and missing.json()["code"] == "missing_columns"
    assert "«Процедура»" in missing.json()["detail"] and "«Предмет»" in missing.json()["detail"]
    assert ["columns", "participants"] in [f["loc"] for f in missing.json()["fields"]]
    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 100)
    large = upload(stack, "results", "a.csv", csv_bytes([RESULTS_RU] * 10))
    assert large.status_code == 413 and large.json()["code"] == "file_too_large"


def test_reupload_is_unchanged_and_a_correction_keeps_history(stack: Stack) -> None:
    school = _own(stack)
    header = ["Код ОО", "Учебный год", "Класс", "Предмет", "Понизили", "Подтвердили", "Повысили"]
    first = csv_bytes([header, [school, "2038-2039", "4", "русский", "3", "20", "1"]])
    assert upload(stack, "vpr_objectivity", "v.csv", first).json()["status"] == "applied"
    total = batches(stack)["total"]
    again = upload(stack, "vpr_objectivity", "v.csv", first)
    assert again.status_code == 200 and again.json()["status"] == "unchanged" and again.json()["batch_id"] is None
    assert again.json()["unchanged"] == 1 and batches(stack)["total"] == total
    corrected = csv_bytes([header, [school, "2038-2039", "4", "русский", "5", "18", "1"]])
    answer = upload(stack, "vpr_objectivity", "v2.csv", corrected)
    assert answer.json()["status"] == "applied" and answer.json()["updated"] == 1
    history = stack.gateway.get(
        f"{API}/imports/history",
        params={"school_code": school, "kind": "vpr_objectivity"},
        headers=stack.auth("municipal_coordinator"),
    )
    assert history.status_code == 200, history.text
    revision = history.json()["items"][0]
    assert revision["before"] == {"lowered": 3, "confirmed": 20} and revision["after"] == {
        "lowered": 5,
        "confirmed": 18,
    }
    assert revision["key"] == "2038-2039|4|russian" and revision["file_name"] == "v2.csv"
    outside = stack.gateway.get(
        f"{API}/imports/history",
        params={"school_code": outside_school(stack)["school_code"]},
        headers=stack.auth("municipal_coordinator"),
    )
    assert outside.status_code == 403


def test_json_rows_for_data_centres(stack: Stack) -> None:
    school = _own(stack)
    body = {
        "rows": [
            {"school_code": school, "school_year": "2039-2040", "teachers": 30, "teachers_over_60_share": 0.2},
            {"school_code": school, "school_year": "2040-2041", "teachers": "тридцать"},
        ],
        "source": "Выгрузка РЦОКО",
    }
    rejected = post_rows(stack, "staffing", body)
    assert rejected.status_code == 422 and errors_by_row(rejected.json()) == {2: ["invalid_number"]}
    kept = post_rows(stack, "staffing", {**body, "keep_valid": True})
    assert kept.status_code == 200 and kept.json()["status"] == "partial" and kept.json()["file_format"] == "json"
    stored = export_rows(stack, "staffing", school_code=school, school_year="2039-2040")
    assert stored[0]["teachers"] == 30 and stored[0]["teachers_over_60_share"] == 0.2
    assert post_rows(stack, "staffing", {"rows": []}).json()["code"] == "empty_file"
    assert post_rows(stack, "nothing", body).status_code == 404


def test_registry_kinds_upsert_by_code(stack: Stack) -> None:
    municipality = stack.territory["municipality"]["code"]
    header = ["Код ОО", "Код муниципалитета", "Полное наименование", "Краткое наименование", "Варианты названия"]
    rows = [
        header,
        [
            "9999001",
            municipality,
            "Муниципальное бюджетное общеобразовательное учреждение «Новая школа»",
            "Новая школа",
            "Новая шк.|Школа новая",
        ],
        ["9999002", "99-77", "Другая", "Другая", ""],
    ]
    answer = upload(stack, "schools", "schools.xlsx", _xlsx_rows(rows), user="admin")
    assert answer.status_code == 422 and errors_by_row(answer.json()) == {3: ["unknown_municipality"]}
    answer = upload(stack, "schools", "schools.xlsx", _xlsx_rows(rows[:2]), user="admin")
    assert answer.status_code == 200 and answer.json()["created"] == 1
    found = stack.gateway.get(f"{API}/schools/9999001", headers=stack.auth("admin")).json()
    assert found["aliases"] == ["Новая шк.", "Школа новая"] and found["municipality_code"] == municipality
    more = [header, [*rows[1][:4], "Новая шк.|Новейшая школа"]]
    answer = upload(stack, "schools", "schools.csv", csv_bytes(more), user="admin")
    assert answer.json()["updated"] == 1
    assert (
        "Новейшая школа" in stack.gateway.get(f"{API}/schools/9999001", headers=stack.auth("admin")).json()["aliases"]
    )


def _xlsx_rows(rows: list[list[Any]]) -> bytes:
    def build(sheet: Worksheet) -> None:
        for row in rows:
            sheet.append(row)

    return xlsx_bytes(build)


def test_core_function_reads_a_frame() -> None:
    table = parsing.read_table(csv_bytes([RESULTS_RU, ["1", "2023-2024"]]), "x.csv", KINDS["results"])
    assert table.header_row == 1 and table.row_numbers == [2] and table.file_format == "csv"


def test_a_confirmation_whose_preview_another_import_outdated_writes_nothing(stack: Stack) -> None:
    """Check a file, another import of the same kind lands, then confirm: the confirmation would write over
    values its preview never showed, so it writes nothing (412) until the file is checked again. Without the
    token (a data centre's script) an import writes as before."""
    school = _own(stack)
    row = [school, "2040-2041", "ВПР", "4", "Русский язык", "20", "2", "30", "38", "2", "8", "6", "4"]
    mine = csv_bytes([RESULTS_RU, row])
    token = upload(stack, "results", "мой.csv", mine, dry_run=True).json()["preview_token"]
    assert token
    meanwhile = upload(stack, "results", "коллеги.csv", csv_bytes([RESULTS_RU, [*row[:5], "25", *row[6:]]]))
    assert meanwhile.status_code == 200 and meanwhile.json()["status"] == "applied", meanwhile.text

    def confirm(preview_token: str) -> Any:
        return stack.gateway.post(
            f"{API}/imports/results",
            files={"file": ("мой.csv", mine, "text/csv")},
            data={"preview_token": preview_token},
            headers=stack.auth("regional_analyst"),
        )

    stale = confirm(token)
    assert stale.status_code == 412 and stale.json()["code"] == "preview_outdated", stale.text
    assert "проверьте файл ещё раз" in stale.json()["detail"]
    assert [r["participants"] for r in _results(stack, school_year="2040-2041")] == [25]  # nothing written
    checked_again = upload(stack, "results", "мой.csv", mine, dry_run=True).json()
    assert checked_again["updated"] == 1 and checked_again["preview_token"] != token
    applied = confirm(checked_again["preview_token"])
    assert applied.status_code == 200 and applied.json()["status"] == "applied", applied.text
    assert [r["participants"] for r in _results(stack, school_year="2040-2041")] == [20]

    rows = [{"school_code": school, "school_year": "2040-2041", "procedure": "ВПР", "grade": 4,
             "subject": "russian", "participants": 21}]  # fmt: skip
    json_token = post_rows(stack, "results", {"rows": rows, "dry_run": True}).json()["preview_token"]
    assert (
        upload(stack, "results", "коллеги.csv", csv_bytes([RESULTS_RU, [*row[:5], "22", *row[6:]]])).status_code == 200
    )
    stale_rows = post_rows(stack, "results", {"rows": rows, "preview_token": json_token})
    assert (stale_rows.status_code, stale_rows.json()["code"]) == (412, "preview_outdated"), stale_rows.text
    assert [r["participants"] for r in _results(stack, school_year="2040-2041")] == [22]
    without_token = post_rows(stack, "results", {"rows": rows})
    assert without_token.status_code == 200 and without_token.json()["status"] == "applied", without_token.text
    assert [r["participants"] for r in _results(stack, school_year="2040-2041")] == [21]
