"""Large CSV files take pandas' C reader for their data rows: the table it gives equals the row-by-row reader's for
the exports real centres send (cp1251, UTF-8 with BOM, `;` `,` and tab separators, title rows above the header, a
two-row header, blank and total rows, neutralised formulas), and a large cp1251 upload imports through HTTP."""

from __future__ import annotations

import codecs

import pytest

from services.identification.imports import parsing
from services.identification.imports.kinds import KINDS
from tests.conftest import Stack
from tests.identification.import_support import all_schools, csv_bytes, upload

RESULTS = KINDS["results"]
HEADER = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Кол-во участников", "Средний балл", "Примечание"]


def _data(rows: int) -> list[list[str]]:
    found = []
    for index in range(rows):
        note = "'=СУММ(A1:A2)" if index % 7 == 0 else f"примечание {index}; «кавычки»"
        found.append(
            [f" 99010{index % 60:02d} ", "2023/2024", "ВПР", str(4 + index % 5), "Русский язык", "25", "12,5", note]
        )
        if index % 50 == 0:
            found.append([])  # a blank line
    return [*found, ["Итого:", "", "", "", "", "1000"]]


CASES = {
    "cp1251, semicolons, title rows": (["Результаты ВПР"], ["Муниципалитет: все"], [], HEADER),
    "utf-8 with BOM, commas": ([], HEADER),
    "tabs, two-row header": (
        ["Отчёт"],
        ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Отметки", "", ""],
    ),
}


def _content(case: str, rows: int) -> bytes:
    tops = list(CASES[case])
    if case.startswith("tabs"):
        lower = ["", "", "", "", "", "«2»", "«3»", "«4»"]
        table = [*tops, lower, *([r[0], r[1], r[2], r[3], r[4], "1", "2", "3"] for r in _data(rows) if r)]
        return csv_bytes(table, separator="\t")
    if case.startswith("cp1251"):
        return csv_bytes([*tops, *_data(rows)], separator=";", encoding="cp1251")
    return codecs.BOM_UTF8 + csv_bytes([*tops[1:], *_data(rows)], separator=",")


@pytest.mark.parametrize("case", list(CASES))
def test_a_large_file_reads_as_the_row_by_row_reader_reads_it(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    content = _content(case, 12_000)
    assert len(content) > parsing.FAST_CSV_BYTES
    fast = parsing.read_table(content, "r.csv", RESULTS)
    monkeypatch.setattr(parsing, "FAST_CSV_BYTES", len(content) + 1)
    slow = parsing.read_table(content, "r.csv", RESULTS)
    assert (fast.headers, fast.header_row, fast.subheaders) == (slow.headers, slow.header_row, slow.subheaders)
    assert fast.row_numbers == slow.row_numbers and len(fast.row_numbers) >= 12_000
    assert fast.cells.shape == slow.cells.shape
    assert fast.cells.astype(object).where(fast.cells.notna(), None).values.tolist() == slow.cells.values.tolist()


def test_a_large_cp1251_export_with_a_title_row_imports(stack: Stack) -> None:
    codes = [s["school_code"] for s in all_schools(stack)]
    header = ["Код ОО", "Учебный год", "Процедура", "Класс", "Предмет", "Кол-во участников", "Ср. балл", "Примечание"]
    note = "длинное примечание " * 120
    rows = [
        [code, "2047/2048", "ВПР", grade, "Математика", "20", "11,5", note] for code in codes for grade in range(4, 9)
    ]
    content = csv_bytes([["Результаты ВПР 2047/2048"], [], header, *rows], encoding="cp1251")
    assert len(content) > parsing.FAST_CSV_BYTES
    answer = upload(stack, "results", "впр.csv", content, dry_run=True)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["header_row"] == 3 and report["created"] == len(rows) and report["errors"] == []
    assert report["sample"][0]["mean_score"] == 11.5 and report["sample"][0]["school_year"] == "2047-2048"
    assert report["preview"]["added"][0]["row"] == 4
