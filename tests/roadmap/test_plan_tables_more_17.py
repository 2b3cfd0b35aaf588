"""Plan tables, round 17: a responsible column headed «Ответственные (соисполнители)» whose cells name the
co-executors in brackets after the responsible («Иванова И.И. (Петров П.П., Сидорова А.А.)»): the responsible stays,
the people in brackets are the co-executors (never «(по согласованию)», a post after a name, the one person holding a
role, a unit of a body); co-executors labelled in the cell («Соисполнители: …», as Opora prints them); commas inside
brackets and quotes cut no cell; names run together («Бабкина Н.А. Зырянова М.А.») are cut apart. One person with two
posts («Иванова И.И., зам. директора по УВР, руководитель ШМО») is one party, a post after «;» another party. Numbers
typed «п. 1.2.», «пункт 3» (in the «№» cell, one without a header, or the title) are the numbers 1.2 and 3, never dates
nor unusual numbers; «2.1.30» Excel made 02.01.1930 is read back. A numbered heading over bulleted rows is their
section."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from services.roadmap.plan_import import ImportedPlan, read_pasted, read_plan
from services.roadmap.plan_import.people import (
    bracketed_co_executors,
    co_executors,
    labelled_co_executors,
    split_people,
)
from tests.conftest import Stack
from tests.roadmap import plan_files as pf
from tests.roadmap.plan_files import Merged, Table, activities, sections
from tests.roadmap.test_plan_tables_more_15 import _import, _paste, _shown

BRACKETED = ["№", "Мероприятие", "Сроки", "Ответственные (соисполнители)", "Ожидаемый результат"]
ROWS = [
    ["1.", "Анализ результатов ВПР", "сентябрь 2024", "Иванова И.И. (Петров П.П., Сидорова А.А.)", "Справка"],
    ["2.", "Педагогический совет", "октябрь 2024", "Директор\n(руководители ШМО, классные руководители)", "Протокол"],
    ["3.", "Семинар для учителей", "ноябрь 2024", "Иванова И.И. (зам. директора по УВР)", "Сертификаты"],
    ["4.", "Совещание с ММО", "декабрь 2024", "Директор (по согласованию)", "Протокол"],
]  # fmt: skip
RESPONSIBLE = ["Иванова И.И.", "Директор", "Иванова И.И. (зам. директора по УВР)", "Директор (по согласованию)"]
CO = [["Петров П.П.", "Сидорова А.А."], ["руководители ШМО", "классные руководители"], [], []]


def _content(fmt: str, table: list[list[str]]) -> bytes:
    rows = [list(r) for r in table]
    if fmt == "xlsx":
        return pf.xlsx_bytes(rows)
    if fmt == "csv":
        return pf.csv_bytes(rows)
    return pf.docx_bytes([Table([list(r) for r in rows])])


def _read(fmt: str, table: list[list[str]]) -> ImportedPlan:
    return read_pasted(pf.tsv(table)) if fmt == "text" else read_plan(_content(fmt, table), f"план.{fmt}")


def _co(activity: dict[str, Any]) -> list[str]:
    return [p["name"] for p in activity["co_executors"]]


def _responsible(activity: dict[str, Any]) -> list[str]:
    return [p["name"] for p in activity["responsible"]]


# -------------------------------------------------------------- «Ответственные (соисполнители)»: brackets


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_co_executors_in_brackets_under_a_responsible_header_naming_them(fmt: str) -> None:
    """Before: the cell stayed the responsible as typed and was cut at its comma into «Иванова И.И. (Петров П.П.» and
    «Сидорова А.А.)»; no co-executors."""
    plan = _read(fmt, [BRACKETED, *ROWS])
    assert [a.responsible for a in activities(plan)] == RESPONSIBLE
    assert [co_executors(a.extra) for a in activities(plan)] == CO
    assert activities(plan)[0].extra == {"Соисполнители": "Петров П.П., Сидорова А.А."}
    assert [split_people(a.responsible) for a in activities(plan)] == [[r] for r in RESPONSIBLE]
    assert plan.columns["Ответственные (соисполнители)"] == "responsible"
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize(
    "header",
    ["Ответственный (соисполнитель)", "Ответственный исполнитель (соисполнители)", "Ответственные, соисполнители",
     "Ответственный / соисполнители", "Ответственные (участники)"],
)  # fmt: skip
def test_other_headers_naming_the_co_executors_beside_the_responsible(header: str) -> None:
    table = [["№", "Мероприятие", "Срок", header], ["1", "Анализ ВПР", "сентябрь", ROWS[0][3]]]
    (activity,) = activities(read_pasted(pf.tsv(table)))
    assert (activity.responsible, co_executors(activity.extra)) == ("Иванова И.И.", CO[0])


@pytest.mark.no_database
@pytest.mark.parametrize("header", ["Ответственный", "Ответственный исполнитель", "Исполнители"])
def test_brackets_under_a_responsible_header_alone_stay_in_the_responsible(header: str) -> None:
    """Without the header naming co-executors the brackets are no co-executors, and their comma cuts nobody."""
    table = [["№", "Мероприятие", "Срок", header], ["1", "Анализ ВПР", "сентябрь", ROWS[0][3]]]
    (activity,) = activities(read_pasted(pf.tsv(table)))
    assert (activity.responsible, activity.extra) == (ROWS[0][3], {})
    assert split_people(activity.responsible) == [ROWS[0][3]]


@pytest.mark.no_database
def test_bracketed_co_executors_join_a_co_executors_column() -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственные (соисполнители)", "Соисполнители"]
    table = [header, ["1", "Анализ ВПР", "сентябрь", "Директор (ШМО)", "Петров П.П."]]
    (activity,) = activities(read_pasted(pf.tsv(table)))
    assert activity.responsible == "Директор"
    assert activity.extra == {"Соисполнители": "Петров П.П.; ШМО"}
    assert co_executors(activity.extra) == ["Петров П.П.", "ШМО"]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("Иванова И.И. (Петров П.П., Сидорова А.А.)", ("Иванова И.И.", "Петров П.П., Сидорова А.А.")),
        ("Зам. директора по УВР (руководители ШМО)", ("Зам. директора по УВР", "руководители ШМО")),
        ("Иванова И.И., зам. директора по УВР (Петров П.П.)", ("Иванова И.И., зам. директора по УВР", "Петров П.П.")),
        ("Иванова И.И. (Петров П.П.);\nДиректор (ШМО)", ("Иванова И.И.;\nДиректор", "Петров П.П.; ШМО")),
        ("Директор (Петров П.П., Сидорова А.А.)", ("Директор", "Петров П.П., Сидорова А.А.")),
        ("Директор (по согласованию)", None),
        ("Иванова И.И. (зам. директора по УВР)", None),
        ("Директор (Петров П.П.)", None),
        ("МБУ «ГЦОКО» (С.Е. Исмагилова)", None),
        ("Зам. директора по УВР (Иванова И.И., руководитель ШМО)", None),
        ("Управление образования (отдел общего образования)", None),
        ("МКУ «ЦРО» (ИМЦ)", None),
        ("МКУ «ЦРО» (ШМО, РМО)", ("МКУ «ЦРО»", "ШМО, РМО")),
        ("Иванова И.И. (заместитель директора)", None),
        ("(Петров П.П., Сидорова А.А.)", None),
        ("Иванова И.И.", None),
    ],
)  # fmt: skip
def test_what_a_bracket_in_a_responsible_cell_says(cell: str, split: tuple[str, str] | None) -> None:
    """Co-executors: the people after a person, several after a role. Not: a remark, the post of the person before,
    the one person holding the role or heading the body before («Директор (Петров П.П.)», as orders write it), one
    unit of the body before."""
    assert bracketed_co_executors(cell) == split


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Иванова И.И. (Петров П.П., Сидорова А.А.)", ["Иванова И.И. (Петров П.П., Сидорова А.А.)"]),
        ("Директор, завуч (по согласованию), ШМО", ["Директор", "завуч (по согласованию)", "ШМО"]),
        ("Иванова И.И. (зам. директора по УВР), Петров П.П.", ["Иванова И.И. (зам. директора по УВР)", "Петров П.П."]),
        ("Иванова И.И., МБОУ «СОШ № 5, корпус 2»", ["Иванова И.И., МБОУ «СОШ № 5, корпус 2»"]),
        ("Директор (ОО, ДОУ), завуч", ["Директор (ОО, ДОУ)", "завуч"]),
        ("Иванова И.И. (зам. директора по УВР, руководитель ШМО)",
         ["Иванова И.И. (зам. директора по УВР, руководитель ШМО)"]),
        ("Иванова И.И. (Петров П.П.,\nСидорова А.А.)", ["Иванова И.И. (Петров П.П., Сидорова А.А.)"]),
        ("Директор (ШМО; РМО)", ["Директор (ШМО; РМО)"]),
        ("Иванова И.И. (зам. директора;\nПетров П.П.", ["Иванова И.И. (зам. директора", "Петров П.П."]),
    ],
)  # fmt: skip
def test_commas_inside_brackets_and_quotes_cut_no_responsible_cell(cell: str, people: list[str]) -> None:
    """Before: «Иванова И.И. (Петров П.П.», «Сидорова А.А.)»; «Иванова И.И. (зам. директора по УВР», «руководитель
    ШМО)». A bracket left open (a typo) protects nothing."""
    assert split_people(cell) == people


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_bracketed_co_executors_previewed_and_saved(stack: Stack, fmt: str) -> None:
    content = _content(fmt, [BRACKETED, *ROWS])
    shown = _shown(_import(stack, f"план.{fmt}", content, dry_run=True))
    assert [a["responsible_parties"] for a in shown] == [[r] for r in RESPONSIBLE]
    assert [a["co_executor_parties"] for a in shown] == CO
    assert [a["co_executors"] for a in shown] == [", ".join(c) for c in CO]
    created = _import(stack, f"план.{fmt}", content, dry_run=False)
    assert [(_responsible(a), _co(a)) for a in _shown(created)] == [
        ([r], c) for r, c in zip(RESPONSIBLE, CO, strict=True)
    ]
    read = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=stack.auth("municipal_coordinator"))
    assert read.status_code == 200, read.text
    assert [_co(a) for a in _shown(read.json())] == CO
    assert [a["number"] for a in _shown(read.json())] == ["1", "2", "3", "4"]


# -------------------------------------------------------------- one person with two posts


TWO_POSTS = "Иванова И.И., зам. директора по УВР, руководитель ШМО"


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        (TWO_POSTS, [TWO_POSTS]),
        ("Иванова И.И., зам. директора по УВР,\nруководитель ШМО", [TWO_POSTS]),
        ("Иванова И.И. – зам. директора по УВР, руководитель ШМО",
         ["Иванова И.И. – зам. директора по УВР, руководитель ШМО"]),
        ("Иванова И.И., зам. директора по УВР; руководитель ШМО",
         ["Иванова И.И., зам. директора по УВР", "руководитель ШМО"]),
        ("Иванова И.И., зам. директора по УВР, руководители ШМО",
         ["Иванова И.И., зам. директора по УВР", "руководители ШМО"]),
        ("Иванова И.И., зам. директора по УВР, руководитель ШМО; Петров П.П., учитель",
         [TWO_POSTS, "Петров П.П., учитель"]),
    ],
)  # fmt: skip
def test_one_person_with_two_posts_and_a_second_party_after_a_semicolon(cell: str, people: list[str]) -> None:
    """A comma goes on with the person's posts («руководитель ШМО» singular is her second post); «;» ends the
    party (the head of the ШМО is someone else); «руководители ШМО» is a group, a party of its own."""
    assert split_people(cell) == people


def test_two_posts_of_one_person_previewed_and_saved(stack: Stack) -> None:
    header = ["№", "Мероприятие", "Сроки", "Ответственный", "Результат"]
    table = [
        header,
        ["1", "Анализ ВПР", "сентябрь 2024", TWO_POSTS, "Справка"],
        ["2", "Заседание ШМО", "октябрь 2024", "Иванова И.И., зам. директора по УВР; руководитель ШМО", "Протокол"],
    ]
    content = pf.xlsx_bytes([list(r) for r in table])
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    expected = [[TWO_POSTS], ["Иванова И.И., зам. директора по УВР", "руководитель ШМО"]]
    assert [a["responsible_parties"] for a in shown] == expected
    assert [_responsible(a) for a in _shown(_import(stack, "план.xlsx", content, dry_run=False))] == expected


# -------------------------------------------------------------- «п. 1.2.»: a number, no date


NUMBERED = [
    ["№ п/п", "Мероприятие", "Сроки", "Ответственный", "Ожидаемый результат"],
    ["п. 1.", "Организационная работа", "", "", ""],
    ["п. 1.1.", "Приказ о рабочей группе", "до 01.09.2024", "Директор", "Приказ"],
    ["п. 1.2.", "Совещание по итогам ВПР", "сентябрь 2024", "Завуч", "Протокол"],
    ["пункт 2", "Работа с кадрами", "", "", ""],
    ["п.2.1", "Курсы", "в течение года", "Завуч", "Удостоверения"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "text"])
def test_numbers_typed_with_a_point_sign_are_the_numbers(fmt: str) -> None:
    """Before: «п. 1.2» was an activity numbered «п. 1.2» with an `unusual_number` warning, and the title-only rows
    «п. 1.», «пункт 2» activities without sections."""
    plan = _read(fmt, NUMBERED)
    assert sections(plan) == [("1", "Организационная работа", ["1.1", "1.2"]), ("2", "Работа с кадрами", ["2.1"])]
    assert [a.deadline for a in activities(plan)] == ["до 01.09.2024", "сентябрь 2024", "в течение года"]
    assert plan.problems == []


@pytest.mark.no_database
@pytest.mark.parametrize(("cell", "number"), [("п. 1.2.2024", "1.2.2024"), ("П. 3", "3"), ("пп. 4.1", "4.1")])
def test_a_point_number_that_looks_like_a_date_stays_a_number(cell: str, number: str) -> None:
    table = [["№", "Мероприятие", "Срок", "Ответственный"], [cell, "Анализ ВПР", "сентябрь", "Завуч"]]
    (activity,) = activities(read_pasted(pf.tsv(table)))
    assert (activity.number, activity.deadline) == (number, "сентябрь")


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "text"])
def test_a_number_column_without_a_header_holding_point_numbers(fmt: str) -> None:
    """Before: the column «Столбец 1» was an extra value of each activity («п. 1.1.»), the activities unnumbered."""
    table = [["", *NUMBERED[0][1:]], *NUMBERED[1:]]
    plan = _read(fmt, table)
    assert [s[:3] for s in sections(plan)] == [
        ("1", "Организационная работа", ["1.1", "1.2"]),
        ("2", "Работа с кадрами", ["2.1"]),
    ]
    assert all(a.extra == {} for a in activities(plan))


def test_point_numbers_previewed_and_saved(stack: Stack) -> None:
    body = _paste(stack, pf.tsv(NUMBERED))
    assert [(s["number"], s["title"]) for s in body["sections"]] == [
        ("1", "Организационная работа"),
        ("2", "Работа с кадрами"),
    ]
    shown = _shown(body)
    assert [(a["number"], a["deadline"]) for a in shown] == [
        ("1.1", "до 01.09.2024"),
        ("1.2", "сентябрь 2024"),
        ("2.1", "в течение года"),
    ]
    assert [p["code"] for p in body["problems"]] == []
    created = _import(stack, "план.xlsx", _content("xlsx", NUMBERED), dry_run=False)
    assert [(a["number"], a["deadline_text"]) for a in _shown(created)] == [
        ("1.1", "до 01.09.2024"),
        ("1.2", "сентябрь 2024"),
        ("2.1", "в течение года"),
    ]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_bracketed_co_executors_in_sections_merged_across_the_row(fmt: str) -> None:
    table = [
        BRACKETED,
        ["1. Организационная работа", "", "", "", ""],
        ["1.1.", "Приказ о рабочей группе", "сентябрь", "Директор (ШМО, РМО)", "Приказ"],
        ["2. Работа с кадрами", "", "", "", ""],
        ["2.1.", "Курсы", "ноябрь", "Иванова И.И.\n(Петров П.П.)", "Удостоверения"],
    ]
    if fmt == "xlsx":
        content = pf.xlsx_bytes([list(r) for r in table], ["A2:E2", "A4:E4"])
    else:
        content = pf.docx_bytes([Table([table[0], Merged(table[1][0]), table[2], Merged(table[3][0]), table[4]])])
    plan = read_plan(content, f"план.{fmt}")
    assert [s[:3] for s in sections(plan)] == [
        ("1", "Организационная работа", ["1.1"]),
        ("2", "Работа с кадрами", ["2.1"]),
    ]
    assert [(a.responsible, co_executors(a.extra)) for a in activities(plan)] == [
        ("Директор", ["ШМО", "РМО"]),
        ("Иванова И.И.", ["Петров П.П."]),
    ]


@pytest.mark.no_database
def test_bracketed_co_executors_of_a_row_broken_by_a_page_and_repeated_by_a_ditto() -> None:
    """The cell read whole first (its rest on the next page joined), a ditto mark taking the row above's cell."""
    table = [
        BRACKETED,
        ["1", "Приказ", "сентябрь", "Иванова И.И. (Петров П.П.,", ""],
        ["", "", "", "Сидорова А.А.)", "Приказ"],
        ["2", "Совещание", "октябрь", "-//-", "Протокол"],
    ]
    plan = read_plan(pf.docx_bytes([Table([list(r) for r in table])]), "план.docx")
    assert [(a.number, a.responsible, co_executors(a.extra)) for a in activities(plan)] == [
        ("1", "Иванова И.И.", ["Петров П.П.", "Сидорова А.А."]),
        ("2", "Иванова И.И.", ["Петров П.П.", "Сидорова А.А."]),
    ]


