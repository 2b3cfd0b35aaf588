"""Plan tables of a seventeenth pass: co-executors. A «Соисполнители», «Исполнители» (beside «Ответственный»),
«Участники» column is split into people like the responsible one, previewed and saved as the activity's co-executors
(learners and parents a «Участники» column names are none); «Исполнители» spanning «ответственный | соисполнители» in a
two-row header keeps the co-executors apart from the responsible. Responsible cells as methodists type them: roles with
a tail («заместители директора по УВР, ВР»), bodies («Образовательные организации, МКУ …»), people parted by «/», names
written «Имя Отчество Фамилия», a group after a person with a post. A totals row numbered by Excel's fill is no
activity."""

from __future__ import annotations

from typing import Any

import pytest

from services.roadmap.plan_import import read_pasted, read_plan
from services.roadmap.plan_import.people import co_executors, split_people
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Table, activities, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _shown

IVANOVA = "Иванова И.И., зам. директора по УВР"
H = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Соисполнители", "Ожидаемый результат"]
ROWS = [
    ["1", "Анализ ВПР", "сентябрь 2024", IVANOVA, "Петров П.П., Сидорова А.А.", "Справка"],
    ["2", "Педсовет", "октябрь 2024", "Директор", "руководители ШМО, учителя-предметники", "Протокол"],
    ["3", "Семинар", "ноябрь 2024", "Завуч", "", "Сертификаты"],
]  # fmt: skip
PARTIES = [["Петров П.П.", "Сидорова А.А."], ["руководители ШМО", "учителя-предметники"], []]


def _content(fmt: str, table: list[list[str]]) -> bytes:
    rows = [list(r) for r in table]
    return pf.xlsx_bytes(rows) if fmt == "xlsx" else pf.docx_bytes([Table(list(rows))])


def _co(activity: dict[str, Any]) -> list[str]:
    return [p["name"] for p in activity["co_executors"]]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_co_executors_are_split_previewed_and_saved(stack: Stack, fmt: str) -> None:
    """Before: «Соисполнители» stayed an extra value only; the saved activity had no co-executors."""
    content = _content(fmt, [H, *ROWS])
    shown = _shown(_import(stack, f"план.{fmt}", content, dry_run=True))
    assert [a["co_executors"] for a in shown] == [r[4] for r in ROWS]
    assert [a["co_executor_parties"] for a in shown] == PARTIES
    assert [a["responsible_parties"] for a in shown] == [[IVANOVA], ["Директор"], ["Завуч"]]
    created = _import(stack, f"план.{fmt}", content, dry_run=False)
    assert [_co(a) for a in _shown(created)] == PARTIES
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [_co(a) for a in _shown(read.json())] == PARTIES


def test_participants_are_co_executors_but_learners_are_not(stack: Stack) -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Участники", "Категория участников", "Результат"]
    row = ["1", "Пробный ОГЭ", "март 2025", "Завуч", "ММО, ОО; обучающиеся 9-х классов", "9 классы", "Справка"]
    content = pf.xlsx_bytes([header, row])
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    assert shown[0]["co_executor_parties"] == ["ММО", "ОО"]
    assert shown[0]["extra"] == {"Участники": "ММО, ОО; обучающиеся 9-х классов", "Категория участников": "9 классы"}
    assert _co(_shown(_import(stack, "план.xlsx", content, dry_run=False))[0]) == ["ММО", "ОО"]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("extra", "people"),
    [
        ({"Исполнители": "Петров П.П./Сидорова А.А."}, ["Петров П.П.", "Сидорова А.А."]),
        ({"Соисполнители, участники": "ШМО", "Социальные партнеры": "ДДТ; ШМО"}, ["ШМО", "ДДТ"]),
        ({"Количество участников": "25", "Ответственный за контроль": "Директор", "Ресурсы": "кадровые"}, []),
    ],
)
def test_co_executor_columns_by_header(extra: dict[str, str], people: list[str]) -> None:
    assert co_executors(extra) == people