# -------------------------------------------------------------- a numbered heading over bulleted activities


BULLETED = [
    ["№", "Мероприятие", "Сроки", "Ответственный", "Результат"],
    ["1.", "Организационная работа", "", "", ""],
    ["", "• Приказ о рабочей группе", "сентябрь", "Директор", "Приказ"],
    ["", "– Совещание при директоре", "октябрь", "Завуч", "Протокол"],
    ["2.", "Работа с кадрами", "", "", ""],
    ["", "Курсы повышения квалификации", "ноябрь", "Завуч", "Удостоверения"],
]


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "text"])
def test_a_numbered_heading_over_bulleted_activities_is_their_section(fmt: str) -> None:
    """Before: «1. Организационная работа» was read as a list announced over its bulleted items: the heading was
    dropped and «Приказ», «Совещание» became activities 1.1 and 1.2 of no section (while «2. Работа с кадрами» over
    an unbulleted row was a section)."""
    plan = _read(fmt, BULLETED)
    assert sections(plan) == [
        ("1", "Организационная работа", [None, None]),
        ("2", "Работа с кадрами", [None]),
    ]
    assert [a.title for a in activities(plan)] == [
        "Приказ о рабочей группе",
        "Совещание при директоре",
        "Курсы повышения квалификации",
    ]
    assert plan.problems == []