TWO_ROW_HEADER = [
    ["№ п/п", "Мероприятие", "Сроки", "Исполнители", "", "Ожидаемый результат"],
    ["", "", "", "ответственный", "соисполнители", ""],
    ["1", "Анализ ВПР", "сентябрь 2024", "Иванова И.И.", "Петров П.П., ШМО", "Справка"],
    ["2", "Педсовет", "октябрь 2024", "Директор", "", "Протокол"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx"])
def test_executors_spanning_responsible_and_co_executors_keep_them_apart(fmt: str) -> None:
    """Before: «Исполнители» over «ответственный | соисполнители» joined both parts into the responsible,
    «Иванова И.И., Петров П.П., ШМО»."""
    if fmt == "xlsx":
        content = pf.xlsx_bytes([list(r) for r in TWO_ROW_HEADER], ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"])
    elif fmt == "csv":
        content = pf.csv_bytes([list(r) for r in TWO_ROW_HEADER])
    else:
        content = pf.docx_bytes([Table([list(r) for r in TWO_ROW_HEADER], vmerge=[(0, 0, 1), (1, 0, 1), (5, 0, 1)])])
    plan = read_plan(content, f"план.{fmt}")
    assert [(a.number, a.responsible) for a in activities(plan)] == [("1", "Иванова И.И."), ("2", "Директор")]
    assert activities(plan)[0].extra == {"Исполнители (соисполнители)": "Петров П.П., ШМО"}
    assert co_executors(activities(plan)[0].extra) == ["Петров П.П.", "ШМО"]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Директор, заместители директора по УВР, ВР", ["Директор", "заместители директора по УВР, ВР"]),
        ("Образовательные организации, МКУ «Отдел образования»",
         ["Образовательные организации", "МКУ «Отдел образования»"]),
        ("Зам. директора по УВР / руководители ШМО", ["Зам. директора по УВР", "руководители ШМО"]),
        ("Иванова И.И./Петров П.П.", ["Иванова И.И.", "Петров П.П."]),
        ("руководители ШМО/ММО", ["руководители ШМО/ММО"]),
        ("Зам. директора по УВР/ВР", ["Зам. директора по УВР/ВР"]),
        ("Наталья Анатольевна Пожарницкая, директор МКУ «ЦРО»;\nПопова Наталья Сергеевна, заместитель директора",
         ["Наталья Анатольевна Пожарницкая, директор МКУ «ЦРО»", "Попова Наталья Сергеевна, заместитель директора"]),
        ("Зам. директора по УВР Иванова И.И.,\nруководители ШМО",
         ["Зам. директора по УВР Иванова И.И.", "руководители ШМО"]),
        ("Иванова И.И., зам. директора по УВР, руководитель ШМО",
         ["Иванова И.И., зам. директора по УВР, руководитель ШМО"]),
        ("Директор, ЗДУВР, ЗДВР", ["Директор", "ЗДУВР", "ЗДВР"]),
        ("ММО, ОО", ["ММО", "ОО"]),
        ("Петров П.П., ШМО", ["Петров П.П.", "ШМО"]),
        ("Иванова И.И., руководители ШМО", ["Иванова И.И.", "руководители ШМО"]),
        ("Иванова И.И., МБОУ «СОШ № 5»", ["Иванова И.И., МБОУ «СОШ № 5»"]),
        ("Учителя русского языка, математики", ["Учителя русского языка, математики"]),
    ],
)  # fmt: skip
def test_responsible_cells_as_methodists_type_them(cell: str, people: list[str]) -> None:
    assert split_people(cell) == people


def test_people_of_a_responsible_cell_seen_in_the_preview(stack: Stack) -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Результат"]
    table = [
        header,
        ["1", "Совещание", "сентябрь", "Директор, заместители директора по УВР, ВР", "Протокол"],
        ["2", "Мониторинг", "октябрь", "Образовательные организации, МКУ «Отдел образования»", "Справка"],
    ]
    shown = _shown(_import(stack, "план.xlsx", pf.xlsx_bytes(table), dry_run=True))
    assert [a["responsible_parties"] for a in shown] == [
        ["Директор", "заместители директора по УВР, ВР"],
        ["Образовательные организации", "МКУ «Отдел образования»"],
    ]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "text"])
def test_a_totals_row_numbered_by_excel_is_no_activity(fmt: str) -> None:
    """Before: «1.2. | Итого по разделу 1 | | | 1» was activity 1.2 (with the section's period merged over it)."""
    table = [
        ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"],
        ["1.", "Организационная работа", "в течение года", "в течение года", "в течение года"],
        ["1.1.", "Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
        ["1.2.", "Итого по разделу 1", "", "", "1"],
        ["2.", "Работа с кадрами", "", "", ""],
        ["2.1.", "Курсы", "октябрь", "Завуч", "Удостоверения"],
    ]
    if fmt == "xlsx":
        plan = read_plan(pf.xlsx_bytes([list(r) for r in table], ["C2:E2"]), "план.xlsx")
    else:
        plan = read_pasted(pf.tsv(table))
    assert [(s[0], s[2]) for s in sections(plan)] == [("1", ["1.1"]), ("2", ["2.1"])]
    assert [(p.code, p.row) for p in plan.problems] == [("total_row", 4)]


@pytest.mark.no_database
def test_a_numbered_activity_about_totals_stays() -> None:
    """«Итоговое собеседование» and a numbered «Итого» row with its own deadline are activities."""
    table = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Результат"],
        ["1", "Итоговое собеседование", "февраль", "Завуч", "Протокол"],
        ["2", "Итого", "май", "Директор", "Отчёт"],
    ]
    plan = read_pasted(pf.tsv(table))
    assert [a.title for a in activities(plan)] == ["Итоговое собеседование", "Итого"]