@pytest.mark.no_database
def test_a_numbered_row_announcing_a_list_with_a_colon_keeps_its_items() -> None:
    table = [BULLETED[0], ["1.", "Семинары:", "", "", ""], *BULLETED[2:4]]
    plan = read_plan(pf.docx_bytes([Table([list(r) for r in table])]), "план.docx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1.1", "Приказ о рабочей группе"),
        ("1.2", "Совещание при директоре"),
    ]


# -------------------------------------------------------------- numbers Excel turned into dates of the last century


@pytest.mark.no_database
def test_numbers_of_a_third_level_past_29_russian_excel_turned_into_dates() -> None:
    """Typed «2.1.29» is 02.01.2029, but «2.1.30» 02.01.1930 (Excel reads a year typed 30–99 as 19xx). Before: the
    activity was numbered «02.01.1930» with an `unusual_number` warning."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["№", "Мероприятие", "Сроки", "Ответственный"])
    sheet.append(["2.1.", "Работа с кадрами"])
    sheet.merge_cells("B2:D2")
    for row, (typed, title) in enumerate([(datetime(2029, 1, 2), "Курсы"), (datetime(1930, 1, 2), "Семинар")], 3):
        sheet.append([typed, title, "ноябрь", "Завуч"])
        sheet.cell(row, 1).number_format = "dd.mm.yyyy"
    out = io.BytesIO()
    book.save(out)
    plan = read_plan(out.getvalue(), "план.xlsx")
    assert [a.number for a in activities(plan)] == ["2.1.29", "2.1.30"]
    assert [p.code for p in plan.problems] == []


# -------------------------------------------------------------- names run together, a group before a name


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Бабкина Н.А. Зырянова М.А. Вагин И.В.", ["Бабкина Н.А.", "Зырянова М.А.", "Вагин И.В."]),
        ("Бабкина Н.А. Члены КС", ["Бабкина Н.А.", "Члены КС"]),
        ("И.И. Иванова П.П. Петров", ["И.И. Иванова", "П.П. Петров"]),
        ("Иванова Ирина Ивановна Петров Пётр Петрович", ["Иванова Ирина Ивановна", "Петров Пётр Петрович"]),
        ("Иванова И.И. зам. директора по УВР", ["Иванова И.И. зам. директора по УВР"]),
        ("Иванова И.И. Заместитель директора", ["Иванова И.И. Заместитель директора"]),
        ("Зам. директора по УВР Иванова И.И.", ["Зам. директора по УВР Иванова И.И."]),
        ("Иванова И.И. зам. директора Петров П.П.", ["Иванова И.И. зам. директора Петров П.П."]),
    ],
)  # fmt: skip
def test_names_of_a_word_cell_run_together(cell: str, people: list[str]) -> None:
    """Seed 001 («Бабкина Н.А. Зырянова М.А. Вагин И.В.», «Бабкина Н.А. Члены КС»: a cell's lines run together, as
    Excel or a text copy keeps them). Before: one party. A post beside a name stays with it."""
    assert split_people(cell) == people


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("руководители ШМО, Петров П.П.", ["руководители ШМО", "Петров П.П."]),
        ("Учителя-предметники, Иванова И.И.", ["Учителя-предметники", "Иванова И.И."]),
        ("Зам. директора по УВР, Иванова И.И.", ["Зам. директора по УВР, Иванова И.И."]),
    ],
)
def test_a_group_before_a_name_is_nobodys_post(cell: str, people: list[str]) -> None:
    """Before: «руководители ШМО, Петров П.П.» was one party (the group read as Petrov's post)."""
    assert split_people(cell) == people


def test_names_run_together_previewed_and_saved(stack: Stack) -> None:
    table = [
        ["№", "Мероприятия", "Итоговый документ", "Сроки", "Ответственный"],
        ["6", "Методический десант в МБОУ Потаповская СОШ № 8", "Оргпроект", "Сентябрь – октябрь 2022 г.",
         "Бабкина Н.А. Зырянова М.А. Вагин И.В."],
        ["9", "Заседание Координационного совета", "Решение КС", "В течение года", "Бабкина Н.А. Члены КС"],
    ]  # fmt: skip
    content = pf.xlsx_bytes([list(r) for r in table])
    expected = [["Бабкина Н.А.", "Зырянова М.А.", "Вагин И.В."], ["Бабкина Н.А.", "Члены КС"]]
    assert [a["responsible_parties"] for a in _shown(_import(stack, "план.xlsx", content, dry_run=True))] == expected
    assert [_responsible(a) for a in _shown(_import(stack, "план.xlsx", content, dry_run=False))] == expected


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["text", "docx", "xlsx"])
def test_point_numbers_written_in_the_title_cell(fmt: str) -> None:
    """The «№» cells left empty, the numbers typed in the titles. Before: «п. 1. Организационная работа» (in lower
    case) was read as the header's words going on («Мероприятие п. 1. Организационная работа») and the activities kept
    «п. 1.1. Приказ …» as their titles, unnumbered."""
    table = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["", "п. 1. Организационная работа", "", ""],
        ["", "п. 1.1. Приказ о рабочей группе", "сентябрь", "Директор"],
        ["", "п.1.2 Совещание при директоре", "октябрь", "Завуч"],
    ]
    plan = _read(fmt, table)
    assert list(plan.columns) == table[0]
    assert sections(plan) == [("1", "Организационная работа", ["1.1", "1.2"])]
    assert [a.title for a in activities(plan)] == ["Приказ о рабочей группе", "Совещание при директоре"]
    assert plan.problems == []


# -------------------------------------------------------------- co-executors labelled inside the responsible cell


@pytest.mark.no_database
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "text"])
def test_co_executors_labelled_in_the_responsible_cell(fmt: str) -> None:
    """Before: «Соисполнители: Петров П.П.» was one more responsible party (and «Сидорова А.А.» another)."""
    table = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1", "Анализ ВПР", "сентябрь", "Иванова И.И.\nСоисполнители: Петров П.П., Сидорова А.А."],
        ["2", "Педсовет", "октябрь", "Ответственный: Директор; участники: ШМО, РМО"],
        ["3", "Семинар", "ноябрь", "Иванова И.И. – участник проекта «500+»"],
    ]
    plan = _read(fmt, table)
    assert [(a.responsible, co_executors(a.extra)) for a in activities(plan)] == [
        ("Иванова И.И.", ["Петров П.П.", "Сидорова А.А."]),
        ("Директор", ["ШМО", "РМО"]),
        ("Иванова И.И. – участник проекта «500+»", []),
    ]


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("Иванова И.И., со-исполнитель – Петров П.П.", ("Иванова И.И.", "Петров П.П.")),
        ("Директор, участники: педагоги", ("Директор", "педагоги")),
        ("Директор. Участники: ШМО, РМО", ("Директор", "ШМО, РМО")),
        ("Иванова И.И.\nсоисполнители – ШМО", ("Иванова И.И.", "ШМО")),
        ("Соисполнители: ШМО", ("", "ШМО")),
        ("Руководители ОУ (участники проекта «500+»)", None),
    ],
)
def test_what_a_co_executors_label_in_a_responsible_cell_says(cell: str, split: tuple[str, str] | None) -> None:
    assert labelled_co_executors(cell) == split


def test_a_plan_printed_by_opora_gives_back_its_co_executors(stack: Stack) -> None:
    """Opora prints the co-executors in the «Ответственный» column after «; соисполнители:» (`responsible_text`).
    Before: read back, they were one more responsible party («соисполнители: руководители ШМО») and no co-executor."""
    table = [
        ["№", "Мероприятие", "Ответственный", "Срок", "Ожидаемый результат"],
        ["1.1", "Диагностика дефицитов", "Петрова А.А.; соисполнители: руководители ШМО", "сентябрь 2024", "Справка"],
        ["1.2", "Мониторинг посещаемости", "соисполнители: МБУ ГЦОКО", "ежемесячно", "Справка"],
        ["1.3", "Совещание", "Бабкина Н.А., Руководители ОУ; соисполнители: Петров П.П.", "октябрь 2024", "Протокол"],
    ]
    content = pf.xlsx_bytes([list(r) for r in table])
    shown = _shown(_import(stack, "план.xlsx", content, dry_run=True))
    expected = [
        (["Петрова А.А."], ["руководители ШМО"]),
        ([], ["МБУ ГЦОКО"]),
        (["Бабкина Н.А.", "Руководители ОУ"], ["Петров П.П."]),
    ]
    assert [(a["responsible_parties"], a["co_executor_parties"]) for a in shown] == expected
    created = _import(stack, "план.xlsx", content, dry_run=False)
    assert [(_responsible(a), _co(a)) for a in _shown(created)] == expected
